import { Link, useSearchParams } from 'react-router';
import { paymentBatchStatuses, type PaymentBatchSummary } from '../../../contract/payments';
import { useAuth, useCan } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { useViewParams, viewSearch } from '../../shell/view-params';
import {
  AccountOptions,
  StatusBadge,
  useAccountLabel,
  useAccountsByCompany,
  useActorLabel,
} from './batch-parts';
import { useBatches, type BatchFilters } from './get-batches';
import { statusKey, usePaymentsText } from './messages';

export function BatchesPage() {
  const t = usePaymentsText();
  const signedIn = useAuth().status === 'signed-in';
  const canCreate = useCan('write:payments');
  const [params] = useSearchParams();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="page-title" className="text-xl font-semibold">
          {t('batches')}
        </h2>
        {canCreate && (
          <Link className="btn" to={{ pathname: '/payments/new', search: viewSearch(params) }}>
            {t('newBatch')}
          </Link>
        )}
      </div>
      {signedIn ? <Batches /> : <SignInFirst />}
    </section>
  );
}

export function SignInFirst() {
  const { t } = useI18n();
  return <p className="card">{t('signInFirst')}</p>;
}

function Batches() {
  const t = usePaymentsText();
  const i18n = useI18n();
  const { params, set } = useViewParams();
  const accountName = useAccountLabel();
  const groups = useAccountsByCompany();
  const status = paymentBatchStatuses.find((candidate) => candidate === params.get('status'));
  const filters: BatchFilters = {
    ...(status ? { status } : {}),
    ...(params.get('account') ? { account: params.get('account') ?? '' } : {}),
  };
  const query = useBatches(filters, true);
  return (
    <>
      <form
        aria-label={i18n.t('filters')}
        className="card flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="flex flex-col gap-0.5">
          <span>{t('status')}</span>
          <select
            className="field"
            value={filters.status ?? ''}
            onChange={(event) => set({ status: event.target.value })}
          >
            <option value="">{t('allStatuses')}</option>
            {paymentBatchStatuses.map((value) => (
              <option key={value} value={value}>
                {t(statusKey(value))}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('debtorAccount')}</span>
          <select
            className="field"
            value={filters.account ?? ''}
            onChange={(event) => set({ account: event.target.value })}
          >
            <option value="">{t('allAccounts')}</option>
            <AccountOptions groups={groups} />
          </select>
        </label>
        <button type="button" className="btn-secondary" onClick={() => set({ status: null, account: null })}>
          {i18n.t('clearFilters')}
        </button>
      </form>
      {/* Focusable so that keyboard users can scroll a table wider than the screen. */}
      <div className="card overflow-x-auto" role="region" aria-label={t('batchTable')} tabIndex={0}>
        {query.isPending ? (
          <Skeleton rows={6} />
        ) : query.error ? (
          <QueryError what={t('batches')} error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.results.length === 0 ? (
          <Empty>{t('noBatches')}</Empty>
        ) : (
          <BatchTable batches={query.data.results} accountName={accountName} />
        )}
      </div>
    </>
  );
}

function BatchTable({
  batches,
  accountName,
}: {
  batches: readonly PaymentBatchSummary[];
  accountName: (id: string) => string;
}) {
  const t = usePaymentsText();
  const { money, date } = useI18n();
  const actorLabel = useActorLabel();
  const [params] = useSearchParams();
  return (
    <table className="data-table" data-testid="batches-table">
      <thead>
        <tr>
          <th scope="col">{t('batch')}</th>
          <th scope="col">{t('status')}</th>
          <th scope="col">{t('debtorAccount')}</th>
          <th scope="col" className="num">
            {t('totals')}
          </th>
          <th scope="col" className="num">
            {t('lineCount')}
          </th>
          <th scope="col">{t('executionDate')}</th>
          <th scope="col">{t('submitter')}</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((batch) => (
          <tr key={batch.id} data-batch-id={batch.id}>
            <td>
              <Link className="link" to={{ pathname: `/payments/${batch.id}`, search: viewSearch(params) }}>
                {batch.label ?? batch.id}
              </Link>
            </td>
            <td>
              <StatusBadge status={batch.status} />
            </td>
            <td>{accountName(batch.debtor_account_id)}</td>
            <td className="num">
              {batch.totals.map((total) => (
                <div key={total.currency}>{money(total)}</div>
              ))}
            </td>
            <td className="num">{batch.payment_count}</td>
            <td>
              {batch.first_execution_date === batch.last_execution_date
                ? date(batch.first_execution_date)
                : `${date(batch.first_execution_date)} – ${date(batch.last_execution_date)}`}
            </td>
            <td>{batch.submitted_by ? actorLabel(batch.submitted_by) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
