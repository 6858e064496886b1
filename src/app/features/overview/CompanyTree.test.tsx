// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Company } from '../../../contract/ledger';
import type { PositionGroup } from '../../../contract/reporting';
import { I18nProvider } from '../../lib/i18n';
import { CompanyTree } from './CompanyTree';

const NBSP = '\u00a0';

function company(id: string, name: string, parent: string | null): Company {
  return {
    id,
    koncern_id: 'kon_0000000001',
    parent_id: parent,
    name,
    organisationsnummer: null,
    foreign_id: null,
    country: 'SE',
    functional_currency: 'SEK',
    ownership_share: '1.0000',
    created_at: '2026-01-01T00:00:00Z',
  };
}

function group(key: string, sek: string): PositionGroup {
  return {
    key,
    name: key,
    amounts: [{ amount: { amount: sek, currency: 'SEK' }, sek: { amount: sek, currency: 'SEK' } }],
    total_sek: { amount: sek, currency: 'SEK' },
    account_count: 1,
    account: null,
  };
}

afterEach(cleanup);

describe('CompanyTree', () => {
  it('sums each parent with its subsidiaries exactly, and collapses by keyboard-reachable buttons', () => {
    render(
      <MemoryRouter>
        <I18nProvider initial="sv">
          <CompanyTree
            companies={[
              company('co_0000000001', 'Moder AB', null),
              company('co_0000000002', 'Dotter AB', 'co_0000000001'),
              company('co_0000000003', 'Barnbarn AB', 'co_0000000002'),
            ]}
            // 0.1 + 0.2 in öre: exact, where floats would not be.
            groups={[
              group('co_0000000001', '0.10'),
              group('co_0000000002', '0.20'),
              group('co_0000000003', '9007199254740993.01'),
            ]}
            accountsSearch={(id) => `?company=${id}`}
          />
        </I18nProvider>
      </MemoryRouter>,
    );
    const rows = within(screen.getByTestId('positions-company')).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1]?.lastElementChild?.textContent).toBe(
      `9${NBSP}007${NBSP}199${NBSP}254${NBSP}740${NBSP}993,31${NBSP}SEK`,
    );
    expect(rows[2]?.lastElementChild?.textContent).toBe(
      `9${NBSP}007${NBSP}199${NBSP}254${NBSP}740${NBSP}993,21${NBSP}SEK`,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dölj dotterbolag till Moder AB' }));
    expect(within(screen.getByTestId('positions-company')).getAllByRole('row')).toHaveLength(2);
    const show = screen.getByRole('button', { name: 'Visa dotterbolag till Moder AB' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(show);
    expect(within(screen.getByTestId('positions-company')).getAllByRole('row')).toHaveLength(4);
  });
});
