import { describe, expect, it } from 'vitest';
import { createOcr } from '../../banking/ocr';
import { proposeMatches } from './matcher';
import { pairKey, type MatchableItem, type MatchableTransaction, type Proposal } from './model';

const COMPANY = 'co_matcher00001';
const ACCOUNT = 'acct_matcher0001';
const AUTO = 0.97;

let counter = 0;
function payment(fields: Partial<MatchableTransaction> & { amountMinor: bigint }): MatchableTransaction {
  counter += 1;
  return {
    id: `txn_${String(counter).padStart(10, '0')}`,
    accountId: ACCOUNT,
    companyId: COMPANY,
    bookingDate: '2026-11-20',
    currency: 'SEK',
    counterpartyName: null,
    ocr: null,
    message: null,
    endToEndId: null,
    ...fields,
  };
}

function invoice(
  fields: Partial<MatchableItem> & { openMinor: bigint; counterpartyName: string },
): MatchableItem {
  counter += 1;
  return {
    id: `oi_${String(counter).padStart(10, '0')}`,
    companyId: COMPANY,
    kind: 'receivable',
    externalId: `F${counter}`,
    reference: null,
    ocr: null,
    currency: 'SEK',
    dueDate: '2026-11-18',
    endToEndId: null,
    ...fields,
  };
}

function run(
  transactions: MatchableTransaction[],
  items: MatchableItem[],
  rejected: string[] = [],
): Proposal[] {
  return proposeMatches({ transactions, items, rejected: new Set(rejected) });
}

function only(proposals: Proposal[]): Proposal {
  expect(proposals).toHaveLength(1);
  return proposals[0] as Proposal;
}

const codes = (proposal: Proposal) => proposal.reasons.map((r) => r.code);

