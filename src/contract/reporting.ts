import { z } from 'zod';
import { parseIsoDate } from '../banking/dates';
import { periodCount, reportingIntervals } from '../banking/periods';
import type { Endpoint } from './endpoint';
import { idSchema } from './ids';
import { accountKind } from './ledger';
import { cashflowForecast, forecastWeeksParam, knownFlowsLimitParam } from './forecast';
import { businessDate, currencyCode, money } from './money';

/*
 * Reporting: the koncern's cash positions at the end of a business date, and its cashflow per day,
 * ISO week or calendar month. All amounts are exact: balances and transactions are integer minor
 * units, and the one place a fraction of an öre can arise, converting to SEK, follows one rule.
 */

// ---------------------------------------------------------------------------
// Shared rules, stated once and quoted in the descriptions

export const ROUNDING_RULE =
  'Conversion to SEK: an amount in minor units times the reference rate (SEK per one unit of the currency, the latest published rate on or before the date), rounded half away from zero to a whole öre — the same rule as everywhere in Finvis.';

export const CASH_POOL_RULE =
  "Cash pool (koncernkonto): every account counts exactly once, with its own booked balance. A sweep is booked as two transactions — out of the sub-account and into the top account (or back) — so a sub-account's balance is the money that stays with the company and the top account's balance is its own ledger balance: the net of all sweeps plus its own items (interest, FX, placements). It is never the pool aggregate a bank may display for the koncernkonto; therefore top + sub-accounts is the pool's cash and nothing is counted twice. `cash_pools` shows each pool's top balance, sub-account sum and total for information: that money is already in `groups` and `total`, not added again.";

export const MAX_CASHFLOW_PERIODS = 1000;

export const groupByOptions = ['company', 'bank', 'currency', 'account'] as const;

const koncernParam = idSchema('koncern').optional().meta({
  description:
    "The koncern to report on. Optional when your tenant has exactly one koncern (that one is used; with none the report is empty); with several it is required (400 without it). An id that names nothing of yours (or another tenant's) answers 404.",
});

// ---------------------------------------------------------------------------
// Resources

export const fxRateUsed = z
  .object({
    currency: currencyCode,
    sek_per_unit: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .meta({ description: 'SEK per one unit of the currency, a decimal string.', example: '11.423500' }),
    rate_date: businessDate.meta({
      description: 'The date of the reference rate: the latest published rate on or before the date asked.',
    }),
  })
  .meta({ id: 'FxRateUsed', description: 'A reference rate used for a conversion to SEK.' });

export const currencyAmount = z
  .object({
    amount: money.meta({ description: 'The amount in its original currency.' }),
    sek: money.meta({
      description:
        "The amount in SEK: the sum of each account's own SEK value (each account converted once, then summed).",
    }),
  })
  .meta({ id: 'CurrencyAmount', description: 'Cash in one currency and its SEK value.' });

export const positionGroup = z
  .object({
    key: z.string().meta({
      description:
        'What the group is: the company id, the bank BIC, the ISO 4217 currency code, or the account id.',
    }),
    name: z.string().meta({ description: 'The company, bank or account name, or the currency code.' }),
    amounts: z
      .array(currencyAmount)
      .meta({ description: "The group's cash per original currency, ordered by currency code." }),
    total_sek: money.meta({
      description: "The group's total in SEK: exactly the sum of `amounts[].sek` (to the öre).",
    }),
    account_count: z.number().int().min(0),
    account: z
      .object({
        company_id: idSchema('company'),
        kind: accountKind,
        cash_pool_top_id: idSchema('account').nullable(),
        balance_date: businessDate.meta({
          description: 'The date of the balance used: the last bank day on or before the date asked.',
        }),
      })
      .nullable()
      .meta({ description: 'With `group_by=account`: the account behind the group; otherwise null.' }),
  })
  .meta({ id: 'PositionGroup', description: 'The cash of one group at the end of the date.' });

export const cashPoolPosition = z
  .object({
    top_account_id: idSchema('account'),
    top_account: money.meta({ description: "The top account's own balance, in SEK." }),
    sub_accounts: money.meta({ description: 'The sum of the sub-accounts’ balances, in SEK.' }),
    total: money.meta({ description: 'top_account + sub_accounts, in SEK: the pool’s cash.' }),
    sub_account_count: z.number().int().min(0),
  })
  .meta({
    id: 'CashPoolPosition',
    description:
      'One cash pool, for information: its money is already counted (once) in the groups and the total.',
  });

