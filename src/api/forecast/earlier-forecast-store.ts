import { sql } from 'drizzle-orm';
import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { withTenant } from '../db/tenant-scope';
import { BackgroundWrites } from './background-writes';
import type { ScopeHistory } from './engine';
import { scopeFingerprint } from './fingerprint';
import type { HistoryLoader } from './history-cache';
import type { KoncernHistory } from './history-query';

/*
 * What the forecast works out from earlier origins (the misses the bands are calibrated on, the backtest's
 * forecasts), stored per tenant for the next process and for other instances (migration 0025). A scope of a
 * large koncern needs some fifty such forecasts, about a second of work; a process that starts took that
 * second again for every scope it was asked for, although nothing they read had changed.
 *
 * A stored result is used only where the fingerprint of the history it read agrees (fingerprint.ts) and it was
 * worked out by this version of the model: the fingerprint covers the data, `FORECAST_MODEL_VERSION` the code.
 */

/**
 * The version of what the forecast works out from a history. Raise it with any change that moves a result:
 * results stored by another version are not used. `earlier-forecast-store.test.ts` holds a digest of the
 * results on a constructed history and fails when they move without it.
 */
export const FORECAST_MODEL_VERSION = 1;

interface StoredResult {
  fingerprint: string;
  value: unknown;
}

interface Attached {
  store: EarlierForecastStore;
  tenantId: string;
  /** The first day any scope of the tenant's history now starts on or after (`historyStart`); null if unknown. */
  historyStart: IsoDate | null;
  stored: ReadonlyMap<string, StoredResult>;
  /** Worked out since the scope was read, by slot: written by `storeEarlierForecasts`. */
  fresh: Map<string, StoredResult>;
}

const attachedTo = new WeakMap<ScopeHistory, Promise<Attached>>();
const attachedNow = new WeakMap<ScopeHistory, Attached>();
const storeOf = new WeakMap<KoncernHistory, { store: EarlierForecastStore; tenantId: string }>();

// JSON has no NaN (a week not yet in the history) nor infinities; the results hold numbers and no strings.
const encode = (value: unknown) =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
const decode = (text: string): unknown =>
  JSON.parse(text, (_, v: unknown) => (typeof v === 'string' ? Number(v) : v));

export class EarlierForecastStore {
  private readonly writes: BackgroundWrites;

  constructor(
    private readonly db: Database,
    onError: (error: unknown) => void,
  ) {
    this.writes = new BackgroundWrites(onError);
  }

  /**
   * Reads what is stored for the scope's accounts and history into the process, once per scope kept: what the
   * forecast then worked out from an earlier origin is taken from there where its fingerprint agrees.
   */
  async attach(
    tx: Database,
    tenantId: string,
    scope: ScopeHistory,
    historyStart: IsoDate | null = null,
  ): Promise<void> {
    let attaching = attachedTo.get(scope);
    if (!attaching) {
      attaching = this.read(tx, tenantId, scope).then(
        (stored) => {
          const attached = {
            store: this,
            tenantId,
            historyStart,
            stored,
            fresh: new Map<string, StoredResult>(),
          };
          attachedNow.set(scope, attached);
          return attached;
        },
        (error: unknown) => {
          // The scope may be kept for later requests: they read again.
          attachedTo.delete(scope);
          throw error;
        },
      );
      attachedTo.set(scope, attaching);
    }
    await attaching;
  }

  private async read(
    tx: Database,
    tenantId: string,
    scope: ScopeHistory,
  ): Promise<Map<string, StoredResult>> {
    const firstDay = scope.days[0]?.date;
    const stored = new Map<string, StoredResult>();
    if (firstDay === undefined) return stored;
    const rows = await selectRows<{ slot: string; fingerprint: string; value: string }>(
      tx,
      sql`select slot, fingerprint, value from forecast_earlier_results
          where tenant_id = ${tenantId} and scope = ${scopeFingerprint(scope)} and first_day = ${firstDay}::date
            and model_version = ${FORECAST_MODEL_VERSION}`,
    );
    for (const row of rows) {
      try {
        stored.set(row.slot, { fingerprint: row.fingerprint, value: decode(row.value) });
      } catch {
        // A value that does not parse is worked out again, and stored anew.
      }
    }
    return stored;
  }

