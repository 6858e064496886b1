// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { todayInStockholm } from '../../../banking/dates';
import type { Cashflow } from '../../../contract/reporting';
import { createQueryClient } from '../../api/query-client';
import { I18nProvider } from '../../lib/i18n';
import { jsonResponse, problem } from '../../test/fetch-stub';
import { CashflowPage } from '../cashflow/CashflowPage';
import {
  accuracyFixture,
  forecastFixture,
  KONCERN,
  noWarningsFixture,
  sek,
  warningsFixture,
} from './test-fixtures';

// The identity provider is the edge of the world here: the CFO is signed in.
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'Astrid Lindqvist', roles: ['cfo'] } }),
  auth: { accessToken: () => Promise.resolve('user-token') },
}));

const NBSP = '\u00a0';

const history = (periods: number): Cashflow['periods'] =>
  Array.from({ length: periods }, (_, index) => ({
    period: `2026-W${48 + index}`,
    start: '2026-11-23',
    end: '2026-11-29',
    opening_balance: sek('900000.00'),
    inflow: sek('10.00'),
    outflow: sek('-10.00'),
    net: sek('0.00'),
    intra_group: { inflow: sek('0.00'), outflow: sek('0.00'), net: sek('0.00') },
    fx_revaluation: sek('0.00'),
    closing_balance: sek('1000000.00'),
    transaction_count: 2,
    fx_rates: [],
  }));

function cashflowBody(withForecast: boolean): Cashflow {
  const periods = history(2);
  return {
    koncern_id: KONCERN,
    company_id: null,
    account_id: null,
    from: '2026-11-23',
    to: '2026-12-09',
    interval: 'week',
    periods,
    totals: {
      opening_balance: sek('900000.00'),
      inflow: sek('20.00'),
      outflow: sek('-20.00'),
      net: sek('0.00'),
      intra_group: { inflow: sek('0.00'), outflow: sek('0.00'), net: sek('0.00') },
      fx_revaluation: sek('0.00'),
      closing_balance: sek('1000000.00'),
    },
    forecast: withForecast ? forecastFixture : null,
  };
}

/** The BFF as the page sees it, answering by path; every request's path and query is kept. */
function network(answers: Partial<Record<string, () => Response>>) {
  const requested: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>((input) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requested.push(`${url.pathname}${url.search}`);
      const answer = answers[url.pathname];
      return Promise.resolve(answer ? answer() : problem(404, `no stub for ${url.pathname}`));
    }),
  );
  return requested;
}

const koncerner = () =>
  jsonResponse(200, {
    results: [
      {
        id: KONCERN,
        name: 'Mölndalkoncernen',
        reporting_currency: 'SEK',
        parent_company_id: null,
        created_at: '2026-01-01T00:00:00Z',
      },
    ],
    next_cursor: null,
  });