export const positions = z
  .object({
    koncern_id: idSchema('koncern').nullable().meta({
      description: 'The koncern reported on; null (and nothing reported) while your tenant has none.',
    }),
    date: businessDate.meta({ description: 'The business date whose end the positions describe.' }),
    group_by: z.enum(groupByOptions),
    groups: z
      .array(positionGroup)
      .meta({ description: 'Ordered by key (byte order). Accounts without a balance yet are left out.' }),
    by_currency: z.array(currencyAmount).meta({
      description: 'The whole koncern per original currency, ordered by currency code.',
    }),
    total: money.meta({
      description: 'The koncern total in SEK: exactly the sum of the groups’ `total_sek`.',
    }),
    fx_rates: z
      .array(fxRateUsed)
      .meta({ description: 'The reference rates used, one per foreign currency.' }),
    cash_pools: z.array(cashPoolPosition),
  })
  .meta({ id: 'Positions', description: "The koncern's cash at the end of a business date." });

export const flowAmounts = z
  .object({
    inflow: money.meta({ description: 'Money in (positive transactions), SEK.' }),
    outflow: money.meta({ description: 'Money out (negative transactions), SEK, as a negative amount.' }),
    net: money.meta({ description: 'inflow + outflow, SEK.' }),
  })
  .meta({ id: 'FlowAmounts', description: 'Inflow, outflow and net in SEK.' });

const cashflowFigures = {
  opening_balance: money.meta({
    description:
      'Cash at the end of the day before the period, in SEK at that day’s reference rates (each account converted, then summed).',
  }),
  inflow: money.meta({ description: 'Money in from outside the koncern, SEK.' }),
  outflow: money.meta({ description: 'Money out to outside the koncern, SEK, as a negative amount.' }),
  net: money.meta({ description: 'inflow + outflow, SEK (intra-group transfers excluded).' }),
  intra_group: flowAmounts.meta({
    description:
      'Transfers between accounts of the koncern, shown apart and never in inflow/outflow. For the whole koncern, transfers within one currency net to zero (both legs are in scope); a transfer between accounts in different currencies leaves its conversion difference here: the bank’s FX margin against the reference rate, or an öre where several foreign legs of one day are converted as their sum. With company_id or account_id it is what moved to and from the rest of the koncern.',
  }),
  fx_revaluation: money.meta({
    description:
      'closing_balance − opening_balance − net − intra_group.net: the change in SEK value of foreign-currency cash from rate movements (zero for SEK-only cash).',
  }),
  closing_balance: money.meta({
    description:
      'Cash at the end of the period’s last day, in SEK at that day’s reference rates (each account converted, then summed).',
  }),
};

export const cashflowPeriod = z
  .object({
    period: z.string().meta({
      description: '`2026-12-28` (day), `2026-W53` (ISO week, week-based year) or `2026-12` (month).',
      example: '2026-W53',
    }),
    start: businessDate.meta({ description: 'First day of the period within from..to.' }),
    end: businessDate.meta({ description: 'Last day of the period within from..to.' }),
    ...cashflowFigures,
    transaction_count: z.number().int().min(0),
    fx_rates: z
      .array(fxRateUsed)
      .meta({ description: 'The reference rates on `end`, used for closing_balance.' }),
  })
  .meta({ id: 'CashflowPeriod', description: 'Cashflow of one day, ISO week or calendar month.' });

export const cashflow = z
  .object({
    koncern_id: idSchema('koncern').nullable().meta({
      description: 'The koncern reported on; null (and nothing reported) while your tenant has none.',
    }),
    company_id: idSchema('company').nullable(),
    account_id: idSchema('account').nullable(),
    from: businessDate,
    to: businessDate,
    interval: z.enum(reportingIntervals),
    periods: z.array(cashflowPeriod),
    totals: z.object(cashflowFigures).meta({
      description:
        'The whole range: opening of the first period, closing of the last, and the sums of the flows (exactly the sums of the periods).',
    }),
    forecast: cashflowForecast.nullable().meta({
      description:
        'With forecast_weeks > 0: the periods after today, each marked `kind: "forecast"`, with bands and sources; its first opening_balance is the last history closing_balance. Otherwise null.',
    }),
  })
  .meta({
    id: 'Cashflow',
    description: 'Cashflow history in SEK per period, and the forecast after it when asked.',
  });

export type Positions = z.infer<typeof positions>;
export type PositionGroup = z.infer<typeof positionGroup>;
export type CurrencyAmount = z.infer<typeof currencyAmount>;
export type FxRateUsed = z.infer<typeof fxRateUsed>;
export type Cashflow = z.infer<typeof cashflow>;
export type CashflowPeriod = z.infer<typeof cashflowPeriod>;

// ---------------------------------------------------------------------------
// Queries

