import type {
  CashflowForecast,
  ForecastAccuracy,
  ForecastPeriod,
  LiquidityWarnings,
} from '../../../contract/forecast';

/* Hand-made forecast answers with known figures, shared by the forecast's tests. */

export const KONCERN = 'kon_0123456789';
const COMPANY = 'co_0000000042';
const ACCOUNT = 'acct_0000000001';

export const sek = (amount: string) => ({ amount, currency: 'SEK' });

const split = (inflow: string, outflow: string, net: string) => ({
  inflow: sek(inflow),
  outflow: sek(outflow),
  net: sek(net),
});

function period(
  label: string,
  start: string,
  end: string,
  opening: string,
  closing: string,
  extra: Partial<ForecastPeriod> = {},
): ForecastPeriod {
  return {
    kind: 'forecast',
    period: label,
    start,
    end,
    opening_balance: sek(opening),
    inflow: sek('300000.00'),
    outflow: sek('-500000.00'),
    net: sek('-200000.00'),
    intra_group_net: sek('0.00'),
    closing_balance: sek(closing),
    band_80: { low: sek('700000.00'), high: sek('900000.00') },
    band_95: { low: sek('650000.00'), high: sek('950000.10') },
    sources: {
      known: split('100000.00', '-250000.00', '-150000.00'),
      recurring: split('0.00', '-120000.00', '-120000.00'),
      statistical: split('200000.00', '-130000.00', '70000.00'),
    },
    known_flows: [],
    known_flows_omitted: { count: 0, inflow: sek('0.00'), outflow: sek('0.00') },
    recurring_flows: [],
    ...extra,
  };
}

/** Two forecast weeks after Wednesday 2026-12-09: the rest of week 50, then week 51 with its flows. */
export const forecastFixture: CashflowForecast = {
  as_of: '2026-12-09',
  weeks: 2,
  to: '2026-12-23',
  periods: [
    period('2026-W50', '2026-12-10', '2026-12-13', '1000000.00', '800000.00'),
    period('2026-W51', '2026-12-14', '2026-12-20', '800000.00', '600000.00', {
      known_flows: [
        {
          source: 'payment_batch',
          reference: 'batch_0000000007',
          counterparty: 'Leverantörer december',
          account_id: ACCOUNT,
          date: '2026-12-14',
          scheduled_date: '2026-12-14',
          amount: sek('-250000.00'),
          sek: sek('-250000.00'),
        },
        {
          source: 'receivable',
          reference: 'oi_0000000011',
          counterparty: 'Karjalan Rakennus Oy Ab',
          account_id: ACCOUNT,
          date: '2026-12-16',
          scheduled_date: '2026-12-11',
          amount: { amount: '8000.00', currency: 'EUR' },
          sek: sek('91388.00'),
        },
      ],
      // Three small receivables are beyond the listed ones: 8,612.00 of the 100,000.00 known inflow.
      known_flows_omitted: { count: 3, inflow: sek('8612.00'), outflow: sek('0.00') },
      recurring_flows: [
        {
          category: 'salary',
          rule: 'salary_25th',
          account_id: ACCOUNT,
          date: '2026-12-18',
          intra_group: false,
          amount: sek('-120000.00'),
          sek: sek('-120000.00'),
        },
      ],
    }),
  ],
  lowest: { date: '2026-12-18', balance: sek('590000.55') },
};

export const accuracyFixture: ForecastAccuracy = {
  koncern_id: KONCERN,
  company_id: null,
  as_of: '2026-12-09',
  horizon_weeks: 13,
  origins: 39,
  first_origin: '2025-12-07',
  last_origin: '2026-08-30',
  mape: 0.031,
  baseline_mape: 0.058,
  coverage_80: 0.82,
  coverage_95: 0.94,
  by_horizon: [],
};

const quiet = (name: string, companyId: string | null): LiquidityWarnings['companies'][number] => ({
  company_id: companyId,
  name,
  opening_balance: sek('1000000.00'),
  minimum_buffer: null,
  lowest: { date: '2026-12-18', balance: sek('590000.55') },
  below_zero: false,
  below_buffer: false,
  warning: false,
  first_breach_date: null,
  weeks_below: [],
  causes: [],
});

/** Mölndal Produktion AB runs below its 500 000 kr buffer in week 51 because of one payment batch. */
export const warningsFixture: LiquidityWarnings = {
  koncern_id: KONCERN,
  as_of: '2026-12-09',
  to: '2026-12-23',
  koncern: quiet('Mölndalkoncernen', null),
  companies: [
    {
      company_id: COMPANY,
      name: 'Mölndal Produktion AB',
      opening_balance: sek('700000.00'),
      minimum_buffer: sek('500000.00'),
      lowest: { date: '2026-12-14', balance: sek('450000.00') },
      below_zero: false,
      below_buffer: true,
      warning: true,
      first_breach_date: '2026-12-14',
      weeks_below: ['2026-W51'],
      causes: [
        {
          source: 'payment_batch',
          description: 'Leverantörer december',
          reference: 'batch_0000000007',
          date: '2026-12-14',
          sek: sek('-250000.00'),
        },
      ],
    },
  ],
};

export const noWarningsFixture: LiquidityWarnings = {
  ...warningsFixture,
  companies: [quiet('Mölndal Produktion AB', COMPANY)],
};
