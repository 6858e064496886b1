import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PaymentBatch, PaymentBatchStatus } from '../../../contract/payments';
import { useAuth, useCan } from '../../auth/auth';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { downloadText } from '../../lib/csv';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { usePendingApprovals } from '../approvals/get-pending';
import { DecisionButtons, useDecisionFlow } from '../approvals/use-decision-flow';
import { StatusBadge, useAccountLabel, useActorLabel } from './batch-parts';
import { ApprovalSummary, BatchLines, BatchTimeline, useDateTime } from './BatchDetails';
import { cancelBatch, fetchPain001, submitBatch } from './batch-writes';
import { batchKeys, useBatch } from './get-batches';
import { usePaymentsText } from './messages';
import { useIntentMutation } from './use-intent-mutation';
import { SignInFirst } from './BatchesPage';

/** The states a batch can still be cancelled from (not once it went to the bank). */
const CANCELLABLE: readonly PaymentBatchStatus[] = ['draft', 'submitted', 'pending_approval', 'approved'];

export function BatchPage() {
  const t = usePaymentsText();
  const { id = '' } = useParams();
  const signedIn = useAuth().status === 'signed-in';
  const [params] = useSearchParams();
  const query = useBatch(id, signedIn);
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <p>
        <Link className="link" to={{ pathname: '/payments', search: viewSearch(params) }}>
          ← {t('backToBatches')}
        </Link>
      </p>
      {!signedIn ? (
        <Placeholder>
          <SignInFirst />
        </Placeholder>
      ) : query.isPending ? (
        <Placeholder>
          <Skeleton rows={6} />
        </Placeholder>
      ) : query.error ? (
        <Placeholder>
          <QueryError what={t('batch')} error={query.error} onRetry={() => void query.refetch()} />
        </Placeholder>
      ) : (
        <Batch batch={query.data} />
      )}
    </section>
  );
}

/** The page's heading and what stands in for the batch while it cannot be shown. */
function Placeholder({ children }: { children: ReactNode }) {
  const t = usePaymentsText();
  return (
    <>
      <h2 id="page-title" className="text-xl font-semibold">
        {t('batch')}
      </h2>
      {children}
    </>
  );
}

function Batch({ batch }: { batch: PaymentBatch }) {
  const t = usePaymentsText();
  const { money, date } = useI18n();
  const actorLabel = useActorLabel();
  const dateTime = useDateTime();
  const accountName = useAccountLabel();
  const facts: [string, string][] = [
    [t('debtorAccount'), accountName(batch.debtor_account_id)],
    [t('totals'), batch.totals.map((total) => money(total)).join(', ')],
    [t('lineCount'), String(batch.payment_count)],
    [
      t('executionDate'),
      batch.first_execution_date === batch.last_execution_date
        ? date(batch.first_execution_date)
        : `${date(batch.first_execution_date)} – ${date(batch.last_execution_date)}`,
    ],
    [t('createdBy'), `${actorLabel(batch.created_by)}, ${dateTime(batch.created_at)}`],
    ...(batch.submitted_by && batch.submitted_at
      ? [
          [t('submitter'), `${actorLabel(batch.submitted_by)}, ${dateTime(batch.submitted_at)}`] as [
            string,
            string,
          ],
        ]
      : []),
  ];
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="page-title" className="text-xl font-semibold">
          {batch.label ?? batch.id}
        </h2>
        <span data-testid="batch-status">
          <StatusBadge status={batch.status} />
        </span>
      </div>
      <dl className="card grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium">{term}</dt>
            <dd className="tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <BatchActions batch={batch} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <ApprovalSummary batch={batch} />
        <BatchTimeline batch={batch} />
      </div>
      <BatchLines batch={batch} />
    </>
  );
}

function BatchActions({ batch }: { batch: PaymentBatch }) {
  const t = usePaymentsText();
  const queryClient = useQueryClient();
  const pending = usePendingApprovals(batch.status === 'pending_approval');
  const mine = pending.data?.results.find((approval) => approval.batch_id === batch.id);
  const flow = useDecisionFlow();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [version, setVersion] = useState<'03' | '09'>('03');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const onWritten = async (written: PaymentBatch) => {
    queryClient.setQueryData(batchKeys.detail(written.id), written);
    await queryClient.invalidateQueries({ queryKey: batchKeys.lists() });
  };
  const submit = useIntentMutation({
    write: (id: string, key) => submitBatch(id, key('submit')),
    onSuccess: onWritten,
  });
  const cancel = useIntentMutation({
    write: (id: string, key) => cancelBatch(id, key('cancel')),
    onSuccess: onWritten,
  });
  const failed = submit.error ?? cancel.error;
  const canWrite = useCan('write:payments');
  return (
    <div className="card space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        {canWrite && batch.status === 'draft' && (
          <button
            type="button"
            className="btn"
            disabled={submit.isPending}
            onClick={() => submit.send(batch.id)}
          >
            {t('submit')}
          </button>
        )}
        {mine && <DecisionButtons pending={mine} ask={flow.ask} />}
        {canWrite &&
          CANCELLABLE.includes(batch.status) &&
          (confirmCancel ? (
            <span className="flex flex-wrap items-center gap-2">
              <span>{t('confirmCancel', { label: batch.label ?? batch.id })}</span>
              <button
                type="button"
                className="btn"
                disabled={cancel.isPending}
                onClick={() => {
                  cancel.send(batch.id);
                  setConfirmCancel(false);
                }}
              >
                {t('cancelBatch')}
              </button>
              <button type="button" className="btn-secondary" onClick={() => setConfirmCancel(false)}>
                {t('close')}
              </button>
            </span>
          ) : (
            <button type="button" className="btn-secondary" onClick={() => setConfirmCancel(true)}>
              {t('cancel')}
            </button>
          ))}
        <label className="flex flex-col gap-0.5 text-sm">
          <span>{t('pain001Version')}</span>
          <select
            className="field"
            value={version}
            onChange={(event) => setVersion(event.target.value === '09' ? '09' : '03')}
          >
            <option value="03">pain.001.001.03</option>
            <option value="09">pain.001.001.09</option>
          </select>
        </label>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            setDownloadError(null);
            fetchPain001(batch.id, version).then(
              (xml) =>
                downloadText(`${batch.id}.pain.001.001.${version}.xml`, xml, 'application/xml;charset=utf-8'),
              (error: unknown) => setDownloadError(error instanceof Error ? error.message : String(error)),
            );
          }}
        >
          {t('downloadPain001')}
        </button>
      </div>
      {(submit.isPending || cancel.isPending) && <p role="status">{t('saving')}</p>}
      {failed && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {t('writeFailed', { message: failed.message })} {t('tryAgainSafe')}
        </p>
      )}
      {downloadError && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {t('writeFailed', { message: downloadError })}
        </p>
      )}
      {flow.failure}
      {flow.dialog}
    </div>
  );
}