export const positionsQuery = z.object({
  date: businessDate.optional().meta({
    description:
      'The business date (Europe/Stockholm) whose end the positions describe; default today in Stockholm. On a day without a balance (a weekend, a holiday) each account shows its last balance on or before the date.',
  }),
  koncern_id: koncernParam,
  group_by: z
    .enum(groupByOptions, { message: `must be one of ${groupByOptions.join(', ')}` })
    .default('company')
    .meta({ description: `How to group the cash: ${groupByOptions.join(', ')} (default company).` }),
});

export const cashflowQuery = z
  .object({
    from: businessDate.optional().meta({
      description:
        'First business date, inclusive; default the first day of the month eleven months before `to` (twelve calendar months).',
    }),
    to: businessDate.optional().meta({
      description: 'Last business date, inclusive; default today in Stockholm.',
    }),
    interval: z
      .enum(reportingIntervals, { message: `must be one of ${reportingIntervals.join(', ')}` })
      .default('month')
      .meta({
        description:
          'day, week (ISO 8601: Monday–Sunday, labelled with the week-based year, e.g. 2026-W53) or month (calendar month); default month. The first and last periods are clipped to from..to.',
      }),
    koncern_id: koncernParam,
    company_id: idSchema('company').optional().meta({
      description:
        "Only this company's accounts (its intra-group transfers with the rest of the koncern then do not net to zero). Must belong to the koncern; an id that names nothing of yours answers 404.",
    }),
    account_id: idSchema('account').optional().meta({
      description:
        'Only this account: its own flows and closing balances, e.g. for a balance history. Must belong to the koncern (and to company_id when both are given); an id that names nothing of yours answers 404.',
    }),
    forecast_weeks: forecastWeeksParam,
    known_flows_limit: knownFlowsLimitParam,
  })
  .superRefine((query, ctx) => {
    const { from, to } = query;
    if (from === undefined || to === undefined) return;
    const a = parseIsoDate(from);
    const b = parseIsoDate(to);
    if (!a.ok || !b.ok) return;
    if (from > to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
      return;
    }
    if (periodCount(a.value, b.value, query.interval) > MAX_CASHFLOW_PERIODS) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `from..to spans more than ${MAX_CASHFLOW_PERIODS} periods of a ${query.interval}`,
      });
    }
  });

export type PositionsQuery = z.output<typeof positionsQuery>;
export type CashflowQuery = z.output<typeof cashflowQuery>;

// ---------------------------------------------------------------------------
// Endpoints

const errors400404 = {
  400: {
    description: 'A parameter is not valid, or koncern_id is missing while you have several koncerner.',
  },
  404: { description: 'koncern_id, company_id or account_id names nothing of yours.' },
  422: { description: 'No reference rate is published on or before the date for a currency that is held.' },
};

export const getPositions = {
  operationId: 'getPositions',
  method: 'GET',
  path: '/public/reporting/positions',
  summary: "The koncern's cash positions",
  description: `The koncern's cash at the end of a business date, grouped by company, bank, currency or account, in each original currency and in SEK at that date's reference rates (the rates and their dates are in \`fx_rates\`). Balances are the accounts' closing booked balances (the bank's where it reported one). ${ROUNDING_RULE} Each account is converted once; a group's \`total_sek\` is the sum of its accounts' SEK values and \`total\` is the sum of the groups, exactly. ${CASH_POOL_RULE}`,
  tags: ['Reporting'],
  scope: 'read:reporting',
  query: positionsQuery,
  responses: { 200: { description: 'The positions.', schema: positions }, ...errors400404 },
} satisfies Endpoint;

export const getCashflow = {
  operationId: 'getCashflow',
  method: 'GET',
  path: '/public/reporting/cashflow',
  summary: "The koncern's cashflow per period",
  description: `Inflow, outflow, net and opening/closing balance in SEK per day, ISO week or calendar month of from..to (at most ${MAX_CASHFLOW_PERIODS} periods). Transactions are converted one by one at the reference rate of their booking date (${ROUNDING_RULE}) and summed; balances at the end of each period at that day's rates. Intra-group transfers (between accounts of the koncern, including cash pool sweeps) are shown apart in \`intra_group\` and never inflate inflow and outflow; for the whole koncern they net to zero. Each period reconciles exactly: closing_balance = opening_balance + net + intra_group.net + fx_revaluation.`,
  tags: ['Reporting'],
  scope: 'read:reporting',
  query: cashflowQuery,
  responses: { 200: { description: 'The cashflow.', schema: cashflow }, ...errors400404 },
} satisfies Endpoint;

export const reportingEndpoints = [getPositions, getCashflow] as const;
