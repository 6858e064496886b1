import { pairKey, type MatchableItem, type MatchableTransaction, type Proposal, type Reason } from './model';
import { nameKey } from './names';
import {
  amountFit,
  confidenceOf,
  dateEvidence,
  daysFrom,
  directionOf,
  epochDayOf,
  itemTokens,
  messageTokens,
  nameEvidence,
  paidTowards,
  scorePair,
  show,
  toleranceMinor,
  WEIGHTS,
  type PairScore,
} from './scoring';
import { subsetsNear, toSafeNumber } from './subsets';

/** Below this confidence nothing is proposed: an amount alone, or a stranger's name, is noise. */
export const MIN_PROPOSAL_CONFIDENCE = 0.5;
/** Competing candidates within this many log-odds of each other make the better one less certain. */
const AMBIGUITY_MARGIN = 2;
/** How many nearby open items (or payments) the search for combined (or split) payments considers. */
const GROUP_CANDIDATES = 12;
const MAX_ITEMS_PER_PAYMENT = 4;
/** How far from the payment's date the search for combined (or split) payments looks. */
const GROUP_WINDOW_DAYS = 60;
const MAX_PAYMENTS_PER_ITEM = 3;

interface Pair {
  transaction: MatchableTransaction;
  item: MatchableItem;
  score: PairScore;
  adjusted: number;
  ambiguous: boolean;
}

