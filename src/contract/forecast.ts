import { z } from 'zod';
import type { Endpoint } from './endpoint';
import { idSchema } from './ids';
import { businessDate, money } from './money';

/*
 * Cashflow forecasting: the 13-week forecast of the koncern's cash (in the cashflow report, after
 * today), its measured accuracy, liquidity warnings, and each company's liquidity buffer.
 */

export const MAX_FORECAST_WEEKS = 26;
export const DEFAULT_KNOWN_FLOWS_LIMIT = 100;
export const MAX_KNOWN_FLOWS_LIMIT = 1000;
export const DEFAULT_WARNING_WEEKS = 13;

export const FORECAST_METHOD =
  'The forecast is built per account in its currency and summed in SEK at the reference rates of today (exchange rates are not forecast): (1) known flows — approved and scheduled payment batches on their execution dates, open receivables issued by today the customer’s learned number of bank days after their due date (the median over its latest 24 settled invoices of how many bank days after the due date they were paid; receivables overdue by more than 90 days are doubtful and left out), open payables on their due date, each on that day or the next bank day and never before tomorrow; (2) recurring flows recognised from two years of history by their category (salaries, employer tax and VAT to Skatteverket, other taxes, rent, loan interest, fees, interest, management fees), or in transactions without a category (bank files carry none) by their counterparty (one name or account however spelt; amounts alike, except Skatteverket’s), with the calendar rule that explains them (e.g. the 25th or the bank day before; the 12th, the 17th in January and August, or the next bank day; the last bank day), the amount being the mean of the latest payments adjusted by how the same month compared a year earlier, except for a series whose amounts follow its company’s net receipts and payments of the month before (VAT): its share of them is fitted on the last 12 months, and a payment whose month before has passed is that share of the month, one whose month before is under way that share of the month so far plus its remaining bank days at its own rate; (3) the rest from a statistical model of the residual history per bank day: monthly factors (yearly seasonality: the Swedish July dip and December peak) times a level plus weekday and part-of-month effects; per ISO week and direction it adds what it expects of the part of each day’s flows that open items do not usually cover that many days ahead (measured on the invoices settled in the half year before), and never more than it expects beyond the known flows. Intra-group sweeps and funding are not forecast (management fees are, as recurring flows), so a company’s projection is what it holds before any funding. Amounts are computed in floating point and each returned amount is rounded once to a whole öre, half away from zero; period figures are exact sums of those. The 80 % band of week k is the point forecast ± the weighted 80 % quantile of how far the same model, run from each of the last 39 Sundays whose week k had passed by today, missed its week k, relative to the balance at that Sunday (weights halving every 6 weeks back), applied to today’s balance; the 95 % band is 1.9600 / 1.2816 times as wide (with a short history: ± 1.2816 or 1.9600 times the spread of its in-sample errors).';

const sekMoney = money.meta({ description: 'SEK.' });

export const flowSplit = z
  .object({ inflow: sekMoney, outflow: sekMoney, net: sekMoney })
  .meta({ id: 'ForecastFlowSplit', description: 'Inflow (positive), outflow (negative) and net, in SEK.' });

export const forecastBand = z
  .object({ low: sekMoney, high: sekMoney })
  .meta({ id: 'ForecastBand', description: 'The range the closing balance is expected in, in SEK.' });

export const knownFlowSources = ['payment_batch', 'receivable', 'payable'] as const;

export const knownFlowItem = z
  .object({
    source: z.enum(knownFlowSources),
    reference: z.string().meta({ description: 'The payment batch id or the open item id.' }),
    counterparty: z.string(),
    account_id: idSchema('account'),
    date: businessDate.meta({ description: 'When it is expected (a bank day after today).' }),
    scheduled_date: businessDate.meta({
      description:
        'The execution date or due date asked for, before the move to a bank day, the learned delay or tomorrow.',
    }),
    amount: money.meta({ description: 'Signed, in its own currency: negative leaves the koncern.' }),
    sek: money.meta({ description: 'The amount in SEK at today’s reference rate.' }),
  })
  .meta({
    id: 'ForecastKnownFlow',
    description: 'A payment, receivable or payable that drives the forecast.',
  });

