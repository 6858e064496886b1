import { isCurrency } from '../../banking/currency';
import { toEpochDay, type IsoDate } from '../../banking/dates';
import { formatAmount } from '../../banking/money';
import type { MatchableItem, MatchableTransaction, Reason } from './model';
import { nameSimilarity } from './names';

/*
 * Evidence is added up as log-odds and turned into a confidence with the logistic function, so
 * independent clues combine the way odds do: an exact OCR with the exact amount is near-certain, an
 * amount and a name alone are a good guess for a person to check but never enough to confirm alone.
 */
export const WEIGHTS = {
  prior: -4,
  endToEndId: 9,
  ocrExact: 7,
  /** Kept low on purpose: consecutive invoice numbers of one customer also differ in one or two digits. */
  ocrNear: 1,
  referenceInMessage: 4.5,
  amountExact: 3,
  amountWithinTolerance: 1.5,
  /** Name similarity s in [0, 1] adds (s − 0.5) × this: a stranger's name counts against a match. */
  nameScale: 6,
  /** Log-odds lost per day beyond DATE_GRACE_DAYS between booking date and due date, at most DATE_MAX_PENALTY. */
  datePerDay: 0.04,
  /** Several combinations that fit equally well. */
  ambiguousCombination: 2,
} as const;

const DATE_GRACE_DAYS = 10;

/** Days between two business dates (b − a). */
export function daysFrom(a: string, b: string): number {
  return epochDayOf(b) - epochDayOf(a);
}

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date, by calendar arithmetic (days from civil): the
 * matcher asks this for every pair it weighs, far too often for a Date or a map lookup each time.
 */
