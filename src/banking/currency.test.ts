import { describe, expect, it } from 'vitest';
import { CURRENCIES, isCurrency, minorDigits, parseCurrency } from './currency';

describe('currencies', () => {
  it('recognises supported ISO 4217 codes only', () => {
    for (const c of ['SEK', 'EUR', 'USD', 'NOK', 'DKK', 'GBP', 'CHF', 'JPY'])
      expect(isCurrency(c)).toBe(true);
    for (const c of ['sek', 'XAU', 'toString', '', 'SEKK']) expect(isCurrency(c)).toBe(false);
  });

  it('has the ISO minor digits and agrees with Intl', () => {
    expect(minorDigits('SEK')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    for (const c of CURRENCIES) {
      const intl = new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions();
      // ICU uses 0 cash digits for a few currencies (HUF, CZK… on some versions); ISO says 2.
      if (c !== 'HUF' && c !== 'CZK') expect(intl.maximumFractionDigits).toBe(minorDigits(c));
    }
  });

  it('parses with precise errors', () => {
    expect(parseCurrency('SEK')).toEqual({ ok: true, value: 'SEK' });
    expect(parseCurrency('')).toEqual({ ok: false, error: 'currency is empty' });
    expect(parseCurrency('XAU')).toEqual({ ok: false, error: 'currency XAU is not supported' });
    expect(parseCurrency('Sek')).toEqual({
      ok: false,
      error: 'currency "Sek" is not a three-letter upper-case ISO 4217 code',
    });
  });
});