export const recurringFlowItem = z
  .object({
    category: z.string().meta({
      description:
        'salary, employer_tax, vat, tax, rent, loan_interest, …; uncategorised when recognised by counterparty in transactions without a category.',
    }),
    rule: z
      .string()
      .meta({ description: 'The calendar rule it follows, e.g. salary_25th, skatteverket_12th.' }),
    account_id: idSchema('account'),
    date: businessDate,
    intra_group: z.boolean(),
    amount: money.meta({ description: 'Signed, in the account’s currency.' }),
    sek: money,
  })
  .meta({ id: 'ForecastRecurringFlow', description: 'A recurring flow projected by its calendar rule.' });

export const forecastPeriod = z
  .object({
    kind: z.literal('forecast'),
    period: z.string().meta({ description: 'Labelled as in the history: day, ISO week or month.' }),
    start: businessDate,
    end: businessDate,
    opening_balance: sekMoney,
    inflow: sekMoney,
    outflow: sekMoney,
    net: sekMoney.meta({ description: 'inflow + outflow (money to and from outside the koncern).' }),
    intra_group_net: sekMoney.meta({
      description: 'Recurring intra-group transfers (management fees) net; zero for the whole koncern.',
    }),
    closing_balance: sekMoney.meta({
      description: 'opening_balance + net + intra_group_net: the point forecast at the end of the period.',
    }),
    band_80: forecastBand,
    band_95: forecastBand,
    sources: z.object({ known: flowSplit, recurring: flowSplit, statistical: flowSplit }).meta({
      description: 'inflow and outflow split by where they come from; they add up to the period’s.',
    }),
    known_flows: z.array(knownFlowItem).meta({
      description:
        'The period’s largest known flows by their value in SEK (at most `known_flows_limit`), by date; `known_flows_omitted` sums the rest.',
    }),
    known_flows_omitted: z
      .object({
        count: z.number().int().min(0),
        inflow: sekMoney,
        outflow: sekMoney,
      })
      .meta({
        id: 'ForecastOmittedKnownFlows',
        description:
          'The period’s known flows beyond `known_flows_limit`: how many, and their inflow and outflow in SEK. With the listed flows they add up to `sources.known`.',
      }),
    recurring_flows: z.array(recurringFlowItem),
  })
  .meta({ id: 'ForecastPeriod', description: 'One forecast period after today.' });

export const lowestPoint = z
  .object({ date: businessDate, balance: sekMoney })
  .meta({ id: 'ForecastLowestPoint', description: 'The lowest projected end-of-day balance and its day.' });

export const cashflowForecast = z
  .object({
    as_of: businessDate.meta({
      description: 'Today: the last day of history; the forecast starts the day after.',
    }),
    weeks: z.number().int().min(1).max(MAX_FORECAST_WEEKS),
    to: businessDate.meta({ description: 'The last day forecast: as_of + 7 × weeks.' }),
    periods: z.array(forecastPeriod),
    lowest: lowestPoint.nullable(),
  })
  .meta({ id: 'CashflowForecast', description: `The forecast after today. ${FORECAST_METHOD}` });

export const forecastWeeksParam = z.coerce
  .number()
  .int('forecast_weeks must be a whole number')
  .min(0, 'forecast_weeks must be at least 0')
  .max(MAX_FORECAST_WEEKS, `forecast_weeks must be at most ${MAX_FORECAST_WEEKS}`)
  .default(0)
  .meta({
    description: `Also forecast this many weeks after today (0–${MAX_FORECAST_WEEKS}, default 0: history only) into \`forecast\`, in the same interval. Needs \`to\` to be today or absent.`,
  });

export const knownFlowsLimitParam = z.coerce
  .number()
  .int('known_flows_limit must be a whole number')
  .min(0, 'known_flows_limit must be at least 0')
  .max(MAX_KNOWN_FLOWS_LIMIT, `known_flows_limit must be at most ${MAX_KNOWN_FLOWS_LIMIT}`)
  .default(DEFAULT_KNOWN_FLOWS_LIMIT)
  .meta({
    description: `How many known flows each forecast period lists at most, the largest by value in SEK (0–${MAX_KNOWN_FLOWS_LIMIT}, default ${DEFAULT_KNOWN_FLOWS_LIMIT}); the rest are summed in \`known_flows_omitted\`. A large koncern has tens of thousands of open items in 13 weeks; every one of them is listed by \`GET /public/reconciliation/open-items\`.`,
  });

export type CashflowForecast = z.infer<typeof cashflowForecast>;
export type ForecastPeriod = z.infer<typeof forecastPeriod>;

// ---------------------------------------------------------------------------
// Accuracy

const fraction = z.number().min(0).meta({ description: 'A fraction (0.031 is 3.1 %).' });

