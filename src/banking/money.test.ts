import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, minorDigits, type Currency } from './currency';
import {
  add,
  allocate,
  compare,
  convert,
  CurrencyMismatchError,
  divideRoundHalfAwayFromZero,
  fitsInt64,
  formatAmount,
  formatMoney,
  money,
  negate,
  parseAmount,
  parseMoney,
  parseRate,
  subtract,
  sum,
  toWireMoney,
} from './money';

const NBSP = '\u00a0';
const MINUS = '\u2212';
const currencyArb = fc.constantFrom(...CURRENCIES);

describe('parseAmount', () => {
  it.each([
    ['12500.00', 'SEK', 1250000n],
    ['12500', 'SEK', 1250000n],
    ['12.5', 'SEK', 1250n],
    ['0.01', 'SEK', 1n],
    ['-0.05', 'SEK', -5n],
    ['-0', 'SEK', 0n],
    ['1500', 'JPY', 1500n],
    ['1.234', 'KWD', 1234n],
    ['92233720368547758.07', 'SEK', 9223372036854775807n],
    ['123456789012345678901234567890.12', 'EUR', 12345678901234567890123456789012n],
  ] as const)('parses %s %s', (input, currency, expected) => {
    expect(parseAmount(input, currency)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'SEK', 'amount is empty'],
    ['1.234', 'SEK', 'amount "1.234" has 3 decimals, but SEK allows at most 2'],
    ['1.5', 'JPY', 'amount "1.5" has decimals, but JPY has no minor unit'],
    ['1e5', 'SEK', 'amount "1e5" must be a plain decimal number; exponents are not allowed'],
    ['+1.00', 'SEK', `amount "+1.00" must not have a '+' sign`],
    [' 1.00', 'SEK', 'amount " 1.00" must not contain spaces'],
    ['1 000.00', 'SEK', 'amount "1 000.00" must not contain spaces'],
    ['1,50', 'SEK', `amount "1,50" must use '.' as the decimal separator, not ','`],
    ['NaN', 'SEK', 'amount "NaN" is not a decimal number like 1234.50'],
    ['Infinity', 'SEK', 'amount "Infinity" is not a decimal number like 1234.50'],
    ['1.', 'SEK', 'amount "1." is not a decimal number like 1234.50'],
    ['.5', 'SEK', 'amount ".5" is not a decimal number like 1234.50'],
    ['-', 'SEK', 'amount "-" is not a decimal number like 1234.50'],
    ['0x10', 'SEK', 'amount "0x10" is not a decimal number like 1234.50'],
    ['١٢', 'SEK', 'amount "١٢" is not a decimal number like 1234.50'],
  ] as const)('rejects %j for %s', (input, currency, error) => {
    expect(parseAmount(input, currency)).toEqual({ ok: false, error });
  });

  it('round-trips formatAmount for any bigint and currency', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), currencyArb, (minor, c) => {
        expect(parseAmount(formatAmount(minor, c), c)).toEqual({ ok: true, value: minor });
      }),
    );
  });

  it('formatAmount∘parseAmount normalises any accepted string to the canonical form', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,20}$/), fc.stringMatching(/^[0-9]{0,2}$/))
      .map(([neg, w, f]) => `${neg ? '-' : ''}${w}${f === '' ? '' : `.${f}`}`);
    fc.assert(
      fc.property(decimal, (s) => {
        const parsed = parseAmount(s, 'SEK');
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const canonical = formatAmount(parsed.value, 'SEK');
        expect(canonical).toMatch(/^-?(0|[1-9][0-9]*)\.[0-9]{2}$/);
        expect(parseAmount(canonical, 'SEK')).toEqual(parsed);
      }),
    );
  });
});

