import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildBgmax, buildCamt053 } from '../../test/support/bank-files';
import { runCli } from '../../test/support/cli';
import { openTestDatabase, testEngines, type TestDatabase } from '../../test/support/databases';
import { openDatabase, type DatabaseHandle } from '../api/db/client';
import { bankAccounts, companies, koncerner, statementImports, transactions } from '../api/db/schema';
import { createTenant } from '../api/repositories/tenants';

const IBAN = 'SE4550000000058398257466';

async function insertAccounts(handle: DatabaseHandle): Promise<void> {
  const tenant = await createTenant(handle.db, 'cli-import');
  await handle.db
    .insert(koncerner)
    .values({ id: 'kon_cliimport01', tenantId: tenant.id, name: 'CLI Koncern' });
  await handle.db.insert(companies).values({
    id: 'co_cliimport001',
    tenantId: tenant.id,
    koncernId: 'kon_cliimport01',
    name: 'CLI AB',
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await handle.db.insert(bankAccounts).values({
    id: 'acct_cliimport01',
    tenantId: tenant.id,
    companyId: 'co_cliimport001',
    name: 'Drift',
    bankName: 'SEB',
    bic: 'ESSESESS',
    iban: IBAN,
    bankgiro: '56781234',
    currency: 'SEK',
    kind: 'operating',
    openedOn: '2020-01-01',
  });
}

/*
 * The engines' suites run side by side (each has its own database and its own CLI processes): on a
 * 2-core CI machine vitest runs one file at a time, and each CLI process keeps only one core busy.
 */
describe.each(testEngines)('finvis import on %s', { concurrent: true }, (engine) => {
  const folder = mkdtempSync(join(tmpdir(), 'finvis-import-'));
  let env: NodeJS.ProcessEnv;
  let postgres: TestDatabase | null = null;
  let inspect: () => Promise<{ transactions: number; imports: string[] }>;

  beforeAll(async () => {
    if (engine === 'postgres') {
      postgres = await openTestDatabase('postgres');
      await insertAccounts(postgres.handle);
      env = { DATABASE_URL: postgres.url ?? '', FINVIS_DATA_DIR: folder };
      const db = postgres.handle.db;
      inspect = async () => ({
        transactions: (await db.select().from(transactions)).length,
        imports: (await db.select().from(statementImports)).map((row) => row.status).sort(),
      });
      return;
    }
    // The CLI opens the embedded database files itself; this process must not hold them meanwhile.
    const dataDir = join(folder, 'pglite');
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await insertAccounts(handle);
    await handle.close();
    env = { DATABASE_URL: '', FINVIS_DATA_DIR: folder };
    inspect = async () => {
      const reopened = await openDatabase({ kind: 'pglite', dataDir });
      try {
        return {
          transactions: (await reopened.db.select().from(transactions)).length,
          imports: (await reopened.db.select().from(statementImports)).map((row) => row.status).sort(),
        };
      } finally {
        await reopened.close();
      }
    };
  });
  afterAll(async () => {
    await postgres?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('books a file, says what it booked, refuses it the second time, and refuses a broken one', async ({
    expect,
  }) => {
    const file = join(folder, 'seb-20261124.xml');
    writeFileSync(
      file,
      buildCamt053({
        version: '02',
        messageId: 'CLI-MSG-1',
        statementId: 'CLI-STMT-1',
        iban: IBAN,
        currency: 'SEK',
        openingMinor: 0n,
        openingDate: '2026-11-23',
        closingDate: '2026-11-24',
        entries: [
          { amountMinor: 12_500_00n, bookingDate: '2026-11-24', reference: 'R-1', ocr: '4107183279' },
          { amountMinor: -500_00n, bookingDate: '2026-11-24', reference: 'R-2', message: 'Avgift' },
        ],
      }),
    );
    const booked = await runCli(['import', 'camt053', file, '--tenant', 'cli-import'], env);
    expect(booked.stderr).toBe('');
    expect(booked.code).toBe(0);
    expect(booked.stdout).toMatch(
      /^Imported camt\.053\.001\.02 seb-20261124\.xml as imp_\w+ on acct_cliimport01: 2 transactions booked, 0 duplicates skipped, 0 pending entries not booked, 1 balance taken from the bank\.\n$/,
    );

    const again = await runCli(['import', 'camt053', file, '--tenant', 'cli-import'], env);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^Already imported as imp_\w+ on .*; nothing was booked again\.\n$/);

    const broken = join(folder, 'broken.bgmax');
    const bytes = buildBgmax({
      timestamp: '20261124100000000001',
      bankgiro: '56781234',
      paymentDate: '2026-11-24',
      depositSerial: '1',
      payments: [{ amountMinor: 100_00n, senderBankgiro: '1234566', ocr: '4107183279' }],
    });
    writeFileSync(
      broken,
      Buffer.from(bytes)
        .toString('latin1')
        .replace(/\r\n70.*$/, ''),
      'latin1',
    );
    const refused = await runCli(['import', 'bgmax', broken, '--tenant', 'cli-import', '--json'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The file was refused and nothing was booked (recorded as imp_');
    expect(refused.stderr).toContain(
      'line 4, record 70 (end): is missing: the file ends without its end record',
    );
    expect(JSON.parse(refused.stdout)).toMatchObject({
      status: 'rejected',
      kind: 'bgmax',
      entries_booked: 0,
    });

    const unknownTenant = await runCli(['import', 'camt053', file, '--tenant', 'nobody'], env);
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toBe('finvis: there is no tenant named nobody\n');

    expect(await inspect()).toEqual({ transactions: 2, imports: ['completed', 'rejected'] });
    // Four CLI processes, each starting tsx and opening the database.
  }, 120_000);
});
