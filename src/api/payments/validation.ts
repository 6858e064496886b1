import { parseSwedishAccount, swedishAccountDigits } from '../../banking/bank-account';
import { bankDayOnOrAfter, isBankDay, nextBankDay } from '../../banking/bank-days';
import { parseBankgiro } from '../../banking/bankgiro';
import { bicForSwedishBankCode, parseBic } from '../../banking/bic';
import { isCurrency, type Currency } from '../../banking/currency';
import { parseIsoDate, type IsoDate } from '../../banking/dates';
import { ibanCountry, parseIban } from '../../banking/iban';
import { parseAmount } from '../../banking/money';
import { parseOcr } from '../../banking/ocr';
import { parsePlusgiro } from '../../banking/plusgiro';
import type { CreatePaymentBatchBody } from '../../contract/payments';
import type { ProblemFieldError } from '../../contract/problem';
import { problemTypes } from '../../contract/problem';
import { ProblemError } from '../http/problem';

export type CreditorKind = 'bankgiro' | 'plusgiro' | 'account' | 'iban';

/** One payment line, validated and normalised, ready to store. */
export interface NormalisedLine {
  position: number;
  creditorName: string;
  creditorKind: CreditorKind;
  /** bankgiro/plusgiro digits, clearing+account digits, or the electronic IBAN. */
  creditorAccount: string;
  creditorClearing: string | null;
  creditorBic: string | null;
  amountMinor: bigint;
  currency: Currency;
  executionDate: IsoDate;
  ocr: string | null;
  message: string | null;
  endToEndId: string | null;
}

/** Domestic Swedish creditors (bankgiro, plusgiro, clearing + account) are paid in SEK only. */
const DOMESTIC_KINDS: readonly CreditorKind[] = ['bankgiro', 'plusgiro', 'account'];

export function validationError(errors: ProblemFieldError[], detail = 'The payment batch is not valid.') {
  return new ProblemError(400, problemTypes.validation, 'Invalid request', detail, errors);
}

/** The execution date rules: a Swedish bank day, not before today (Europe/Stockholm). */
export function executionDateProblem(date: IsoDate, today: IsoDate): string | null {
  if (!isBankDay(date)) return `${date} is not a Swedish bank day; the next one is ${bankDayOnOrAfter(date)}`;
  if (date < today) return `${date} has passed (today is ${today})`;
  return null;
}

/**
 * Validates every line with the banking primitives and collects every failure, each naming its line
 * and field (`/payments/3/creditor/bankgiro`). Checks that need the debtor account (its currency) are
 * made with `accountCurrency`; pass null to skip them.
 */
