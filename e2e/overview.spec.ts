import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { formatMoney } from '../src/banking/money';
import { CFO, chooseTheme, minor, sek } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

// Several pages, each scanned by axe: more than the default minute.
test.describe.configure({ timeout: 180_000 });

test('the overview total equals the API positions, in sv-SE and then en-GB; drill into a company and an account', async ({
  page,
}) => {
  const positionsRequest = page.waitForRequest(
    (request) =>
      request.url().includes('/api/reporting/positions') && request.url().includes('group_by=company'),
  );
  await signIn(page, CFO);
  const request = await positionsRequest;

  // The same call, made independently with the page's own session.
  const api = await page.request.get(request.url(), { headers: { authorization: bearerOf(request) } });
  expect(api.status()).toBe(200);
  const positions = (await api.json()) as { total: { amount: string; currency: string }; date: string };
  expect(positions.total.currency).toBe('SEK');

  const total = page.getByTestId('total-liquidity');
  await expect(total).toHaveText(sek(positions.total.amount, 'sv-SE'));
  await expect(total).toHaveText(/^−?\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0SEK$/);
  await expect(page.getByTestId('positions-company')).toBeVisible();

  // The change since yesterday: today's total minus the total at the end of the day before.
  const yesterdayUrl = new URL(request.url());
  const today = new Date(`${positions.date}T12:00:00Z`);
  yesterdayUrl.searchParams.set('date', new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10));
  const yesterday = (await (
    await page.request.get(yesterdayUrl.toString(), { headers: { authorization: bearerOf(request) } })
  ).json()) as { total: { amount: string } };
  const change = minor(positions.total.amount) - minor(yesterday.total.amount);
  const changeText = formatMoney(change, 'SEK', 'sv-SE', { currencyDisplay: 'code' });
  await expect(page.getByTestId('change-since-yesterday')).toContainText(
    `${change > 0n ? '+' : ''}${changeText}`,
  );

  // The 30-day sparkline: drawn (Recharts, loaded after the first render), with a text alternative
  // that ends on the same total as the positions for the date.
  const sparkline = page.getByRole('img', { name: /^Total likviditet de senaste 30 dagarna/ });
  await expect(sparkline).toHaveAttribute('data-points', '30');
  await expect(sparkline.locator('.recharts-area-curve')).toBeVisible();
  await expect(sparkline).toHaveAttribute(
    'aria-label',
    new RegExp(`och ${sek(positions.total.amount, 'sv-SE')} den `),
  );
  await expectNoAxeViolations(page);

  await chooseTheme(page, 'Tema', 'light');
  await page.screenshot({ path: 'e2e/screenshots/overview-light.png', fullPage: true });
  await chooseTheme(page, 'Tema', 'dark');
  await page.screenshot({ path: 'e2e/screenshots/overview-dark.png', fullPage: true });
  await expectNoAxeViolations(page);
  await chooseTheme(page, 'Tema', 'light');

  // English: en-GB formats, and only the language is remembered.
  await page.getByLabel('Språk').selectOption('en');
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible();
  await expect(total).toHaveText(sek(positions.total.amount, 'en-GB'));
  await expect(total).toHaveText(/^SEK\s-?\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(page.getByRole('img', { name: /^Total liquidity over the last 30 days/ })).toBeVisible();
  const stored = await page.evaluate(() => ({ ...window.localStorage }));
  expect(stored['finvis.lang']).toBe('en');
  expect(JSON.stringify(stored)).not.toMatch(/eyJ/);

  // Positions by bank and by currency.
  await page.getByRole('button', { name: 'Bank', exact: true }).click();
  await expect(page.getByTestId('positions-bank')).toBeVisible();
  await page.getByRole('button', { name: 'Currency', exact: true }).click();
  await expect(
    page.getByTestId('positions-currency').getByRole('rowheader', { name: 'SEK', exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Company', exact: true }).click();

  // The koncern tree: the parent with all its subsidiaries holds the whole total; it collapses and expands.
  const tree = page.getByTestId('positions-company');
  await expect(tree.locator('tbody tr').first().locator('td').last()).toHaveText(
    sek(positions.total.amount, 'en-GB'),
  );
  const rowCount = await tree.locator('tbody tr').count();
  await tree
    .getByRole('button', { name: /^Hide the subsidiaries of/ })
    .first()
    .click();
  await expect(tree.locator('tbody tr')).toHaveCount(1);
  await tree
    .getByRole('button', { name: /^Show the subsidiaries of/ })
    .first()
    .click();
  await expect(tree.locator('tbody tr')).toHaveCount(rowCount);

  // Drill into a company: its accounts.
  const companyLink = page.getByTestId('positions-company').getByRole('link').first();
  const companyName = (await companyLink.textContent()) ?? '';
  await companyLink.click();
  await expect(page).toHaveURL(/\/accounts\?.*company=co_/);
  await expect(page.getByRole('combobox', { name: 'Company', exact: true })).toHaveValue(/^co_/);
  const accounts = page.getByTestId('accounts-table');
  await expect(accounts.getByRole('row').nth(1)).toContainText(companyName);
  await expectNoAxeViolations(page);

  // And into an account: details, its balance history and its transactions.
  const accountLink = accounts.getByRole('link').first();
  const accountName = (await accountLink.textContent()) ?? '';
  const historyRequest = page.waitForRequest(
    (candidate) =>
      candidate.url().includes('/api/reporting/cashflow') && candidate.url().includes('account_id=acct_'),
  );
  await accountLink.click();
  await expect(page.getByRole('heading', { level: 2, name: accountName })).toBeVisible();
  await expect(page.getByTestId('account-booked')).toHaveText(/\d/);
  const history = page.getByTestId('balance-history');
  await expect(history).toHaveAttribute('data-points', '90');
  await expect(history.locator('.recharts-area-curve')).toBeVisible();
  // The caption is the chart's text alternative: the API's last closing balance, exactly.
  const historyCall = await historyRequest;
  const cashflow = (await (
    await page.request.get(historyCall.url(), { headers: { authorization: bearerOf(historyCall) } })
  ).json()) as { periods: { closing_balance: { amount: string } }[] };
  const lastClosing = cashflow.periods.at(-1)?.closing_balance.amount ?? '';
  await expect(history.locator('figcaption')).toContainText(`and ${sek(lastClosing, 'en-GB')} on `);
  await expect(page.getByTestId('transactions-table').getByRole('row').nth(1)).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the JavaScript the overview needs before its first render stays within 180 KB gzipped, without Recharts', async ({
  request,
}) => {
  const html = await (await request.get('/')).text();
  const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] ?? '',
  );
  expect(scripts.length).toBeGreaterThan(0);
  let gzipped = 0;
  for (const script of scripts) {
    const body = await (await request.get(script)).body();
    gzipped += gzipSync(body, { level: 9 }).length;
    // The chart library comes later, with the pages (and the sparkline) that draw.
    expect(body.toString('utf8')).not.toContain('recharts-wrapper');
  }
  expect(gzipped).toBeLessThanOrEqual(180 * 1024);
});

