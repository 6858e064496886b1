import { describe, expect, it } from 'vitest';
import type { ReconciliationMatch } from '../../../contract/reconciliation';
import { formatWireMoney } from '../../lib/format';
import { detectFileKind } from './file-kind';
import { reconciliationText } from './messages';
import { payerOf, reasonInWords } from './reasons';

const match = {
  id: 'match_00000001',
  status: 'proposed',
  confidence: 0.93,
  auto_confirmed: false,
  reasons: [
    { code: 'ocr_exact', detail: 'OCR 41071832 on the payment and the invoice' },
    {
      code: 'amount_within_tolerance',
      detail:
        'paid 987.50 SEK for 1000.00 SEK: 12.50 SEK short (bank fee or FX difference, within tolerance)',
    },
    {
      code: 'counterparty_name',
      detail: 'payer "BYGG & BETONG" and counterparty "Bygg & Betong AB" are 91 % alike',
    },
    { code: 'date_distance', detail: 'booked 4 days before the due date' },
    { code: 'date_distance', detail: 'booked on the due date' },
    { code: 'date_distance', detail: 'booked 1 day after the due date' },
    { code: 'date_distance', detail: 'booked 1 days before the due date' },
  ],
  account_id: 'acct_bankgiro01',
  company_id: 'co_demo0001',
  booking_date: '2026-11-24',
  transactions: [
    { id: 'txn_00000001', booking_date: '2026-11-24', amount: { amount: '987.50', currency: 'SEK' } },
  ],
  open_items: [],
  difference: { amount: '-12.50', currency: 'SEK' },
  proposed_at: '2026-11-25T08:00:00.000Z',
  decided_at: null,
  decided_by: null,
} satisfies ReconciliationMatch;

describe('the reasons in words', () => {
  it('takes the figures from the engine and the amounts from the match, in Swedish and English', () => {
    const words = match.reasons.map((reason) =>
      reasonInWords(reason, match, reconciliationText('sv'), (money) => formatWireMoney(money, 'sv-SE')),
    );
    expect(words).toEqual([
      'OCR stämmer',
      'Beloppet skiljer 12,50\u00a0SEK (avgift eller valuta)',
      'Namnen liknar varandra till 91 %',
      'Bokförd 4 dagar före förfallodagen',
      'Bokförd på förfallodagen',
      'Bokförd 1 dag efter förfallodagen',
      'Bokförd 1 dag före förfallodagen',
    ]);
    expect(
      match.reasons.map((reason) =>
        reasonInWords(reason, match, reconciliationText('en'), (money) => formatWireMoney(money, 'en-GB')),
      ),
    ).toEqual([
      'OCR matches',
      'Amount differs by SEK\u00a012.50 (fee or FX)',
      'Names 91 % alike',
      'Booked 4 days before the due date',
      'Booked on the due date',
      'Booked 1 day after the due date',
      'Booked 1 day before the due date',
    ]);
    expect(payerOf(match)).toBe('BYGG & BETONG');
  });
});

describe('recognising a file', () => {
  it('knows BGMax, camt.053, camt.054 and the open-items CSV by their first bytes', () => {
    expect(detectFileKind('01BGMAX               0120261125101500123456P')).toBe('bgmax');
    expect(
      detectFileKind(
        '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
      ),
    ).toBe('camt053');
    expect(detectFileKind('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">')).toBe(
      'camt054',
    );
    expect(detectFileKind('\uFEFFexternal_id,kind,company_org_number,counterparty_name')).toBe('open_items');
    expect(detectFileKind('Datum;Belopp;Text')).toBeNull();
  });
});
