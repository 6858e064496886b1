import { and, desc, eq, isNotNull, like } from 'drizzle-orm';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBgmax, buildCamt053 } from '../../../test/support/bank-files';
import { FIXTURES_PRESENT, fixtureText, reportMissingFixtures } from '../../../test/support/bank-fixtures';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { addDays, type IsoDate } from '../../banking/dates';
import { createOcr } from '../../banking/ocr';
import { seedDemoTenant } from '../demo/seed';
import { accountBalances, bankAccounts, outbox, transactions } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { importStatementFile } from './import-file';

reportMissingFixtures('XSD validation of the demo bank files');

/**
 * Bank files for the demo koncern, built by the standards from its own accounts and balances, the
 * way a sales engineer would feed the sandbox: they validate against the official schema and book
 * onto the right accounts, continuing each account's balance.
 */
describe.each(testEngines)('bank files for the demo tenant on %s', (engine) => {
  let database: TestDatabase;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const seeded = await seedDemoTenant(database.handle.db, {
      tenantName: 'demo',
      seed: 42,
      size: 'demo',
      today: '2026-11-20',
    });
    tenantId = seeded.tenantId;
  }, 180_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('a camt.053 for a demo account is valid against the XSD and continues its balance', async () => {
    const db = database.handle.db;
    const [account] = await db
      .select()
      .from(bankAccounts)
      .where(
        and(
          eq(bankAccounts.tenantId, tenantId),
          eq(bankAccounts.currency, 'SEK'),
          isNotNull(bankAccounts.iban),
        ),
      )
      .limit(1);
    const [latest] = await db
      .select()
      .from(accountBalances)
      .where(eq(accountBalances.accountId, account!.id))
      .orderBy(desc(accountBalances.balanceDate))
      .limit(1);
    const openingDate = latest!.balanceDate as IsoDate;
    const day = addDays(openingDate, 1);
    const ocr = createOcr('20261121', { withLengthDigit: true });
    const xml = buildCamt053({
      version: '08',
      messageId: `DEMO-${day}`,
      statementId: `DEMO-STMT-${day}`,
      iban: account!.iban!,
      currency: 'SEK',
      openingMinor: latest!.bookedMinor,
      openingDate,
      closingDate: day,
      entries: [
        {
          amountMinor: 48_750_00n,
          bookingDate: day,
          reference: `DEMO-${day}-1`,
          ocr,
          counterpartyName: 'Kund AB',
        },
        { amountMinor: -12_000_00n, bookingDate: day, reference: `DEMO-${day}-2`, message: 'Hyra december' },
      ],
    });
    if (FIXTURES_PRESENT) {
      const result = await validateXML({
        xml: [{ fileName: 'demo.camt053.xml', contents: xml }],
        schema: [
          { fileName: 'camt.053.001.08.xsd', contents: fixtureText('iso20022/xsd/camt.053.001.08.xsd') },
        ],
      });
      expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    }

    const outcome = await withTenant(db, tenantId, (tx) =>
      importStatementFile(tx, {
        tenantId,
        kind: 'camt053',
        bytes: Buffer.from(xml),
        fileName: 'demo.xml',
        clientId: null,
        requestId: null,
        actingUser: 'sales-engineer',
      }),
    );
    expect(outcome.outcome).toBe('completed');
    if (outcome.outcome !== 'completed') return;
    expect(outcome.row).toMatchObject({ entriesBooked: 2, duplicatesSkipped: 0, balancesBooked: 1 });
    const [closing] = await db
      .select()
      .from(accountBalances)
      .where(and(eq(accountBalances.accountId, account!.id), eq(accountBalances.balanceDate, day)));
    expect(closing).toMatchObject({ bookedMinor: latest!.bookedMinor + 36_750_00n, source: 'bank' });
    const booked = await db
      .select()
      .from(transactions)
      .where(and(eq(transactions.accountId, account!.id), like(transactions.bankReference, `DEMO-${day}-%`)));
    expect(booked.map((t) => [t.amountMinor, t.ocr]).sort()).toEqual([
      [-12_000_00n, null],
      [48_750_00n, ocr],
    ]);
  });

  it('a BGMax file for a demo bankgiro books its payments on that account', async () => {
    const db = database.handle.db;
    const [account] = await db
      .select()
      .from(bankAccounts)
      .where(and(eq(bankAccounts.tenantId, tenantId), isNotNull(bankAccounts.bankgiro)))
      .limit(1);
    const before = await db.select().from(outbox).where(eq(outbox.type, 'transaction.created'));
    const outcome = await withTenant(db, tenantId, (tx) =>
      importStatementFile(tx, {
        tenantId,
        kind: 'bgmax',
        bytes: buildBgmax({
          timestamp: '20261121063000000001',
          bankgiro: account!.bankgiro!,
          paymentDate: '2026-11-21',
          depositSerial: '1',
          payments: [
            {
              amountMinor: 9_990_00n,
              senderBankgiro: '1234566',
              ocr: createOcr('7001', { withLengthDigit: true }),
              name: 'Kund Ett AB',
            },
            {
              amountMinor: 1_250_00n,
              senderBankgiro: '7654321',
              message: 'Faktura 7002',
              name: 'Kund Två AB',
            },
          ],
        }),
        fileName: 'demo.bgmax',
        clientId: null,
        requestId: null,
        actingUser: 'sales-engineer',
      }),
    );
    expect(outcome.outcome).toBe('completed');
    if (outcome.outcome !== 'completed') return;
    expect(outcome.row).toMatchObject({ accountIds: [account!.id], entriesBooked: 2, format: 'BGMAX 01' });
    const after = await db.select().from(outbox).where(eq(outbox.type, 'transaction.created'));
    expect(after.length - before.length).toBe(2);
  });
});