test('on a phone the pages fit the screen: wide tables scroll in their own frame, not the page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // The treasurer: every page, and the forms only those who write payments and reconciliation see.
  await signIn(page, 'David Holm');
  const pageWidth = () =>
    page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  for (const [link, ready] of [
    ['Översikt', page.getByTestId('cash-pools')],
    ['Avstämning', page.getByTestId('match-queue')],
    ['Konton', page.getByRole('table').first()],
  ] as const) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(ready).toBeVisible();
    const { content, screen } = await pageWidth();
    expect(content, `${link}: the page is wider than the screen`).toBeLessThanOrEqual(screen);
    await expectNoAxeViolations(page);
  }
  // The unmatched transactions, each with its two actions.
  await nav.getByRole('link', { name: 'Avstämning', exact: true }).click();
  await page.getByRole('tab', { name: 'Omatchade transaktioner' }).click();
  await expect(page.getByRole('button', { name: 'Ingen motpart…' }).first()).toBeAttached();
  const unmatched = await pageWidth();
  expect(
    unmatched.content,
    'the unmatched transactions: the page is wider than the screen',
  ).toBeLessThanOrEqual(unmatched.screen);
  // A form too: the account picker's longest option must not widen the page.
  await nav.getByRole('link', { name: 'Betalningar', exact: true }).click();
  await page.getByRole('link', { name: 'Nytt betalningsuppdrag' }).click();
  await expect(page.getByLabel('Från konto')).toHaveValue(/.+/);
  const { content, screen } = await pageWidth();
  expect(content, 'a new batch: the page is wider than the screen').toBeLessThanOrEqual(screen);
  await expectNoAxeViolations(page);
});