  /**
   * Stores results in the background, each slot replacing what was stored for it (not one of a later model
   * version), and forgets what the scope's accounts had stored for an earlier first day or model version, and
   * what any scope of the tenant had stored for a first day before `historyStart` (a company since removed,
   * say: no history starts there any more).
   */
  write(
    tenantId: string,
    scope: ScopeHistory,
    results: ReadonlyMap<string, StoredResult>,
    historyStart: IsoDate | null = null,
  ): void {
    const firstDay: IsoDate | undefined = scope.days[0]?.date;
    if (firstDay === undefined || results.size === 0) return;
    // In the order of the key, as every writer goes: two writers of the same slots never wait on each other in turn.
    const rows = JSON.stringify(
      [...results]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([slot, result]) => ({ slot, fingerprint: result.fingerprint, value: encode(result.value) })),
    );
    const scopeKey = scopeFingerprint(scope);
    this.writes.start(() =>
      withTenant(this.db, tenantId, async (tx) => {
        await tx.execute(sql`
          insert into forecast_earlier_results (tenant_id, slot, scope, first_day, model_version, fingerprint, value)
          select ${tenantId}, r.slot, ${scopeKey}, ${firstDay}::date, ${FORECAST_MODEL_VERSION}, r.fingerprint, r.value
          from jsonb_to_recordset(${rows}::jsonb) as r(slot text, fingerprint text, value text)
          on conflict (tenant_id, slot) do update
            set model_version = excluded.model_version, fingerprint = excluded.fingerprint, value = excluded.value,
              stored_at = now()
            where forecast_earlier_results.model_version <= excluded.model_version`);
        await tx.execute(sql`
          delete from forecast_earlier_results
          where tenant_id = ${tenantId} and scope = ${scopeKey}
            and (first_day < ${firstDay}::date or model_version < ${FORECAST_MODEL_VERSION})`);
        if (historyStart !== null) {
          await tx.execute(sql`
            delete from forecast_earlier_results where tenant_id = ${tenantId} and first_day < ${historyStart}::date`);
        }
      }),
    );
  }

  /** Resolves once every write begun so far has ended. */
  settle(): Promise<void> {
    return this.writes.settle();
  }
}

/** `load`, with what its histories' forecasts work out from earlier origins stored in `store`. */
export function withEarlierForecastStore(load: HistoryLoader, store: EarlierForecastStore): HistoryLoader {
  return async (tx, tenantId, koncernId, today) => {
    const history = await load(tx, tenantId, koncernId, today);
    storeOf.set(history, { store, tenantId });
    return history;
  };
}

/** Reads what is stored for the scope, where its history was loaded with a store (`withEarlierForecastStore`). */
export async function readEarlierForecasts(
  tx: Database,
  history: KoncernHistory,
  scope: ScopeHistory,
): Promise<void> {
  const target = storeOf.get(history);
  if (target) await target.store.attach(tx, target.tenantId, scope, history.from);
}

/** What is stored for `slot`, where it was worked out from a history with this fingerprint. */
export function storedEarlierResult(scope: ScopeHistory, slot: string, fingerprint: string): unknown {
  const stored = attachedNow.get(scope)?.stored.get(slot);
  return stored?.fingerprint === fingerprint ? stored.value : undefined;
}

/** Notes a result the process worked out, for `storeEarlierForecasts` to store. */
export function noteEarlierResult(
  scope: ScopeHistory,
  slot: string,
  fingerprint: string,
  value: unknown,
): void {
  attachedNow.get(scope)?.fresh.set(slot, { fingerprint, value });
}

/** Stores, in the background, what was worked out for the scope since it was read or last stored. */
export function storeEarlierForecasts(scope: ScopeHistory): void {
  const attached = attachedNow.get(scope);
  if (!attached || attached.fresh.size === 0) return;
  const fresh = attached.fresh;
  attached.fresh = new Map();
  attached.store.write(attached.tenantId, scope, fresh, attached.historyStart);
}