export function epochDayOf(date: string): number {
  if (date.length !== 10) return toEpochDay(date as IsoDate);
  const month = digitsAt(date, 5, 2);
  const year = digitsAt(date, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digitsAt(date, 8, 2) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
const DATE_MAX_PENALTY = 2;

export function confidenceOf(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}

/** Minor units of the currencies whose fees are counted in tens (SEK, NOK, DKK) vs ones (EUR, USD…). */
const SMALL_UNIT_CURRENCIES = new Set(['SEK', 'NOK', 'DKK']);

/**
 * How far a payment may be off its invoice and still settle it in full (bank fees deducted on the
 * way, small FX differences): 2 % of the amount, at least 50 SEK/NOK/DKK (5 in other currencies),
 * at most 250 (25), and never more than a tenth of the amount.
 */
export function toleranceMinor(openMinor: bigint, currency: string): bigint {
  const small = SMALL_UNIT_CURRENCIES.has(currency);
  const floor = small ? 50_00n : 5_00n;
  const cap = small ? 250_00n : 25_00n;
  let tolerance = (openMinor * 2n) / 100n;
  if (tolerance < floor) tolerance = floor;
  if (tolerance > cap) tolerance = cap;
  const tenth = openMinor / 10n;
  return tolerance < tenth ? tolerance : tenth;
}

export function show(minor: bigint, currency: string): string {
  return isCurrency(currency) ? `${formatAmount(minor, currency)} ${currency}` : `${minor} ${currency}`;
}

/** The amount a transaction moves in the direction its open items expect (receivables in, payables out). */
export function paidTowards(transaction: MatchableTransaction, kind: MatchableItem['kind']): bigint {
  return kind === 'receivable' ? transaction.amountMinor : -transaction.amountMinor;
}

export function directionOf(transaction: MatchableTransaction): MatchableItem['kind'] {
  return transaction.amountMinor > 0n ? 'receivable' : 'payable';
}

/*
 * Tokens are looked up for every pair the matcher weighs. The caches are keyed by the message string
 * itself (its hash is kept with the string) and by the item object (gone with the item), never by a
 * key built per call: hashing a fresh string on every lookup cost more than the tokens themselves.
 */
const messageTokenCache = new Map<string, string[]>();
const MESSAGE_CACHE_LIMIT = 200_000;
const itemTokenCache = new WeakMap<MatchableItem, string[]>();

/** Digit runs and invoice-like words of a payment message: what a payer quotes of an invoice. */
export function messageTokens(message: string | null): string[] {
  if (message === null) return [];
  let tokens = messageTokenCache.get(message);
  if (tokens === undefined) {
    tokens = computeMessageTokens(message);
    if (messageTokenCache.size >= MESSAGE_CACHE_LIMIT) messageTokenCache.clear();
    messageTokenCache.set(message, tokens);
  }
  return tokens;
}

function computeMessageTokens(message: string): string[] {
  const tokens = new Set<string>();
  for (const match of message.matchAll(/[A-Za-z]*-?\d[\d-]*/g)) {
    const token = match[0].toLowerCase();
    if (token.replace(/\D/g, '').length >= 4) {
      tokens.add(token);
      tokens.add(token.replace(/\D/g, ''));
    }
  }
  return [...tokens];
}

/** The forms under which an open item can be quoted in a message: its reference and external id. */
export function itemTokens(item: MatchableItem): string[] {
  let tokens = itemTokenCache.get(item);
  if (tokens === undefined) {
    tokens = computeItemTokens(item);
    itemTokenCache.set(item, tokens);
  }
  return tokens;
}

function computeItemTokens(item: MatchableItem): string[] {
  const tokens = new Set<string>();
  for (const value of [item.reference, item.externalId]) {
    if (value === null) continue;
    const lower = value.toLowerCase().trim();
    if (lower.replace(/\D/g, '').length >= 4) {
      tokens.add(lower);
      const digits = lower.replace(/\D/g, '');
      // A bare number only identifies an item when it is long enough not to be a day or an amount.
      if (digits.length >= 5) tokens.add(digits);
    }
  }
  return [...tokens];
}

function ocrDistance(a: string, b: string): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences += 1;
  return differences;
}

export type AmountFit = 'exact' | 'tolerance' | 'partial';

export function amountFit(paid: bigint, openMinor: bigint, currency: string): AmountFit | null {
  if (paid <= 0n) return null;
  if (paid === openMinor) return 'exact';
  const difference = paid - openMinor;
  const absolute = difference < 0n ? -difference : difference;
  if (absolute <= toleranceMinor(openMinor, currency)) return 'tolerance';
  return paid < openMinor ? 'partial' : null;
}

export interface PairScore {
  logOdds: number;
  reasons: Reason[];
  fit: AmountFit;
  /** The transaction quotes the item (end-to-end id, OCR or reference): a partial payment may count. */
  identified: boolean;
  strongId: boolean;
}

export function nameEvidence(
  transactionName: string | null,
  itemName: string,
  explain = true,
): { logOdds: number; reason: Reason | null } {
  if (transactionName === null || transactionName.trim() === '') return { logOdds: 0, reason: null };
  const similarity = nameSimilarity(transactionName, itemName);
  const logOdds = (similarity - 0.5) * WEIGHTS.nameScale;
  if (!explain) return { logOdds, reason: null };
  const percent = Math.round(similarity * 100);
  return {
    logOdds,
    reason: {
      code: 'counterparty_name',
      detail: `payer "${transactionName}" and counterparty "${itemName}" are ${percent} % alike`,
    },
  };
}

const dayCount = (days: number) => (days === 1 ? '1 day' : `${days} days`);

export function dateEvidence(
  bookingDate: string,
  dueDate: string,
  explain = true,
): { logOdds: number; reason: Reason | null } {
  const days = daysFrom(dueDate, bookingDate);
  const distance = Math.abs(days);
  const penalty = Math.min(DATE_MAX_PENALTY, Math.max(0, distance - DATE_GRACE_DAYS) * WEIGHTS.datePerDay);
  if (!explain) return { logOdds: -penalty, reason: null };
  const when =
    days === 0
      ? 'on the due date'
      : days > 0
        ? `${dayCount(days)} after the due date`
        : `${dayCount(-days)} before the due date`;
  return { logOdds: -penalty, reason: { code: 'date_distance', detail: `booked ${when}` } };
}

/**
 * The evidence that a transaction pays (part of) an item, or null when it cannot. The reasons are
 * worded only when asked for: the engine scores many pairs and explains only those it proposes.
 */
export function scorePair(
  transaction: MatchableTransaction,
  item: MatchableItem,
  explain = false,
): PairScore | null {
  if (transaction.currency !== item.currency || transaction.companyId !== item.companyId) return null;
  const paid = paidTowards(transaction, item.kind);
  const fit = amountFit(paid, item.openMinor, item.currency);
  if (fit === null) return null;

  const reasons: Reason[] = [];
  let logOdds: number = WEIGHTS.prior;
  let identified = false;
  let strongId = false;
  const ownPayment = item.endToEndId !== null && transaction.endToEndId === item.endToEndId;
  if (ownPayment) {
    logOdds += WEIGHTS.endToEndId;
    identified = strongId = true;
    if (explain) reasons.push({ code: 'end_to_end_id', detail: `our own payment ${item.endToEndId}` });
  }
  if (item.ocr !== null && transaction.ocr !== null) {
    if (transaction.ocr === item.ocr) {
      logOdds += WEIGHTS.ocrExact;
      identified = strongId = true;
      if (explain)
        reasons.push({ code: 'ocr_exact', detail: `OCR ${item.ocr} on the payment and the invoice` });
    } else if (ocrDistance(transaction.ocr, item.ocr) <= 2) {
      logOdds += WEIGHTS.ocrNear;
      if (explain)
        reasons.push({
          code: 'ocr_near',
          detail: `OCR ${transaction.ocr} on the payment is ${item.ocr} with a digit wrong`,
        });
    }
  }
  if (!strongId && transaction.message !== null) {
    // A handful of tokens each: a scan beats building a set for every pair weighed.
    const quoted = messageTokens(transaction.message);
    const hit = itemTokens(item).find((token) => quoted.includes(token));
    if (hit !== undefined) {
      logOdds += WEIGHTS.referenceInMessage;
      identified = true;
      if (explain)
        reasons.push({
          code: 'reference_in_message',
          detail: `the message "${transaction.message}" quotes ${hit}`,
        });
    }
  }
  if (fit === 'partial' && !identified) return null;

  if (fit === 'exact') {
    logOdds += WEIGHTS.amountExact;
    if (explain) reasons.push({ code: 'amount_exact', detail: `${show(paid, item.currency)} as invoiced` });
  } else if (fit === 'tolerance') {
    logOdds += WEIGHTS.amountWithinTolerance;
    const difference = paid - item.openMinor;
    if (explain)
      reasons.push({
        code: 'amount_within_tolerance',
        detail: `paid ${show(paid, item.currency)} for ${show(item.openMinor, item.currency)}: ${show(difference < 0n ? -difference : difference, item.currency)} ${difference < 0n ? 'short' : 'over'} (bank fee or FX difference, within tolerance)`,
      });
  } else {
    if (explain)
      reasons.push({
        code: 'partial_payment',
        detail: `pays ${show(paid, item.currency)} of ${show(item.openMinor, item.currency)} still open`,
      });
  }
  // Our own payment needs no name: the bank reports the creditor in its own way.
  if (!ownPayment) {
    const name = nameEvidence(transaction.counterpartyName, item.counterpartyName, explain);
    logOdds += name.logOdds;
    if (name.reason) reasons.push(name.reason);
  }
  const date = dateEvidence(transaction.bookingDate, item.dueDate, explain);
  logOdds += date.logOdds;
  if (date.reason) reasons.push(date.reason);
  return { logOdds, reasons, fit, identified, strongId };
}
