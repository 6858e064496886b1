import { useId, useState } from 'react';
import { ModalDialog } from '../../components/ModalDialog';
import { usePaymentsText } from '../payments/messages';

export interface DecisionRequest {
  decision: 'approve' | 'reject';
  /** The amount as people read it, e.g. `250 000,00 SEK`. */
  amount: string;
  account: string;
}

/**
 * The confirmation before a decision, naming the amount; a rejection needs a reason. A native modal
 * dialog: focus stays inside, Escape closes it, focus returns where it was.
 */
export function DecisionDialog({
  request,
  onConfirm,
  onClose,
}: {
  request: DecisionRequest;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const t = usePaymentsText();
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const titleId = useId();
  const errorId = useId();
  const reasonId = useId();
  const rejecting = request.decision === 'reject';
  return (
    <ModalDialog
      labelledBy={titleId}
      onClose={onClose}
      onSubmit={() => {
        if (rejecting && reason.trim() === '') {
          setMissingReason(true);
          return;
        }
        onConfirm(reason.trim());
      }}
    >
      <h3 id={titleId} className="text-lg font-semibold">
        {t(rejecting ? 'confirmReject' : 'confirmApprove', {
          amount: request.amount,
          account: request.account,
        })}
      </h3>
      {rejecting && (
        <div className="flex flex-col gap-0.5">
          <label htmlFor={reasonId}>{t('rejectionReason')}</label>
          <textarea
            id={reasonId}
            className="field"
            rows={3}
            maxLength={500}
            value={reason}
            aria-invalid={missingReason ? true : undefined}
            aria-describedby={missingReason ? errorId : undefined}
            onChange={(event) => {
              setReason(event.target.value);
              setMissingReason(false);
            }}
            // The dialog opens for this: typing the reason is the next thing to do.
            autoFocus
          />
          {missingReason && (
            <p id={errorId} className="text-sm text-red-700 dark:text-red-300">
              {t('reasonRequired')}
            </p>
          )}
        </div>
      )}
      <div className="flex justify-end gap-3">
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t('close')}
        </button>
        <button type="submit" className="btn" autoFocus={!rejecting}>
          {t(rejecting ? 'reject' : 'approve')}
        </button>
      </div>
    </ModalDialog>
  );
}