/** The worded reasons of a pair the engine proposes (scoring leaves them out for speed). */
function explain(pair: Pair): Reason[] {
  const reasons = scorePair(pair.transaction, pair.item, true)?.reasons ?? [];
  return pair.ambiguous
    ? [...reasons, { code: 'ambiguous', detail: 'another candidate fits almost as well' }]
    : reasons;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addAll<T>(set: Set<T>, values: readonly T[] | undefined): void {
  if (values) for (const value of values) set.add(value);
}

function bucket(companyId: string, currency: string, kind: MatchableItem['kind'], rest: string): string {
  return `${companyId}|${currency}|${kind}|${rest}`;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Entries ascending by amount (ties by id), with each amount as a plain number alongside: the
 * searches compare numbers, not bigints, and check the few entries they find exactly.
 */
interface ByAmount<T> {
  entries: T[];
  amounts: Float64Array;
}

function byAmount<T extends { id: string }>(
  lists: ReadonlyMap<string, T[]>,
  amountOf: (entry: T) => bigint,
): Map<string, ByAmount<T>> {
  const sorted = new Map<string, ByAmount<T>>();
  for (const [key, unsorted] of lists) {
    const numbers = unsorted.map((entry) => Number(amountOf(entry)));
    // Numbers decide wherever they differ; only equal ones (rounded together beyond 2^53, or equal
    // amounts) are told apart by the bigint and then the id.
    const order = unsorted
      .map((_, i) => i)
      .sort((i, j) => {
        const difference = (numbers[i] ?? 0) - (numbers[j] ?? 0);
        if (difference !== 0) return difference;
        const a = unsorted[i] as T;
        const b = unsorted[j] as T;
        const exact = amountOf(a) - amountOf(b);
        return exact < 0n ? -1 : exact > 0n ? 1 : byId(a, b);
      });
    sorted.set(key, {
      entries: order.map((i) => unsorted[i] as T),
      amounts: Float64Array.from(order, (i) => numbers[i] ?? 0),
    });
  }
  return sorted;
}

/** The first index of an ascending list whose value is at least `value`. */
function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? value) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Adds the entries whose amount lies in [lowest, highest]. Number() keeps the order of bigints
 * (beyond 2^53 it may round two of them together), so the number search finds a superset that the
 * bigint check narrows exactly.
 */
function addWithin(
  found: Set<MatchableItem>,
  list: ByAmount<MatchableItem> | undefined,
  lowest: bigint,
  highest: bigint,
): void {
  if (!list) return;
  const { entries, amounts } = list;
  const top = Number(highest);
  for (let i = lowerBound(amounts, Number(lowest)); i < entries.length && (amounts[i] ?? top) <= top; i++) {
    const item = entries[i];
    if (item && item.openMinor >= lowest && item.openMinor <= highest) found.add(item);
  }
}

/** Candidate lookups over the open items: each is a hash lookup, so one payment never scans them all. */
class ItemIndex {
  private readonly byEndToEnd = new Map<string, MatchableItem[]>();
  private readonly byOcr = new Map<string, MatchableItem[]>();
  private readonly byToken = new Map<string, MatchableItem[]>();
  /** Per company, currency and direction: the items by open amount (one map key per bucket, not per amount). */
  private readonly byBucket: Map<string, ByAmount<MatchableItem>>;
  /** Per company, currency, direction and name key: the items by open amount. */
  private readonly byName: Map<string, ByAmount<MatchableItem>>;

  constructor(items: readonly MatchableItem[]) {
    const byBucket = new Map<string, MatchableItem[]>();
    const byName = new Map<string, MatchableItem[]>();
    for (const item of items) {
      if (item.endToEndId !== null) push(this.byEndToEnd, item.endToEndId, item);
      if (item.ocr !== null) push(this.byOcr, item.ocr, item);
      for (const token of itemTokens(item)) push(this.byToken, token, item);
      const prefix = bucket(item.companyId, item.currency, item.kind, '');
      push(byBucket, prefix, item);
      push(byName, prefix + nameKey(item.counterpartyName), item);
    }
    const openMinor = (item: MatchableItem) => item.openMinor;
    this.byBucket = byAmount(byBucket, openMinor);
    this.byName = byAmount(byName, openMinor);
  }

  candidates(transaction: MatchableTransaction): MatchableItem[] {
    const kind = directionOf(transaction);
    const paid = paidTowards(transaction, kind);
    const found = new Set<MatchableItem>();
    if (transaction.endToEndId !== null) addAll(found, this.byEndToEnd.get(transaction.endToEndId));
    if (transaction.ocr !== null) addAll(found, this.byOcr.get(transaction.ocr));
    for (const token of messageTokens(transaction.message)) addAll(found, this.byToken.get(token));
    const prefix = bucket(transaction.companyId, transaction.currency, kind, '');
    addWithin(found, this.byBucket.get(prefix), paid, paid);
    // Same payer: invoices the payment covers up to a fee or an FX difference.
    if (transaction.counterpartyName !== null) {
      const widest = toleranceMinor(paid + (paid * 12n) / 100n, transaction.currency);
      addWithin(
        found,
        this.byName.get(prefix + nameKey(transaction.counterpartyName)),
        paid - widest,
        paid + widest,
      );
    }
    return [...found];
  }
}

/** Pair keys are built only when something was rejected: most runs have nothing to look up. */
function rejectedPairs(rejected: ReadonlySet<string>): (transactionId: string, itemId: string) => boolean {
  return rejected.size === 0 ? () => false : (t, item) => rejected.has(pairKey(t, item));
}

/** The best and second-best log-odds of a group of competing pairs. */
function topTwo(pairs: readonly Pair[]): [number, number] {
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (const pair of pairs) {
    const value = pair.score.logOdds;
    if (value > first) {
      second = first;
      first = value;
    } else if (value > second) second = value;
  }
  return [first, second];
}

function ambiguityPenalty(
  pair: Pair,
  competitors: readonly Pair[],
  tops: Map<readonly Pair[], [number, number]>,
): number {
  if (competitors.length < 2) return 0;
  let top = tops.get(competitors);
  if (!top) {
    top = topTwo(competitors);
    tops.set(competitors, top);
  }
  const [first, second] = top;
  const other = pair.score.logOdds === first ? second : first;
  if (other === Number.NEGATIVE_INFINITY) return 0;
  return Math.min(AMBIGUITY_MARGIN + 1, Math.max(0, AMBIGUITY_MARGIN - (pair.score.logOdds - other)));
}

interface Draft {
  transactions: MatchableTransaction[];
  items: MatchableItem[];
  applied: bigint[];
  logOdds: number;
  reasons: Reason[];
  differenceMinor: bigint;
}

function toProposal(draft: Draft): Proposal {
  const first = draft.transactions[0];
  if (!first) throw new Error('a match has at least one transaction');
  return {
    transactionIds: draft.transactions.map((t) => t.id),
    items: draft.items.map((item, i) => ({ openItemId: item.id, appliedMinor: draft.applied[i] ?? 0n })),
    confidence: confidenceOf(draft.logOdds),
    reasons: draft.reasons,
    differenceMinor: draft.differenceMinor,
    accountId: first.accountId,
    companyId: first.companyId,
    bookingDate: draft.transactions.map((t) => t.bookingDate).sort()[0] ?? first.bookingDate,
    currency: first.currency,
  };
}

function dateDistance(a: string, b: string): number {
  return Math.abs(daysFrom(a, b));
}

/**
 * Proposes matches between the given unreconciled transactions and open items: first every
 * one-to-one (or partial) pair the candidate lookups find, scored and taken best-first so that no
 * transaction or item is used twice; then, among what is left, one payment covering several invoices
 * of one payer, and several payments adding up to one invoice. Pairs in `rejected` are never proposed.
 * Deterministic: the same input gives the same proposals.
 */
export function proposeMatches(input: {
  transactions: readonly MatchableTransaction[];
  items: readonly MatchableItem[];
  rejected: ReadonlySet<string>;
}): Proposal[] {
  const transactions = [...input.transactions].sort(byId);
  const items = [...input.items].sort(byId);
  const index = new ItemIndex(items);

  const isRejected = rejectedPairs(input.rejected);
  const pairs: Pair[] = [];
  /** Each pair's competitors for its transaction: a transaction's pairs are found together. */
  const transactionPairs: Pair[][] = [];
  const fullPairsOfItem = new Map<MatchableItem, Pair[]>();
  for (const transaction of transactions) {
    if (transaction.amountMinor === 0n) continue;
    const competitors: Pair[] = [];
    for (const item of index.candidates(transaction)) {
      if (isRejected(transaction.id, item.id)) continue;
      const score = scorePair(transaction, item);
      if (!score) continue;
      const pair: Pair = { transaction, item, score, adjusted: score.logOdds, ambiguous: false };
      pairs.push(pair);
      competitors.push(pair);
      transactionPairs.push(competitors);
      if (score.fit !== 'partial') push(fullPairsOfItem, item, pair);
    }
  }
  const tops = new Map<readonly Pair[], [number, number]>();
  pairs.forEach((pair, i) => {
    const penalty = Math.max(
      ambiguityPenalty(pair, transactionPairs[i] ?? [], tops),
      pair.score.fit === 'partial' ? 0 : ambiguityPenalty(pair, fullPairsOfItem.get(pair.item) ?? [], tops),
    );
    pair.adjusted -= penalty;
    pair.ambiguous = penalty >= 0.5;
  });
  pairs.sort((a, b) => b.adjusted - a.adjusted || byId(a.transaction, b.transaction) || byId(a.item, b.item));

  const drafts: Draft[] = [];
  const draftOfItem = new Map<string, Draft>();
  const usedTransactions = new Set<string>();
  for (const pair of pairs) {
    if (confidenceOf(pair.adjusted) < MIN_PROPOSAL_CONFIDENCE) break;
    const { transaction, item, score } = pair;
    if (usedTransactions.has(transaction.id)) continue;
    const paid = paidTowards(transaction, item.kind);
    const existing = draftOfItem.get(item.id);
    if (existing) {
      // Another instalment of an item already paid in part, quoting the item as the first did.
      if (score.fit !== 'partial' || existing.items.length !== 1) continue;
      const appliedSoFar = existing.applied[0] ?? 0n;
      const fit = amountFit(appliedSoFar + paid, item.openMinor, item.currency);
      if (fit === null) continue;
      existing.transactions.push(transaction);
      existing.logOdds = Math.min(existing.logOdds, pair.adjusted);
      existing.applied[0] = fit === 'partial' ? appliedSoFar + paid : item.openMinor;
      existing.differenceMinor = fit === 'tolerance' ? appliedSoFar + paid - item.openMinor : 0n;
      existing.reasons.push({
        code: 'partial_payment',
        detail: `with the earlier instalment ${show(appliedSoFar + paid, item.currency)} of ${show(item.openMinor, item.currency)} is paid`,
      });
      usedTransactions.add(transaction.id);
      continue;
    }
    const draft: Draft = {
      transactions: [transaction],
      items: [item],
      applied: [score.fit === 'partial' ? paid : item.openMinor],
      logOdds: pair.adjusted,
      reasons: explain(pair),
      differenceMinor: score.fit === 'tolerance' ? paid - item.openMinor : 0n,
    };
    drafts.push(draft);
    draftOfItem.set(item.id, draft);
    usedTransactions.add(transaction.id);
  }

  const freeItems = items.filter((item) => !draftOfItem.has(item.id));
  const freeTransactions = transactions.filter((t) => !usedTransactions.has(t.id) && t.amountMinor !== 0n);
  drafts.push(...combinedPayments(freeTransactions, freeItems, isRejected, usedTransactions, draftOfItem));
  drafts.push(
    ...splitPayments(
      freeTransactions.filter((t) => !usedTransactions.has(t.id)),
      freeItems.filter((item) => !draftOfItem.has(item.id)),
      isRejected,
      usedTransactions,
      draftOfItem,
    ),
  );
  return drafts.map(toProposal);
}

function groupLogOdds(
  fit: 'exact' | 'tolerance',
  name: { logOdds: number },
  quoted: number,
  members: number,
  alternatives: number,
  datePenalty: number,
): number {
  let logOdds: number = WEIGHTS.prior + name.logOdds + datePenalty;
  logOdds += fit === 'exact' ? WEIGHTS.amountExact : WEIGHTS.amountWithinTolerance;
  if (quoted === members) logOdds += WEIGHTS.referenceInMessage;
  else if (quoted > 0) logOdds += WEIGHTS.referenceInMessage / 2;
  if (alternatives > 1) logOdds -= WEIGHTS.ambiguousCombination;
  return logOdds;
}

/** One payment settling several open invoices of the same payer. */
function combinedPayments(
  transactions: readonly MatchableTransaction[],
  items: readonly MatchableItem[],
  isRejected: (transactionId: string, itemId: string) => boolean,
  usedTransactions: Set<string>,
  draftOfItem: Map<string, Draft>,
): Draft[] {
  const byName = new Map<string, MatchableItem[]>();
  for (const item of items) {
    push(byName, bucket(item.companyId, item.currency, item.kind, nameKey(item.counterpartyName)), item);
  }
  const datedByName = datedLists(
    byName,
    (item) => item.dueDate,
    (item) => item.openMinor,
  );
  const drafts: Draft[] = [];
  for (const transaction of transactions) {
    if (transaction.counterpartyName === null) continue;
    const kind = directionOf(transaction);
    const paid = paidTowards(transaction, kind);
    const key = bucket(
      transaction.companyId,
      transaction.currency,
      kind,
      nameKey(transaction.counterpartyName),
    );
    const nearby = nearestByDate(
      datedByName.get(key) ?? NOTHING_DATED,
      transaction.bookingDate,
      paid,
      (item) => !draftOfItem.has(item.id) && item.openMinor < paid && !isRejected(transaction.id, item.id),
    );
    if (nearby.length < 2) continue;
    const quotedTokens = new Set(messageTokens(transaction.message));
    const best = bestGroup(
      subsetsNear(
        nearby.map((item) => toSafeNumber(item.openMinor)),
        toSafeNumber(paid),
        toSafeNumber(toleranceMinor(paid, transaction.currency)),
        MAX_ITEMS_PER_PAYMENT,
      ).map((indices) => {
        const members = indices
          .map((i) => nearby[i])
          .filter((item): item is MatchableItem => item !== undefined);
        const total = members.reduce((sum, item) => sum + item.openMinor, 0n);
        const quoted = members.filter(
          (item) =>
            (transaction.ocr !== null && item.ocr === transaction.ocr) ||
            itemTokens(item).some((token) => quotedTokens.has(token)),
        ).length;
        const days = members.reduce(
          (sum, item) => sum + dateDistance(item.dueDate, transaction.bookingDate),
          0,
        );
        return { members, total, quoted, days };
      }),
      paid,
    );
    if (!best) continue;
    const { group, alternatives } = best;
    const fit = group.total === paid ? 'exact' : 'tolerance';
    const first = group.members[0];
    if (!first) continue;
    const name = nameEvidence(transaction.counterpartyName, first.counterpartyName);
    const date = dateEvidence(transaction.bookingDate, first.dueDate);
    const logOdds = groupLogOdds(fit, name, group.quoted, group.members.length, alternatives, date.logOdds);
    if (confidenceOf(logOdds) < MIN_PROPOSAL_CONFIDENCE) continue;
    const reasons: Reason[] = [
      {
        code: 'combined_payment',
        detail: `one payment of ${show(paid, transaction.currency)} for ${group.members.length} invoices totalling ${show(group.total, transaction.currency)}`,
      },
    ];
    if (group.quoted > 0) {
      reasons.push({
        code: 'reference_in_message',
        detail: `the message quotes ${group.quoted} of the ${group.members.length} invoices`,
      });
    }
    if (name.reason) reasons.push(name.reason);
    if (date.reason) reasons.push(date.reason);
    if (alternatives > 1) reasons.push({ code: 'ambiguous', detail: 'other combinations add up as well' });
    const draft: Draft = {
      transactions: [transaction],
      items: group.members,
      applied: group.members.map((item) => item.openMinor),
      logOdds,
      reasons,
      differenceMinor: paid - group.total,
    };
    drafts.push(draft);
    usedTransactions.add(transaction.id);
    for (const item of group.members) draftOfItem.set(item.id, draft);
  }
  return drafts;
}

/** Several payments of one payer adding up to one open invoice. */
function splitPayments(
  transactions: readonly MatchableTransaction[],
  items: readonly MatchableItem[],
  isRejected: (transactionId: string, itemId: string) => boolean,
  usedTransactions: Set<string>,
  draftOfItem: Map<string, Draft>,
): Draft[] {
  const byName = new Map<string, MatchableTransaction[]>();
  for (const transaction of transactions) {
    if (transaction.counterpartyName === null) continue;
    push(
      byName,
      bucket(
        transaction.companyId,
        transaction.currency,
        directionOf(transaction),
        nameKey(transaction.counterpartyName),
      ),
      transaction,
    );
  }
  const datedByName = datedLists(
    byName,
    (t) => t.bookingDate,
    (t) => paidTowards(t, directionOf(t)),
  );
  const drafts: Draft[] = [];
  for (const item of items) {
    const key = bucket(item.companyId, item.currency, item.kind, nameKey(item.counterpartyName));
    const nearby = nearestByDate(
      datedByName.get(key) ?? NOTHING_DATED,
      item.dueDate,
      item.openMinor,
      (t) =>
        !usedTransactions.has(t.id) &&
        paidTowards(t, item.kind) < item.openMinor &&
        !isRejected(t.id, item.id),
    );
    if (nearby.length < 2) continue;
    const tokens = new Set(itemTokens(item));
    const best = bestGroup(
      subsetsNear(
        nearby.map((t) => toSafeNumber(paidTowards(t, item.kind))),
        toSafeNumber(item.openMinor),
        toSafeNumber(toleranceMinor(item.openMinor, item.currency)),
        MAX_PAYMENTS_PER_ITEM,
      ).map((indices) => {
        const members = indices
          .map((i) => nearby[i])
          .filter((t): t is MatchableTransaction => t !== undefined);
        const total = members.reduce((sum, t) => sum + paidTowards(t, item.kind), 0n);
        const quoted = members.filter(
          (t) =>
            (t.ocr !== null && t.ocr === item.ocr) ||
            messageTokens(t.message).some((token) => tokens.has(token)),
        ).length;
        const days = members.reduce((sum, t) => sum + dateDistance(t.bookingDate, item.dueDate), 0);
        return { members, total, quoted, days };
      }),
      item.openMinor,
    );
    if (!best) continue;
    const { group, alternatives } = best;
    const fit = group.total === item.openMinor ? 'exact' : 'tolerance';
    const first = group.members[0];
    if (!first) continue;
    const name = nameEvidence(first.counterpartyName, item.counterpartyName);
    const date = dateEvidence(first.bookingDate, item.dueDate);
    const logOdds = groupLogOdds(fit, name, group.quoted, group.members.length, alternatives, date.logOdds);
    if (confidenceOf(logOdds) < MIN_PROPOSAL_CONFIDENCE) continue;
    const reasons: Reason[] = [
      {
        code: 'partial_payment',
        detail: `${group.members.length} payments totalling ${show(group.total, item.currency)} for ${show(item.openMinor, item.currency)}`,
      },
    ];
    if (name.reason) reasons.push(name.reason);
    if (date.reason) reasons.push(date.reason);
    if (alternatives > 1) reasons.push({ code: 'ambiguous', detail: 'other combinations add up as well' });
    const members = [...group.members].sort(
      (a, b) => a.bookingDate.localeCompare(b.bookingDate) || byId(a, b),
    );
    const draft: Draft = {
      transactions: members,
      items: [item],
      applied: [item.openMinor],
      logOdds,
      reasons,
      differenceMinor: group.total - item.openMinor,
    };
    drafts.push(draft);
    draftOfItem.set(item.id, draft);
    for (const t of members) usedTransactions.add(t.id);
  }
  return drafts;
}

/**
 * Entries in date order (ties by id), each one's epoch day and amount alongside: what the group
 * searches walk.
 */
interface Dated<T> {
  entries: readonly T[];
  days: Int32Array;
  amounts: Float64Array;
}

const NOTHING_DATED: Dated<never> = { entries: [], days: new Int32Array(0), amounts: new Float64Array(0) };

function datedLists<T extends { id: string }>(
  lists: ReadonlyMap<string, T[]>,
  dateOf: (entry: T) => string,
  amountOf: (entry: T) => bigint,
): Map<string, Dated<T>> {
  const dated = new Map<string, Dated<T>>();
  for (const [key, entries] of lists) {
    entries.sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || byId(a, b));
    dated.set(key, {
      entries,
      days: Int32Array.from(entries, (entry) => epochDayOf(dateOf(entry))),
      amounts: Float64Array.from(entries, (entry) => Number(amountOf(entry))),
    });
  }
  return dated;
}

