/** fast-check helpers shared by the banking tests (not used by shipped code). */
import fc from 'fast-check';

export function digitString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength }).map((ds) => ds.join(''));
}

/** Changes the digit at `index` of `s` to a different digit (`delta` in 1..9). */
export function flipDigit(s: string, index: number, delta: number): string {
  const i = index % s.length;
  const d = (s.charCodeAt(i) - 48 + delta) % 10;
  return `${s.slice(0, i)}${d}${s.slice(i + 1)}`;
}