describe('formatAmount', () => {
  it.each([
    [1250000n, 'SEK', '12500.00'],
    [0n, 'SEK', '0.00'],
    [5n, 'SEK', '0.05'],
    [-5n, 'SEK', '-0.05'],
    [-123456n, 'EUR', '-1234.56'],
    [1500n, 'JPY', '1500'],
    [-1500n, 'JPY', '-1500'],
    [1n, 'KWD', '0.001'],
    [9223372036854775807n, 'SEK', '92233720368547758.07'],
  ] as const)('%s %s → %s', (minor, currency, expected) => {
    expect(formatAmount(minor, currency)).toBe(expected);
  });

  it('always has exactly the minor digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), currencyArb, (minor, c) => {
        const s = formatAmount(minor, c);
        const digits = minorDigits(c);
        if (digits === 0) expect(s).not.toContain('.');
        else expect(s.split('.')[1]).toHaveLength(digits);
      }),
    );
  });
});

describe('Money helpers', () => {
  const sek = (n: bigint) => money(n, 'SEK');
  it('adds, subtracts, negates, compares and sums in one currency', () => {
    expect(add(sek(150n), sek(-50n))).toEqual(sek(100n));
    expect(subtract(sek(150n), sek(200n))).toEqual(sek(-50n));
    expect(negate(sek(7n))).toEqual(sek(-7n));
    expect(compare(sek(1n), sek(2n))).toBe(-1);
    expect(compare(sek(2n), sek(2n))).toBe(0);
    expect(compare(sek(3n), sek(2n))).toBe(1);
    expect(sum([sek(1n), sek(2n), sek(3n)], 'SEK')).toEqual(sek(6n));
    expect(sum([], 'EUR')).toEqual(money(0n, 'EUR'));
  });

  it('refuses to mix currencies', () => {
    expect(() => add(sek(1n), money(1n, 'EUR'))).toThrow(CurrencyMismatchError);
    expect(() => compare(sek(1n), money(1n, 'EUR'))).toThrow('cannot combine SEK and EUR');
    expect(() => sum([money(1n, 'EUR')], 'SEK')).toThrow(CurrencyMismatchError);
  });

  it('parses and renders wire money', () => {
    expect(parseMoney({ amount: '1250000.00', currency: 'SEK' })).toEqual({
      ok: true,
      value: sek(125000000n),
    });
    expect(parseMoney({ amount: '1.00', currency: 'sek' })).toEqual({
      ok: false,
      error: 'currency "sek" is not a three-letter upper-case ISO 4217 code',
    });
    expect(parseMoney({ amount: '1.00', currency: 'XAU' })).toEqual({
      ok: false,
      error: 'currency XAU is not supported',
    });
    expect(toWireMoney(money(150n, 'JPY'))).toEqual({ amount: '150', currency: 'JPY' });
  });

  it('knows the PostgreSQL bigint range', () => {
    expect(fitsInt64(2n ** 63n - 1n)).toBe(true);
    expect(fitsInt64(2n ** 63n)).toBe(false);
    expect(fitsInt64(-(2n ** 63n))).toBe(true);
    expect(fitsInt64(-(2n ** 63n) - 1n)).toBe(false);
  });
});

describe('allocate', () => {
  it('splits with the largest remainder', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(5n, [3n, 7n])).toEqual([2n, 3n]); // 1.5 / 3.5: tie, earlier index wins
    expect(allocate(10n, [1n, 2n, 7n])).toEqual([1n, 2n, 7n]);
    expect(allocate(1n, [0n, 1n, 0n])).toEqual([0n, 1n, 0n]);
    expect(allocate(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocate(0n, [1n, 2n])).toEqual([0n, 0n]);
  });

  it('rejects weights it cannot split by', () => {
    expect(() => allocate(1n, [])).toThrow(RangeError);
    expect(() => allocate(1n, [0n, 0n])).toThrow('must not all be zero');
    expect(() => allocate(1n, [2n, -1n])).toThrow('must not be negative');
  });

  it('always sums to the input, each share within one minor unit of its exact share', () => {
    const weights = fc
      .array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 })
      .filter((ws) => ws.some((w) => w > 0n));
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), weights, (minor, ws) => {
        const shares = allocate(minor, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(minor);
        const total = ws.reduce((a, b) => a + b, 0n);
        shares.forEach((share, i) => {
          // |share − minor·w/total| < 1  ⇔  |share·total − minor·w| < total
          const diff = share * total - minor * (ws[i] ?? 0n);
          expect(diff < 0n ? -diff : diff).toBeLessThan(total);
          if (ws[i] === 0n) expect(share).toBe(0n);
        });
      }),
    );
  });
});

