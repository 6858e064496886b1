import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSwedishAccount } from '../banking/bank-account';
import { isBankDay } from '../banking/bank-days';
import { parseBankgiro } from '../banking/bankgiro';
import { bicCountry, knownBankForBic, parseBic } from '../banking/bic';
import { addDays, parseIsoDate, type IsoDate } from '../banking/dates';
import { ibanCountry, parseIban, swedishAccountFromIban } from '../banking/iban';
import { convert } from '../banking/money';
import { parseOcr } from '../banking/ocr';
import { parseOrganisationsnummer } from '../banking/organisationsnummer';
import { parsePlusgiro } from '../banking/plusgiro';
import { addMonths, lastBankDayOfMonth, weekday } from './calendar';
import { FxTable } from './fx';
import { collectLedger, generateDemoTenant } from './generate';
import type { DemoDataset, DemoTransaction } from './model';
import { isPlausibleForeignId } from './organisation';

const TODAY = '2025-11-20';

function date(s: string): IsoDate {
  const parsed = parseIsoDate(s);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Canonical JSON: bigint as a decimal string, keys in insertion order (which the generator fixes). */
function canonicalHash(dataset: DemoDataset): string {
  const hash = createHash('sha256');
  const json = (value: unknown): string =>
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  hash.update(json({ ...dataset, ledger: undefined }));
  for (const day of dataset.ledger()) hash.update(json(day));
  return hash.digest('hex');
}

// A few datasets reused by the example-based tests (generation of the demo size takes ~0.3 s).
const cache = new Map<string, { dataset: DemoDataset; ledger: ReturnType<typeof collectLedger> }>();
function demo(seed: number, today = TODAY) {
  const key = `${seed}|${today}`;
  let hit = cache.get(key);
  if (!hit) {
    const dataset = generateDemoTenant({ seed, size: 'demo', today });
    hit = { dataset, ledger: collectLedger(dataset) };
    cache.set(key, hit);
  }
  return hit;
}

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const todayArb = fc.integer({ min: 0, max: 365 * 8 }).map((n) => addDays(date('2021-01-01'), n) as string);

describe('determinism', () => {
  it('the same seed gives byte-identical data, twice in a row and across ledger iterations', () => {
    const a = generateDemoTenant({ seed: 42, size: 'demo', today: TODAY });
    const b = generateDemoTenant({ seed: 42, size: 'demo', today: TODAY });
    const hashA = canonicalHash(a);
    expect(canonicalHash(b)).toBe(hashA);
    // Iterating the same dataset's ledger again yields the same stream.
    expect(canonicalHash(a)).toBe(hashA);
  });

  it('a different seed gives a different koncern', () => {
    const a = demo(1).dataset;
    const b = demo(2).dataset;
    // Names come from a finite (~900) set of stems, so two seeds may share one; across 20 seeds
    // nearly all differ, and the organisation numbers always do.
    const names = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      names.add(generateDemoTenant({ seed, size: 'demo', today: TODAY }).koncerner[0]?.name ?? '');
    }
    expect(names.size).toBeGreaterThanOrEqual(17);
    const orgA = new Set(a.companies.map((c) => c.orgNumber));
    expect(b.companies.some((c) => c.orgNumber !== null && orgA.has(c.orgNumber))).toBe(false);
    expect(a.tenant.id).not.toBe(b.tenant.id);
  });

  it('property: different seeds give different organisation numbers and ids', () => {
    fc.assert(
      fc.property(seedArb, seedArb, (s1, s2) => {
        fc.pre(s1 !== s2);
        const a = generateDemoTenant({ seed: s1, size: 'demo', today: TODAY });
        const b = generateDemoTenant({ seed: s2, size: 'demo', today: TODAY });
        expect(a.companies[0]?.orgNumber).not.toBe(b.companies[0]?.orgNumber);
        expect(a.bankAccounts[0]?.id).not.toBe(b.bankAccounts[0]?.id);
      }),
      { numRuns: 25 },
    );
  });

  it('the tenant name is part of the id namespace', () => {
    const a = generateDemoTenant({ seed: 7, size: 'demo', today: TODAY, tenantName: 'A' });
    const b = generateDemoTenant({ seed: 7, size: 'demo', today: TODAY, tenantName: 'B' });
    expect(a.koncerner[0]?.name).toBe(b.koncerner[0]?.name);
    expect(a.tenant.id).not.toBe(b.tenant.id);
  });
});

