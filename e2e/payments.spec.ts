import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { signInAs } from '../test/support/bff-sign-in';
import { expectNoAxeViolations, signIn } from './fixtures';

// Several people, the sandbox bank's steps at demo speed (10 s each) and axe scans: minutes, not one.
test.describe.configure({ timeout: 240_000 });

const TREASURER = { id: 'usr_david_holm', name: 'David Holm' };
const APPROVER_1 = { id: 'usr_bjorn_ekstrom', name: 'Björn Ekström' };
const APPROVER_2 = { id: 'usr_cecilia_nyberg', name: 'Cecilia Nyberg' };
const CFO = { id: 'usr_astrid_lindqvist', name: 'Astrid Lindqvist' };

/** The creditors of the acceptance batch: a bankgiro with OCR, a plusgiro and a Swedish IBAN (SEB). */
const BANKGIRO = '5050-1055';
const GOOD_OCR = '1234567897';
const WRONG_OCR = '1234567890';
const PLUSGIRO = '90 01 62-9';
const IBAN = 'SE45 5000 0000 0583 9825 7466';

interface Batch {
  id: string;
  status: string;
  label: string | null;
  approval: { id: string } | null;
}

function baseUrl(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error('no baseURL');
  return url;
}

/** The BFF's API with a demo person's own token, for setting the scene and for checking what happened. */
async function apiAs(personId: string) {
  const { accessToken } = await signInAs(baseUrl(), personId);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl()}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  return call;
}

async function firstSekAccount(call: Awaited<ReturnType<typeof apiAs>>): Promise<string> {
  const koncerner = (await call('GET', '/koncerner')) as { results: { id: string }[] };
  const koncern = koncerner.results[0]?.id ?? '';
  const accounts = (await call('GET', `/accounts?koncern_id=${koncern}&currency=SEK&kind=operating`)) as {
    results: { id: string }[];
  };
  const account = accounts.results[0]?.id;
  if (!account) throw new Error('the demo koncern has no SEK operating account');
  return account;
}

/** The name of the company that holds `accountId`. */
async function companyOf(call: Awaited<ReturnType<typeof apiAs>>, accountId: string): Promise<string> {
  const account = (await call('GET', `/accounts/${accountId}`)) as { company_id: string; koncern_id: string };
  const companies = (await call('GET', `/companies?koncern_id=${account.koncern_id}&limit=500`)) as {
    results: { id: string; name: string }[];
  };
  const company = companies.results.find((candidate) => candidate.id === account.company_id);
  if (!company) throw new Error(`no company ${account.company_id} in the koncern`);
  return company.name;
}

async function batchesLabelled(call: Awaited<ReturnType<typeof apiAs>>, label: string): Promise<Batch[]> {
  const list = (await call('GET', '/payments/batches?limit=500')) as { results: Batch[] };
  return list.results.filter((batch) => batch.label === label);
}

async function personPage(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  const page = await context.newPage();
  await signIn(page, name);
  return page;
}

async function openNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name }).click();
}

/** In-app navigation: a full page load would drop the in-memory sign-in. */
async function openBatch(page: Page, label: string): Promise<void> {
  await openNav(page, 'Betalningar');
  await page.getByRole('link', { name: label }).click();
  await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
}

function isPost(request: Request, path: RegExp): boolean {
  return request.method() === 'POST' && path.test(new URL(request.url()).pathname);
}

let debtorAccount = '';
let debtorCompany = '';

