/**
 * Check-digit algorithms shared by the Swedish number formats.
 * All functions take strings of ASCII digits only (callers validate first).
 */

/** Luhn (modulus 10, weights 2-1 from the right) check digit for `payload`. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // The rightmost payload digit gets weight 2 (the check digit will get weight 1).
  for (let i = payload.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    const product = (payload.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the rest. */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/**
 * Modulus 11 as Bankgirot's "Bankernas kontonummer" uses it: weights
 * 1, 2, 3, …, 10, 1, 2, … from the rightmost digit (the check digit has weight 1);
 * valid when the weighted sum is divisible by 11.
 */
export function isMod11Valid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) {
    sum += (digits.charCodeAt(i) - 48) * ((k % 10) + 1);
  }
  return sum % 11 === 0;
}

/** Only ASCII digits, at least one. */
export function isDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}
