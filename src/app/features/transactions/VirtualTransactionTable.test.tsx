// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Transaction } from '../../../contract/ledger';
import { I18nProvider } from '../../lib/i18n';
import { ROW_HEIGHT, VirtualTransactionTable } from './VirtualTransactionTable';

function transaction(index: number): Transaction {
  const id = String(index).padStart(10, '0');
  return {
    id: `txn_${id}`,
    account_id: 'acct_0000000001',
    booking_date: '2026-11-25',
    value_date: '2026-11-25',
    amount: { amount: `-${index}.50`, currency: 'SEK' },
    counterparty_name: `Leverantör ${index}`,
    counterparty_account: null,
    ocr: null,
    message: null,
    bank_reference: `REF${id}`,
    end_to_end_id: null,
    category: null,
    intra_group: false,
    reconciliation_state: 'unreconciled',
  };
}

const HUNDRED_THOUSAND = Array.from({ length: 100_000 }, (_, index) => transaction(index));

/** happy-dom lays nothing out: give the scroll area the height a browser would (70vh of 860 px). */
function withViewportHeight(height: number) {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height);
}

function renderTable(props: { complete: boolean; onNearEnd?: () => void; rows?: readonly Transaction[] }) {
  return render(
    <MemoryRouter>
      <I18nProvider initial="en">
        <VirtualTransactionTable
          rows={props.rows ?? HUNDRED_THOUSAND}
          complete={props.complete}
          onNearEnd={props.onNearEnd ?? (() => {})}
          label="Transactions"
        />
      </I18nProvider>
    </MemoryRouter>,
  );
}

function renderedRows() {
  return within(screen.getByTestId('transactions-table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => Number(row.getAttribute('aria-rowindex')));
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('VirtualTransactionTable', () => {
  it('keeps only a window of 100,000 rows in the DOM and tells screen readers the full count', () => {
    withViewportHeight(600);
    renderTable({ complete: true });
    const table = screen.getByTestId('transactions-table');
    expect(table.getAttribute('aria-rowcount')).toBe('100001');
    const indexes = renderedRows();
    expect(indexes[0]).toBe(2);
    expect(indexes.length).toBeGreaterThan(10);
    expect(indexes.length).toBeLessThan(60);
    expect(screen.getByText('Leverantör 0')).toBeTruthy();
    expect(screen.queryByText('Leverantör 99999')).toBeNull();
    // The spacer below stands in for the rows not rendered, so the scrollbar is true to the whole list.
    const spacer = table.querySelector('tbody tr:last-child') as HTMLElement;
    expect(spacer.getAttribute('aria-hidden')).toBe('true');
    expect(Number.parseInt(spacer.style.height, 10)).toBeGreaterThan(ROW_HEIGHT * 99_000);
  });

  it('renders the rows at the scroll position, still only a window of them', () => {
    withViewportHeight(600);
    renderTable({ complete: true });
    const scroller = screen.getByRole('region', { name: 'Transactions' });
    scroller.scrollTop = ROW_HEIGHT * 50_000;
    fireEvent.scroll(scroller);
    const indexes = renderedRows();
    expect(indexes).toContain(50_002);
    expect(indexes.length).toBeLessThan(60);
    expect(screen.getByText('Leverantör 50000')).toBeTruthy();
    expect(screen.queryByText('Leverantör 0')).toBeNull();
    expect(scroller.tabIndex).toBe(0);
  });

  it('asks for the next page near the end of what is loaded, and says the count is open until then', () => {
    withViewportHeight(600);
    const onNearEnd = vi.fn();
    const rows = HUNDRED_THOUSAND.slice(0, 200);
    const { rerender } = renderTable({ complete: false, onNearEnd, rows });
    expect(screen.getByTestId('transactions-table').getAttribute('aria-rowcount')).toBe('-1');
    expect(onNearEnd).not.toHaveBeenCalled();
    const scroller = screen.getByRole('region', { name: 'Transactions' });
    scroller.scrollTop = ROW_HEIGHT * 150;
    fireEvent.scroll(scroller);
    expect(onNearEnd).toHaveBeenCalled();
    rerender(
      <MemoryRouter>
        <I18nProvider initial="en">
          <VirtualTransactionTable rows={rows} complete onNearEnd={onNearEnd} label="Transactions" />
        </I18nProvider>
      </MemoryRouter>,
    );
    expect(screen.getByTestId('transactions-table').getAttribute('aria-rowcount')).toBe('201');
  });
});