test.beforeAll(async () => {
  // The embedded IdP is mounted once the BFF listens: wait for its discovery document.
  await expect
    .poll(async () => (await fetch(`${baseUrl()}/idp/.well-known/openid-configuration`)).status, {
      timeout: 30_000,
    })
    .toBe(200);
  // Suppliers a koncern pays every month are known: an earlier approved batch paid these three
  // creditor accounts, so the SEK 250,000 batch needs the two approvals of its tier and no extra
  // one for a first payment (the policy adds one per batch paying a new creditor account).
  const treasurer = await apiAs(TREASURER.id);
  debtorAccount = await firstSekAccount(treasurer);
  debtorCompany = await companyOf(treasurer, debtorAccount);
  const earlier = (await treasurer('POST', '/payments/batches', {
    debtor_account_id: debtorAccount,
    label: `Förra månadens leverantörer ${randomUUID().slice(0, 8)}`,
    payments: [
      {
        creditor: { name: 'Bygg & Betong AB', bankgiro: BANKGIRO },
        amount: { amount: '1200.00', currency: 'SEK' },
        remittance: { ocr: GOOD_OCR },
      },
      {
        creditor: { name: 'Kontorsservice AB', plusgiro: PLUSGIRO },
        amount: { amount: '800.00', currency: 'SEK' },
        remittance: { message: 'Faktura 4410' },
      },
      {
        creditor: { name: 'Stål Norden AB', iban: IBAN },
        amount: { amount: '950.00', currency: 'SEK' },
        remittance: { message: 'Faktura 88' },
      },
    ],
  })) as Batch;
  const submitted = (await treasurer('POST', `/payments/batches/${earlier.id}/submit`)) as Batch;
  const approvalId = submitted.approval?.id ?? '';
  // Two approvals the first time these creditors are paid; one when an earlier run already paid them.
  let status = submitted.status;
  for (const approver of [APPROVER_1, APPROVER_2]) {
    if (status !== 'pending_approval') break;
    status = ((await (await apiAs(approver.id))('POST', `/approvals/${approvalId}/approve`)) as Batch).status;
  }
  expect(status).toBe('approved');
});

