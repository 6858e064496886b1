import { useAuth } from '../../auth/auth';
import { usePaymentsText } from '../payments/messages';
import { INBOX_PAGE, usePendingApprovals } from './get-pending';

/** The number of batches awaiting the person's decision, beside "Approvals" in the navigation. */
export function ApprovalBadge() {
  const t = usePaymentsText();
  const signedIn = useAuth().status === 'signed-in';
  const query = usePendingApprovals(signedIn);
  // What the person can act on: a CFO overseeing the inbox read-only has nothing waiting on them.
  const count = query.data?.results.filter((approval) => approval.can_decide).length ?? 0;
  if (count === 0) return null;
  const shown = query.data?.next_cursor ? `${INBOX_PAGE}+` : String(count);
  return (
    <span
      className="ml-1.5 rounded-full bg-amber-700 px-1.5 py-0.5 text-xs font-semibold text-white"
      data-testid="approvals-badge"
    >
      <span aria-hidden="true">{shown}</span>
      <span className="sr-only">{t('waitingBadge', { count: shown })}</span>
    </span>
  );
}
