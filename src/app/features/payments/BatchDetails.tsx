import { useId, useMemo } from 'react';
import type { PaymentBatch } from '../../../contract/payments';
import { useI18n } from '../../lib/i18n';
import { StatusBadge, useActorLabel } from './batch-parts';
import { statusKey, usePaymentsText } from './messages';

/** A moment for people, in Stockholm time: `25 nov. 2026 14:05` / `25 Nov 2026, 14:05`. */
export function useDateTime() {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Stockholm',
    });
    return (iso: string) => format.format(new Date(iso));
  }, [locale]);
}

function creditorNumber(creditor: PaymentBatch['payments'][number]['creditor']): string {
  if (creditor.bankgiro) return creditor.bankgiro;
  if (creditor.plusgiro) return creditor.plusgiro;
  if (creditor.account) return `${creditor.account.clearing}, ${creditor.account.number}`;
  return [creditor.iban, creditor.bic].filter(Boolean).join(' / ');
}

export function BatchLines({ batch }: { batch: PaymentBatch }) {
  const t = usePaymentsText();
  const headingId = useId();
  const { money, date } = useI18n();
  return (
    // Focusable so that keyboard users can scroll a table wider than the screen.
    <div className="card overflow-x-auto" role="region" aria-labelledby={headingId} tabIndex={0}>
      <h3 id={headingId} className="mb-2 font-semibold">
        {t('lines')}
      </h3>
      <table className="data-table" data-testid="batch-lines">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('creditor')}</th>
            <th scope="col">{t('creditorKind')}</th>
            <th scope="col">{t('number')}</th>
            <th scope="col" className="num">
              {t('amount')}
            </th>
            <th scope="col">{t('executionDate')}</th>
            <th scope="col">{t('reference')}</th>
          </tr>
        </thead>
        <tbody>
          {batch.payments.map((line) => (
            <tr key={line.id}>
              <td className="num">{line.position + 1}</td>
              <td>
                {line.creditor.name}
                {line.first_payment_to_creditor && (
                  <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
                    {t('firstPayment')}
                  </span>
                )}
              </td>
              <td>{t(`kind.${line.creditor.kind}`)}</td>
              <td className="font-mono text-sm">{creditorNumber(line.creditor)}</td>
              <td className="num">{money(line.amount)}</td>
              <td>{date(line.execution_date)}</td>
              <td>
                {line.remittance.ocr ? `${t('ocr')} ${line.remittance.ocr}` : (line.remittance.message ?? '')}
                {line.rejection_reason && (
                  <span className="block text-red-700 dark:text-red-300">{line.rejection_reason}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BatchTimeline({ batch }: { batch: PaymentBatch }) {
  const t = usePaymentsText();
  const actorLabel = useActorLabel();
  const dateTime = useDateTime();
  return (
    <div className="card">
      <h3 className="mb-2 font-semibold">{t('history')}</h3>
      <ol className="space-y-2" data-testid="batch-timeline">
        {batch.history.map((change) => (
          <li key={`${change.at}-${change.to}`} className="flex flex-wrap items-baseline gap-2">
            <StatusBadge status={change.to} /> <span>{t('by', { name: actorLabel(change.actor) })}</span>{' '}
            <time dateTime={change.at} className="text-sm text-slate-700 dark:text-slate-300">
              {dateTime(change.at)}
            </time>
            {change.reason && <span className="w-full text-sm">{change.reason}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** "1 of 2 approvals": what the policy asks, who approved or rejected, what is still needed. */
export function approvalStateText(
  t: ReturnType<typeof usePaymentsText>,
  approval: { approvals_received: number; required_approvals: number; required_role: string | null },
): string {
  const state = t('approvalState', {
    received: approval.approvals_received,
    required: approval.required_approvals,
  });
  return approval.required_role ? `${state}, ${t('approvalRole', { role: approval.required_role })}` : state;
}

export function ApprovalSummary({ batch }: { batch: PaymentBatch }) {
  const t = usePaymentsText();
  const actorLabel = useActorLabel();
  const dateTime = useDateTime();
  const approval = batch.approval;
  return (
    <div className="card space-y-2">
      <h3 className="font-semibold">{t('approvalsGiven')}</h3>
      {!approval ? (
        <p>{t('noApprovalYet')}</p>
      ) : (
        <>
          <p data-testid="approval-state" className="font-medium">
            {approvalStateText(t, approval)}
          </p>
          <ul className="space-y-1">
            {approval.decisions.map((decision) => (
              <li key={`${decision.approver.id}-${decision.decided_at}`}>
                {decision.decision === 'approved'
                  ? t('approvedBy', { name: actorLabel(decision.approver) })
                  : t('rejectedBy', {
                      name: actorLabel(decision.approver),
                      reason: decision.reason ?? '',
                    })}{' '}
                <time dateTime={decision.decided_at} className="text-sm text-slate-700 dark:text-slate-300">
                  {dateTime(decision.decided_at)}
                </time>
              </li>
            ))}
          </ul>
          {approval.status === 'pending' && (
            <p>
              {t('approvalsNeeded', {
                count: Math.max(0, approval.required_approvals - approval.approvals_received),
              })}
            </p>
          )}
        </>
      )}
      {batch.status === 'rejected' && batch.rejection_reason && (
        <p className="text-red-700 dark:text-red-300" data-testid="rejection-reason">
          {t(statusKey('rejected'))}: {batch.rejection_reason}
        </p>
      )}
    </div>
  );
}
