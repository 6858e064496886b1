import type { IsoDate } from '../../banking/dates';
import type { RecurringObservation } from './recurring';

/**
 * Who a transaction paid or was paid by, as one key however the bank spelt it: transactions imported
 * from bank files carry no category, so their recurring flows are recognised by counterparty. A name is
 * compared without case, punctuation or legal form ("VASAKRONAN AB" is "Vasakronan AB (publ)"), an
 * account without spaces, dashes or a giro prefix ("BG 5050-1055" is "50501055"); a name and an account seen on the
 * same transaction are the same counterparty, so a payment that names only one of them still joins it.
 */

/** Legal forms that banks print or leave out at will. */
const LEGAL_FORMS = new Set([
  'ab',
  'publ',
  'aktiebolag',
  'hb',
  'kb',
  'oy',
  'oyj',
  'as',
  'asa',
  'a/s',
  'aps',
  'gmbh',
  'ag',
  'ltd',
  'limited',
  'inc',
  'llc',
  'bv',
  'nv',
  'sa',
]);

export function normaliseCounterpartyName(name: string): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && w !== '/');
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length > 0 ? kept : words).join(' ');
}

export function normaliseCounterpartyAccount(account: string): string {
  return account
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*(bankgiro|plusgiro|bg|pg)\b/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** One transaction's counterparty as the bank reported it (both may be missing). */
export interface ReportedCounterparty {
  name: string | null;
  account: string | null;
}

/**
 * The party key of each of `reported` (null where neither a name nor an account is given): names and
 * accounts seen together are joined, transitively (union–find), and the key is the group's smallest.
 */
export function partyKeys(reported: readonly ReportedCounterparty[]): (string | null)[] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let n = node; n !== root;) {
      const next = parent.get(n) ?? root;
      parent.set(n, root);
      n = next;
    }
    return root;
  };
  const nodesOf = ({ name, account }: ReportedCounterparty): string[] => {
    const nodes: string[] = [];
    const n = name === null ? '' : normaliseCounterpartyName(name);
    const a = account === null ? '' : normaliseCounterpartyAccount(account);
    if (n !== '') nodes.push(`name:${n}`);
    if (a !== '') nodes.push(`account:${a}`);
    return nodes;
  };
  const nodes = reported.map(nodesOf);
  for (const list of nodes) {
    for (const node of list) if (!parent.has(node)) parent.set(node, node);
    const [first, ...others] = list;
    for (const other of others) {
      const a = find(first ?? other);
      const b = find(other);
      // The smaller key becomes the root, so the key does not depend on the order of the rows.
      if (a !== b) {
        if (a < b) parent.set(b, a);
        else parent.set(a, b);
      }
    }
  }
  return nodes.map((list) => (list[0] === undefined ? null : find(list[0])));
}

/** A day's sum of one account's transactions of one category (or none) and one reported counterparty. */
export interface RecurringTransactionDay extends ReportedCounterparty {
  accountId: string;
  currency: string;
  category: string | null;
  intraGroup: boolean;
  date: IsoDate;
  amountMinor: bigint;
}

/**
 * The observations the recurring series are found in, each with its counterparty's key. Uncategorised
 * payments to a counterparty that the same account, in the same direction, paid under exactly one
 * recurring category take that category: a history whose categorisation stopped (bank files imported
 * after a categorised start) stays one series, neither counted twice nor broken in two.
 */
export function recurringObservations(days: readonly RecurringTransactionDay[]): RecurringObservation[] {
  const parties = partyKeys(days);
  const observations = days.map((d, i): RecurringObservation => ({
    accountId: d.accountId,
    currency: d.currency,
    category: d.category,
    party: parties[i] ?? null,
    counterparty: d.name ?? d.account,
    intraGroup: d.intraGroup,
    date: d.date,
    amountMinor: d.amountMinor,
  }));
  const keyOf = (o: RecurringObservation) =>
    `${o.accountId}|${o.intraGroup}|${o.amountMinor > 0n ? 'in' : 'out'}|${o.party ?? ''}`;
  const categories = new Map<string, Set<string>>();
  for (const o of observations) {
    if (o.category === null || o.party === null) continue;
    const set = categories.get(keyOf(o)) ?? new Set<string>();
    set.add(o.category);
    categories.set(keyOf(o), set);
  }
  return observations.map((o) => {
    if (o.category !== null || o.party === null) return o;
    const known = categories.get(keyOf(o));
    const [only] = known ?? [];
    return known?.size === 1 && only !== undefined ? { ...o, category: only } : o;
  });
}