describe('the matching engine on constructed data', () => {
  it('matches one payment to one invoice by exact OCR and amount, confidently enough to confirm', () => {
    const ocr = createOcr('4471230', { withLengthDigit: true });
    const item = invoice({ openMinor: 12_500_00n, counterpartyName: 'Bergström Bygg AB', ocr });
    const decoy = invoice({ openMinor: 12_500_00n, counterpartyName: 'Lindgren El AB' });
    const paid = payment({ amountMinor: 12_500_00n, ocr, counterpartyName: 'BERGSTROM BYGG AB' });
    const match = only(run([paid], [item, decoy]));
    expect(match.transactionIds).toEqual([paid.id]);
    expect(match.items).toEqual([{ openItemId: item.id, appliedMinor: 12_500_00n }]);
    expect(match.confidence).toBeGreaterThanOrEqual(AUTO);
    expect(match.confidence).toBeLessThanOrEqual(1);
    expect(codes(match)).toEqual(expect.arrayContaining(['ocr_exact', 'amount_exact', 'counterparty_name']));
    expect(match.differenceMinor).toBe(0n);
  });

  it('matches our own payment by its end-to-end id whatever name the bank reports', () => {
    const item = invoice({
      kind: 'payable',
      openMinor: 80_000_00n,
      counterpartyName: 'Kontorsvaror i Norden AB',
      endToEndId: 'PAY2026112000000042',
    });
    const paid = payment({
      amountMinor: -80_000_00n,
      endToEndId: 'PAY2026112000000042',
      counterpartyName: 'KVN',
    });
    const match = only(run([paid], [item]));
    expect(match.items[0]?.openItemId).toBe(item.id);
    expect(codes(match)).toContain('end_to_end_id');
    expect(match.confidence).toBeGreaterThanOrEqual(AUTO);
  });

  it('never pays a receivable with money going out, nor crosses companies or currencies', () => {
    const ocr = createOcr('1234567', { withLengthDigit: true });
    const item = invoice({ openMinor: 1_000_00n, counterpartyName: 'Acme AB', ocr });
    expect(run([payment({ amountMinor: -1_000_00n, ocr })], [item])).toEqual([]);
    expect(run([payment({ amountMinor: 1_000_00n, ocr, companyId: 'co_other000001' })], [item])).toEqual([]);
    expect(run([payment({ amountMinor: 1_000_00n, ocr, currency: 'EUR' })], [item])).toEqual([]);
  });

  it('finds an invoice whose OCR the payer left out through the invoice number in the message', () => {
    const item = invoice({
      openMinor: 4_321_00n,
      counterpartyName: 'Sjöberg Konsult AB',
      reference: '8001234',
      ocr: createOcr('8001234', { withLengthDigit: true }),
    });
    const paid = payment({
      amountMinor: 4_321_00n,
      message: 'Faktura 8001234',
      counterpartyName: 'Sjöberg Konsult',
    });
    const match = only(run([paid], [item]));
    expect(codes(match)).toContain('reference_in_message');
    expect(match.confidence).toBeGreaterThanOrEqual(AUTO);
  });

  it('proposes an OCR with a wrong digit for a person to check, without confirming it', () => {
    const right = createOcr('8005555', { withLengthDigit: true });
    const typo = `${right.slice(0, 2)}${(Number(right[2]) + 1) % 10}${right.slice(3)}`;
    const item = invoice({ openMinor: 9_900_00n, counterpartyName: 'Nyberg Fastigheter AB', ocr: right });
    const paid = payment({ amountMinor: 9_900_00n, ocr: typo, counterpartyName: 'Nyberg Fastigheter AB' });
    const match = only(run([paid], [item]));
    expect(codes(match)).toContain('ocr_near');
    expect(match.confidence).toBeGreaterThan(0.5);
    expect(match.confidence).toBeLessThan(AUTO);
  });

  it('settles an invoice in full when a bank fee within the tolerance was deducted, and says so', () => {
    const ocr = createOcr('8007777', { withLengthDigit: true });
    const item = invoice({ openMinor: 50_000_00n, counterpartyName: 'Holm Industri AB', ocr });
    const paid = payment({ amountMinor: 49_950_00n, ocr, counterpartyName: 'Holm Industri AB' });
    const match = only(run([paid], [item]));
    expect(match.items).toEqual([{ openItemId: item.id, appliedMinor: 50_000_00n }]);
    expect(match.differenceMinor).toBe(-50_00n);
    expect(codes(match)).toContain('amount_within_tolerance');
  });

  it('accepts a small FX difference either way on a foreign-currency invoice', () => {
    const item = invoice({
      openMinor: 10_000_00n,
      counterpartyName: 'Müller GmbH',
      currency: 'EUR',
      reference: '7009001',
    });
    const paid = payment({
      amountMinor: 10_012_00n,
      currency: 'EUR',
      counterpartyName: 'MULLER GMBH',
      message: 'Invoice 7009001',
    });
    const match = only(run([paid], [item]));
    expect(match.differenceMinor).toBe(12_00n);
    expect(match.items[0]?.appliedMinor).toBe(10_000_00n);
  });

  it('refuses a difference beyond the tolerance as a full payment, but takes it as a partial one when the payment quotes the invoice', () => {
    const ocr = createOcr('8009999', { withLengthDigit: true });
    const item = invoice({ openMinor: 30_000_00n, counterpartyName: 'Ek Logistik AB', ocr });
    const paid = payment({ amountMinor: 10_000_00n, ocr, counterpartyName: 'Ek Logistik AB' });
    const match = only(run([paid], [item]));
    expect(match.items).toEqual([{ openItemId: item.id, appliedMinor: 10_000_00n }]);
    expect(codes(match)).toContain('partial_payment');
    const unquoted = payment({ amountMinor: 10_000_00n, counterpartyName: 'Ek Logistik AB' });
    expect(run([unquoted], [item])).toEqual([]);
  });

  it('puts several partial payments of one invoice into one match', () => {
    const ocr = createOcr('8004242', { withLengthDigit: true });
    const item = invoice({ openMinor: 30_000_00n, counterpartyName: 'Ek Logistik AB', ocr });
    const first = payment({
      amountMinor: 10_000_00n,
      ocr,
      counterpartyName: 'Ek Logistik AB',
      bookingDate: '2026-11-10',
    });
    const second = payment({
      amountMinor: 20_000_00n,
      ocr,
      counterpartyName: 'Ek Logistik AB',
      bookingDate: '2026-11-20',
    });
    const match = only(run([first, second], [item]));
    expect([...match.transactionIds].sort()).toEqual([first.id, second.id].sort());
    expect(match.items).toEqual([{ openItemId: item.id, appliedMinor: 30_000_00n }]);
  });

  it('finds instalments that quote nothing when they add up to the invoice', () => {
    const item = invoice({ openMinor: 15_000_00n, counterpartyName: 'Lund Media AB' });
    const a = payment({
      amountMinor: 5_000_00n,
      counterpartyName: 'Lund Media AB',
      bookingDate: '2026-11-12',
    });
    const b = payment({
      amountMinor: 10_000_00n,
      counterpartyName: 'Lund Media AB',
      bookingDate: '2026-11-19',
    });
    const match = only(run([a, b], [item]));
    expect([...match.transactionIds].sort()).toEqual([a.id, b.id].sort());
    expect(codes(match)).toContain('partial_payment');
    expect(match.confidence).toBeLessThan(AUTO);
  });

  it('matches one payment covering several invoices of the same customer', () => {
    const one = invoice({ openMinor: 3_000_00n, counterpartyName: 'Alm Bygg AB', reference: '8003001' });
    const two = invoice({ openMinor: 4_500_00n, counterpartyName: 'Alm Bygg AB', reference: '8003002' });
    const other = invoice({
      openMinor: 2_000_00n,
      counterpartyName: 'Alm Bygg AB',
      reference: '8003003',
      dueDate: '2027-01-30',
    });
    const paid = payment({
      amountMinor: 7_500_00n,
      counterpartyName: 'ALM BYGG AB',
      message: 'Fakt 8003001 8003002',
    });
    const match = only(run([paid], [one, two, other]));
    expect(match.items.map((i) => i.openItemId).sort()).toEqual([one.id, two.id].sort());
    expect(codes(match)).toContain('combined_payment');
    expect(match.confidence).toBeGreaterThanOrEqual(AUTO);
  });

  it('does not confirm a lookalike: two open invoices of one customer with the same amount', () => {
    const a = invoice({ openMinor: 2_490_00n, counterpartyName: 'Prenumeration AB', dueDate: '2026-11-15' });
    const b = invoice({ openMinor: 2_490_00n, counterpartyName: 'Prenumeration AB', dueDate: '2026-11-17' });
    const paid = payment({ amountMinor: 2_490_00n, counterpartyName: 'Prenumeration AB' });
    const match = only(run([paid], [a, b]));
    expect(match.confidence).toBeLessThan(AUTO);
    expect(codes(match)).toContain('ambiguous');
  });

  it('proposes nothing on an amount alone from a stranger', () => {
    const item = invoice({ openMinor: 1_234_00n, counterpartyName: 'Vik Design AB' });
    expect(
      run([payment({ amountMinor: 1_234_00n, counterpartyName: 'Totally Different Ltd' })], [item]),
    ).toEqual([]);
  });

  it('never proposes a rejected pair again, and uses each transaction and item once', () => {
    const ocr = createOcr('8006006', { withLengthDigit: true });
    const item = invoice({ openMinor: 6_000_00n, counterpartyName: 'Ås Verkstad AB', ocr });
    const p1 = payment({ amountMinor: 6_000_00n, ocr, counterpartyName: 'Ås Verkstad AB' });
    const p2 = payment({ amountMinor: 6_000_00n, ocr, counterpartyName: 'Ås Verkstad AB' });
    const proposals = run([p1, p2], [item]);
    const used = proposals.flatMap((p) => p.transactionIds);
    expect(new Set(used).size).toBe(used.length);
    expect(proposals.flatMap((p) => p.items.map((i) => i.openItemId))).toEqual([item.id]);
    expect(run([p1], [item], [pairKey(p1.id, item.id)])).toEqual([]);
  });

  it('gives the same proposals for the same input in any order', () => {
    const items = [1, 2, 3].map((n) =>
      invoice({
        openMinor: BigInt(n) * 1_000_00n,
        counterpartyName: `Kund ${n} AB`,
        ocr: createOcr(`90${n}00`, { withLengthDigit: true }),
      }),
    );
    const payments = items.map((item) =>
      payment({ amountMinor: item.openMinor, ocr: item.ocr, counterpartyName: item.counterpartyName }),
    );
    const forward = run(payments, items);
    const backward = run([...payments].reverse(), [...items].reverse());
    expect(backward).toEqual(forward);
    expect(forward).toHaveLength(3);
  });
});

describe('the date reason', () => {
  const dateDetail = (bookingDate: string) => {
    const ocr = createOcr('4107183', { withLengthDigit: true });
    const proposal = only(
      run(
        [payment({ amountMinor: 1_000_00n, ocr, bookingDate, counterpartyName: 'Bygg AB' })],
        [invoice({ openMinor: 1_000_00n, ocr, counterpartyName: 'Bygg AB', dueDate: '2026-11-18' })],
      ),
    );
    return proposal.reasons.find((r) => r.code === 'date_distance')?.detail;
  };

  it('counts one day in the singular and more in the plural', () => {
    expect(dateDetail('2026-11-18')).toBe('booked on the due date');
    expect(dateDetail('2026-11-19')).toBe('booked 1 day after the due date');
    expect(dateDetail('2026-11-17')).toBe('booked 1 day before the due date');
    expect(dateDetail('2026-11-21')).toBe('booked 3 days after the due date');
  });
});
