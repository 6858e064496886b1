import { parseSwedishAccount } from '../../../banking/bank-account';
import { addBankDays, bankDayOnOrAfter } from '../../../banking/bank-days';
import { parseBankgiro } from '../../../banking/bankgiro';
import { bicForSwedishBankCode, knownBankForBic, parseBic } from '../../../banking/bic';
import type { Currency } from '../../../banking/currency';
import type { IsoDate } from '../../../banking/dates';
import { ibanCountry, parseIban } from '../../../banking/iban';
import { parseAmount } from '../../../banking/money';
import { normaliseAmount } from '../../lib/typed-amount';
import { parseOcr } from '../../../banking/ocr';
import { parsePlusgiro } from '../../../banking/plusgiro';
import type { CreatePaymentBatchBody } from '../../../contract/payments';

export const creditorKinds = ['bankgiro', 'plusgiro', 'account', 'iban'] as const;
export type CreditorKind = (typeof creditorKinds)[number];

/** One payment line as the person types it: every field a string, checked as they go. */
export interface LineDraft {
  key: string;
  name: string;
  kind: CreditorKind;
  /** The bankgiro, plusgiro, account number or IBAN, as typed. */
  number: string;
  /** Clearing number, for kind `account`. */
  clearing: string;
  /** For kind `iban`, where the bank cannot be derived from the IBAN. */
  bic: string;
  amount: string;
  ocr: string;
  message: string;
}

/** The fields a line can fail on, spelled as the API's error paths below `/payments/{n}/`. */
export type LineField =
  | 'creditor/name'
  | 'creditor/bankgiro'
  | 'creditor/plusgiro'
  | 'creditor/account'
  | 'creditor/iban'
  | 'creditor/bic'
  | 'amount/amount'
  | 'remittance/ocr'
  | 'remittance/message'
  | 'remittance';

export type LineProblem =
  | 'required'
  | 'invalid'
  | 'amountNotPositive'
  | 'ocrOrMessage'
  | 'ocrNotForAccount'
  | 'bicNeeded'
  | 'tooLong';

let nextKey = 0;

export function emptyLine(): LineDraft {
  nextKey += 1;
  return {
    key: `line-${nextKey}`,
    name: '',
    kind: 'bankgiro',
    number: '',
    clearing: '',
    bic: '',
    amount: '',
    ocr: '',
    message: '',
  };
}

/** The field of the creditor's number for a kind. */
export function numberField(kind: CreditorKind): LineField {
  return `creditor/${kind}`;
}

export function parseLineAmount(typed: string, currency: Currency): bigint | null {
  const parsed = parseAmount(normaliseAmount(typed), currency);
  return parsed.ok ? parsed.value : null;
}

/** The problems of a line, by field; a field left empty is only reported when `complete` (on save). */
export function lineProblems(
  line: LineDraft,
  currency: Currency,
  complete: boolean,
): Partial<Record<LineField, LineProblem>> {
  const problems: Partial<Record<LineField, LineProblem>> = {};
  const check = (field: LineField, value: string, valid: (value: string) => boolean) => {
    if (value.trim() === '') {
      if (complete) problems[field] = 'required';
    } else if (!valid(value)) {
      problems[field] = 'invalid';
    }
  };
  if (line.name.trim() === '') {
    if (complete) problems['creditor/name'] = 'required';
  } else if (line.name.length > 70) {
    problems['creditor/name'] = 'tooLong';
  }
  switch (line.kind) {
    case 'bankgiro':
      check('creditor/bankgiro', line.number, (value) => parseBankgiro(value).ok);
      break;
    case 'plusgiro':
      check('creditor/plusgiro', line.number, (value) => parsePlusgiro(value).ok);
      break;
    case 'account':
      if (line.number.trim() !== '' || line.clearing.trim() !== '' || complete) {
        if (line.clearing.trim() === '' || line.number.trim() === '') {
          if (complete) problems['creditor/account'] = 'required';
        } else if (!parseSwedishAccount(line.clearing, line.number).ok) {
          problems['creditor/account'] = 'invalid';
        }
      }
      break;
    case 'iban':
      check('creditor/iban', line.number, (value) => parseIban(value).ok);
      if (line.bic.trim() !== '' && !parseBic(line.bic).ok) problems['creditor/bic'] = 'invalid';
      else if (line.bic.trim() === '' && complete && ibanNeedsBic(line.number, currency)) {
        problems['creditor/bic'] = 'bicNeeded';
      }
      break;
  }
  if (line.amount.trim() === '') {
    if (complete) problems['amount/amount'] = 'required';
  } else {
    const minor = parseLineAmount(line.amount, currency);
    if (minor === null) problems['amount/amount'] = 'invalid';
    else if (minor <= 0n) problems['amount/amount'] = 'amountNotPositive';
  }
  const hasOcr = line.ocr.trim() !== '';
  const hasMessage = line.message.trim() !== '';
  if (hasOcr && hasMessage) problems.remittance = 'ocrOrMessage';
  else if (!hasOcr && !hasMessage && complete) problems.remittance = 'ocrOrMessage';
  if (hasOcr && !parseOcr(line.ocr).ok) problems['remittance/ocr'] = 'invalid';
  else if (hasOcr && line.kind === 'account') problems['remittance/ocr'] = 'ocrNotForAccount';
  if (line.message.length > 140) problems['remittance/message'] = 'tooLong';
  return problems;
}

