import { expect, test, type Browser, type Page } from '@playwright/test';
import { CFO, openPage, sek } from './dashboard-helpers';
import { bearerOf, expectNoAxeViolations, signIn } from './fixtures';

const TREASURER = 'David Holm';
const COMPANY = 'Molndal Holding AB';

async function signedInPage(
  browser: Browser,
  person: string,
): Promise<{ page: Page; bearer: Promise<string> }> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  const page = await context.newPage();
  const bearer = page
    .waitForRequest(
      (request) => request.url().includes('/api/') && request.headers()['authorization'] !== undefined,
    )
    .then(bearerOf);
  await signIn(page, person);
  await openPage(page, 'Inställningar');
  return { page, bearer };
}

test('the treasurer sets the auto-confirm threshold and a buffer; the CFO sees both and can change neither', async ({
  browser,
}) => {
  const { page, bearer } = await signedInPage(browser, TREASURER);
  const current = page.getByTestId('auto-confirm-current');
  const threshold = page.getByRole('textbox', { name: 'Tröskel (%)' });
  await expect(threshold).toBeVisible();
  const before = await current.textContent();

  // A value outside 0–100 is refused on the page and changes nothing.
  await threshold.fill('101');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Ange en procentsats mellan 0 och 100');
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await expect(current).toHaveText(before ?? '');

  await threshold.fill('95,5');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(current).toContainText('Motorn bekräftar förslag med minst 95,5 % säkerhet. (ändrad ');
  await expect(threshold).toHaveValue('95,5');
  const stored = await page.request.get('/api/reconciliation/settings', {
    headers: { authorization: await bearer },
  });
  expect(await stored.json()).toMatchObject({ auto_confirm_threshold: 0.955, is_default: false });

  // A buffer: a typo is refused in its row; an amount with spaces and a decimal comma is stored.
  const row = page.getByTestId('liquidity-buffers').locator('tr', { hasText: COMPANY });
  const amount = page.getByRole('textbox', { name: `Ny buffert i SEK för ${COMPANY}` });
  await amount.fill('två miljoner');
  await page.getByRole('button', { name: `Spara bufferten för ${COMPANY}` }).click();
  await expect(row.getByRole('alert')).toContainText('Ange ett belopp i SEK');
  await amount.fill('2 500 000,50');
  await page.getByRole('button', { name: `Spara bufferten för ${COMPANY}` }).click();
  await expect(row.getByTestId('buffer-amount')).toHaveText(sek('2500000.50', 'sv-SE'));
  await expect(amount).toHaveValue('');
  await expect(row.getByRole('alert')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // In English, the same settings in en-GB.
  await page.getByLabel('Språk').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Automatic confirmation' })).toBeVisible();
  await expect(current).toContainText('with a confidence of at least 95.5%.');
  await expect(row.getByTestId('buffer-amount')).toHaveText(sek('2500000.50', 'en-GB'));
  // An English amount groups thousands with commas.
  await page.getByRole('textbox', { name: `New buffer in SEK for ${COMPANY}` }).fill('2,750,000');
  await page.getByRole('button', { name: `Save the buffer for ${COMPANY}` }).click();
  await expect(row.getByTestId('buffer-amount')).toHaveText(sek('2750000.00', 'en-GB'));
  await page.getByLabel('Language').selectOption('sv');

  // The CFO reads what the treasurer set and is offered no way to change it.
  const cfo = await signedInPage(browser, CFO);
  await expect(cfo.page.getByTestId('auto-confirm-current')).toContainText('minst 95,5 % säkerhet');
  await expect(cfo.page.getByText('Den som arbetar med avstämning kan ändra tröskeln.')).toBeVisible();
  const cfoRow = cfo.page.getByTestId('liquidity-buffers').locator('tr', { hasText: COMPANY });
  await expect(cfoRow.getByTestId('buffer-amount')).toHaveText(sek('2750000.00', 'sv-SE'));
  await expect(cfo.page.getByText('Den som hanterar betalningar kan ändra buffertarna.')).toBeVisible();
  await expect(cfo.page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  await expect(cfo.page.getByRole('heading', { name: 'Webhooks' })).toHaveCount(0);
  await expectNoAxeViolations(cfo.page);
  await cfo.page.context().close();

  // Back as they were: the buffer removed, the threshold at the default's value.
  await page.getByRole('button', { name: `Ta bort bufferten för ${COMPANY}` }).click();
  await expect(row.getByTestId('buffer-amount')).toHaveText('Ingen');
  await threshold.fill('97');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(current).toContainText('minst 97 % säkerhet');
  await page.context().close();
});

test('the administrator sees the webhooks beside the settings every role may read', async ({ page }) => {
  await signIn(page, 'Eva Sjöberg');
  await openPage(page, 'Inställningar');
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Automatisk bekräftelse' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Tröskel (%)' })).toHaveCount(0);
});
