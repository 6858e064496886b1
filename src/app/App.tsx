import { BrowserRouter, Route, Routes } from 'react-router';
import { useAuth } from './auth/auth';
import { OverviewPage } from './features/overview/OverviewPage';
import { NotFound } from './features/placeholders/Placeholder';
import { Layout } from './shell/Layout';
import { lazyPage } from './shell/lazy-page';

// The overview is the first screen and comes with the app; every other page is fetched on first visit.
const CashflowPage = lazyPage(() => import('./features/cashflow/CashflowPage'), 'CashflowPage');
const AccountsPage = lazyPage(() => import('./features/accounts/AccountsPage'), 'AccountsPage');
const AccountPage = lazyPage(() => import('./features/accounts/AccountPage'), 'AccountPage');
const TransactionsPage = lazyPage(
  () => import('./features/transactions/TransactionsPage'),
  'TransactionsPage',
);
const BatchesPage = lazyPage(() => import('./features/payments/BatchesPage'), 'BatchesPage');
const NewBatchPage = lazyPage(() => import('./features/payments/NewBatchPage'), 'NewBatchPage');
const BatchPage = lazyPage(() => import('./features/payments/BatchPage'), 'BatchPage');
const ApprovalsPage = lazyPage(() => import('./features/approvals/ApprovalsPage'), 'ApprovalsPage');
const SettingsPage = lazyPage(() => import('./features/settings/SettingsPage'), 'SettingsPage');
const ReconciliationPage = lazyPage(
  () => import('./features/reconciliation/ReconciliationPage'),
  'ReconciliationPage',
);

/**
 * The routes. The router mounts once sign-in has settled: the OIDC callback rewrites the address
 * (code and state leave it) before the router reads it.
 */
export function App() {
  const auth = useAuth();
  // While the callback is handled (the user may already be loaded), the address is still the callback's.
  const onCallback = window.location.pathname === '/auth/callback' && auth.status !== 'error';
  if (auth.status === 'loading' || onCallback) {
    return (
      <p role="status" className="p-10">
        Finvis…
      </p>
    );
  }
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<OverviewPage />} />
          <Route path="cashflow" element={<CashflowPage />} />
          <Route path="accounts" element={<AccountsPage />} />
          <Route path="accounts/:id" element={<AccountPage />} />
          <Route path="transactions" element={<TransactionsPage />} />
          <Route path="payments" element={<BatchesPage />} />
          <Route path="payments/new" element={<NewBatchPage />} />
          <Route path="payments/:id" element={<BatchPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="reconciliation" element={<ReconciliationPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
