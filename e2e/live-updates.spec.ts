import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { bankDayOnOrAfter } from '../src/banking/bank-days';
import { formatMoney } from '../src/banking/money';
import { todayInStockholm } from '../src/banking/dates';
import { signInAs } from '../test/support/bff-sign-in';
import { CFO, minor, sek } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

// The sandbox bank moves a batch one step every 3 s here (FINVIS_BANK_SPEED in playwright.config.ts):
// approved → sent → accepted → executed.
test.describe.configure({ timeout: 180_000 });

const TREASURER = 'usr_david_holm';
const APPROVERS = ['usr_bjorn_ekstrom', 'usr_cecilia_nyberg'];
const AMOUNT = '12345.67';

function baseUrl(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error('no baseURL');
  return url;
}

/** The BFF's API with a demo person's own token, as the dashboard would call it. */
async function apiAs(personId: string) {
  const { accessToken } = await signInAs(baseUrl(), personId);
  return async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> => {
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
    return JSON.parse(text) as Record<string, unknown>;
  };
}

test('with the overview open as the CFO, a payment executed by the sandbox bank changes the total without a reload', async ({
  page,
}) => {
  // Booked on its execution date: the overview shows that date, so the booking lands in its total.
  const executionDate = bankDayOnOrAfter(todayInStockholm());
  const positionsRequest = page.waitForRequest(
    (request) =>
      request.url().includes('/api/reporting/positions') && request.url().includes('group_by=company'),
  );
  await signIn(page, CFO);
  let request = await positionsRequest;
  if (executionDate !== todayInStockholm()) {
    const later = page.waitForRequest(
      (next) =>
        next.url().includes('/api/reporting/positions') && next.url().includes(`date=${executionDate}`),
    );
    await page.getByLabel('Datum').fill(executionDate);
    request = await later;
  }
  const positions = (await (
    await page.request.get(request.url(), { headers: { authorization: bearerOf(request) } })
  ).json()) as { total: { amount: string } };
  const total = page.getByTestId('total-liquidity');
  await expect(total).toHaveText(sek(positions.total.amount, 'sv-SE'));
  await page.evaluate(() => {
    (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
  });

  const treasurer = await apiAs(TREASURER);
  const koncerner = (await treasurer('GET', '/koncerner')) as { results: { id: string }[] };
  const accounts = (await treasurer(
    'GET',
    `/accounts?koncern_id=${koncerner.results[0]?.id ?? ''}&currency=SEK&kind=operating`,
  )) as { results: { id: string }[] };
  const label = `Live ${randomUUID().slice(0, 6)}`;
  const batch = await treasurer('POST', '/payments/batches', {
    debtor_account_id: accounts.results[0]?.id,
    label,
    payments: [
      {
        creditor: { name: 'Kontorsservice AB', bankgiro: '5050-1055' },
        amount: { amount: AMOUNT, currency: 'SEK' },
        execution_date: executionDate,
        remittance: { message: 'Faktura 7' },
      },
    ],
  });
  const submitted = await treasurer('POST', `/payments/batches/${String(batch.id)}/submit`);
  const approvalId = (submitted.approval as { id: string }).id;
  let status = 'pending_approval';
  for (const approver of APPROVERS) {
    if (status !== 'pending_approval') break;
    status = String((await (await apiAs(approver))('POST', `/approvals/${approvalId}/approve`)).status);
  }
  expect(status).toBe('approved');

  // The bank's steps arrive as events: the notice says so, and the total follows without a reload.
  const notice = page.getByRole('status').filter({ has: page.getByTestId('live-notice') });
  await expect(notice).toContainText(`Betalningsuppdrag ${label}: genomförd`, { timeout: 90_000 });
  const after = formatMoney(minor(positions.total.amount) - minor(AMOUNT), 'SEK', 'sv-SE', {
    currencyDisplay: 'code',
  });
  await expect(total).toHaveText(after, { timeout: 10_000 });
  expect(
    await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage),
  ).toBe(true);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Stäng meddelandet' }).click();
  await expect(page.getByTestId('live-notice')).toHaveCount(0);
});

test('an administrator sees the webhook endpoints and their deliveries, redelivers, adds an endpoint and rotates its secret', async ({
  page,
}) => {
  // An event for the BFF's own endpoint (registered on start): submitting a batch.
  const treasurer = await apiAs(TREASURER);
  const koncerner = (await treasurer('GET', '/koncerner')) as { results: { id: string }[] };
  const accounts = (await treasurer(
    'GET',
    `/accounts?koncern_id=${koncerner.results[0]?.id ?? ''}&currency=SEK&kind=operating`,
  )) as { results: { id: string }[] };
  const batch = await treasurer('POST', '/payments/batches', {
    debtor_account_id: accounts.results[0]?.id,
    label: `Inställningar ${randomUUID().slice(0, 6)}`,
    payments: [
      {
        creditor: { name: 'Kontorsservice AB', bankgiro: '5050-1055' },
        amount: { amount: '10.00', currency: 'SEK' },
        remittance: { message: 'Faktura 8' },
      },
    ],
  });
  await treasurer('POST', `/payments/batches/${String(batch.id)}/submit`);

  await signIn(page, 'Eva Sjöberg');
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: 'Inställningar' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'Inställningar' })).toBeVisible();
  const receiverUrl = `${baseUrl()}/webhooks/finvis`;
  const endpoints = page.getByTestId('webhook-endpoints');
  await expect(endpoints.getByRole('rowheader', { name: receiverUrl })).toBeVisible();
  await expect(endpoints.getByRole('row', { name: new RegExp(receiverUrl) })).toContainText('Aktiv');

  await page.getByRole('button', { name: `Visa leveranser: ${receiverUrl}` }).click();
  const deliveries = page.getByTestId('webhook-deliveries');
  await expect(
    deliveries.getByRole('row').filter({ hasText: 'payment.status.updated' }).first(),
  ).toContainText('Levererad (200)');
  await deliveries
    .getByRole('button', { name: /^Skicka igen:/ })
    .first()
    .click();
  await expect(deliveries.getByRole('status')).toHaveText('Händelsen skickas igen.');
  await expectNoAxeViolations(page);

  const url = `https://erp.example.se/finvis/${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Adress (URL)').fill(url);
  await page.getByLabel('Beskrivning').fill('Affärssystemet');
  await page.getByRole('button', { name: 'Lägg till', exact: true }).click();
  const secretBox = page.getByTestId('webhook-secret');
  await expect(secretBox).toContainText(url);
  const first = (await secretBox.locator('code').textContent()) ?? '';
  expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await expect(secretBox.getByRole('heading')).toBeFocused();
  await secretBox.getByRole('button', { name: 'Jag har sparat den' }).click();
  await expect(secretBox).toHaveCount(0);
  await expect(endpoints.getByRole('rowheader', { name: new RegExp(url) })).toBeVisible();

  await page.getByRole('button', { name: `Byt hemlighet: ${url}` }).click();
  await expect(secretBox.locator('code')).toHaveText(/^whsec_/);
  expect(await secretBox.locator('code').textContent()).not.toBe(first);
  await secretBox.getByRole('button', { name: 'Jag har sparat den' }).click();

  await page.getByRole('button', { name: `Stäng av: ${url}` }).click();
  await expect(endpoints.getByRole('row', { name: new RegExp(url) })).toContainText(
    'Avstängd (avstängd av er)',
  );
  await page.getByLabel('Språk').selectOption('en');
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible();
  await expect(endpoints.getByRole('row', { name: new RegExp(url) })).toContainText(
    'Disabled (disabled by you)',
  );
  await expectNoAxeViolations(page);
});
