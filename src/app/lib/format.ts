import { isCurrency } from '../../banking/currency';
import { formatMoney, parseAmount, type DisplayLocale } from '../../banking/money';

export type Lang = 'sv' | 'en';

export const LANGS: readonly Lang[] = ['sv', 'en'];

export function localeOf(lang: Lang): DisplayLocale {
  return lang === 'sv' ? 'sv-SE' : 'en-GB';
}

/** Money as it travels on the wire: a decimal string and an ISO 4217 code. */
export interface WireAmount {
  amount: string;
  currency: string;
}

/** Exact minor units of a wire amount (bigint, never a float); null when the amount or currency is unknown. */
export function minorUnits(money: WireAmount): bigint | null {
  if (!isCurrency(money.currency)) return null;
  const parsed = parseAmount(money.amount, money.currency);
  return parsed.ok ? parsed.value : null;
}

/** A wire amount for people: `1 234 567,89 kr` (sv-SE) or `SEK 1,234,567.89` (en-GB). */
export function formatWireMoney(money: WireAmount, locale: DisplayLocale, withCurrency = true): string {
  const minor = minorUnits(money);
  if (minor === null || !isCurrency(money.currency)) return `${money.amount} ${money.currency}`;
  return formatMoney(minor, money.currency, locale, { withCurrency, currencyDisplay: 'code' });
}

const DATE_FORMATS = new Map<DisplayLocale, Intl.DateTimeFormat>();

/** A business date (YYYY-MM-DD) for people: `25 nov. 2026` (sv-SE) or `25 Nov 2026` (en-GB). */
export function formatIsoDate(iso: string, locale: DisplayLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  let format = DATE_FORMATS.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    DATE_FORMATS.set(locale, format);
  }
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** A reference rate (decimal string) with the locale's decimal mark; the digits are kept as they are. */
export function formatRate(rate: string, locale: DisplayLocale): string {
  return locale === 'sv-SE' ? rate.replace('.', ',') : rate;
}

/** A whole count with the locale's grouping. */
export function formatCount(count: number, locale: DisplayLocale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(count);
}
