import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { useSyncExternalStore } from 'react';
import { scopesForRoles, type RoleScopes, type Scope } from '../../contract/scopes';
import type { SessionConfig } from '../../contract/session-config';

export interface SignedInPerson {
  name: string;
  roles: string[];
  /** What the person's roles let them do through the BFF; the API decides, this only spares a refusal. */
  scopes: readonly Scope[];
}

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; person: SignedInPerson }
  | { status: 'error'; message: string };

const CALLBACK_PATH = '/auth/callback';
/** Set in this tab while the person is signed in: after a reload, sign-in resumes without a click. */
const RESUME_KEY = 'finvis.resume-sign-in';

/**
 * The person's sign-in, with oidc-client-ts: authorization code + PKCE at the issuer the BFF names.
 * Tokens live in memory only (never in storage); only the short-lived PKCE state of a redirect in
 * progress and a "was signed in" marker sit in sessionStorage. Renewal uses the rotating refresh token,
 * so no iframe is needed. A reload or a link opened in the same tab loses the tokens, so while the
 * marker is set the app asks the issuer again with `prompt=none`: with the issuer's session still alive
 * the person is back on the same page without a click; without it, they see the sign-in button.
 */
class Auth {
  #state: AuthState = { status: 'loading' };
  #listeners = new Set<() => void>();
  #manager: UserManager | null = null;
  #rolesClaim = 'finvis_roles';
  #roleScopes: RoleScopes = {};
  #started: Promise<void> | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  snapshot = (): AuthState => this.#state;

  start(): Promise<void> {
    this.#started ??= this.#start().catch((error: unknown) => {
      this.#set({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return this.#started;
  }

  async signIn(): Promise<void> {
    const returnTo =
      window.location.pathname === CALLBACK_PATH ? '/' : window.location.pathname + window.location.search;
    await this.#manager?.signinRedirect({ state: { returnTo } });
  }

  async signOut(): Promise<void> {
    window.sessionStorage.removeItem(RESUME_KEY);
    const manager = this.#manager;
    if (!manager) return;
    const user = await manager.getUser();
    await manager.removeUser();
    await manager.signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {});
  }

  /** The user's current access token, for `Authorization: Bearer` on calls to the BFF. */
  async accessToken(): Promise<string | null> {
    const user = await this.#manager?.getUser();
    return user && !user.expired ? user.access_token : null;
  }

  async #start(): Promise<void> {
    const response = await fetch('/api/session-config', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`Inloggningen kan inte startas (${response.status}).`);
    const config = (await response.json()) as SessionConfig;
    this.#rolesClaim = config.roles_claim;
    this.#roleScopes = config.role_scopes;
    const origin = window.location.origin;
    const manager = new UserManager({
      authority: config.issuer,
      client_id: config.client_id,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: config.scope,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
      automaticSilentRenew: true,
      loadUserInfo: false,
      monitorSession: false,
    });
    this.#manager = manager;
    manager.events.addUserLoaded((user) => this.#setUser(user));
    manager.events.addUserUnloaded(() => this.#set({ status: 'signed-out' }));
    manager.events.addSilentRenewError(() => this.#set({ status: 'signed-out' }));

    if (window.location.pathname === CALLBACK_PATH) {
      const user = await manager.signinRedirectCallback().catch((error: unknown) => {
        // `prompt=none` without a session at the issuer ends here (login_required): sign in by hand.
        window.sessionStorage.removeItem(RESUME_KEY);
        window.history.replaceState(null, '', '/');
        if (isNoSessionError(error)) return null;
        throw error;
      });
      if (!user) {
        this.#set({ status: 'signed-out' });
        return;
      }
      // The code and state leave the address bar at once.
      const state = user.state as { returnTo?: unknown } | undefined;
      const returnTo =
        typeof state?.returnTo === 'string' && state.returnTo.startsWith('/') ? state.returnTo : '/';
      window.history.replaceState(null, '', returnTo);
      this.#setUser(user);
      return;
    }
    const user = await manager.getUser();
    if (user && !user.expired) this.#setUser(user);
    else if (window.sessionStorage.getItem(RESUME_KEY) === '1') {
      const returnTo = window.location.pathname + window.location.search;
      await manager.signinRedirect({ prompt: 'none', state: { returnTo } });
    } else this.#set({ status: 'signed-out' });
  }

  #setUser(user: User): void {
    window.sessionStorage.setItem(RESUME_KEY, '1');
    const profile = user.profile as Record<string, unknown>;
    const claim = profile[this.#rolesClaim];
    const roles = Array.isArray(claim)
      ? claim.filter((role): role is string => typeof role === 'string')
      : typeof claim === 'string'
        ? claim.split(' ')
        : [];
    this.#set({
      status: 'signed-in',
      person: {
        name: typeof profile.name === 'string' ? profile.name : (user.profile.sub ?? ''),
        roles,
        scopes: scopesForRoles(this.#roleScopes, roles),
      },
    });
  }

  #set(state: AuthState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}

/** The issuer's answer to `prompt=none` when the person must sign in (or consent) themselves. */
function isNoSessionError(error: unknown): boolean {
  const code = (error as { error?: unknown } | null)?.error;
  return (
    code === 'login_required' ||
    code === 'consent_required' ||
    code === 'interaction_required' ||
    code === 'account_selection_required'
  );
}

export const auth = new Auth();

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, auth.snapshot);
}

const ROLE_LABELS: Record<string, string> = {
  cfo: 'Ekonomichef (CFO)',
  approver: 'Attestant',
  treasurer: 'Likviditetsansvarig',
  admin: 'Administratör',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

/** Whether the signed-in person's roles grant `scope`: to offer only what the API will let them do. */
export function useCan(scope: Scope): boolean {
  const state = useAuth();
  return state.status === 'signed-in' && state.person.scopes.includes(scope);
}
