import { expect, it } from 'vitest';
import { normaliseAmount } from './typed-amount';

it('takes spaces, a decimal comma or point, and grouping by threes in either style', () => {
  expect(normaliseAmount('12 500,50')).toBe('12500.50');
  expect(normaliseAmount('12\u00a0500.50')).toBe('12500.50');
  expect(normaliseAmount('1,234.56')).toBe('1234.56');
  expect(normaliseAmount('1.234,56')).toBe('1234.56');
  expect(normaliseAmount('2,000,000')).toBe('2000000');
  expect(normaliseAmount('2.000.000')).toBe('2000000');
  expect(normaliseAmount('12,345,678.9')).toBe('12345678.9');
});

it('leaves what does not group by threes as typed (but for spaces), for parsing to refuse', () => {
  expect(normaliseAmount('1,234')).toBe('1.234');
  expect(normaliseAmount('12,34,567')).toBe('12,34,567');
  expect(normaliseAmount('1.234.5')).toBe('1.234.5');
  expect(normaliseAmount(' 1 234,5.6 ')).toBe('1234,5.6');
});
