import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures';

const people = [
  { name: 'Astrid Lindqvist', role: 'Ekonomichef (CFO)' },
  { name: 'Björn Ekström', role: 'Attestant' },
  { name: 'Cecilia Nyberg', role: 'Attestant' },
  { name: 'David Holm', role: 'Likviditetsansvarig' },
  { name: 'Eva Sjöberg', role: 'Administratör' },
];

for (const person of people) {
  test(`signs in as ${person.name} (${person.role}), sees name and role in the shell, and signs out`, async ({
    page,
  }) => {
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) notFound.push(response.url());
    });

    await page.goto('/');
    await page.getByRole('button', { name: 'Logga in' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Logga in i Finvis' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: new RegExp(person.name) }).click();

    const account = page.getByTestId('signed-in-person');
    await expect(account).toContainText(person.name);
    await expect(account).toContainText(person.role);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Finvis' })).toBeVisible();
    await expectNoAxeViolations(page);

    // No token lands in localStorage or the address bar.
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
    expect(stored).not.toMatch(/eyJ/);
    expect(page.url()).not.toMatch(/code=|token/);

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('button', { name: 'Ja, logga ut' }).click();
    await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);

    // Signed out at the issuer: signing in again asks who you are.
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Logga in i Finvis' })).toBeVisible();

    expect(cspViolations).toEqual([]);
    expect(notFound).toEqual([]);
  });
}

test('a signed-in call through the BFF reaches the API with the person’s scopes', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: /Astrid Lindqvist/ }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText('Astrid Lindqvist');
  // The dashboard's own call: the person's token to the BFF, a Finvis token of the CFO's scopes to the API.
  await expect(page.getByTestId('koncerner').getByRole('listitem').first()).toBeVisible();
  const statuses = await page.evaluate(async () => {
    const noToken = await fetch('/api/koncerner');
    return { noToken: noToken.status };
  });
  expect(statuses.noToken).toBe(401);
});

test('a reload keeps the person signed in on the same page; after signing out it does not', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: /David Holm/ }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText('David Holm');
  await page.getByRole('link', { name: 'Konton' }).first().click();
  await expect(page).toHaveURL(/\/accounts/);
  const accountsUrl = page.url();

  // Tokens live in memory: the reload resumes the issuer's session with prompt=none, no click needed.
  await page.reload();
  await expect(page.getByTestId('signed-in-person')).toContainText('David Holm');
  await expect(page).toHaveURL(accountsUrl);
  const stored = await page.evaluate(() =>
    JSON.stringify({ ...window.sessionStorage, ...window.localStorage }),
  );
  expect(stored).not.toMatch(/eyJ/);

  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.getByRole('button', { name: 'Ja, logga ut' }).click();
  await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
  await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
});
