import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type Request } from '@playwright/test';

/** Signs in at the embedded IdP as `name`, the way e2e/sign-in.spec.ts does. */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText(name);
}

/**
 * WCAG 2.2 A and AA (target size included) and axe's best practices: a rule that is off by default,
 * like target-size, is still one a person with a tremor notices.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(
    result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) })),
  ).toEqual([]);
}

/** The bearer token the dashboard sent on a request (the page's own in-memory session). */
export function bearerOf(request: Request): string {
  const header = request.headers()['authorization'];
  if (!header) throw new Error(`no Authorization header on ${request.url()}`);
  return header;
}