export const forecastAccuracy = z
  .object({
    koncern_id: idSchema('koncern').nullable(),
    company_id: idSchema('company').nullable(),
    as_of: businessDate,
    horizon_weeks: z.number().int(),
    origins: z.number().int().min(0).meta({ description: 'How many rolling origins were backtested.' }),
    first_origin: businessDate.nullable(),
    last_origin: businessDate.nullable(),
    mape: fraction.meta({
      description:
        'Mean absolute percentage error of the weekly closing balance, over every origin and week 1..13.',
    }),
    baseline_mape: fraction.meta({
      description:
        'The same for the seasonal-naive baseline: each week moves as the same week 52 weeks earlier.',
    }),
    coverage_80: fraction.meta({ description: 'Share of actual weekly balances inside the 80 % band.' }),
    coverage_95: fraction.meta({ description: 'Share inside the 95 % band.' }),
    by_horizon: z.array(
      z.object({
        week: z.number().int().min(1),
        mape: fraction,
        baseline_mape: fraction,
        coverage_80: fraction,
        coverage_95: fraction,
      }),
    ),
  })
  .meta({ id: 'ForecastAccuracy', description: 'The backtest of the forecast over the last 12 months.' });

export const accuracyQuery = z.object({
  koncern_id: idSchema('koncern').optional().meta({
    description: 'The koncern; optional when your tenant has exactly one. Another tenant’s id answers 404.',
  }),
  company_id: idSchema('company').optional().meta({ description: 'Backtest one company’s balance instead.' }),
});

export type ForecastAccuracy = z.infer<typeof forecastAccuracy>;
export type AccuracyQuery = z.output<typeof accuracyQuery>;

// ---------------------------------------------------------------------------
// Warnings and buffers

export const warningCause = z
  .object({
    source: z.enum([...knownFlowSources, 'recurring']),
    description: z.string().meta({ description: 'The counterparty, or the recurring category.' }),
    reference: z.string().nullable(),
    date: businessDate,
    sek: sekMoney,
  })
  .meta({
    id: 'LiquidityWarningCause',
    description: 'A known or recurring outflow before the lowest point.',
  });

export const scopeWarning = z
  .object({
    company_id: idSchema('company').nullable().meta({ description: 'null for the koncern as a whole.' }),
    name: z.string(),
    opening_balance: sekMoney.meta({ description: 'Today’s closing balance.' }),
    minimum_buffer: sekMoney.nullable().meta({
      description:
        'The configured liquidity buffer; for the koncern the sum of its companies’ buffers (null when none is set).',
    }),
    lowest: lowestPoint,
    below_zero: z.boolean(),
    below_buffer: z.boolean(),
    warning: z.boolean().meta({ description: 'below_zero or below_buffer.' }),
    first_breach_date: businessDate
      .nullable()
      .meta({ description: 'The first day the projection falls below the buffer (or zero).' }),
    weeks_below: z
      .array(z.string())
      .meta({ description: 'ISO weeks (2026-W05) ending below the buffer (or zero).' }),
    causes: z.array(warningCause).meta({
      description:
        'With a warning: the largest known and recurring outflows from tomorrow to the lowest day (at most 10).',
    }),
  })
  .meta({ id: 'LiquidityWarning', description: 'The lowest projected balance of a company or the koncern.' });

export const liquidityWarnings = z
  .object({
    koncern_id: idSchema('koncern').nullable(),
    as_of: businessDate,
    to: businessDate,
    koncern: scopeWarning.nullable(),
    companies: z.array(scopeWarning).meta({ description: 'Ordered by company id.' }),
  })
  .meta({ id: 'LiquidityWarnings', description: 'Liquidity warnings over the forecast horizon.' });

export const warningsQuery = z.object({
  koncern_id: accuracyQuery.shape.koncern_id,
  weeks: z.coerce
    .number()
    .int('weeks must be a whole number')
    .min(1, 'weeks must be at least 1')
    .max(MAX_FORECAST_WEEKS, `weeks must be at most ${MAX_FORECAST_WEEKS}`)
    .default(DEFAULT_WARNING_WEEKS)
    .meta({
      description: `The horizon in weeks (1–${MAX_FORECAST_WEEKS}, default ${DEFAULT_WARNING_WEEKS}).`,
    }),
});

export const liquidityBuffer = z
  .object({
    company_id: idSchema('company'),
    minimum: money.meta({ description: 'The minimum balance in SEK the company should keep.' }),
  })
  .meta({ id: 'LiquidityBuffer', description: 'A company’s liquidity buffer.' });

