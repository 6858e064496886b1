// @vitest-environment happy-dom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { transactionsCsv } from '../features/transactions/transactions-csv';
import {
  formatCompact,
  formatIsoDate,
  formatPeriod,
  formatRate,
  formatWireMoney,
  minorUnits,
} from './format';
import { I18nProvider, useI18n } from './i18n';

const NBSP = '\u00a0';

describe('money for people', () => {
  it('formats SEK for sv-SE with no-break spaces, a decimal comma and a real minus', () => {
    expect(formatWireMoney({ amount: '1682496394.12', currency: 'SEK' }, 'sv-SE')).toBe(
      `1${NBSP}682${NBSP}496${NBSP}394,12${NBSP}SEK`,
    );
    expect(formatWireMoney({ amount: '-0.50', currency: 'SEK' }, 'sv-SE')).toBe(`−0,50${NBSP}SEK`);
  });

  it('formats for en-GB with commas and a decimal point', () => {
    expect(formatWireMoney({ amount: '1682496394.12', currency: 'SEK' }, 'en-GB')).toBe(
      `SEK${NBSP}1,682,496,394.12`,
    );
    expect(formatWireMoney({ amount: '-1250.5', currency: 'EUR' }, 'en-GB')).toBe(`-EUR${NBSP}1,250.50`);
  });

  it('is exact beyond what a float can hold', () => {
    expect(minorUnits({ amount: '92233720368547758.07', currency: 'SEK' })).toBe(9223372036854775807n);
    expect(formatWireMoney({ amount: '92233720368547758.07', currency: 'SEK' }, 'en-GB')).toBe(
      `SEK${NBSP}92,233,720,368,547,758.07`,
    );
  });

  it('shows an amount it cannot read as it came, never as NaN', () => {
    expect(formatWireMoney({ amount: '1.234', currency: 'SEK' }, 'sv-SE')).toBe('1.234 SEK');
    expect(minorUnits({ amount: '1', currency: 'XXX' })).toBeNull();
  });
});

describe('dates and rates', () => {
  it('formats business dates without a time-zone shift', () => {
    expect(formatIsoDate('2026-11-25', 'sv-SE')).toBe('25 nov. 2026');
    expect(formatIsoDate('2026-11-25', 'en-GB')).toBe('25 Nov 2026');
    expect(formatIsoDate('2026-01-01', 'en-GB')).toBe('1 Jan 2026');
  });

  it('keeps the rate digits and swaps the decimal mark for Swedish', () => {
    expect(formatRate('11.444500', 'sv-SE')).toBe('11,444500');
    expect(formatRate('11.444500', 'en-GB')).toBe('11.444500');
  });
});

describe('chart labels', () => {
  it('labels days, ISO weeks and months for each locale', () => {
    expect(formatPeriod('2026-11-25', 'sv-SE')).toBe('25 nov.');
    expect(formatPeriod('2026-11-25', 'en-GB')).toBe('25 Nov');
    expect(formatPeriod('2026-W05', 'sv-SE')).toBe('v. 5');
    expect(formatPeriod('2026-W53', 'en-GB')).toBe('W53');
    expect(formatPeriod('2026-11', 'sv-SE')).toBe('nov. 2026');
    expect(formatPeriod('2026-01', 'en-GB')).toBe('Jan 2026');
    expect(formatPeriod('Q4', 'en-GB')).toBe('Q4');
  });

  it('writes axis ticks compactly with the locale’s words and marks', () => {
    expect(formatCompact(1_250_000, 'sv-SE')).toBe(`1,3${NBSP}mn`);
    expect(formatCompact(-1_234_567_890, 'sv-SE')).toBe(`−1,2${NBSP}md`);
    expect(formatCompact(1_250_000, 'en-GB')).toBe('1.3m');
    expect(formatCompact(-1_234_567_890, 'en-GB')).toBe('-1.2bn');
  });
});

describe('CSV', () => {
  const row = {
    id: 'txn_0000000001',
    account_id: 'acct_000000001',
    booking_date: '2026-11-25',
    value_date: '2026-11-25',
    amount: { amount: '-1250.50', currency: 'SEK' },
    counterparty_name: 'Kaffe; "Bönan" AB',
    counterparty_account: null,
    ocr: null,
    message: '=HYPERLINK("x")',
    bank_reference: 'REF1',
    end_to_end_id: null,
    category: null,
    intra_group: false,
    reconciliation_state: 'unreconciled' as const,
  };

  it('writes sv-SE with semicolons, a decimal comma, quoting and no formulas', () => {
    const lines = transactionsCsv([row], 'sv-SE').split('\r\n');
    expect(lines[1]).toBe(
      `txn_0000000001;acct_000000001;2026-11-25;2026-11-25;-1250,50;SEK;"Kaffe; ""Bönan"" AB";"'=HYPERLINK(""x"")";;REF1;false;unreconciled`,
    );
  });

  it('writes en-GB with commas and a decimal point', () => {
    const lines = transactionsCsv([row], 'en-GB').split('\r\n');
    expect(lines[0]?.split(',')[4]).toBe('amount');
    expect(lines[1]).toContain(',-1250.50,SEK,');
  });
});

function Probe() {
  const { money, date, t } = useI18n();
  return (
    <p>
      {t('totalLiquidity')}: {money({ amount: '1000.00', currency: 'SEK' })} {date('2026-11-25')}
    </p>
  );
}

describe('I18nProvider', () => {
  it('renders in the chosen language and locale', () => {
    const first = render(
      <I18nProvider initial="sv">
        <Probe />
      </I18nProvider>,
    );
    expect(first.container.textContent).toBe(`Total likviditet: 1${NBSP}000,00${NBSP}SEK 25 nov. 2026`);
    first.unmount();
    const second = render(
      <I18nProvider initial="en">
        <Probe />
      </I18nProvider>,
    );
    expect(second.container.textContent).toBe(`Total liquidity: SEK${NBSP}1,000.00 25 Nov 2026`);
  });
});
