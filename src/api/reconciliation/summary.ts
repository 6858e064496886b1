import { sql } from 'drizzle-orm';
import type { ReconciliationSummary } from '../../contract/reconciliation-queue';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';

interface SummaryRow {
  week_starts_on: string;
  confirmed: number;
  auto_confirmed: number;
  waiting: number;
  oldest_since_ms: string | null;
  oldest_booking_date: string | null;
  unmatched_transactions: number;
  unmatched_open_items: number;
}

/**
 * The queue at a glance, in one round trip. "This week" begins Monday 00:00 in Stockholm, whatever
 * the server's time zone; the engine's own confirmations are those it decided as `engine`.
 */
export async function reconciliationSummary(tx: Database, tenantId: string): Promise<ReconciliationSummary> {
  const [row] = await selectRows<SummaryRow>(
    tx,
    sql`with week as (
          select date_trunc('week', now() at time zone 'Europe/Stockholm') as local_start
        ), confirmed as (
          select m.decided_by ->> 'type' as decided_by_type
          from reconciliation_matches m
          where m.tenant_id = ${tenantId} and m.status = 'confirmed'
            and m.decided_at >= (select local_start from week) at time zone 'Europe/Stockholm'
        ), waiting as (
          select m.proposed_at, m.booking_date
          from reconciliation_matches m
          where m.tenant_id = ${tenantId} and m.status = 'proposed'
        )
        select (select local_start::date::text from week) as week_starts_on,
          (select count(*)::int from confirmed) as confirmed,
          (select count(*)::int from confirmed where decided_by_type = 'engine') as auto_confirmed,
          (select count(*)::int from waiting) as waiting,
          (select (extract(epoch from min(proposed_at)) * 1000)::bigint::text from waiting) as oldest_since_ms,
          (select min(booking_date)::text from waiting) as oldest_booking_date,
          (select count(*)::int from transactions t
            where t.tenant_id = ${tenantId} and t.reconciliation_state = 'unreconciled' and not t.intra_group
          ) as unmatched_transactions,
          (select count(*)::int from open_items i
            where i.tenant_id = ${tenantId} and i.status = 'open' and i.amount_minor > i.settled_minor
              and not exists (select 1 from reconciliation_match_items p where p.open_item_id = i.id and p.pending)
          ) as unmatched_open_items`,
  );
  if (!row) throw new Error('the reconciliation summary query returned no row');
  const confirmed = Number(row.confirmed);
  const autoConfirmed = Number(row.auto_confirmed);
  return {
    week_starts_on: row.week_starts_on,
    confirmed_this_week: confirmed,
    auto_confirmed_this_week: autoConfirmed,
    // Rounded to basis points like the confidences: a share, not a float's last digits.
    auto_matched_share: confirmed === 0 ? null : Math.round((autoConfirmed / confirmed) * 10_000) / 10_000,
    proposals_waiting: Number(row.waiting),
    oldest_waiting_since:
      row.oldest_since_ms === null ? null : new Date(Number(row.oldest_since_ms)).toISOString(),
    oldest_waiting_booking_date: row.oldest_booking_date,
    unmatched_transactions: Number(row.unmatched_transactions),
    unmatched_open_items: Number(row.unmatched_open_items),
  };
}
