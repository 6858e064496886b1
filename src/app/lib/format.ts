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

const PERIOD_FORMATS = new Map<string, Intl.DateTimeFormat>();

function periodFormat(locale: DisplayLocale, kind: 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let format = PERIOD_FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      kind === 'day'
        ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
        : { month: 'short', year: 'numeric', timeZone: 'UTC' },
    );
    PERIOD_FORMATS.set(key, format);
  }
  return format;
}

/**
 * A reporting period's short label for a chart axis: a day `25 nov.` / `25 Nov`, an ISO week
 * `v. 48` / `W48`, a month `nov. 2026` / `Nov 2026`. Anything else is shown as it came.
 */
export function formatPeriod(period: string, locale: DisplayLocale): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (day) {
    return periodFormat(locale, 'day').format(
      new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))),
    );
  }
  const week = /^\d{4}-W(\d{2})$/.exec(period);
  if (week) return locale === 'sv-SE' ? `v. ${Number(week[1])}` : `W${Number(week[1])}`;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    return periodFormat(locale, 'month').format(
      new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)),
    );
  }
  return period;
}

/**
 * An axis tick in compact notation (`1,2 mn` / `1.2M`). Only chart axes use it: their values are
 * pixel positions already, and every amount a person reads in full comes from the exact minor units.
 */
export function formatCompact(value: number, locale: DisplayLocale): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