test('the treasurer builds a SEK 250,000 batch, two approvers approve it, the bank executes it', async ({
  page,
  browser,
}) => {
  const label = `Leverantörer november ${randomUUID().slice(0, 8)}`;
  await signIn(page, TREASURER.name);
  await openNav(page, 'Betalningar');
  await expect(page.getByRole('heading', { level: 2, name: 'Betalningsuppdrag' })).toBeVisible();
  await page.getByRole('link', { name: 'Nytt betalningsuppdrag' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Nytt betalningsuppdrag' })).toBeVisible();

  // A koncern has a Koncernkonto in every company: the picker groups the accounts under their
  // company, and starts on a SEK account (bankgiro, plusgiro and clearing numbers take SEK only).
  const picker = page.getByLabel('Från konto');
  await expect(picker.locator('option:checked')).toHaveText(/, SEK\)$/);
  await expect(
    picker.locator(`optgroup[label="${debtorCompany}"] > option[value="${debtorAccount}"]`),
  ).toHaveCount(1);
  await picker.selectOption(debtorAccount);
  await page.getByLabel('Benämning').fill(label);

  // Line 1: bankgiro with OCR; a wrong check digit is refused while typing.
  const line1 = page.getByTestId('line-0');
  await line1.getByLabel('Mottagare', { exact: true }).fill('Bygg & Betong AB');
  await line1.getByLabel('Bankgironummer').fill(BANKGIRO);
  await line1.getByLabel('Belopp (SEK)').fill('100 000,00');
  const ocr = line1.getByLabel('OCR-nummer');
  await ocr.fill(WRONG_OCR);
  await expect(ocr).toHaveAttribute('aria-invalid', 'true');
  await expect(line1.getByText('Ogiltigt värde (kontrollsiffra eller format stämmer inte).')).toBeVisible();
  await ocr.fill(GOOD_OCR);
  await expect(ocr).not.toHaveAttribute('aria-invalid', 'true');
  await expect(line1.getByText('Via Bankgirot')).toBeVisible();

  // Line 2: plusgiro with a message.
  await page.getByRole('button', { name: 'Lägg till betalning' }).click();
  const line2 = page.getByTestId('line-1');
  await line2.getByLabel('Mottagare', { exact: true }).fill('Kontorsservice AB');
  await line2.getByLabel('Mottagartyp').selectOption('plusgiro');
  await line2.getByLabel('Plusgironummer').fill(PLUSGIRO);
  await line2.getByLabel('Belopp (SEK)').fill('50000');
  await line2.getByLabel('Meddelande').fill('Faktura 4471');

  // Line 3: a Swedish IBAN; its bank is derived from the IBAN.
  await page.getByRole('button', { name: 'Lägg till betalning' }).click();
  const line3 = page.getByTestId('line-2');
  await line3.getByLabel('Mottagare', { exact: true }).fill('Stål Norden AB');
  await line3.getByLabel('Mottagartyp').selectOption('iban');
  await line3.getByLabel('IBAN', { exact: true }).fill(IBAN);
  await line3.getByLabel('Belopp (SEK)').fill('100000.00');
  await line3.getByLabel('Meddelande').fill('Faktura 90');
  await expect(page.getByTestId('line-2-bank')).toHaveText('Bank: SEB');

  await expect(page.getByTestId('new-batch-total')).toHaveText('Summa: 250\u00a0000,00\u00a0SEK');
  await expectNoAxeViolations(page);

  // A double click on submit: one batch, one submission.
  const creates: Request[] = [];
  const submits: Request[] = [];
  page.on('request', (request) => {
    if (isPost(request, /^\/api\/payments\/batches\/?$/)) creates.push(request);
    if (isPost(request, /^\/api\/payments\/batches\/[^/]+\/submit$/)) submits.push(request);
  });
  await page.getByRole('button', { name: 'Spara och skicka för attest' }).dblclick();
  await expect(page.getByTestId('batch-status')).toHaveText('Väntar på attest');
  await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
  expect(creates).toHaveLength(1);
  expect(submits).toHaveLength(1);
  const treasurerApi = await apiAs(TREASURER.id);
  const [batch] = await batchesLabelled(treasurerApi, label);
  expect((await batchesLabelled(treasurerApi, label)).map((found) => found.status)).toEqual([
    'pending_approval',
  ]);
  await expect(page.getByTestId('approval-state')).toHaveText('0 av 2 attester');
  // The submitter sees their own batch without approve buttons.
  await expect(page.getByRole('button', { name: 'Attestera' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The first approver: the badge counts the batch, the inbox shows it, the keyboard approves it.
  const approver1 = await personPage(browser, APPROVER_1.name);
  await expect(approver1.getByTestId('approvals-badge')).toBeVisible();
  await openNav(approver1, 'Attester');
  const item = approver1.locator(`[data-batch-id="${batch?.id ?? ''}"]`);
  await expect(item).toContainText('250\u00a0000,00\u00a0SEK');
  await expect(item).toContainText('0 av 2 attester');
  await expect(item).toContainText('Antal betalningar: 3');
  // Whose money it is: the paying company comes with the account.
  await expect(item).toContainText(`${debtorCompany} · `);
  await expect(item).toContainText('Bygg & Betong AB 100\u00a0000,00\u00a0SEK');
  await item.click();
  await expect(approver1.getByTestId('batch-lines')).toContainText('Kontorsservice AB');
  await expectNoAxeViolations(approver1);
  await approver1.keyboard.press('a');
  const dialog = approver1.getByRole('dialog');
  await expect(dialog).toContainText('Attestera 250\u00a0000,00\u00a0SEK');
  await expect(dialog).toContainText(debtorCompany);
  await expectNoAxeViolations(approver1);
  await dialog.getByRole('button', { name: 'Attestera' }).click();
  await expect(item).toHaveCount(0);
  await openBatch(approver1, label);
  await expect(approver1.getByTestId('approval-state')).toHaveText('1 av 2 attester');
  await expect(approver1.getByText(`Attesterad av ${APPROVER_1.name}`)).toBeVisible();

  // The second approver approves from the batch page.
  const approver2 = await personPage(browser, APPROVER_2.name);
  await openBatch(approver2, label);
  await expect(approver2.getByTestId('approval-state')).toHaveText('1 av 2 attester');
  await approver2.getByRole('button', { name: 'Attestera' }).click();
  await approver2.getByRole('dialog').getByRole('button', { name: 'Attestera' }).click();
  await expect(approver2.getByTestId('approval-state')).toHaveText('2 av 2 attester');

  // The sandbox bank's clock (every 3 s in these tests): approved → sent → accepted → executed, on the treasurer's page.
  await openBatch(page, label);
  await expect(page.getByTestId('batch-status')).toHaveText('Genomförd', { timeout: 90_000 });
  const timeline = page.getByTestId('batch-timeline').getByRole('listitem');
  await expect(timeline).toHaveCount(7);
  await expect(timeline.nth(0)).toContainText(`Utkast av ${TREASURER.name}`);
  await expect(timeline.nth(2)).toContainText(`Väntar på attest av ${TREASURER.name}`);
  await expect(timeline.nth(3)).toContainText(`Attesterad av ${APPROVER_2.name}`);
  await expect(timeline.nth(4)).toContainText('Skickad till banken av banken');
  await expect(timeline.nth(6)).toContainText('Genomförd av banken');
  await expectNoAxeViolations(page);

  // The list shows it with its total and submitter, and filters by status.
  await openNav(page, 'Betalningar');
  await page.getByLabel('Status').selectOption('executed');
  const row = page.locator(`tr[data-batch-id="${batch?.id ?? ''}"]`);
  await expect(row).toContainText('250\u00a0000,00\u00a0SEK');
  await expect(row).toContainText(TREASURER.name);
  await page.getByLabel('Status').selectOption('draft');
  await expect(row).toHaveCount(0);
  await expectNoAxeViolations(page);
  await Promise.all([approver1.context().close(), approver2.context().close()]);
});

test('an approver rejects a batch with a reason; the CFO only reads the inbox; the treasurer sees why', async ({
  page,
  browser,
}) => {
  const label = `Konsultarvoden ${randomUUID().slice(0, 8)}`;
  const treasurer = await apiAs(TREASURER.id);
  const created = (await treasurer('POST', '/payments/batches', {
    debtor_account_id: debtorAccount,
    label,
    payments: [
      {
        creditor: { name: 'Konsult Öst AB', bankgiro: BANKGIRO },
        amount: { amount: '42000.00', currency: 'SEK' },
        remittance: { ocr: GOOD_OCR },
      },
    ],
  })) as Batch;
  await treasurer('POST', `/payments/batches/${created.id}/submit`);

  // The CFO sees what waits, read-only.
  const cfo = await personPage(browser, CFO.name);
  await openNav(cfo, 'Attester');
  await expect(cfo.getByText('Du ser attestlistan men kan inte attestera')).toBeVisible();
  await cfo.locator(`[data-batch-id="${created.id}"]`).click();
  await expect(cfo.getByRole('button', { name: 'Attestera' })).toHaveCount(0);
  await cfo.keyboard.press('a');
  await expect(cfo.getByRole('dialog')).toHaveCount(0);
  await expectNoAxeViolations(cfo);
  // Nor is the CFO offered what only those who manage payments may do: a new batch, a cancellation.
  await openNav(cfo, 'Betalningar');
  await expect(cfo.getByRole('link', { name: label })).toBeVisible();
  await expect(cfo.getByRole('link', { name: 'Nytt betalningsuppdrag' })).toHaveCount(0);
  await openBatch(cfo, label);
  await expect(cfo.getByRole('button', { name: 'Hämta pain.001' })).toBeVisible();
  await expect(cfo.getByRole('button', { name: 'Makulera', exact: true })).toHaveCount(0);
  // A link to the new-batch page, opened anyway, says why there is no form.
  await cfo.goto('/payments/new');
  await expect(cfo.getByText('Din roll kan inte skapa betalningsuppdrag.')).toBeVisible();
  await expect(cfo.getByRole('button', { name: 'Spara som utkast' })).toHaveCount(0);

  // The approver rejects with r; the dialog insists on a reason.
  await signIn(page, APPROVER_1.name);
  await openNav(page, 'Attester');
  const item = page.locator(`[data-batch-id="${created.id}"]`);
  await item.click();
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Avslå 42\u00a0000,00\u00a0SEK');
  await dialog.getByRole('button', { name: 'Avslå' }).click();
  await expect(dialog.getByText('Ange ett skäl.')).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByLabel('Skäl till avslag').fill('Fakturan är redan betald');
  await dialog.getByRole('button', { name: 'Avslå' }).click();
  await expect(item).toHaveCount(0);

  const treasurerPage = await personPage(browser, TREASURER.name);
  await openBatch(treasurerPage, label);
  await expect(treasurerPage.getByTestId('batch-status')).toHaveText('Avslagen');
  await expect(treasurerPage.getByTestId('rejection-reason')).toHaveText(
    'Avslagen: Fakturan är redan betald',
  );
  await expect(
    treasurerPage.getByText(`Avslagen av ${APPROVER_1.name}: Fakturan är redan betald`),
  ).toBeVisible();
  await expectNoAxeViolations(treasurerPage);
  await Promise.all([cfo.context().close(), treasurerPage.context().close()]);
});

test('a save whose answer is lost is retried with the same Idempotency-Key and makes one batch', async ({
  page,
}) => {
  const label = `Hyror ${randomUUID().slice(0, 8)}`;
  await signIn(page, TREASURER.name);
  await openNav(page, 'Betalningar');
  await page.getByRole('link', { name: 'Nytt betalningsuppdrag' }).click();
  // The list's account filter has the same label: wait until the form has replaced the list.
  await expect(page.getByRole('heading', { level: 2, name: 'Nytt betalningsuppdrag' })).toBeVisible();
  await page.getByLabel('Från konto').selectOption(debtorAccount);
  await page.getByLabel('Benämning').fill(label);
  // The line comes from a spreadsheet: pasted as CSV, then shown and checked like a typed one.
  await page.getByText('Importera CSV', { exact: true }).first().click();
  await page
    .getByLabel('Klistra in CSV')
    .fill(`name;kind;number;amount;ocr\nFastighets AB Kvarnen;bankgiro;${BANKGIRO};18 500,00;${GOOD_OCR}\n`);
  await page.getByRole('button', { name: 'Läs in rader' }).click();
  await expect(page.getByText('1 rader inlästa.')).toBeVisible();
  const line = page.getByTestId('line-0');
  await expect(line.getByLabel('Mottagare', { exact: true })).toHaveValue('Fastighets AB Kvarnen');
  await expect(line.getByLabel('Bankgironummer')).toHaveValue(BANKGIRO);
  await expect(page.getByTestId('line-1')).toHaveCount(0);
  await expect(page.getByTestId('new-batch-total')).toHaveText('Summa: 18\u00a0500,00\u00a0SEK');

  // The first attempt reaches the server, which creates the batch; its answer never arrives.
  const keys: string[] = [];
  let lost = false;
  await page.route('**/api/payments/batches', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (lost) return route.continue();
    lost = true;
    await route.fetch();
    return route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Spara som utkast' }).click();
  await expect(page.getByText('Försök igen: samma begäran skickas')).toBeVisible();
  await page.getByRole('button', { name: 'Spara som utkast' }).click();
  await expect(page.getByTestId('batch-status')).toHaveText('Utkast');
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(keys[1]).toBe(keys[0]);
  const found = await batchesLabelled(await apiAs(TREASURER.id), label);
  expect(found).toHaveLength(1);
  expect(page.url()).toContain(`/payments/${found[0]?.id ?? ''}`);

  // The submission: a lost answer, a retry with the same key, one submission in the history.
  await page.unroute('**/api/payments/batches');
  const submitKeys: string[] = [];
  await page.route('**/api/payments/batches/*/submit', async (route) => {
    submitKeys.push(route.request().headers()['idempotency-key'] ?? '');
    if (submitKeys.length > 1) return route.continue();
    await route.fetch();
    return route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Skicka för attest' }).click();
  await expect(page.getByText('Försök igen: samma begäran skickas')).toBeVisible();
  await page.getByRole('button', { name: 'Skicka för attest' }).click();
  await expect(page.getByTestId('batch-status')).toHaveText('Väntar på attest');
  expect(submitKeys).toHaveLength(2);
  expect(submitKeys[1]).toBe(submitKeys[0]);
  await expect(page.getByTestId('batch-timeline').getByRole('listitem')).toHaveCount(3);

  // The pain.001 file for the bank, then a cancellation (it has not gone to the bank).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Hämta pain.001' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${found[0]?.id ?? ''}.pain.001.001.03.xml`);
  const xml = await readFile(await file.path(), 'utf8');
  expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03');
  expect(xml).toContain('<InstdAmt Ccy="SEK">18500.00</InstdAmt>');
  await page.getByRole('button', { name: 'Makulera', exact: true }).click();
  await page.getByRole('button', { name: 'Makulera betalningsuppdraget' }).click();
  await expect(page.getByTestId('batch-status')).toHaveText('Makulerad');
  await expect(page.getByRole('button', { name: 'Makulera', exact: true })).toHaveCount(0);
});
