import { useEffect, useMemo, useState } from 'react';
import type { ReconciliationMatch } from '../../../contract/reconciliation';
import { useCan } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { formatCount } from '../../lib/format';
import { useViewParams } from '../../shell/view-params';
import { useCompanies } from '../accounts/get-companies';
import { AccountOptions, useAccountLabel, useAccountsByCompany } from '../payments/batch-parts';
import { BulkProgress } from './BulkProgress';
import { ConfirmDialog } from './ConfirmDialog';
import { useQueue, type ConfidenceBand, type QueueFilters } from './get-reconciliation';
import { MatchCard } from './MatchCard';
import { useReconciliationText } from './messages';
import { useBulkConfirm, useMatchDecision } from './reconciliation-writes';

const BANDS: readonly ConfidenceBand[] = ['all', 'high', 'medium', 'low'];
/**
 * What a treasurer confirms without reading each one. Below the engine's own auto-confirm threshold
 * (0.97 by default) the queue's high band would otherwise be a sliver.
 */
const HIGH_CONFIDENCE = 0.9;

/** Keys typed into a field are text, not commands. */
function typingInAField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The queue's filters live in the URL, so a filtered queue is a link. */
function useQueueFilters() {
  const { params, set } = useViewParams();
  const filters: QueueFilters = {
    band: BANDS.find((band) => band === params.get('band')) ?? 'all',
    ...(params.get('account_id') ? { accountId: params.get('account_id') ?? '' } : {}),
    ...(params.get('company_id') ? { companyId: params.get('company_id') ?? '' } : {}),
    ...(params.get('date_from') ? { dateFrom: params.get('date_from') ?? '' } : {}),
    ...(params.get('date_to') ? { dateTo: params.get('date_to') ?? '' } : {}),
  };
  return { filters, set };
}

