import { problem } from '../../../contract/problem';
import { ApiError } from '../../api/errors';
import type { LineField } from './line-draft';

const LINE_FIELDS: readonly LineField[] = [
  'creditor/name',
  'creditor/bankgiro',
  'creditor/plusgiro',
  'creditor/account',
  'creditor/iban',
  'creditor/bic',
  'amount/amount',
  'remittance/ocr',
  'remittance/message',
  'remittance',
];

export interface PlacedErrors {
  /** By line index: the field the error names (null when the form shows no such field) and its text. */
  lines: ReadonlyMap<number, { field: LineField | null; message: string }[]>;
  /** Errors about the batch as a whole (debtor account, execution date of all lines…) or none at all. */
  batch: { path: string | null; message: string }[];
}

/**
 * Places the errors of a failed write where the person can act on them: `/payments/3/creditor/bankgiro`
 * on line 3's bankgiro field. Anything else (a 409, a network failure) is about the whole batch.
 */
export function placeErrors(error: Error): PlacedErrors {
  const lines = new Map<number, { field: LineField | null; message: string }[]>();
  const batch: PlacedErrors['batch'] = [];
  const parsed = error instanceof ApiError ? problem.safeParse(error.problem) : null;
  const fieldErrors = parsed?.success ? (parsed.data.errors ?? []) : [];
  if (fieldErrors.length === 0) return { lines, batch: [{ path: null, message: error.message }] };
  for (const { path, message } of fieldErrors) {
    const match = /^\/payments\/(\d+)(?:\/(.*))?$/.exec(path);
    if (!match) {
      batch.push({ path, message });
      continue;
    }
    const index = Number(match[1]);
    const rest = match[2] ?? '';
    const field = LINE_FIELDS.find((candidate) => candidate === rest) ?? null;
    const list = lines.get(index) ?? [];
    list.push({ field, message: field === null && rest !== '' ? `${rest}: ${message}` : message });
    lines.set(index, list);
  }
  return { lines, batch };
}
