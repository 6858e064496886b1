import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures';

test('the shell shows the product and the API health reported through the BFF', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Finvis' })).toBeVisible();
  const health = page.getByTestId('api-health');
  await expect(health).toHaveAttribute('data-status', 'ok');
  await expect(health).toContainText('API: OK');
  await expect(health).toContainText('pglite');

  await expectNoAxeViolations(page);
});

test('a client route that the SPA owns falls back to the shell', async ({ page }) => {
  const response = await page.goto('/accounts/acct_0123456789');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Finvis' })).toBeVisible();
});
