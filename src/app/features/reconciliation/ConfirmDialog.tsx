import { useId, useState } from 'react';
import { ModalDialog } from '../../components/ModalDialog';
import { useReconciliationText } from './messages';

/**
 * A question before a write that cannot be undone; a rejection may carry a reason. A native modal
 * dialog: focus stays inside, Escape closes it, focus returns where it was.
 */
export function ConfirmDialog({
  question,
  explanation,
  action,
  withReason = false,
  onConfirm,
  onClose,
}: {
  question: string;
  explanation: string;
  action: string;
  withReason?: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const t = useReconciliationText();
  const [reason, setReason] = useState('');
  const titleId = useId();
  const explanationId = useId();
  const reasonId = useId();
  return (
    <ModalDialog
      labelledBy={titleId}
      describedBy={explanationId}
      onClose={onClose}
      onSubmit={() => {
        onConfirm(reason.trim());
      }}
    >
      <h3 id={titleId} className="text-lg font-semibold">
        {question}
      </h3>
      <p id={explanationId}>{explanation}</p>
      {withReason && (
        <div className="flex flex-col gap-0.5">
          <label htmlFor={reasonId}>{t('rejectReason')}</label>
          <textarea
            id={reasonId}
            className="field"
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
      )}
      <div className="flex justify-end gap-3">
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t('close')}
        </button>
        <button type="submit" className="btn" autoFocus>
          {action}
        </button>
      </div>
    </ModalDialog>
  );
}