export const liquidityBufferList = z
  .object({ results: z.array(liquidityBuffer) })
  .meta({ id: 'LiquidityBufferList' });
export type LiquidityBufferList = z.infer<typeof liquidityBufferList>;

/** A buffer as it is after a write: `minimum` null when removed. */
export const liquidityBufferSet = z
  .object({ company_id: idSchema('company'), minimum: money.nullable() })
  .meta({ id: 'LiquidityBufferSet' });

export const setLiquidityBuffer = z
  .object({
    company_id: idSchema('company'),
    minimum: money
      .nullable()
      .meta({ description: 'In SEK, zero or more; null removes the buffer (then only below zero warns).' }),
  })
  .meta({ id: 'SetLiquidityBuffer' });

export type LiquidityWarnings = z.infer<typeof liquidityWarnings>;
export type ScopeWarning = z.infer<typeof scopeWarning>;
export type WarningsQuery = z.output<typeof warningsQuery>;

// ---------------------------------------------------------------------------
// Endpoints

const notFound = { description: 'koncern_id or company_id names nothing of yours.' };

export const getForecastAccuracy = {
  operationId: 'getForecastAccuracy',
  method: 'GET',
  path: '/public/reporting/forecast/accuracy',
  summary: 'How accurate the forecast has been',
  description:
    'The backtest: from every Sunday of the last 12 months whose following 13 weeks have happened, the forecast is made again with only the history before that day and the receivables and payables open that day (issued by then and not yet paid; payment batches approved by then are not kept that way), and its weekly closing balance compared with what happened. MAPE and band coverage are fractions, with the seasonal-naive baseline computed the same way.',
  tags: ['Reporting'],
  scope: 'read:reporting',
  query: accuracyQuery,
  responses: {
    200: { description: 'The accuracy.', schema: forecastAccuracy },
    400: {
      description: 'A parameter is not valid, or koncern_id is missing while you have several koncerner.',
    },
    404: notFound,
    422: { description: 'No reference rate is published for a currency that is held.' },
  },
} satisfies Endpoint;

export const getLiquidityWarnings = {
  operationId: 'getLiquidityWarnings',
  method: 'GET',
  path: '/public/reporting/forecast/warnings',
  summary: 'Liquidity warnings',
  description:
    'For the koncern and each company: the lowest projected end-of-day balance within the horizon and its day, and a warning when it falls below zero or below the liquidity buffer, with the known and recurring outflows that lead there. A company’s projection leaves out future intra-group funding and sweeps: a warning says the company needs funding.',
  tags: ['Reporting'],
  scope: 'read:reporting',
  query: warningsQuery,
  responses: {
    200: { description: 'The warnings.', schema: liquidityWarnings },
    400: {
      description: 'A parameter is not valid, or koncern_id is missing while you have several koncerner.',
    },
    404: notFound,
    422: { description: 'No reference rate is published for a currency that is held.' },
  },
} satisfies Endpoint;

export const listLiquidityBuffers = {
  operationId: 'listLiquidityBuffers',
  method: 'GET',
  path: '/public/reporting/forecast/buffers',
  summary: 'Liquidity buffers',
  description: 'Every company’s configured liquidity buffer, ordered by company id.',
  tags: ['Reporting'],
  scope: 'read:reporting',
  responses: {
    200: { description: 'The buffers.', schema: liquidityBufferList },
  },
} satisfies Endpoint;

export const setLiquidityBufferEndpoint = {
  operationId: 'setLiquidityBuffer',
  method: 'POST',
  path: '/public/reporting/forecast/buffers',
  summary: 'Set a company’s liquidity buffer',
  description:
    'Sets (or with `minimum: null` removes) the minimum balance in SEK below which the forecast warns for the company. Needs `write:payments`: the people who manage payments manage the buffer. Recorded in the audit log.',
  tags: ['Reporting'],
  scope: 'write:payments',
  body: setLiquidityBuffer,
  responses: {
    200: {
      description: 'The buffer as it is now (`minimum` null when removed).',
      schema: liquidityBufferSet,
    },
    404: { description: 'company_id names nothing of yours.' },
  },
} satisfies Endpoint;

export const forecastEndpoints = [
  getForecastAccuracy,
  getLiquidityWarnings,
  listLiquidityBuffers,
  setLiquidityBufferEndpoint,
] as const;
