import { useCallback, useEffect, useState } from 'react';
import { paymentBatchStatuses, type PaymentBatchStatus } from '../../../contract/payments';
import { useI18n } from '../../lib/i18n';
import { statusKey, usePaymentsText } from '../payments/messages';
import type { LiveEvent } from './event-stream';
import { useLiveText } from './messages';
import { useLiveUpdates } from './use-live-updates';

const NOTICE_MS = 10_000;

interface BatchNotice {
  eventId: string;
  name: string;
  status: PaymentBatchStatus;
}

function batchNoticeOf(event: LiveEvent): BatchNotice | null {
  if (event.type !== 'payment.status.updated') return null;
  const { id, label, status } = event.data;
  if (typeof id !== 'string' || !paymentBatchStatuses.includes(status as PaymentBatchStatus)) return null;
  return {
    eventId: event.id,
    name: typeof label === 'string' && label ? label : id,
    status: status as PaymentBatchStatus,
  };
}

/**
 * Live updates for the whole dashboard, mounted once in the shell: the event stream keeps the
 * queries fresh, and a payment batch's new status is told in a small polite live region.
 */
export function LiveUpdates() {
  const t = useLiveText();
  const paymentsText = usePaymentsText();
  const { locale } = useI18n();
  const [notice, setNotice] = useState<BatchNotice | null>(null);
  useLiveUpdates(
    useCallback((event: LiveEvent) => {
      const next = batchNoticeOf(event);
      if (next) setNotice(next);
    }, []),
  );
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <div role="status" aria-live="polite" className="fixed right-4 bottom-4 z-20 max-w-sm">
      {notice && (
        <p
          key={notice.eventId}
          className="flex items-start gap-3 rounded border border-slate-300 bg-white px-4 py-3 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-800"
          data-testid="live-notice"
        >
          <span>
            {t('batchStatus', {
              name: notice.name,
              status: paymentsText(statusKey(notice.status)).toLocaleLowerCase(locale),
            })}
          </span>
          <button
            type="button"
            className="rounded px-1 text-slate-600 hover:text-slate-900 focus-visible:outline-2 dark:text-slate-300 dark:hover:text-white"
            aria-label={t('dismiss')}
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
