import { Suspense } from 'react';
import { NavLink, Outlet, useSearchParams } from 'react-router';
import { AccountBar } from '../auth/AccountBar';
import { Skeleton } from '../components/QueryStates';
import { ApprovalBadge } from '../features/approvals/ApprovalBadge';
import { HealthStatus } from '../features/health/HealthStatus';
import { LiveUpdates } from '../features/live-updates/LiveUpdates';
import { useKoncern } from '../features/koncerner/use-koncern';
import { LANGS } from '../lib/format';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { setTheme, useTheme } from '../lib/theme';
import { useViewParams, viewSearch } from './view-params';

const NAV: readonly { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/', label: 'nav.overview', end: true },
  { to: '/cashflow', label: 'nav.cashflow' },
  { to: '/accounts', label: 'nav.accounts' },
  { to: '/transactions', label: 'nav.transactions' },
  { to: '/payments', label: 'nav.payments' },
  { to: '/approvals', label: 'nav.approvals' },
  { to: '/reconciliation', label: 'nav.reconciliation' },
  { to: '/settings', label: 'nav.settings' },
];

function MainNav() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const search = viewSearch(params);
  return (
    <nav aria-label={t('mainNav')} className="border-b border-slate-200 dark:border-slate-700">
      <ul className="mx-auto flex max-w-7xl flex-wrap gap-1 px-4">
        {NAV.map((item) => (
          <li key={item.to}>
            <NavLink
              to={{ pathname: item.to, search }}
              end={item.end ?? false}
              className={({ isActive }) =>
                `block border-b-2 px-3 py-2 ${
                  isActive
                    ? 'border-sky-700 font-semibold text-slate-900 dark:border-sky-300 dark:text-white'
                    : 'border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'
                }`
              }
            >
              {t(item.label)}
              {item.to === '/approvals' && <ApprovalBadge />}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ViewControls() {
  const { t, lang, setLang } = useI18n();
  const theme = useTheme();
  const { date, set } = useViewParams();
  const { signedIn, koncern, koncerner } = useKoncern();
  return (
    <form
      aria-label={t('viewSettings')}
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(event) => event.preventDefault()}
    >
      {signedIn && koncerner.length > 0 && (
        <label className="flex flex-col gap-0.5">
          <span>{t('koncern')}</span>
          <select
            className="field"
            value={koncern?.id ?? ''}
            onChange={(event) => set({ koncern: event.target.value })}
          >
            {koncerner.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {signedIn && (
        <label className="flex flex-col gap-0.5">
          <span>{t('asOfDate')}</span>
          <input
            type="date"
            className="field"
            value={date}
            onChange={(event) => set({ date: event.target.value })}
          />
        </label>
      )}
      <label className="flex flex-col gap-0.5">
        <span>{t('language')}</span>
        <select
          className="field"
          value={lang}
          onChange={(event) => setLang(event.target.value === 'en' ? 'en' : 'sv')}
        >
          {LANGS.map((code) => (
            <option key={code} value={code} lang={code}>
              {code === 'sv' ? 'Svenska' : 'English'}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span>{t('theme')}</span>
        <select
          className="field"
          value={theme}
          onChange={(event) => setTheme(event.target.value === 'dark' ? 'dark' : 'light')}
        >
          <option value="light">{t('theme.light')}</option>
          <option value="dark">{t('theme.dark')}</option>
        </select>
      </label>
    </form>
  );
}

export function Layout() {
  const { t } = useI18n();
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:p-2 focus:text-slate-900"
      >
        {t('skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-end justify-between gap-4 px-4 py-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Finvis</h1>
            <p className="text-sm text-slate-600 dark:text-slate-300">{t('tagline')}</p>
          </div>
          <ViewControls />
          <nav aria-label={t('accountNav')}>
            <AccountBar />
          </nav>
        </div>
        <MainNav />
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6">
        <Suspense fallback={<Skeleton rows={6} />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="mx-auto max-w-7xl px-4 pb-6 text-sm">
        <HealthStatus />
      </footer>
      <LiveUpdates />
    </div>
  );
}