describe('structure (property over seeds and dates)', () => {
  it('a Swedish parent AB, 8–15 subsidiaries, 30–80 accounts, a cash pool and all five currencies', () => {
    fc.assert(
      fc.property(seedArb, todayArb, (seed, today) => {
        const d = generateDemoTenant({ seed, size: 'demo', today });
        const [parent, ...subs] = d.companies;
        expect(parent?.parentId).toBeNull();
        expect(parent?.country).toBe('SE');
        expect(subs.length).toBeGreaterThanOrEqual(8);
        expect(subs.length).toBeLessThanOrEqual(15);
        const ids = new Set(d.companies.map((c) => c.id));
        for (const s of subs) expect(ids.has(s.parentId ?? '')).toBe(true);
        expect(new Set(subs.map((s) => s.country))).toEqual(new Set(['SE', 'NO', 'DK', 'FI', 'DE', 'US']));
        expect(subs.some((s) => s.ownershipBasisPoints === 10000)).toBe(true);
        for (const s of subs) {
          expect(
            s.ownershipBasisPoints === 10000 ||
              (s.ownershipBasisPoints >= 5100 && s.ownershipBasisPoints <= 9000),
          ).toBe(true);
        }

        expect(d.bankAccounts.length).toBeGreaterThanOrEqual(30);
        expect(d.bankAccounts.length).toBeLessThanOrEqual(80);
        const tops = d.bankAccounts.filter((a) => a.kind === 'cash_pool_top');
        expect(tops).toHaveLength(1);
        const subsOfPool = d.bankAccounts.filter((a) => a.kind === 'cash_pool_sub');
        expect(subsOfPool.length).toBeGreaterThanOrEqual(3);
        for (const a of subsOfPool) expect(a.cashPoolTopId).toBe(tops[0]?.id);
        for (const a of d.bankAccounts) if (a.kind !== 'cash_pool_sub') expect(a.cashPoolTopId).toBeNull();
        expect(new Set(d.bankAccounts.map((a) => a.currency))).toEqual(
          new Set(['SEK', 'EUR', 'USD', 'NOK', 'DKK']),
        );
        const banks = new Set(d.bankAccounts.map((a) => a.bankName));
        expect(banks.size).toBeGreaterThanOrEqual(5);

        // 24 months: the first transaction day is the first bank day after today − 24 months.
        expect(d.period.firstDay > addMonths(today, -24)).toBe(true);
        expect(d.period.firstDay <= addDays(date(addMonths(today, -24)), 5)).toBe(true);
        expect(d.period.lastDay <= today).toBe(true);
        expect(isBankDay(date(d.period.lastDay))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('identifiers pass the banking module validators (property over seeds)', () => {
  it('organisationsnummer, foreign ids, bankgiro, plusgiro, IBAN, clearing/account, BIC, OCR', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const d = generateDemoTenant({ seed, size: 'demo', today: TODAY });
        for (const c of d.companies) {
          if (c.country === 'SE') {
            const parsed = parseOrganisationsnummer(c.orgNumber ?? '');
            expect(parsed.ok, `${c.orgNumber}`).toBe(true);
            expect(c.orgNumber?.[0]).toBe('5');
            expect(Number(c.orgNumber?.[2])).toBeGreaterThanOrEqual(2);
            expect(c.foreignId).toBeNull();
          } else {
            expect(c.orgNumber).toBeNull();
            expect(isPlausibleForeignId(c.country, c.foreignId ?? ''), `${c.country} ${c.foreignId}`).toBe(
              true,
            );
          }
        }
        const ibans = new Set<string>();
        for (const a of d.bankAccounts) {
          const bic = parseBic(a.bic);
          expect(bic.ok, a.bic).toBe(true);
          if (!bic.ok) continue;
          expect(knownBankForBic(bic.value), a.bic).toBeDefined();
          if (a.bankgiro !== null) expect(parseBankgiro(a.bankgiro).ok, a.bankgiro).toBe(true);
          if (a.iban === null) {
            // US accounts: ABA routing number and account number instead.
            expect(bicCountry(bic.value)).toBe('US');
            expect(a.clearingNumber).toMatch(/^[0-9]{9}$/);
            expect(a.accountNumber).toMatch(/^[0-9]{9,12}$/);
            continue;
          }
          const iban = parseIban(a.iban);
          expect(iban.ok, a.iban).toBe(true);
          if (!iban.ok) continue;
          expect(ibanCountry(iban.value)).toBe(bicCountry(bic.value));
          expect(ibans.has(a.iban)).toBe(false);
          ibans.add(a.iban);
          if (ibanCountry(iban.value) === 'SE') {
            expect(parseSwedishAccount(a.clearingNumber ?? '', a.accountNumber ?? '').ok).toBe(true);
            const back = swedishAccountFromIban(a.iban);
            if (back.ok) {
              expect(back.value.clearing).toBe(a.clearingNumber);
              expect(back.value.account).toBe(a.accountNumber);
            } else {
              expect(a.bankName).toBe('Handelsbanken'); // its IBAN does not carry the clearing number
            }
          }
        }
        for (const item of d.openItems) {
          if (item.ocr !== null) expect(parseOcr(item.ocr).ok, item.ocr).toBe(true);
          if (item.kind === 'receivable' && item.ocr !== null) {
            expect(parseOcr(item.ocr, { lengthDigit: true }).ok).toBe(true);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('every OCR and giro number in the ledger is valid', () => {
    const { transactions } = demo(3).ledger;
    let ocrs = 0;
    for (const t of transactions) {
      if (t.ocr !== null) {
        ocrs++;
        expect(parseOcr(t.ocr).ok, t.ocr).toBe(true);
      }
      if (t.counterpartyAccount?.startsWith('BG '))
        expect(parseBankgiro(t.counterpartyAccount.slice(3)).ok).toBe(true);
      if (t.counterpartyAccount?.startsWith('PG '))
        expect(parsePlusgiro(t.counterpartyAccount.slice(3)).ok).toBe(true);
    }
    expect(ocrs).toBeGreaterThan(1000);
  });
});

describe('ledger invariants (property over seeds and dates)', () => {
  it('balances equal opening + transactions, one row per account and bank day, only bank days, no negative closings but the koncernkonto', () => {
    fc.assert(
      fc.property(seedArb, todayArb, (seed, today) => {
        const dataset = generateDemoTenant({ seed, size: 'demo', today });
        const opening = new Map(dataset.openingBalances.map((b) => [b.accountId, b.bookedMinor]));
        expect(opening.size).toBe(dataset.bankAccounts.length);
        const cashPoolTops = new Set(
          dataset.bankAccounts.filter((a) => a.kind === 'cash_pool_top').map((a) => a.id),
        );
        for (const b of dataset.openingBalances) expect(b.balanceDate).toBe(dataset.period.openingDate);
        const running = new Map(opening);
        const refs = new Set<string>();
        const txnIds = new Set<string>();
        // Plain checks collected into one list: ~40k rows per run are too many for one expect each.
        const problems: string[] = [];
        let days = 0;
        let previous = dataset.period.openingDate;
        for (const day of dataset.ledger()) {
          days++;
          if (!isBankDay(date(day.date))) problems.push(`${day.date} is not a bank day`);
          if (day.date <= previous) problems.push(`${day.date} out of order`);
          previous = day.date;
          for (const t of day.transactions) {
            if (t.bookingDate !== day.date || t.valueDate !== day.date)
              problems.push(`${t.id} dated ${t.bookingDate}`);
            if (t.amountMinor === 0n) problems.push(`${t.id} is zero`);
            running.set(t.accountId, (running.get(t.accountId) ?? 0n) + t.amountMinor);
            const ref = `${t.accountId}|${t.bankReference}`;
            if (refs.has(ref)) problems.push(`duplicate bank reference ${ref}`);
            refs.add(ref);
            if (txnIds.has(t.id)) problems.push(`duplicate id ${t.id}`);
            txnIds.add(t.id);
          }
          if (day.balances.length !== dataset.bankAccounts.length)
            problems.push(`${day.date}: ${day.balances.length} balances`);
          for (const b of day.balances) {
            if (b.balanceDate !== day.date)
              problems.push(`${b.accountId} balance dated ${b.balanceDate} on ${day.date}`);
            if (b.bookedMinor !== running.get(b.accountId)) {
              problems.push(
                `${b.accountId} ${b.balanceDate}: ${b.bookedMinor} != ${running.get(b.accountId)}`,
              );
            }
            // Only the koncernkonto may close below zero: it zero-balances the pool's sub-accounts
            // and draws on its credit line when the pool as a whole is short (as real ones do).
            if (b.bookedMinor < 0n && !cashPoolTops.has(b.accountId))
              problems.push(`${b.accountId} ${b.balanceDate}: negative ${b.bookedMinor}`);
            if (b.availableMinor < b.bookedMinor)
              problems.push(`${b.accountId} ${b.balanceDate}: available < booked`);
          }
        }
        expect(problems.slice(0, 5)).toEqual([]);
        expect(days).toBeGreaterThan(490);
        expect(days).toBeLessThan(510);
      }),
      { numRuns: 8 },
    );
  });

  it('intra-group transfers come in pairs that net to zero (in currency when same, in SEK always)', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const dataset = generateDemoTenant({ seed, size: 'demo', today: TODAY });
        const fx = new FxTable(dataset.fxRates);
        const legs = new Map<string, DemoTransaction[]>();
        for (const day of dataset.ledger()) {
          for (const t of day.transactions) {
            if (!t.intraGroup) continue;
            expect(t.endToEndId).not.toBeNull();
            const list = legs.get(t.endToEndId ?? '') ?? [];
            list.push(t);
            legs.set(t.endToEndId ?? '', list);
          }
        }
        expect(legs.size).toBeGreaterThan(100);
        for (const [, pair] of legs) {
          expect(pair).toHaveLength(2);
          const [a, b] = pair as [DemoTransaction, DemoTransaction];
          expect(a.bookingDate).toBe(b.bookingDate);
          expect(a.accountId).not.toBe(b.accountId);
          if (a.currency === b.currency) expect(a.amountMinor + b.amountMinor).toBe(0n);
          else expect(a.category).toBe('fx_transfer');
          // The documented report rounding (per row, half away from zero) nets every pair in SEK.
          expect(
            fx.toSek(a.amountMinor, a.currency, a.bookingDate) +
              fx.toSek(b.amountMinor, b.currency, b.bookingDate),
          ).toBe(0n);
        }
      }),
      { numRuns: 5 },
    );
  });

  it('FX: a rate for every bank day, four decimals, within band; SEK totals per row vs per sum differ by at most n/2 öre', () => {
    const { dataset, ledger } = demo(5);
    const fx = new FxTable(dataset.fxRates);
    const days = new Set(dataset.fxRates.map((r) => r.rateDate));
    for (const d of days) expect(isBankDay(date(d))).toBe(true);
    const bands = { EUR: [11.0, 11.8], USD: [9.5, 11.0], NOK: [0.94, 1.07], DKK: [1.47, 1.59] } as const;
    for (const r of dataset.fxRates) {
      expect(r.sekPerUnit).toMatch(/^[0-9]+\.[0-9]{4}$/);
      const [lo, hi] = bands[r.currency];
      // Comparing a decimal string against the band's bounds via integer ten-thousandths.
      const units = Number(r.sekPerUnit.replace('.', ''));
      expect(units).toBeGreaterThanOrEqual(Math.round(lo * 10_000));
      expect(units).toBeLessThanOrEqual(Math.round(hi * 10_000));
    }
    for (const t of ledger.transactions) expect(days.has(t.bookingDate)).toBe(true);

    // Property: a report converts each row with `convert` at its booking day's rate (half away from
    // zero to whole öre) and sums; for any group of n rows on one day in one currency this differs
    // from converting the group's sum by at most n/2 öre, and SEK rows convert to themselves.
    const groups = new Map<string, DemoTransaction[]>();
    for (const t of ledger.transactions) {
      const key = `${t.bookingDate}|${t.currency}`;
      const list = groups.get(key) ?? [];
      list.push(t);
      groups.set(key, list);
    }
    for (const [key, rows] of groups) {
      const [day = '', currency = 'SEK'] = key.split('|');
      const perRow = rows.reduce((acc, t) => acc + fx.toSek(t.amountMinor, t.currency, day), 0n);
      const total = rows.reduce((acc, t) => acc + t.amountMinor, 0n);
      const once =
        currency === 'SEK'
          ? total
          : convert(total, rows[0]?.currency ?? 'SEK', 'SEK', fx.rate(rows[0]?.currency ?? 'SEK', day));
      const diff = perRow - once;
      expect((diff < 0n ? -diff : diff) * 2n <= BigInt(rows.length)).toBe(true);
      if (currency === 'SEK') expect(perRow).toBe(total);
    }
  });
});

describe('rhythms of a Swedish group', () => {
  const { dataset, ledger } = demo(11);
  const companyOfAccount = new Map(dataset.bankAccounts.map((a) => [a.id, a.companyId]));
  const countryOf = new Map(dataset.companies.map((c) => [c.id, c.country]));
  const swedish = (t: DemoTransaction) => countryOf.get(companyOfAccount.get(t.accountId) ?? '') === 'SE';

  it('Swedish salaries are paid on the 25th, or the last bank day before it', () => {
    const salaries = ledger.transactions.filter((t) => t.category === 'salary' && swedish(t));
    expect(salaries.length).toBeGreaterThan(24 * 3);
    for (const t of salaries) {
      expect(t.amountMinor < 0n).toBe(true);
      const day = Number(t.bookingDate.slice(8));
      expect(day).toBeLessThanOrEqual(25);
      for (let d = day + 1; d <= 25; d++) {
        expect(isBankDay(date(`${t.bookingDate.slice(0, 8)}${String(d).padStart(2, '0')}`))).toBe(false);
      }
    }
  });

  it('Skatteverket is paid on the 12th (17th in January and August) or the next bank day', () => {
    const taxes = ledger.transactions.filter((t) => t.category === 'employer_tax');
    expect(taxes.length).toBeGreaterThan(24 * 3);
    for (const t of taxes) {
      expect(t.counterpartyName).toBe('Skatteverket');
      const month = Number(t.bookingDate.slice(5, 7));
      const due = month === 1 || month === 8 ? 17 : 12;
      const day = Number(t.bookingDate.slice(8));
      expect(day).toBeGreaterThanOrEqual(due);
      for (let d = due; d < day; d++) {
        expect(isBankDay(date(`${t.bookingDate.slice(0, 8)}${String(d).padStart(2, '0')}`))).toBe(false);
      }
    }
  });

  it('rent is paid on the last bank day before the month; loan interest quarterly', () => {
    for (const t of ledger.transactions.filter((x) => x.category === 'rent')) {
      let d = addDays(date(t.bookingDate), 1);
      while (d.slice(8) !== '01') {
        expect(isBankDay(d)).toBe(false);
        d = addDays(d, 1);
      }
    }
    const loanMonths = new Set(
      ledger.transactions
        .filter((t) => t.category === 'loan_interest')
        .map((t) => Number(t.bookingDate.slice(5, 7))),
    );
    for (const m of loanMonths) expect(m % 3).toBe(0);
  });

  it('customer receipts dip in July and peak in December', () => {
    const perMonth = new Map<number, number>();
    for (const t of ledger.transactions) {
      if (t.category !== 'customer_receipt') continue;
      const m = Number(t.bookingDate.slice(5, 7));
      perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
    }
    const average = [...perMonth.values()].reduce((a, b) => a + b, 0) / 12;
    expect(perMonth.get(7) ?? 0).toBeLessThan(average * 0.75);
    expect(perMonth.get(12) ?? 0).toBeGreaterThan(average * 1.1);
  });

  it('receipts via bankgiro carry OCR references, and the planted ground truth is in the ledger', () => {
    const viaBankgiro = new Set(dataset.bankAccounts.filter((a) => a.bankgiro !== null).map((a) => a.id));
    const receipts = ledger.transactions.filter(
      (t) => t.category === 'customer_receipt' && viaBankgiro.has(t.accountId),
    );
    expect(receipts.length).toBeGreaterThan(1000);
    for (const t of receipts) expect(t.amountMinor > 0n).toBe(true);
    expect(receipts.filter((t) => t.ocr !== null).length).toBeGreaterThan((receipts.length * 3) / 4);
    expect(dataset.planted.length).toBeGreaterThan(5);
    const items = new Map(dataset.openItems.map((o) => [o.id, o]));
    for (const p of dataset.planted) {
      const item = items.get(p.openItemId);
      expect(item?.status).toBe('open');
      const booked = ledger.transactions.find(
        (t) =>
          t.accountId === p.accountId &&
          t.bookingDate === p.date &&
          t.amountMinor === p.amountMinor &&
          t.ocr === p.ocr,
      );
      expect(booked).toBeDefined();
    }
  });

  it('open items are the issued invoices of the coming receipts and payment runs, with 30 days net terms', () => {
    const plantedIds = new Set(dataset.planted.map((p) => p.openItemId));
    const items = dataset.openItems.filter((o) => !plantedIds.has(o.id));
    const receivables = items.filter((o) => o.kind === 'receivable');
    const payables = items.filter((o) => o.kind === 'payable');
    expect(receivables.length).toBeGreaterThan(100);
    expect(payables.length).toBeGreaterThan(100);
    const currencies = new Map<string, Set<string>>();
    for (const a of dataset.bankAccounts)
      currencies.set(a.companyId, (currencies.get(a.companyId) ?? new Set()).add(a.currency));
    for (const o of items) {
      expect(o.issueDate).toBe(addDays(date(o.dueDate), -30));
      expect(o.issueDate! <= TODAY).toBe(true);
      expect(o.amountMinor > 0n).toBe(true);
      expect(currencies.get(o.companyId)?.has(o.currency)).toBe(true);
    }
    // Payables fall due on the coming payment runs (Tuesdays, Thursdays, the last bank day of the month).
    for (const o of payables) {
      expect(o.dueDate > TODAY && isBankDay(date(o.dueDate))).toBe(true);
      const runDay = weekday(o.dueDate);
      const lastBankDay = lastBankDayOfMonth(Number(o.dueDate.slice(0, 4)), Number(o.dueDate.slice(5, 7)));
      expect(runDay === 2 || runDay === 4 || o.dueDate === lastBankDay, o.dueDate).toBe(true);
    }
    // Receivables: late payers' invoices already overdue (the latest pay 18 days after the due date).
    expect(receivables.some((o) => o.dueDate <= TODAY)).toBe(true);
    for (const o of receivables) expect(o.dueDate >= addDays(date(TODAY), -18)).toBe(true);
    const keys = new Set(dataset.openItems.map((o) => `${o.companyId}|${o.externalId}`));
    expect(keys.size).toBe(dataset.openItems.length);
  });

  it('the demo size stays within 15k–40k transactions', () => {
    expect(ledger.transactions.length).toBeGreaterThan(15_000);
    expect(ledger.transactions.length).toBeLessThan(40_000);
  });
});

describe('large size', () => {
  it('streams day by day at many times the demo volume (same koncern) without materialising the ledger', () => {
    const dataset = generateDemoTenant({ seed: 1, size: 'large', today: TODAY });
    const small = generateDemoTenant({ seed: 1, size: 'demo', today: TODAY });
    const first = (d: DemoDataset, days: number) => {
      let n = 0;
      let i = 0;
      for (const day of d.ledger()) {
        n += day.transactions.length;
        if (++i === days) break;
      }
      return n;
    };
    const large = first(dataset, 20);
    const demoCount = first(small, 20);
    expect(large).toBeGreaterThan(demoCount * 25);
    // The static part is the same koncern in both sizes.
    expect(dataset.companies).toEqual(small.companies);
  });
});
