// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatementImport } from '../../../contract/imports';
import { I18nProvider } from '../../lib/i18n';
import { jsonResponse } from '../../test/fetch-stub';
import { ImportPanel } from './ImportPanel';

// The identity provider is the edge of the world here: a treasurer is signed in.
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'David Holm', roles: ['treasurer'] } }),
  useCan: () => true,
  auth: { accessToken: () => Promise.resolve('user-token') },
}));

const BGMAX = '01BGMAX               0120261125101500123456P\r\n05000991234';

const booked: StatementImport = {
  id: 'imp_00000001',
  kind: 'bgmax',
  status: 'completed',
  file_name: 'inbetalningar.bgmax',
  file_sha256: 'ab'.repeat(32),
  size_bytes: BGMAX.length,
  format: 'BGMAX 01',
  message_id: '20261125101500123456',
  account_ids: ['acct_bankgiro01'],
  statements: 1,
  entries_booked: 4,
  duplicates_skipped: 1,
  entries_not_booked: 0,
  balances_booked: 0,
  errors: [],
  created_at: '2026-11-25T10:15:00.000Z',
  created_by: { client_id: 'cli_bff00001', acting_user: 'usr_david_holm' },
};

const newProposal = {
  id: 'match_00000001',
  status: 'proposed',
  confidence: 0.88,
  auto_confirmed: false,
  reasons: [],
  account_id: 'acct_bankgiro01',
  company_id: 'co_demo0001',
  booking_date: '2026-11-25',
  transactions: [
    { id: 'txn_00000001', booking_date: '2026-11-25', amount: { amount: '1250.00', currency: 'SEK' } },
  ],
  open_items: [
    {
      id: 'oi_00000001',
      external_id: 'F51001',
      kind: 'receivable',
      counterparty_name: 'Bygg & Betong AB',
      applied: { amount: '1250.00', currency: 'SEK' },
    },
  ],
  difference: { amount: '0.00', currency: 'SEK' },
  proposed_at: '2026-11-25T10:15:00.120Z',
  decided_at: null,
  decided_by: null,
};
const olderProposal = { ...newProposal, id: 'match_00000000', proposed_at: '2026-11-20T08:00:00.000Z' };

interface Upload {
  url: URL;
  key: string | null;
  contentType: string | null;
  body: string;
}

function network(answerUpload: () => Response) {
  const uploads: Upload[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async (input) => {
      const request = input instanceof Request ? input : new Request(String(input));
      const url = new URL(request.url);
      if (request.method === 'POST') {
        uploads.push({
          url,
          key: request.headers.get('idempotency-key'),
          contentType: request.headers.get('content-type'),
          body: await request.text(),
        });
        return answerUpload();
      }
      if (url.pathname === '/api/reconciliation/matches') {
        return jsonResponse(200, { results: [olderProposal, newProposal], next_cursor: null });
      }
      return jsonResponse(200, { results: [], next_cursor: null });
    }),
  );
  return uploads;
}

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const onShowQueue = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <I18nProvider initial="sv">
        <MemoryRouter>
          <ImportPanel onShowQueue={onShowQueue} />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return onShowQueue;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the import page', () => {
  it('recognises a BGMax file, sends its bytes with a key, and shows what was booked and proposed', async () => {
    const user = userEvent.setup();
    const uploads = network(() => jsonResponse(201, booked));
    const onShowQueue = renderPanel();

    await user.upload(screen.getByLabelText('Fil'), new File([BGMAX], 'inbetalningar.bgmax'));
    await user.click(screen.getByRole('button', { name: 'Importera' }));

    const result = await screen.findByTestId('import-result');
    expect(within(result).getByRole('heading', { level: 3 }).textContent).toBe(
      'inbetalningar.bgmax importerades.',
    );
    expect(screen.getByTestId('import-booked').textContent).toBe('4');
    expect(screen.getByTestId('import-duplicates').textContent).toBe('1');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.url.pathname).toBe('/api/imports');
    expect(uploads[0]?.url.searchParams.get('kind')).toBe('bgmax');
    expect(uploads[0]?.url.searchParams.get('file_name')).toBe('inbetalningar.bgmax');
    expect(uploads[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(uploads[0]?.contentType).toBe('application/octet-stream');
    expect(uploads[0]?.body).toBe(BGMAX);

    // Only what the file brought: the older proposal on the same account is not its.
    const proposals = await screen.findByTestId('import-proposals');
    expect(
      within(proposals)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['1\u00a0250,00\u00a0SEK → F51001 Bygg & Betong AB · Säkerhet 88\u00a0%']);
    await user.click(screen.getByRole('button', { name: 'Gå till förslagen' }));
    expect(onShowQueue).toHaveBeenCalledOnce();
  });

  it('lists a refused file’s errors with their lines', async () => {
    const user = userEvent.setup();
    network(() =>
      jsonResponse(400, {
        type: 'https://finvis.se/problems/validation',
        title: 'File refused',
        status: 400,
        detail: 'The bgmax file was refused and nothing was booked (import imp_00000002): line 3: record 20.',
        errors: [{ path: 'line 3: record 20 (payment)', message: 'amount (positions 38–55) must be digits' }],
        import_id: 'imp_00000002',
      }),
    );
    renderPanel();

    await user.upload(screen.getByLabelText('Fil'), new File([BGMAX], 'trasig.bgmax'));
    await user.click(screen.getByRole('button', { name: 'Importera' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Filen avvisades och inget bokfördes');
    expect(within(alert).getByTestId('import-errors').textContent).toBe(
      'line 3: record 20 (payment) amount (positions 38–55) must be digits',
    );
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('asks for the type of a file it does not recognise, and sends nothing', async () => {
    const user = userEvent.setup();
    const uploads = network(() => jsonResponse(201, booked));
    renderPanel();
    await user.upload(screen.getByLabelText('Fil'), new File(['Datum;Belopp\n'], 'export.txt'));
    await user.click(screen.getByRole('button', { name: 'Importera' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Filtypen gick inte att känna igen; välj den.',
    );
    expect(uploads).toHaveLength(0);
  });
});