describe('convert', () => {
  it('converts EUR to SEK at a four-decimal rate', () => {
    // 1000.00 EUR × 11.4235 = 11423.50 SEK
    expect(convert(100000n, 'EUR', 'SEK', '11.4235')).toBe(1142350n);
    // 0.01 EUR × 11.4235 = 0.114235 SEK → 0.11
    expect(convert(1n, 'EUR', 'SEK', '11.4235')).toBe(11n);
    expect(convert(-1n, 'EUR', 'SEK', '11.4235')).toBe(-11n);
  });

  it('rounds half away from zero', () => {
    // 0.01 SEK × 0.5 = 0.005 → 0.01; −0.01 × 0.5 → −0.01
    expect(convert(1n, 'SEK', 'EUR', '0.5')).toBe(1n);
    expect(convert(-1n, 'SEK', 'EUR', '0.5')).toBe(-1n);
    expect(convert(3n, 'SEK', 'EUR', '0.5')).toBe(2n); // 0.015 → 0.02
    expect(convert(1n, 'SEK', 'EUR', '0.4999')).toBe(0n);
    expect(divideRoundHalfAwayFromZero(-7n, 2n)).toBe(-4n);
    expect(divideRoundHalfAwayFromZero(7n, 2n)).toBe(4n);
    expect(divideRoundHalfAwayFromZero(5n, 3n)).toBe(2n);
    expect(divideRoundHalfAwayFromZero(4n, 3n)).toBe(1n);
  });

  it('handles currencies with different minor digits', () => {
    // 1000 JPY at 0.0712 SEK/JPY = 71.20 SEK
    expect(convert(1000n, 'JPY', 'SEK', '0.0712')).toBe(7120n);
    // 100.00 SEK at 14.05 JPY/SEK = 1405 JPY
    expect(convert(10000n, 'SEK', 'JPY', '14.05')).toBe(1405n);
    // 1.005 KWD → EUR at 1 = 1.005 EUR → 1.01 (half away from zero)
    expect(convert(1005n, 'KWD', 'EUR', '1')).toBe(101n);
  });

  it('is exact for huge amounts', () => {
    expect(convert(10n ** 30n + 1n, 'EUR', 'SEK', '11.4235')).toBe(11423500000000000000000000000000n + 11n);
  });

  it('rejects bad rates', () => {
    expect(() => convert(1n, 'EUR', 'SEK', '0')).toThrow('must be greater than zero');
    expect(() => convert(1n, 'EUR', 'SEK', '-1.2')).toThrow(RangeError);
    expect(parseRate('1e3')).toEqual({
      ok: false,
      error: 'exchange rate "1e3" is not a positive decimal number like 11.4235',
    });
    expect(parseRate('11.4235')).toEqual({ ok: true, value: { numerator: 114235n, scale: 4 } });
  });

  const rateArb = fc.record({
    numerator: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    scale: fc.integer({ min: 0, max: 8 }),
  });
  const rateString = ({ numerator, scale }: { numerator: bigint; scale: number }) => {
    const s = numerator.toString().padStart(scale + 1, '0');
    return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  };

  it('agrees with an exact rational computation (nearest, ties away from zero)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        currencyArb,
        currencyArb,
        rateArb,
        (minor, from, to, rate) => {
          const x = convert(minor, from, to, rateString(rate));
          // exact = N / D
          const N = minor * rate.numerator * 10n ** BigInt(minorDigits(to));
          const D = 10n ** BigInt(minorDigits(from) + rate.scale);
          const err = 2n * (x * D - N); // 2·D·(x − exact)
          const absErr = err < 0n ? -err : err;
          expect(absErr <= D).toBe(true); // |x − exact| ≤ ½
          if (absErr === D) {
            // a tie: must have moved away from zero, |x| > |exact|
            const absX = x < 0n ? -x : x;
            const absN = N < 0n ? -N : N;
            expect(absX * D > absN).toBe(true);
          }
        },
      ),
    );
  });

  it('is monotone in the amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        currencyArb,
        currencyArb,
        rateArb,
        (a, b, from, to, rate) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const r = rateString(rate);
          expect(convert(lo, from, to, r) <= convert(hi, from, to, r)).toBe(true);
        },
      ),
    );
  });

  it('is symmetric under negation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), rateArb, (m, rate) => {
        const r = rateString(rate);
        expect(convert(-m, 'EUR', 'SEK', r)).toBe(-convert(m, 'EUR', 'SEK', r));
      }),
    );
  });
});

