import { auth, roleLabel, useAuth } from './auth';

/** The signed-in person's name and role, and sign-out; or the way in. */
export function AccountBar() {
  const state = useAuth();
  const button = 'rounded bg-slate-800 px-3 py-1 text-white hover:bg-slate-700';
  switch (state.status) {
    case 'loading':
      return <p className="text-slate-600">Kontrollerar inloggning…</p>;
    case 'error':
      return (
        <p role="alert" className="text-red-700">
          {state.message}
        </p>
      );
    case 'signed-out':
      return (
        <button type="button" className={button} onClick={() => void auth.signIn()}>
          Logga in
        </button>
      );
    case 'signed-in':
      return (
        <div className="flex items-center gap-4" data-testid="signed-in-person">
          <p>
            <span className="font-medium">{state.person.name}</span>
            <span className="text-slate-700">
              {' — '}
              {state.person.roles.map(roleLabel).join(', ') || 'ingen roll'}
            </span>
          </p>
          <button type="button" className={button} onClick={() => void auth.signOut()}>
            Logga ut
          </button>
        </div>
      );
  }
}
