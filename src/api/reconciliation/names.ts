/*
 * Counterparty names as banks report them differ from the names in the ledger ("BERGSTRÖM BYGG AB",
 * "Bergström Bygg", "Bergstrom Bygg Aktiebolag"): both sides are reduced to a key before comparing.
 */

const LEGAL_FORMS = new Set([
  'ab',
  'aktiebolag',
  'publ',
  'hb',
  'kb',
  'as',
  'asa',
  'a/s',
  'aps',
  'oy',
  'oyj',
  'gmbh',
  'ag',
  'inc',
  'llc',
  'ltd',
  'limited',
  'plc',
  'bv',
  'nv',
  'co',
  'corp',
]);

const keyCache = new Map<string, string>();

/** Lower case, without accents, punctuation or legal form: the comparable core of a name. */
export function nameKey(name: string | null): string {
  if (name === null) return '';
  let key = keyCache.get(name);
  if (key === undefined) {
    key = computeNameKey(name);
    if (keyCache.size > 100_000) keyCache.clear();
    keyCache.set(name, key);
  }
  return key;
}

function computeNameKey(name: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9/ ]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !LEGAL_FORMS.has(word));
  return words.join(' ');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * Names repeat (a customer pays many invoices): each pair is compared once per process. Keyed by the
 * two names as they are, not by a key joined per call, whose hashing would cost more than a hit saves.
 */
const similarityCache = new Map<string, Map<string, number>>();
let similarityCacheSize = 0;
const SIMILARITY_CACHE_LIMIT = 100_000;

/** Sørensen–Dice similarity of the names' keys over character bigrams: 1 for the same key, 0 for nothing shared. */
export function nameSimilarity(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  let ofA = similarityCache.get(a);
  const cached = ofA?.get(b);
  if (cached !== undefined) return cached;
  const similarity = computeSimilarity(nameKey(a), nameKey(b));
  if (similarityCacheSize >= SIMILARITY_CACHE_LIMIT) {
    similarityCache.clear();
    similarityCacheSize = 0;
    ofA = undefined;
  }
  if (!ofA) {
    ofA = new Map();
    similarityCache.set(a, ofA);
  }
  ofA.set(b, similarity);
  similarityCacheSize += 1;
  return similarity;
}

function computeSimilarity(left: string, right: string): number {
  if (left === '' || right === '') return 0;
  if (left === right) return 1;
  const leftGrams = bigrams(left);
  const rightGrams = bigrams(right);
  let shared = 0;
  let total = 0;
  for (const count of leftGrams.values()) total += count;
  for (const [gram, count] of rightGrams) {
    total += count;
    shared += Math.min(count, leftGrams.get(gram) ?? 0);
  }
  return (2 * shared) / total;
}