describe('formatMoney (Intl on Node 20, ICU 78: sv-SE uses U+00A0 and U+2212)', () => {
  it.each([
    [123456789n, 'SEK', 'sv-SE', `1${NBSP}234${NBSP}567,89${NBSP}kr`],
    [-123456789n, 'SEK', 'sv-SE', `${MINUS}1${NBSP}234${NBSP}567,89${NBSP}kr`],
    [-5n, 'SEK', 'sv-SE', `${MINUS}0,05${NBSP}kr`],
    [0n, 'SEK', 'sv-SE', `0,00${NBSP}kr`],
    [123456789n, 'EUR', 'sv-SE', `1${NBSP}234${NBSP}567,89${NBSP}€`],
    [123456789n, 'SEK', 'en-GB', `SEK${NBSP}1,234,567.89`],
    [-123456789n, 'SEK', 'en-GB', `-SEK${NBSP}1,234,567.89`],
    [-5n, 'SEK', 'en-GB', `-SEK${NBSP}0.05`],
    [123456789n, 'EUR', 'en-GB', '€1,234,567.89'],
    [123456789n, 'GBP', 'en-GB', '£1,234,567.89'],
    [1234567n, 'JPY', 'en-GB', 'JP¥1,234,567'],
    [1234567n, 'JPY', 'sv-SE', `1${NBSP}234${NBSP}567${NBSP}JPY`],
  ] as const)('%s %s in %s', (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  it('supports code display and a bare number', () => {
    expect(formatMoney(500n, 'SEK', 'sv-SE', { currencyDisplay: 'code' })).toBe(`5,00${NBSP}SEK`);
    expect(formatMoney(123456789n, 'SEK', 'sv-SE', { withCurrency: false })).toBe(`1${NBSP}234${NBSP}567,89`);
    expect(formatMoney(123456789n, 'SEK', 'en-GB', { withCurrency: false })).toBe('1,234,567.89');
  });

  it('does not lose precision beyond 2^53', () => {
    // 90071992547409.93 SEK: 9007199254740993 öre is not representable as a double
    expect(formatMoney(9007199254740993n, 'SEK', 'en-GB', { withCurrency: false })).toBe(
      '90,071,992,547,409.93',
    );
    expect(formatMoney(12345678901234567890123456789n, 'EUR', 'sv-SE')).toBe(
      `123${NBSP}456${NBSP}789${NBSP}012${NBSP}345${NBSP}678${NBSP}901${NBSP}234${NBSP}567,89${NBSP}€`,
    );
  });

  it('keeps the exact digits of any amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), currencyArb, (minor, c) => {
        const shown = formatMoney(minor, c, 'en-GB', { withCurrency: false });
        const wire = formatAmount(minor, c);
        expect(shown.replaceAll(',', '')).toBe(wire);
      }),
    );
  });
});

describe('currency list', () => {
  it('has ISO 4217 minor digits', () => {
    const expected: Partial<Record<Currency, number>> = {
      SEK: 2,
      EUR: 2,
      USD: 2,
      NOK: 2,
      DKK: 2,
      GBP: 2,
      CHF: 2,
      JPY: 0,
      ISK: 0,
      KWD: 3,
    };
    for (const [c, d] of Object.entries(expected)) expect(minorDigits(c as Currency)).toBe(d);
  });
});