export function validatePaymentLines(
  body: CreatePaymentBatchBody,
  accountCurrency: string | null,
  today: IsoDate,
): { lines: NormalisedLine[]; errors: ProblemFieldError[] } {
  const errors: ProblemFieldError[] = [];
  const lines: NormalisedLine[] = [];
  const defaultDate = nextBankDay(today);

  body.payments.forEach((payment, position) => {
    const at = `/payments/${position}`;
    const fail = (field: string, message: string) => errors.push({ path: `${at}/${field}`, message });
    const { creditor, remittance } = payment;
    const before = errors.length;

    // Creditor: exactly one of bankgiro, plusgiro, account, iban.
    const given = (['bankgiro', 'plusgiro', 'account', 'iban'] as const).filter(
      (kind) => creditor[kind] !== undefined,
    );
    let kind: CreditorKind | null = null;
    let account = '';
    let clearing: string | null = null;
    let bic: string | null = null;
    if (given.length !== 1) {
      fail(
        'creditor',
        given.length === 0
          ? 'name exactly one of bankgiro, plusgiro, account or iban'
          : `name exactly one of bankgiro, plusgiro, account or iban, not ${given.join(' and ')}`,
      );
    } else {
      kind = given[0] ?? null;
    }
    if (creditor.bic !== undefined && kind !== 'iban') fail('creditor/bic', 'bic goes with an iban only');
    if (kind === 'bankgiro' && creditor.bankgiro !== undefined) {
      const parsed = parseBankgiro(creditor.bankgiro);
      if (parsed.ok) account = parsed.value;
      else fail('creditor/bankgiro', parsed.error);
    } else if (kind === 'plusgiro' && creditor.plusgiro !== undefined) {
      const parsed = parsePlusgiro(creditor.plusgiro);
      if (parsed.ok) account = parsed.value;
      else fail('creditor/plusgiro', parsed.error);
    } else if (kind === 'account' && creditor.account !== undefined) {
      const parsed = parseSwedishAccount(creditor.account.clearing, creditor.account.number);
      if (parsed.ok) {
        account = swedishAccountDigits(parsed.value);
        clearing = parsed.value.clearing;
      } else {
        fail('creditor/account', parsed.error);
      }
    } else if (kind === 'iban' && creditor.iban !== undefined) {
      const parsed = parseIban(creditor.iban);
      if (parsed.ok) {
        account = parsed.value;
        if (creditor.bic !== undefined) {
          const parsedBic = parseBic(creditor.bic);
          if (parsedBic.ok) bic = parsedBic.value;
          else fail('creditor/bic', parsedBic.error);
        } else if (ibanCountry(parsed.value) === 'SE') {
          bic = bicForSwedishBankCode(parsed.value.slice(4, 7)) ?? null;
          if (!bic) fail('creditor/bic', 'the bank of this Swedish IBAN is not known; give its bic');
        } else if (payment.amount.currency !== 'EUR') {
          fail('creditor/bic', 'a payment outside Sweden in a currency other than EUR needs the bic');
        }
      } else {
        fail('creditor/iban', parsed.error);
      }
    }

    // Amount and currency.
    let amountMinor = 0n;
    const currencyCode = payment.amount.currency;
    if (!isCurrency(currencyCode)) {
      fail('amount/currency', `${currencyCode} is not a supported currency`);
    } else {
      const parsed = parseAmount(payment.amount.amount, currencyCode);
      if (!parsed.ok) fail('amount/amount', parsed.error);
      else if (parsed.value <= 0n) fail('amount/amount', 'amount must be greater than zero');
      else amountMinor = parsed.value;
      if (accountCurrency !== null && currencyCode !== accountCurrency) {
        fail(
          'amount/currency',
          `${currencyCode} is not allowed for the debtor account, which holds ${accountCurrency}`,
        );
      } else if (kind && DOMESTIC_KINDS.includes(kind) && currencyCode !== 'SEK') {
        fail('amount/currency', `a ${kind} payment must be in SEK, not ${currencyCode}`);
      }
    }

    // Execution date.
    let executionDate = defaultDate;
    if (payment.execution_date !== undefined) {
      const parsed = parseIsoDate(payment.execution_date);
      if (!parsed.ok) {
        fail('execution_date', parsed.error);
      } else {
        executionDate = parsed.value;
        const problem = executionDateProblem(executionDate, today);
        if (problem) fail('execution_date', problem);
      }
    }

    // Remittance: an OCR reference or a message, not both.
    let ocr: string | null = null;
    let message: string | null = null;
    if (remittance.ocr !== undefined && remittance.message !== undefined) {
      fail('remittance', 'give either an ocr reference or a message, not both');
    } else if (remittance.ocr !== undefined) {
      const parsed = parseOcr(remittance.ocr);
      if (parsed.ok) ocr = parsed.value;
      else fail('remittance/ocr', parsed.error);
    } else if (remittance.message !== undefined) {
      if (remittance.message.trim() === '') fail('remittance/message', 'message must not be empty');
      else message = remittance.message;
    } else {
      fail('remittance', 'give an ocr reference or a message');
    }
    if (ocr !== null && kind !== null && kind !== 'bankgiro' && kind !== 'plusgiro' && kind !== 'iban') {
      fail('remittance/ocr', 'an OCR reference goes with a bankgiro, plusgiro or iban creditor');
    }

    if (errors.length === before && kind !== null && isCurrency(currencyCode)) {
      lines.push({
        position,
        creditorName: creditor.name,
        creditorKind: kind,
        creditorAccount: account,
        creditorClearing: clearing,
        creditorBic: bic,
        amountMinor,
        currency: currencyCode,
        executionDate,
        ocr,
        message,
        endToEndId: payment.end_to_end_id ?? null,
      });
    }
  });
  return { lines, errors };
}
