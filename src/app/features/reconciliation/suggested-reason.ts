import type { Transaction } from '../../../contract/ledger';
import type { ExplanationReason } from '../../../contract/reconciliation-explanations';

const BY_CATEGORY: Readonly<Record<string, ExplanationReason>> = {
  salary: 'salary',
  employer_tax: 'tax',
  vat: 'tax',
  tax: 'tax',
  bank_fee: 'bank_fee',
  card_fee: 'bank_fee',
  interest: 'interest',
  loan_interest: 'interest',
};

/** Bank files carry no category: the counterparty's name often says the same. */
const BY_COUNTERPARTY: readonly [RegExp, ExplanationReason][] = [
  [/skatteverket/i, 'tax'],
  [/\blön(er)?\b|salar/i, 'salary'],
  [/ränta|interest/i, 'interest'],
  [/avgift|\bfees?\b/i, 'bank_fee'],
];

/** The reason a person most likely gives for `transaction`; `other` (which asks for a note) when nothing says. */
export function suggestedReason(
  transaction: Pick<Transaction, 'category' | 'counterparty_name'>,
): ExplanationReason {
  const byCategory = transaction.category === null ? undefined : BY_CATEGORY[transaction.category];
  if (byCategory) return byCategory;
  const name = transaction.counterparty_name ?? '';
  return BY_COUNTERPARTY.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}