function QueueFilterBar({ koncernId }: { koncernId: string }) {
  const t = useReconciliationText();
  const { filters, set } = useQueueFilters();
  const groups = useAccountsByCompany();
  const companies = useCompanies(koncernId).data?.results ?? [];
  return (
    <fieldset className="card flex min-w-0 flex-wrap items-end gap-3">
      <legend className="sr-only">{t('filters')}</legend>
      <label className="flex max-w-full flex-col gap-0.5">
        {t('account')}
        <select
          className="field"
          value={filters.accountId ?? ''}
          onChange={(e) => set({ account_id: e.target.value })}
        >
          <option value="">{t('allAccounts')}</option>
          <AccountOptions groups={groups} />
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {t('company')}
        <select
          className="field"
          value={filters.companyId ?? ''}
          onChange={(e) => set({ company_id: e.target.value })}
        >
          <option value="">{t('allCompanies')}</option>
          {companies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {t('dateFrom')}
        <input
          type="date"
          className="field"
          value={filters.dateFrom ?? ''}
          onChange={(e) => set({ date_from: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        {t('dateTo')}
        <input
          type="date"
          className="field"
          value={filters.dateTo ?? ''}
          onChange={(e) => set({ date_to: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-0.5">
        {t('band')}
        <select
          className="field"
          value={filters.band}
          onChange={(e) => set({ band: e.target.value === 'all' ? null : e.target.value })}
        >
          {BANDS.map((band) => (
            <option key={band} value={band}>
              {t(`band.${band}`)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

export function MatchQueue({ koncernId }: { koncernId: string }) {
  return (
    <div className="space-y-4 pt-4">
      <QueueFilterBar koncernId={koncernId} />
      <QueueList />
    </div>
  );
}

type Asked = { kind: 'reject'; match: ReconciliationMatch } | { kind: 'bulk'; matchIds: string[] };

function QueueList() {
  const t = useReconciliationText();
  const { locale, money } = useI18n();
  const accountName = useAccountLabel();
  const { filters } = useQueueFilters();
  const query = useQueue(filters);
  const matches = useMemo(() => query.data?.results ?? [], [query.data]);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [asked, setAsked] = useState<Asked | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canDecide = useCan('write:reconciliation');
  const decision = useMatchDecision({
    onDecided: (match) => setNotice(t(match.status === 'confirmed' ? 'confirmed' : 'rejected')),
  });
  const bulk = useBulkConfirm();
  const index = Math.max(
    0,
    matches.findIndex((match) => match.id === currentId),
  );
  const current = matches[index];
  const { send } = decision;

  const toggle = (id: string) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selectedShown = matches.filter((match) => selected.has(match.id));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (asked || event.altKey || event.ctrlKey || event.metaKey || typingInAField(event.target)) return;
      const move = (by: number) => {
        const next = matches[Math.min(matches.length - 1, Math.max(0, index + by))];
        if (next) {
          setCurrentId(next.id);
          document.getElementById(`match-${next.id}`)?.focus();
        }
      };
      if (event.key === 'j') move(1);
      else if (event.key === 'k') move(-1);
      else if (!canDecide) return;
      else if (event.key === 'c' && current) {
        // The next one becomes current, so c c c works down the queue.
        setCurrentId(matches[index + 1]?.id ?? matches[index - 1]?.id ?? null);
        send({ matchId: current.id, decision: 'confirm' });
      } else if (event.key === 'x' && current) setAsked({ kind: 'reject', match: current });
      else if (event.key === ' ' && current && !(event.target instanceof HTMLButtonElement))
        toggle(current.id);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [matches, index, current, asked, send, canDecide]);

  if (query.isPending) return <Skeleton rows={5} label={t('queue')} />;
  if (query.error)
    return <QueryError what={t('queue')} error={query.error} onRetry={() => void query.refetch()} />;

  const confirmIds = (ids: string[]) => {
    setSelected(new Set());
    void bulk.start(ids);
  };

  return (
    <>
      {decision.error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {t('decisionFailed', { message: decision.error.message })}
        </p>
      )}
      <p role="status" className="sr-only">
        {notice}
      </p>
      {bulk.state && <BulkProgress state={bulk.state} onDismiss={bulk.dismiss} />}
      {!canDecide && <p className="card">{t('queueReadOnly')}</p>}
      {matches.length === 0 ? (
        <Empty>{t('queueEmpty')}</Empty>
      ) : (
        <>
          {canDecide && (
            <SelectionBar
              matches={matches}
              selectedShown={selectedShown}
              bulkRunning={bulk.state?.running === true}
              onSelect={setSelected}
              onConfirmSelected={() => setAsked({ kind: 'bulk', matchIds: selectedShown.map((m) => m.id) })}
            />
          )}
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {t(canDecide ? 'keyboardHelp' : 'keyboardHelpReadOnly')}
          </p>
          <ul className="space-y-2" aria-label={t('queue')} data-testid="match-queue">
            {matches.map((match) => (
              <MatchCard
                key={match.id}
                match={match}
                account={accountName(match.account_id)}
                current={match.id === current?.id}
                onFocus={() => setCurrentId(match.id)}
                decision={
                  canDecide
                    ? {
                        selected: selected.has(match.id),
                        onToggle: () => toggle(match.id),
                        onConfirm: () => send({ matchId: match.id, decision: 'confirm' }),
                        onReject: () => setAsked({ kind: 'reject', match }),
                      }
                    : null
                }
              />
            ))}
          </ul>
        </>
      )}
      {asked?.kind === 'reject' && (
        <ConfirmDialog
          question={t('rejectQuestion', {
            amount: asked.match.transactions.map((tx) => money(tx.amount)).join(', '),
          })}
          explanation={t('rejectExplain')}
          action={t('reject')}
          withReason
          onClose={() => setAsked(null)}
          onConfirm={(reason) => {
            setAsked(null);
            send({ matchId: asked.match.id, decision: 'reject', ...(reason ? { reason } : {}) });
          }}
        />
      )}
      {asked?.kind === 'bulk' && (
        <ConfirmDialog
          question={t('bulkQuestion', { count: formatCount(asked.matchIds.length, locale) })}
          explanation={t('bulkExplain')}
          action={t('confirm')}
          onClose={() => setAsked(null)}
          onConfirm={() => {
            setAsked(null);
            confirmIds(asked.matchIds);
          }}
        />
      )}
    </>
  );
}

/** Selecting proposals to confirm together: the high-confidence ones, all, or one by one. */
function SelectionBar({
  matches,
  selectedShown,
  bulkRunning,
  onSelect,
  onConfirmSelected,
}: {
  matches: readonly ReconciliationMatch[];
  selectedShown: readonly ReconciliationMatch[];
  bulkRunning: boolean;
  onSelect: (ids: ReadonlySet<string>) => void;
  onConfirmSelected: () => void;
}) {
  const t = useReconciliationText();
  const { locale } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        className="btn-secondary"
        onClick={() =>
          onSelect(new Set(matches.filter((m) => m.confidence >= HIGH_CONFIDENCE).map((m) => m.id)))
        }
      >
        {t('selectHigh')}
      </button>
      <button
        type="button"
        className="btn-secondary"
        onClick={() => onSelect(new Set(matches.map((m) => m.id)))}
      >
        {t('selectAll')}
      </button>
      {selectedShown.length > 0 && (
        <>
          <span data-testid="selected-count">
            {t('selectedCount', { count: formatCount(selectedShown.length, locale) })}
          </span>
          <button type="button" className="btn" disabled={bulkRunning} onClick={onConfirmSelected}>
            {t('confirmSelected')}
          </button>
          <button type="button" className="btn-secondary" onClick={() => onSelect(new Set())}>
            {t('clearSelection')}
          </button>
        </>
      )}
    </div>
  );
}
