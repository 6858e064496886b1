import { minorDigits, parseCurrency, type Currency } from '../currency';
import { parseAmount } from '../money';
import { fail, ok, type Parsed } from '../result';

/**
 * An ISO 20022 amount (`ActiveOrHistoricCurrencyAndAmount`: up to 5 decimals) in minor units of its
 * currency. Banks pad with zeros ("18.150" EUR), which is exact; a digit below the currency's minor
 * unit ("18.155" EUR) would have to be rounded away, so it is refused instead.
 */
export function parseStatementAmount(
  text: string,
  currencyCode: string,
): Parsed<{ minor: bigint; currency: Currency }> {
  const currency = parseCurrency(currencyCode);
  if (!currency.ok) return currency;
  const digits = minorDigits(currency.value);
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text.trim());
  if (!match) return fail(`amount "${text}" is not a decimal number like 1234.50`);
  const [, whole = '', fraction = ''] = match;
  const excess = fraction.slice(digits);
  if (/[1-9]/.test(excess)) {
    return fail(`amount "${text}" has more decimals than ${currency.value}'s minor unit (${digits})`);
  }
  const kept = fraction.slice(0, digits);
  const parsed = parseAmount(kept === '' ? whole : `${whole}.${kept}`, currency.value);
  if (!parsed.ok) return parsed;
  return ok({ minor: parsed.value, currency: currency.value });
}
