import { sql } from 'drizzle-orm';
import type { Database } from '../src/api/db/client';
import { selectRows } from '../src/api/db/rows';
import type { GroundTruthMatch } from '../src/demo/reconciliation-truth';

export interface Quality {
  autoConfirmed: number;
  autoConfirmedCorrect: number;
  /** Share of auto-confirmed matches whose every transaction settles every one of its items in the truth. */
  precision: number;
  matchableItems: number;
  rankedFirst: number;
  /** Share of the truth's items whose match has exactly the truth's transactions. */
  rankedFirstShare: number;
  proposed: number;
  /** Per kind of noise: matchable items, and how many had the right counterpart first. */
  byNoise: Record<string, { items: number; rankedFirst: number }>;
  /** The reasons of the first few wrongly auto-confirmed matches, to see what misled the engine. */
  wrong: string[];
}

/** Compares the engine's matches of a tenant with the ground truth. */
export async function measureQuality(
  db: Database,
  tenantId: string,
  truth: readonly GroundTruthMatch[],
): Promise<Quality> {
  const rows = await selectRows<{
    match_id: string;
    status: string;
    engine: boolean;
    kind: 't' | 'i';
    member: string;
  }>(
    db,
    sql`select m.id as match_id, m.status, coalesce(m.decided_by->>'type' = 'engine', false) as engine, 't' as kind,
          mt.transaction_id as member
        from reconciliation_matches m join reconciliation_match_transactions mt on mt.match_id = m.id
        where m.tenant_id = ${tenantId} and m.status <> 'rejected'
        union all
        select m.id, m.status, coalesce(m.decided_by->>'type' = 'engine', false), 'i', mi.open_item_id
        from reconciliation_matches m join reconciliation_match_items mi on mi.match_id = m.id
        where m.tenant_id = ${tenantId} and m.status <> 'rejected'`,
  );
  const matches = new Map<
    string,
    { auto: boolean; status: string; transactions: string[]; items: string[] }
  >();
  for (const row of rows) {
    const match = matches.get(row.match_id) ?? {
      auto: false,
      status: row.status,
      transactions: [],
      items: [],
    };
    match.auto = match.auto || (row.status === 'confirmed' && row.engine);
    (row.kind === 't' ? match.transactions : match.items).push(row.member);
    matches.set(row.match_id, match);
  }
  const settles = new Set<string>();
  const truthTransactionsOfItem = new Map<string, string>();
  const noiseOfItem = new Map<string, string>();
  for (const t of truth) {
    for (const item of t.openItemIds) {
      noiseOfItem.set(item, t.noise);
      truthTransactionsOfItem.set(item, [...t.transactionIds].sort().join(','));
      for (const transaction of t.transactionIds) settles.add(`${transaction}|${item}`);
    }
  }
  let autoConfirmed = 0;
  let autoConfirmedCorrect = 0;
  const wrongIds: string[] = [];
  const matchOfItem = new Map<string, string>();
  for (const [id, match] of matches) {
    for (const item of match.items) matchOfItem.set(item, [...match.transactions].sort().join(','));
    if (!match.auto) continue;
    autoConfirmed += 1;
    if (match.transactions.every((t) => match.items.every((i) => settles.has(`${t}|${i}`))))
      autoConfirmedCorrect += 1;
    else wrongIds.push(id);
  }
  let rankedFirst = 0;
  const byNoise: Quality['byNoise'] = {};
  for (const [item, transactions] of truthTransactionsOfItem) {
    const noise = byNoise[noiseOfItem.get(item) ?? '?'] ?? { items: 0, rankedFirst: 0 };
    noise.items += 1;
    if (matchOfItem.get(item) === transactions) {
      rankedFirst += 1;
      noise.rankedFirst += 1;
    }
    byNoise[noiseOfItem.get(item) ?? '?'] = noise;
  }
  const wrong = (
    await selectRows<{ reasons: string }>(
      db,
      sql`select reasons::text as reasons from reconciliation_matches where id = any(${sql.param(wrongIds.slice(0, 5))}::text[])`,
    )
  ).map((row) => row.reasons);
  return {
    autoConfirmed,
    autoConfirmedCorrect,
    precision: autoConfirmed === 0 ? 1 : autoConfirmedCorrect / autoConfirmed,
    matchableItems: truthTransactionsOfItem.size,
    rankedFirst,
    rankedFirstShare: truthTransactionsOfItem.size === 0 ? 1 : rankedFirst / truthTransactionsOfItem.size,
    proposed: [...matches.values()].filter((m) => m.status === 'proposed').length,
    byNoise,
    wrong,
  };
}
