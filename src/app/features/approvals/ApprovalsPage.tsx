import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PendingApproval } from '../../../contract/payments';
import { useAuth } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { useAccountLabel, useActorLabel } from '../payments/batch-parts';
import {
  ApprovalSummary,
  approvalStateText,
  BatchLines,
  BatchTimeline,
  useDateTime,
} from '../payments/BatchDetails';
import { SignInFirst } from '../payments/BatchesPage';
import { useBatch } from '../payments/get-batches';
import { usePaymentsText } from '../payments/messages';
import { usePendingApprovals } from './get-pending';
import { DecisionButtons, useDecisionFlow } from './use-decision-flow';

export function ApprovalsPage() {
  const t = usePaymentsText();
  const signedIn = useAuth().status === 'signed-in';
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('inbox')}
      </h2>
      {signedIn ? <Inbox /> : <SignInFirst />}
    </section>
  );
}

/** Keys typed into a field are text, not commands. */
function typingInAField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function Inbox() {
  const t = usePaymentsText();
  const query = usePendingApprovals(true);
  const flow = useDecisionFlow();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const approvals = useMemo(() => query.data?.results ?? [], [query.data]);
  const index = Math.max(
    0,
    approvals.findIndex((approval) => approval.id === selectedId),
  );
  const selected = approvals[index];
  const { ask, dialogOpen } = flow;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialogOpen || event.altKey || event.ctrlKey || event.metaKey || typingInAField(event.target))
        return;
      const move = (by: number) => {
        const next = approvals[Math.min(approvals.length - 1, Math.max(0, index + by))];
        if (next) {
          setSelectedId(next.id);
          document.getElementById(`approval-${next.id}`)?.focus();
        }
      };
      if (event.key === 'j') move(1);
      else if (event.key === 'k') move(-1);
      else if (event.key === 'a' && selected) ask(selected, 'approve');
      else if (event.key === 'r' && selected) ask(selected, 'reject');
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [approvals, index, selected, ask, dialogOpen]);

  if (query.isPending) return <Skeleton rows={5} />;
  if (query.error) {
    return <QueryError what={t('inbox')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const readOnly = approvals.length > 0 && approvals.every((approval) => !approval.can_decide);
  return (
    <>
      {readOnly && <p className="card">{t('inboxReadOnly')}</p>}
      {flow.failure}
      {approvals.length === 0 ? (
        <Empty>{t('inboxEmpty')}</Empty>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <div className="space-y-2">
            {!readOnly && <p className="text-sm text-slate-700 dark:text-slate-300">{t('keyboardHelp')}</p>}
            <ul className="space-y-2" aria-label={t('inbox')} data-testid="inbox">
              {approvals.map((approval) => (
                <InboxItem
                  key={approval.id}
                  approval={approval}
                  selected={approval.id === selected?.id}
                  onSelect={() => setSelectedId(approval.id)}
                />
              ))}
            </ul>
          </div>
          {selected && <Selected approval={selected} ask={ask} />}
        </div>
      )}
      {flow.dialog}
    </>
  );
}

function InboxItem({
  approval,
  selected,
  onSelect,
}: {
  approval: PendingApproval;
  selected: boolean;
  onSelect: () => void;
}) {
  const t = usePaymentsText();
  const { money, date } = useI18n();
  const accountName = useAccountLabel();
  const actorLabel = useActorLabel();
  const dateTime = useDateTime();
  const { batch } = approval;
  return (
    <li>
      <button
        type="button"
        id={`approval-${approval.id}`}
        aria-current={selected ? 'true' : undefined}
        data-batch-id={batch.id}
        onClick={onSelect}
        className={`w-full rounded-lg border p-3 text-left ${
          selected
            ? 'border-sky-700 bg-sky-50 dark:border-sky-300 dark:bg-sky-950'
            : 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900'
        }`}
      >
        <span className="flex flex-wrap items-baseline justify-between gap-2">
          <span className="font-semibold">{batch.label ?? batch.id}</span>
          <span className="text-lg font-semibold tabular-nums">
            {batch.totals.map((total) => money(total)).join(', ')}
          </span>
        </span>
        <span className="block text-sm">
          {accountName(batch.debtor_account_id)} · {t('lineCount')}: {batch.payment_count} · {t('dueDate')}:{' '}
          {date(batch.first_execution_date)}
        </span>
        <span className="block text-sm">
          {t('largestCreditors')}:{' '}
          {approval.largest_creditors
            .map((creditor) => `${creditor.name} ${money(creditor.amount)}`)
            .join('; ')}
        </span>
        <span className="block text-sm">
          <span className="font-medium" data-testid="inbox-approval-state">
            {approvalStateText(t, approval)}
          </span>
          {batch.submitted_by && batch.submitted_at && (
            <>
              {' '}
              · {t('submitter')} {actorLabel(batch.submitted_by)}, {dateTime(batch.submitted_at)}
            </>
          )}
        </span>
      </button>
    </li>
  );
}

function Selected({
  approval,
  ask,
}: {
  approval: PendingApproval;
  ask: (pending: PendingApproval, decision: 'approve' | 'reject') => void;
}) {
  const t = usePaymentsText();
  const [params] = useSearchParams();
  const batch = useBatch(approval.batch_id, true);
  return (
    <div className="space-y-4" aria-live="polite">
      <div className="card flex flex-wrap items-center justify-between gap-3">
        <h3 className="font-semibold">{approval.batch.label ?? approval.batch.id}</h3>
        <div className="flex flex-wrap items-center gap-3">
          <DecisionButtons pending={approval} ask={ask} />
          <Link
            className="link"
            to={{ pathname: `/payments/${approval.batch_id}`, search: viewSearch(params) }}
          >
            {t('open')}
          </Link>
        </div>
      </div>
      {batch.isPending ? (
        <Skeleton rows={4} />
      ) : batch.error ? (
        <QueryError what={t('batch')} error={batch.error} onRetry={() => void batch.refetch()} />
      ) : (
        <>
          <ApprovalSummary batch={batch.data} />
          <BatchLines batch={batch.data} />
          <BatchTimeline batch={batch.data} />
        </>
      )}
    </div>
  );
}
