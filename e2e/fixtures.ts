import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type Request } from '@playwright/test';

/** Signs in at the embedded IdP as `name`, the way e2e/sign-in.spec.ts does. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText(name);
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations).toEqual([]);
}

/** The bearer token the dashboard sent on a request (the page's own in-memory session). */
export function bearerOf(request: Request): string {
  const header = request.headers()['authorization'];
  if (!header) throw new Error(`no Authorization header on ${request.url()}`);
  return header;
}
