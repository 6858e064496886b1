import type { DisplayLocale } from '../../../banking/money';
import type { Cashflow } from '../../../contract/reporting';
import { csvDecimal, toCsv } from '../../lib/csv';

export const CASHFLOW_CSV_HEADER = [
  'period',
  'start',
  'end',
  'opening_balance',
  'inflow',
  'outflow',
  'net',
  'intra_group_inflow',
  'intra_group_outflow',
  'intra_group_net',
  'fx_revaluation',
  'closing_balance',
  'currency',
] as const;

/** The cashflow periods as CSV (amounts in SEK, exact wire decimals; the same format as transactions). */
export function cashflowCsv(data: Cashflow, locale: DisplayLocale): string {
  return toCsv(
    CASHFLOW_CSV_HEADER,
    data.periods.map((period) => [
      period.period,
      period.start,
      period.end,
      ...[
        period.opening_balance,
        period.inflow,
        period.outflow,
        period.net,
        period.intra_group.inflow,
        period.intra_group.outflow,
        period.intra_group.net,
        period.fx_revaluation,
        period.closing_balance,
      ].map((money) => csvDecimal(money.amount, locale)),
      'SEK',
    ]),
    locale,
  );
}
