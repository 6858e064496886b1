import { BrowserRouter, Route, Routes } from 'react-router';
import { useAuth } from './auth/auth';
import { AccountPage } from './features/accounts/AccountPage';
import { AccountsPage } from './features/accounts/AccountsPage';
import { CashflowPage } from './features/cashflow/CashflowPage';
import { OverviewPage } from './features/overview/OverviewPage';
import { NotFound, Placeholder } from './features/placeholders/Placeholder';
import { TransactionsPage } from './features/transactions/TransactionsPage';
import { Layout } from './shell/Layout';

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
          <Route path="payments" element={<Placeholder page="nav.payments" />} />
          <Route path="approvals" element={<Placeholder page="nav.approvals" />} />
          <Route path="reconciliation" element={<Placeholder page="nav.reconciliation" />} />
          <Route path="settings" element={<Placeholder page="nav.settings" />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
