import type { ReactNode } from 'react';
import type { Currency } from '../../../banking/currency';
import {
  creditorBank,
  creditorKinds,
  numberField,
  type LineDraft,
  type LineField,
  type LineProblem,
} from './line-draft';
import { usePaymentsText } from './messages';

export interface LineErrors {
  /** Problems found as the person types, by field. */
  typed: Partial<Record<LineField, LineProblem>>;
  /** What the server said about this line: a field of the form, or null for one it does not show. */
  server: readonly { field: LineField | null; message: string }[];
}

function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm text-red-700 dark:text-red-300">
      {children}
    </p>
  );
}

/** One payment line of the new-batch form: every field checked as typed, server errors in place. */
export function LineEditor({
  index,
  line,
  currency,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  line: LineDraft;
  currency: Currency;
  errors: LineErrors;
  onChange: (line: LineDraft) => void;
  onRemove: (() => void) | null;
}) {
  const t = usePaymentsText();
  const id = (field: string) => `${line.key}-${field.replace('/', '-')}`;
  const messageFor = (field: LineField): string | null => {
    const server = errors.server.find((error) => error.field === field);
    if (server) return server.message;
    const problem = errors.typed[field];
    return problem ? t(`problem.${problem}`) : null;
  };
  const input = (
    field: LineField,
    label: string,
    value: string,
    set: (value: string) => void,
    extra: Record<string, unknown> = {},
    showError = true,
  ) => {
    const message = showError ? messageFor(field) : null;
    const inputId = showError ? id(field) : id(`${field}-clearing`);
    return (
      <div className="flex flex-col gap-0.5">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          className="field"
          value={value}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id(field)}-error` : undefined}
          onChange={(event) => set(event.target.value)}
          {...extra}
        />
        {message && <FieldError id={`${id(field)}-error`}>{message}</FieldError>}
      </div>
    );
  };
  const bank = creditorBank(line);
  const remittanceProblem = messageFor('remittance');
  const otherErrors = errors.server.filter((error) => error.field === null).map((error) => error.message);
  return (
    <fieldset className="card space-y-2" data-testid={`line-${index}`}>
      <legend className="font-medium">{t('line', { n: index + 1 })}</legend>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        {input('creditor/name', t('creditor'), line.name, (name) => onChange({ ...line, name }), {
          autoComplete: 'off',
        })}
        <label className="flex flex-col gap-0.5">
          <span>{t('creditorKind')}</span>
          <select
            className="field"
            value={line.kind}
            onChange={(event) =>
              onChange({
                ...line,
                kind: creditorKinds.find((kind) => kind === event.target.value) ?? 'bankgiro',
              })
            }
          >
            {creditorKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        {line.kind === 'account' &&
          input(
            'creditor/account',
            t('clearing'),
            line.clearing,
            (clearing) => onChange({ ...line, clearing }),
            { inputMode: 'numeric' },
            false,
          )}
        {input(
          line.kind === 'account' ? 'creditor/account' : numberField(line.kind),
          t(`number.${line.kind}`),
          line.number,
          (number) => onChange({ ...line, number }),
          { autoComplete: 'off', spellCheck: false },
        )}
        {line.kind === 'iban' &&
          input('creditor/bic', t('bic'), line.bic, (bic) => onChange({ ...line, bic }), {
            autoComplete: 'off',
          })}
        {input(
          'amount/amount',
          `${t('amount')} (${currency})`,
          line.amount,
          (amount) => onChange({ ...line, amount }),
          {
            inputMode: 'decimal',
          },
        )}
        {input('remittance/ocr', t('ocr'), line.ocr, (ocr) => onChange({ ...line, ocr }), {
          inputMode: 'numeric',
        })}
        {input('remittance/message', t('message'), line.message, (message) => onChange({ ...line, message }))}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-slate-700 dark:text-slate-300" data-testid={`line-${index}-bank`}>
          {line.kind === 'bankgiro'
            ? t('viaBankgirot')
            : line.kind === 'plusgiro'
              ? t('viaPlusgirot')
              : bank
                ? t('creditorBank', { bank })
                : ''}
        </p>
        {onRemove && (
          <button type="button" className="btn-secondary" onClick={onRemove}>
            {t('removeLine', { n: index + 1 })}
          </button>
        )}
      </div>
      {remittanceProblem && <FieldError id={id('remittance')}>{remittanceProblem}</FieldError>}
      {otherErrors.map((message) => (
        <FieldError key={message} id={`${line.key}-other`}>
          {message}
        </FieldError>
      ))}
    </fieldset>
  );
}