/**
 * Up to GROUP_CANDIDATES entries below `below` that `accept` admits, nearest to `date` first, no
 * further than GROUP_WINDOW_DAYS away: found from the date outwards, so a payer with thousands of
 * invoices costs no more than one with a few. Each entry's distance is worked out once, as the walk
 * reaches it; entries whose amount as a number is already above `below` (so is the bigint) are
 * passed over without asking `accept`, which decides exactly.
 */
function nearestByDate<T extends { id: string }>(
  list: Dated<T>,
  date: string,
  below: bigint,
  accept: (entry: T) => boolean,
): T[] {
  const { entries, days, amounts } = list;
  const day = epochDayOf(date);
  const ceiling = Number(below);
  const low = lowerBound(days, day);
  const distance = (index: number) =>
    index >= 0 && index < entries.length ? Math.abs((days[index] ?? day) - day) : Number.POSITIVE_INFINITY;
  const found: { entry: T; days: number }[] = [];
  let left = low - 1;
  let right = low;
  let beforeDays = distance(left);
  let afterDays = distance(right);
  while (found.length < GROUP_CANDIDATES && Math.min(beforeDays, afterDays) <= GROUP_WINDOW_DAYS) {
    const fromBefore = beforeDays <= afterDays;
    const index = fromBefore ? left : right;
    const entryDays = fromBefore ? beforeDays : afterDays;
    if (fromBefore) beforeDays = distance(--left);
    else afterDays = distance(++right);
    if ((amounts[index] ?? ceiling) > ceiling) continue;
    const entry = entries[index];
    if (entry && accept(entry)) found.push({ entry, days: entryDays });
  }
  return found.sort((a, b) => a.days - b.days || byId(a.entry, b.entry)).map(({ entry }) => entry);
}

interface Group<T> {
  members: T[];
  total: bigint;
  quoted: number;
  days: number;
}

/**
 * The most convincing combination: most members quoted, then an exact sum, then fewest days off; and
 * how many are as convincing. A sum that is only near the target needs at least one quoted member.
 */
function bestGroup<T>(all: Group<T>[], target: bigint): { group: Group<T>; alternatives: number } | null {
  const groups = all.filter((g) => g.total === target || g.quoted > 0);
  const exact = (g: Group<T>) => (g.total === target ? 0 : 1);
  groups.sort(
    (a, b) =>
      b.quoted - a.quoted || exact(a) - exact(b) || a.days - b.days || a.members.length - b.members.length,
  );
  const group = groups[0];
  if (!group) return null;
  return {
    group,
    alternatives: groups.filter((g) => g.quoted === group.quoted && exact(g) === exact(group)).length,
  };
}