function renderPage(search: string, lang: 'sv' | 'en' = 'sv') {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <I18nProvider initial={lang}>
        <MemoryRouter initialEntries={[`/cashflow${search}`]}>
          <CashflowPage />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the forecast on the cashflow page', () => {
  it('asks for 13 weeks after today and shows the accuracy in words', async () => {
    const requested = network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(true)),
      '/api/reporting/forecast/accuracy': () => jsonResponse(200, accuracyFixture),
      '/api/reporting/forecast/warnings': () => jsonResponse(200, noWarningsFixture),
    });
    renderPage('?interval=week', 'en');
    expect((await screen.findByTestId('forecast-accuracy')).textContent).toBe(
      'Last 12 months: weekly balance within 3.1% on average; 82% of weeks inside the 80% band. ' +
        'A seasonal-naive forecast (the same week last year) missed by 5.8% on average.',
    );
    expect(screen.getByTestId('liquidity-warnings').textContent).toBe(
      'No company is expected to fall below zero or below its buffer in the next 13 weeks.',
    );
    await screen.findByTestId('forecast-table');
    const today = todayInStockholm();
    expect(requested).toContain(`/api/reporting/forecast/accuracy?koncern_id=${KONCERN}`);
    expect(requested).toContain(`/api/reporting/forecast/warnings?koncern_id=${KONCERN}&weeks=13`);
    expect(requested.find((path) => path.startsWith('/api/reporting/cashflow'))).toMatch(
      new RegExp(`to=${today}&interval=week&forecast_weeks=13$`),
    );
    expect(screen.getByTestId('forecast-lowest').textContent).toBe(
      `Lowest projected balance: SEK${NBSP}590,000.55 on 18 Dec 2026.`,
    );
  });

  it('marks forecast rows in the table with their bands, the lowest week and the week below a buffer', async () => {
    network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(true)),
      '/api/reporting/forecast/accuracy': () => jsonResponse(200, accuracyFixture),
      '/api/reporting/forecast/warnings': () => jsonResponse(200, warningsFixture),
    });
    renderPage('?interval=week');
    const table = await screen.findByTestId('forecast-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-kind'))).toEqual(['forecast', 'forecast']);
    const cells = (row: HTMLElement | undefined) =>
      row
        ? within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent)
        : [];
    expect(rows[0]?.querySelector('th')?.textContent).toBe('2026-W50 Prognos');
    expect(rows[1]?.querySelector('th')?.textContent).toBe('2026-W51 Prognos Under buffert Lägsta');
    expect(cells(rows[1])).toEqual([
      `800${NBSP}000,00${NBSP}SEK`,
      `300${NBSP}000,00${NBSP}SEK`,
      `−500${NBSP}000,00${NBSP}SEK`,
      `−200${NBSP}000,00${NBSP}SEK`,
      `600${NBSP}000,00${NBSP}SEK`,
      `700${NBSP}000,00${NBSP}SEK – 900${NBSP}000,00${NBSP}SEK`,
      `650${NBSP}000,00${NBSP}SEK – 950${NBSP}000,10${NBSP}SEK`,
    ]);
    // The history's own table is untouched: its rows are history only.
    expect(within(screen.getByTestId('cashflow-table')).getAllByRole('row')).toHaveLength(1 + 2 + 1);
    expect(screen.getByText(/Skuggade perioder/)).toBeTruthy();
  });

  it('opens a week’s known flows from the table by keyboard, and closes them', async () => {
    network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(true)),
      '/api/reporting/forecast/accuracy': () => jsonResponse(200, accuracyFixture),
      '/api/reporting/forecast/warnings': () => jsonResponse(200, noWarningsFixture),
    });
    const user = userEvent.setup();
    renderPage('?interval=week', 'en');
    const button = await screen.findByRole('button', { name: 'Show known flows for 2026-W51' });
    expect(screen.getByTestId('known-flows-hint')).toBeTruthy();
    button.focus();
    await user.keyboard('{Enter}');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const drillDown = screen.getByTestId('known-flows');
    expect(drillDown.getAttribute('data-period')).toBe('2026-W51');
    expect(within(drillDown).getByRole('heading').textContent).toBe(
      'Known flows W51 (14 Dec 2026 – 20 Dec 2026)',
    );
    const known = within(screen.getByTestId('known-flows-table')).getAllByRole('row').slice(1);
    expect(
      known.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [
        '14 Dec 2026',
        'Payment batch',
        'Leverantörer december',
        `-SEK${NBSP}250,000.00`,
        `-SEK${NBSP}250,000.00`,
      ],
      [
        '16 Dec 2026Date asked for: 11 Dec 2026',
        'Receivable',
        'Karjalan Rakennus Oy Ab',
        `EUR${NBSP}8,000.00`,
        `SEK${NBSP}91,388.00`,
      ],
    ]);
    const recurring = within(screen.getByTestId('recurring-flows-table')).getAllByRole('row').slice(1);
    expect(
      recurring.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([['18 Dec 2026', 'Salaries', `-SEK${NBSP}120,000.00`, `-SEK${NBSP}120,000.00`]]);
    expect(within(drillDown).getByText(/^Known -SEK.150,000.00, recurring -SEK.120,000.00/)).toBeTruthy();
    expect(screen.getByTestId('known-flows-omitted').textContent).toBe(
      `Plus smaller known flows (3): in SEK${NBSP}8,612.00, out SEK${NBSP}0.00.`,
    );
    // The first week has none of either.
    await user.click(screen.getByRole('button', { name: 'Show known flows for 2026-W50' }));
    expect(screen.getByTestId('known-flows').getAttribute('data-period')).toBe('2026-W50');
    expect(screen.getByText('No known payments, receivables or payables in the period.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('known-flows')).toBeNull();
  });

  it('lists a company below its buffer with the outflows that cause it', async () => {
    network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(true)),
      '/api/reporting/forecast/accuracy': () => jsonResponse(200, accuracyFixture),
      '/api/reporting/forecast/warnings': () => jsonResponse(200, warningsFixture),
    });
    renderPage('?interval=week', 'en');
    const warnings = await screen.findByTestId('liquidity-warnings');
    expect(warnings.getAttribute('data-count')).toBe('1');
    const [item] = within(warnings).getAllByRole('listitem');
    if (!item) throw new Error('no warning');
    expect(item.textContent).toContain(
      `Mölndal Produktion AB is expected to fall below its buffer of SEK${NBSP}500,000.00 on 14 Dec 2026.`,
    );
    expect(item.textContent).toContain(
      `Lowest balance SEK${NBSP}450,000.00 on 14 Dec 2026. Weeks below: W51.`,
    );
    expect(item.textContent).toContain(
      `14 Dec 2026 · Payment batch · Leverantörer december: -SEK${NBSP}250,000.00`,
    );
  });

  it('shows a failed accuracy in place with a retry, and the rest of the forecast still', async () => {
    let accuracyCalls = 0;
    network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(true)),
      '/api/reporting/forecast/accuracy': () =>
        ++accuracyCalls === 1
          ? problem(422, 'No NOK reference rate is published.')
          : jsonResponse(200, accuracyFixture),
      '/api/reporting/forecast/warnings': () => jsonResponse(200, noWarningsFixture),
    });
    const user = userEvent.setup();
    renderPage('?interval=week', 'en');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the forecast’s accuracy');
    expect(alert.textContent).toContain('No NOK reference rate is published.');
    expect(await screen.findByTestId('forecast-table')).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('forecast-accuracy')).textContent).toMatch(/^Last 12 months/);
  });

  it('asks for no forecast on a past date, and says why', async () => {
    const requested = network({
      '/api/koncerner': koncerner,
      '/api/reporting/cashflow': () => jsonResponse(200, cashflowBody(false)),
    });
    renderPage('?interval=week&date=2026-06-30', 'en');
    expect(await screen.findByText(/The forecast is shown when the date is today/)).toBeTruthy();
    await screen.findByTestId('cashflow-table');
    expect(screen.queryByTestId('forecast-table')).toBeNull();
    expect(requested.some((path) => path.includes('forecast'))).toBe(false);
  });
});
