import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal dialog, open while it is mounted, holding one form: focus stays inside, Escape closes it
 * (through `onClose`), and focus returns where it was. `onSubmit` gets the form's submission.
 */
export function ModalDialog({
  labelledBy,
  describedBy,
  onClose,
  onSubmit,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className="m-auto w-full max-w-md rounded-lg bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:text-slate-100"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </dialog>
  );
}
