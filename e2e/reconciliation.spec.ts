import { writeFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { toEpochDay, todayInStockholm, type IsoDate } from '../src/banking/dates';
import type { Transaction } from '../src/contract/ledger';
import { CFO, minor, openPage } from './dashboard-helpers';
import { signInAs } from '../test/support/bff-sign-in';
import { buildBgmax, type TestBgmaxPayment } from '../test/support/bank-files';
import { expectNoAxeViolations, signIn } from './fixtures';

// An import, the engine, a dozen decisions and four axe scans.
test.describe.configure({ timeout: 180_000 });

const TREASURER = { id: 'usr_david_holm', name: 'David Holm' };
/** A payer name that shares nothing with any customer's: the name then counts against the match. */
const STRANGER = 'QX 9W';

interface Account {
  id: string;
  company_id: string;
  currency: string;
  bankgiro: string | null;
}
interface OpenItem {
  id: string;
  external_id: string;
  counterparty_name: string;
  ocr: string | null;
  open_amount: { amount: string; currency: string };
  due_date: string;
}

function baseUrl(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error('no baseURL');
  return url;
}

async function apiAs(personId: string) {
  const { accessToken } = await signInAs(baseUrl(), personId);
  return async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl()}/api${path}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

const daysOff = (due: string, today: IsoDate) => Math.abs(toEpochDay(due as IsoDate) - toEpochDay(today));

/**
 * Four invoices of one company that receives through Bankgirot, due within the engine's grace of ten
 * days from today, with OCR and an amount no other open invoice of theirs has.
 */
async function demoInvoices(get: Awaited<ReturnType<typeof apiAs>>, today: IsoDate) {
  const accounts = await get<{ results: Account[] }>('/accounts?currency=SEK&limit=500');
  for (const account of accounts.results.filter((a) => a.bankgiro !== null)) {
    const items = await get<{ results: OpenItem[] }>(
      `/reconciliation/unmatched-open-items?company_id=${account.company_id}&kind=receivable&limit=500`,
    );
    const amounts = new Map<string, number>();
    for (const item of items.results)
      amounts.set(item.open_amount.amount, (amounts.get(item.open_amount.amount) ?? 0) + 1);
    const fitting = items.results
      .filter((item) => item.ocr !== null && daysOff(item.due_date, today) <= 10)
      .filter(
        (item) => amounts.get(item.open_amount.amount) === 1 && minor(item.open_amount.amount) > 1_000_00n,
      );
    if (fitting.length >= 4) {
      const [auto, high1, high2, medium] = fitting as [OpenItem, OpenItem, OpenItem, OpenItem];
      return { account, auto, high1, high2, medium };
    }
  }
  throw new Error('the demo koncern has no bankgiro account with four suitable invoices');
}

const sv = (n: number) => new Intl.NumberFormat('sv-SE').format(n);

async function numbers(page: Page) {
  const read = async (id: string) => Number((await page.getByTestId(id).innerText()).replace(/\D/g, ''));
  return {
    waiting: await read('waiting'),
    unmatchedTransactions: await read('unmatched-transactions'),
    unmatchedOpenItems: await read('unmatched-open-items'),
  };
}

function card(page: Page, item: OpenItem): Locator {
  return page.getByTestId('match-queue').getByRole('listitem').filter({ hasText: item.external_id });
}

test('the treasurer imports a BGMax file, confirms, bulk-confirms and rejects proposals, and the counts follow', async ({
  page,
}) => {
  const today = todayInStockholm();
  const get = await apiAs(TREASURER.id);
  const { account, auto, high1, high2, medium } = await demoInvoices(get, today);

  // The payers: one quotes OCR and amount exactly (the engine confirms it alone), two quote the OCR
  // under a name that is not the customer's (proposed with high confidence), one gives only the
  // customer's name and the amount (proposed, for a person to judge).
  const payment = (item: OpenItem, how: Partial<TestBgmaxPayment>): TestBgmaxPayment => ({
    amountMinor: minor(item.open_amount.amount),
    senderBankgiro: '56781234',
    ...how,
  });
  const file = buildBgmax({
    timestamp: `${today.replaceAll('-', '')}101500123456`,
    bankgiro: (account.bankgiro ?? '').replace('-', ''),
    paymentDate: today,
    depositSerial: '00001',
    payments: [
      payment(auto, { ocr: auto.ocr ?? '' }),
      payment(high1, { ocr: high1.ocr ?? '', name: STRANGER }),
      payment(high2, { ocr: high2.ocr ?? '', name: STRANGER }),
      payment(medium, { name: medium.counterparty_name.slice(0, 35) }),
    ],
  });
  const path = test.info().outputPath('demo-inbetalningar.bgmax');
  await writeFile(path, file);

  await signIn(page, TREASURER.name);
  await openPage(page, 'Avstämning');
  await expect(page.getByRole('heading', { level: 2, name: 'Avstämning' })).toBeVisible();
  await expect(page.getByTestId('waiting')).toBeVisible();
  const before = await numbers(page);

  // The import: four payments booked, three new proposals (the fourth the engine confirmed itself).
  await page.getByRole('tab', { name: 'Importera fil' }).click();
  await page.getByLabel('Fil', { exact: true }).setInputFiles(path);
  await page.getByRole('button', { name: 'Importera', exact: true }).click();
  const result = page.getByTestId('import-result');
  // The file is booked and matched in one transaction: on a busy machine that takes a while.
  await expect(result.getByRole('heading', { name: 'demo-inbetalningar.bgmax importerades.' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('import-booked')).toHaveText('4');
  await expect(page.getByTestId('import-duplicates')).toHaveText('0');
  const proposals = page.getByTestId('import-proposals').getByRole('listitem');
  await expect(proposals).toHaveCount(3);
  for (const item of [high1, high2, medium])
    await expect(proposals.filter({ hasText: item.external_id })).toHaveCount(1);
  await expect(page.getByTestId('waiting')).toHaveText(sv(before.waiting + 3));
  await expect(page.getByTestId('unmatched-open-items')).toHaveText(sv(before.unmatchedOpenItems - 4));
  await expectNoAxeViolations(page);

  // The queue, narrowed to the file's account and day: the proposals with their reasons in words.
  await page.getByRole('button', { name: 'Gå till förslagen' }).click();
  await expect(page.getByRole('tab', { name: 'Förslag' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: 'Konto', exact: true }).selectOption(account.id);
  await page.getByLabel('Bokförd från').fill(today);
  await page.getByLabel('Bokförd till').fill(today);
  await expect(card(page, high1)).toContainText('OCR stämmer');
  await expect(card(page, high1)).toContainText('Beloppet stämmer');
  await expect(card(page, medium)).toContainText('Namnen liknar varandra till 100 %');
  await expect(card(page, medium)).not.toContainText('OCR stämmer');
  await expectNoAxeViolations(page);

  // Confirm one from the keyboard.
  await card(page, high1).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('c');
  await expect(card(page, high1)).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveText(sv(before.waiting + 2));

  // Bulk-confirm the high-confidence ones: the second OCR payment, not the name-only one.
  await page.getByRole('button', { name: 'Markera alla med minst 90 %' }).click();
  const selected = Number((await page.getByTestId('selected-count').innerText()).replace(/\D/g, ''));
  expect(selected).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Bekräfta markerade' }).click();
  const bulkDialog = page.getByRole('dialog');
  await expect(bulkDialog.getByRole('heading')).toHaveText(`Bekräfta ${selected} matchningar?`);
  await bulkDialog.getByRole('button', { name: 'Bekräfta' }).click();
  await expect(page.getByTestId('bulk-summary')).toHaveText(`${selected} bekräftade, 0 misslyckades.`);
  await expect(card(page, high2)).toHaveCount(0);
  await expect(card(page, medium)).toHaveCount(1);

  // Reject the name-only proposal: both sides return to the unmatched tabs.
  await card(page, medium).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('x');
  const rejectDialog = page.getByRole('dialog');
  await rejectDialog.getByLabel('Skäl (valfritt)').fill('Fel kund');
  await rejectDialog.getByRole('button', { name: 'Avvisa' }).click();
  await expect(card(page, medium)).toHaveCount(0);
  await expect(page.getByTestId('waiting')).toHaveText(sv(before.waiting + 3 - 1 - 1 - selected));
  await expect(page.getByTestId('unmatched-open-items')).toHaveText(sv(before.unmatchedOpenItems - 3));

  await page.getByRole('tab', { name: 'Omatchade transaktioner' }).click();
  const transactionSearch = page.getByRole('search', { name: 'Omatchade transaktioner' });
  // A transfer within the koncern settles no open item: the engine leaves it out, and so does this tab,
  // even searched for by its own amount.
  const transfers = await get<{ results: Transaction[] }>(
    '/transactions?intra_group=true&reconciliation_state=unreconciled&limit=1',
  );
  const transfer = transfers.results[0];
  if (!transfer) throw new Error('the demo koncern has no unreconciled transfer within it');
  const transferAmount = transfer.amount.amount.replace(/^-/, '');
  await transactionSearch.getByLabel('Belopp').fill(transferAmount);
  const searched = page.waitForResponse(
    (response) =>
      response.url().includes('/api/transactions?') &&
      new URL(response.url()).searchParams.get('amount_min') === transferAmount,
  );
  await transactionSearch.getByRole('button', { name: 'Sök' }).click();
  await searched;
  await expect(
    page
      .getByText('Inga omatchade transaktioner hittades.')
      .or(page.locator('[data-transaction-id]').first()),
  ).toBeVisible();
  await expect(page.locator(`[data-transaction-id="${transfer.id}"]`)).toHaveCount(0);
  await transactionSearch.getByLabel('Belopp').fill(medium.open_amount.amount);
  await transactionSearch.getByRole('button', { name: 'Sök' }).click();
  await expect(page.getByRole('row').filter({ hasText: medium.counterparty_name.slice(0, 35) })).toHaveCount(
    1,
  );
  await expectNoAxeViolations(page);

  await page.getByRole('tab', { name: 'Omatchade poster' }).click();
  const itemSearch = page.getByRole('search', { name: 'Omatchade poster' });
  await itemSearch.getByLabel('OCR').fill(medium.ocr ?? '');
  await itemSearch.getByRole('button', { name: 'Sök' }).click();
  await expect(page.getByRole('row').filter({ hasText: medium.external_id })).toHaveCount(1);

  // And pair them again by hand, from the open item's side.
  await page
    .getByRole('row')
    .filter({ hasText: medium.external_id })
    .getByRole('button', { name: 'Hitta motpart' })
    .click();
  const panel = page.getByTestId('counterpart-panel');
  await expect(panel.getByRole('row').filter({ hasText: medium.counterparty_name.slice(0, 35) })).toHaveCount(
    1,
  );
  await panel
    .getByRole('row')
    .filter({ hasText: medium.counterparty_name.slice(0, 35) })
    .getByRole('button', { name: 'Föreslå paret' })
    .click();
  await expect(page.getByText('Paret föreslogs och väntar bland förslagen.')).toBeVisible();
  await expect(page.getByTestId('unmatched-open-items')).toHaveText(sv(before.unmatchedOpenItems - 4));
  await expectNoAxeViolations(page);
});

test('the CFO reads the queue and what is unmatched, and is offered no decision, pairing or import', async ({
  page,
}) => {
  await signIn(page, CFO);
  await openPage(page, 'Avstämning');
  await expect(page.getByText('Du ser kön i läsläge')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveText([
    'Förslag',
    'Omatchade transaktioner',
    'Omatchade poster',
    'Utan motpart',
  ]);
  const queue = page.getByTestId('match-queue');
  await expect(queue.getByRole('listitem', { name: /Säkerhet/ }).first()).toBeVisible();
  await expect(queue.getByRole('button')).toHaveCount(0);
  await expect(queue.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Markera/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole('tab', { name: 'Omatchade transaktioner' }).click();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hitta motpart' })).toHaveCount(0);
  // On a phone the table scrolls in its frame, which a keyboard can reach although no button is in it.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('region', { name: 'Omatchade transaktioner' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('tab', { name: 'Omatchade poster' }).click();
  await expect(page.getByRole('row').nth(1)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hitta motpart' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Utan motpart' }).click();
  await expect(page.getByText('Transaktioner som avstämts utan motpart')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Öppna igen' })).toHaveCount(0);
});

test('the treasurer reconciles a salary run without a counterpart, and undoes it', async ({ page }) => {
  await signIn(page, TREASURER.name);
  await openPage(page, 'Avstämning');
  await page.getByRole('tab', { name: 'Omatchade transaktioner' }).click();
  const count = page.getByTestId('unmatched-transactions');
  await expect(count).not.toHaveText('');
  const before = Number((await count.textContent())?.replace(/\D/g, ''));
  const search = page.getByRole('search', { name: 'Omatchade transaktioner' });
  // Choosing another transaction starts its counterpart search afresh, with its own amount and direction.
  const listed = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Hitta motpart' }) });
  const wire = async (at: number) =>
    ((await listed.nth(at).locator('td').nth(1).textContent()) ?? '')
      .replace(/[^\d,]/g, '')
      .replace(',', '.');
  for (const at of [0, 1]) {
    await listed.nth(at).getByRole('button', { name: 'Hitta motpart' }).click();
    const panel = page.getByTestId('counterpart-panel');
    await expect(panel.getByLabel('Belopp')).toHaveValue(await wire(at));
    await expect(panel.getByLabel('Riktning')).toHaveValue(/^(in|out)$/);
  }
  await listed.nth(1).getByRole('button', { name: 'Hitta motpart' }).click();
  await expect(page.getByTestId('counterpart-panel')).toHaveCount(0);
  await search.getByLabel('Namn eller text').fill('Löner');
  // Salaries are money out: asked for money in, the search finds none of them.
  await search.getByLabel('Riktning').selectOption('in');
  await search.getByRole('button', { name: 'Sök' }).click();
  await expect(page.getByText('Inga omatchade transaktioner')).toBeVisible();
  await search.getByLabel('Riktning').selectOption('out');
  await search.getByRole('button', { name: 'Sök' }).click();
  const rows = page.getByRole('row').filter({ hasText: 'Löner' });
  await expect(rows.first()).toBeVisible();
  const salaries = await rows.count();
  const row = rows.first();
  const amount = (await row.locator('td').nth(1).textContent()) ?? '';

  // "Other" needs a note; a salary run does not.
  await row.getByRole('button', { name: 'Ingen motpart…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Avstäm utan motpart: ${amount}`);
  await expect(dialog.getByLabel('Varför kommer ingen faktura?')).toHaveValue('salary');
  await dialog.getByLabel('Varför kommer ingen faktura?').selectOption('other');
  await dialog.getByRole('button', { name: 'Avstäm utan motpart' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Skriv vad transaktionen är.');
  await expectNoAxeViolations(page);
  await dialog.getByLabel('Varför kommer ingen faktura?').selectOption('salary');
  await dialog.getByRole('button', { name: 'Avstäm utan motpart' }).click();
  await expect(dialog).toHaveCount(0);

  const notice = page.getByTestId('explained-notice');
  await expect(notice).toContainText(`Avstämd utan motpart (Löner): ${amount}`);
  await expect(rows).toHaveCount(salaries - 1);
  await expect(count).toHaveText(sv(before - 1));

  await notice.getByRole('button', { name: 'Ångra' }).click();
  await expect(notice).toHaveText('Transaktionen är öppen igen.');
  await expect(rows).toHaveCount(salaries);
  await expect(count).toHaveText(sv(before));
  await expectNoAxeViolations(page);

  // Explained again, it is listed with its reason and who gave it, and can be reopened from there.
  await row.getByRole('button', { name: 'Ingen motpart…' }).click();
  await dialog.getByLabel('Anteckning (frivillig)').fill('Löner november');
  await dialog.getByRole('button', { name: 'Avstäm utan motpart' }).click();
  await expect(count).toHaveText(sv(before - 1));
  await page.getByRole('tab', { name: 'Utan motpart' }).click();
  const explained = page.getByTestId('explained-transactions').getByRole('row').filter({ hasText: amount });
  await expect(explained).toContainText('LönerLöner november');
  await expect(explained).toContainText(TREASURER.name);
  await expectNoAxeViolations(page);
  await explained.getByRole('button', { name: 'Öppna igen' }).click();
  await expect(page.getByTestId('reopen-outcome')).toHaveText(
    'Öppnad igen: den ligger bland omatchade transaktioner.',
  );
  await expect(explained).toHaveCount(0);
  await expect(count).toHaveText(sv(before));
});
