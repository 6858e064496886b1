// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../lib/i18n';
import { SettingsPage } from './SettingsPage';

// The identity provider is the edge of the world here: someone whose role the BFF grants no scope.
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'Gäst', roles: ['guest'], scopes: [] } }),
  useCan: () => false,
}));

afterEach(cleanup);

it('tells a person whose role grants nothing that there is nothing to set, and shows no section', () => {
  render(
    <I18nProvider initial="sv">
      <SettingsPage />
    </I18nProvider>,
  );
  expect(screen.getByText(/Din roll ger inga inställningar att se/)).toBeTruthy();
  expect(screen.queryByRole('heading', { level: 3 })).toBeNull();
});