/** The API asks for a BIC when it cannot derive the bank: an unknown Swedish bank, or abroad outside EUR. */
function ibanNeedsBic(typed: string, currency: Currency): boolean {
  const iban = parseIban(typed);
  if (!iban.ok) return false;
  if (ibanCountry(iban.value) === 'SE') return bicForSwedishBankCode(iban.value.slice(4, 7)) === undefined;
  return currency !== 'EUR';
}

/** The creditor's bank where the number says it; bankgiro and plusgiro numbers name no bank. */
export function creditorBank(line: LineDraft): string | null {
  if (line.kind === 'account') {
    const account = parseSwedishAccount(line.clearing, line.number);
    if (!account.ok) return null;
    return account.value.bankName;
  }
  if (line.kind === 'iban') {
    const iban = parseIban(line.number);
    if (!iban.ok) return null;
    const bic = line.bic.trim() !== '' ? parseBic(line.bic) : null;
    if (bic?.ok) return knownBankForBic(bic.value)?.name ?? bic.value;
    if (ibanCountry(iban.value) !== 'SE') return null;
    const derived = bicForSwedishBankCode(iban.value.slice(4, 7));
    return derived ? (knownBankForBic(derived)?.name ?? derived) : null;
  }
  return null;
}

/** How far ahead the execution date may be chosen, in bank days. */
export const BANK_DAYS_AHEAD = 40;

/** The execution dates offered: Swedish bank days from today (or the next bank day) on. */
export function executionDateChoices(today: IsoDate): IsoDate[] {
  const first = bankDayOnOrAfter(today);
  return Array.from({ length: BANK_DAYS_AHEAD }, (_, offset) => addBankDays(first, offset));
}

/** The request body the lines make; call only once `lineProblems(…, true)` found nothing. */
export function toCreateBody(input: {
  debtorAccountId: string;
  label: string;
  executionDate: string;
  currency: string;
  lines: readonly LineDraft[];
}): CreatePaymentBatchBody {
  return {
    debtor_account_id: input.debtorAccountId,
    ...(input.label.trim() === '' ? {} : { label: input.label.trim() }),
    payments: input.lines.map((line) => ({
      creditor: {
        name: line.name.trim(),
        ...(line.kind === 'bankgiro' ? { bankgiro: line.number.trim() } : {}),
        ...(line.kind === 'plusgiro' ? { plusgiro: line.number.trim() } : {}),
        ...(line.kind === 'account'
          ? { account: { clearing: line.clearing.trim(), number: line.number.trim() } }
          : {}),
        ...(line.kind === 'iban' ? { iban: line.number.trim() } : {}),
        ...(line.kind === 'iban' && line.bic.trim() !== '' ? { bic: line.bic.trim() } : {}),
      },
      amount: { amount: normaliseAmount(line.amount), currency: input.currency },
      execution_date: input.executionDate,
      remittance: line.ocr.trim() !== '' ? { ocr: line.ocr.trim() } : { message: line.message.trim() },
    })),
  };
}

/** The sum of the lines whose amounts parse, in minor units (a batch pays in its account's currency). */
export function lineTotal(lines: readonly LineDraft[], currency: Currency): bigint {
  let total = 0n;
  for (const line of lines) total += parseLineAmount(line.amount, currency) ?? 0n;
  return total;
}
