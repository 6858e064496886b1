import type { DisplayLocale } from '../../../banking/money';
import type { Transaction } from '../../../contract/ledger';
import { csvDecimal, csvText, toCsv } from '../../lib/csv';

export const CSV_HEADER = [
  'id',
  'account_id',
  'booking_date',
  'value_date',
  'amount',
  'currency',
  'counterparty_name',
  'message',
  'ocr',
  'bank_reference',
  'intra_group',
  'reconciliation_state',
] as const;

/**
 * The loaded transactions as CSV. Column names are the API's field names; dates ISO 8601; amounts the
 * exact wire decimal with the locale's decimal mark (sv-SE: `;` and `,`; en-GB: `,` and `.`).
 */
export function transactionsCsv(rows: readonly Transaction[], locale: DisplayLocale): string {
  return toCsv(
    CSV_HEADER,
    rows.map((row) => [
      row.id,
      row.account_id,
      row.booking_date,
      row.value_date,
      csvDecimal(row.amount.amount, locale),
      row.amount.currency,
      csvText(row.counterparty_name),
      csvText(row.message),
      csvText(row.ocr),
      csvText(row.bank_reference),
      row.intra_group ? 'true' : 'false',
      row.reconciliation_state,
    ]),
    locale,
  );
}
