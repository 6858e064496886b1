// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../api/query-client';
import { I18nProvider } from '../../lib/i18n';
import { jsonResponse, stubFetch } from '../../test/fetch-stub';
import { HealthStatus } from './HealthStatus';

const healthy = {
  status: 'ok',
  version: '0.1.0',
  time: '2026-11-25T10:00:00Z',
  database: { status: 'ok', engine: 'pglite', latency_ms: 1 },
};

function renderHealth(lang: 'sv' | 'en') {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <I18nProvider initial={lang}>
        <HealthStatus />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('HealthStatus', () => {
  it('reads a 503 as the health body it is: degraded, database not answering', async () => {
    const { requested } = stubFetch(
      jsonResponse(503, {
        ...healthy,
        status: 'degraded',
        database: { ...healthy.database, status: 'unavailable' },
      }),
    );
    renderHealth('en');
    const status = await screen.findByTestId('api-health');
    expect(status.textContent).toBe('API: degraded (database pglite, not answering, version 0.1.0)');
    expect(status.getAttribute('data-status')).toBe('degraded');
    expect(requested()).toEqual(['/api/health']);
  });

  it('shows in Swedish that the API does not answer, and asks again on request', async () => {
    stubFetch(new TypeError('fetch failed'), new TypeError('fetch failed'), jsonResponse(200, healthy));
    renderHealth('sv');
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('API:t svarar inte: fetch failed');
    fireEvent.click(screen.getByRole('button', { name: 'Försök igen' }));
    expect((await screen.findByTestId('api-health')).textContent).toBe(
      'API: OK (databas pglite, OK, version 0.1.0)',
    );
  });
});
