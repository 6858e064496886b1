import { expect, type Page } from '@playwright/test';
import { formatMoney, parseAmount } from '../src/banking/money';

export const CFO = 'Astrid Lindqvist';

export function minor(amount: string): bigint {
  const parsed = parseAmount(amount, 'SEK');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** A SEK wire amount the way the dashboard writes it for `locale`. */
export function sek(amount: string, locale: 'sv-SE' | 'en-GB'): string {
  return formatMoney(minor(amount), 'SEK', locale, { currencyDisplay: 'code' });
}

export async function chooseTheme(
  page: Page,
  label: 'Tema' | 'Theme',
  theme: 'light' | 'dark',
): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).selectOption(theme);
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/dark/);
  else await expect(page.locator('html')).not.toHaveClass(/dark/);
}

export async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name }).click();
}
