import * as oauth from 'oauth4webapi';

/** A browser's cookie jar, just enough for one sign-in: name → value, across all paths. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface SignInResult {
  accessToken: string;
  idToken: string;
  refreshToken: string | undefined;
  idTokenClaims: oauth.IDToken;
  authorizationServer: oauth.AuthorizationServer;
  /** The HTML of the IdP's login page, as the person saw it. */
  loginPage: string;
}

export const DASHBOARD_CLIENT: oauth.Client = { client_id: 'finvis-dashboard' };
const insecure = { [oauth.allowInsecureRequests]: true };

/**
 * A full authorization code + PKCE sign-in at the BFF's embedded IdP, driven by a real OAuth client
 * (oauth4webapi): the authorization request, the IdP's login page submitted over HTTP as a browser
 * would, the code back at the redirect URI, and the token request.
 */
export async function signInAs(bffUrl: string, personId: string): Promise<SignInResult> {
  const issuer = new URL(`${bffUrl}/idp`);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  const redirectUri = `${bffUrl}/auth/callback`;
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  if (!as.authorization_endpoint) throw new Error('the IdP names no authorization endpoint');
  const authorization = new URL(as.authorization_endpoint);
  authorization.search = new URLSearchParams({
    client_id: DASHBOARD_CLIENT.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();

  const jar = new CookieJar();
  const go = async (url: string | URL, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() },
    });
    jar.store(response);
    return response;
  };
  const follow = (response: Response, base: string | URL): URL => {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) {
      throw new Error(`expected a redirect, got ${response.status}`);
    }
    return new URL(location, base);
  };

  const toLogin = await go(authorization);
  const loginUrl = follow(toLogin, authorization);
  const login = await go(loginUrl);
  if (login.status !== 200) throw new Error(`the login page answered ${login.status}`);
  const loginPage = await login.text();
  const action = /<form method="post" action="([^"]+\/login)">/.exec(loginPage)?.[1];
  if (!action) throw new Error('the login page has no login form');
  if (!loginPage.includes(`value="${personId}"`))
    throw new Error(`the login page does not offer ${personId}`);

  const submitted = await go(new URL(action, loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person: personId }).toString(),
  });
  let next = follow(submitted, loginUrl);
  // The provider resumes the authorization; after any further hops it lands at the redirect URI.
  for (let hops = 0; !next.href.startsWith(redirectUri); hops += 1) {
    if (hops > 5) throw new Error(`the sign-in did not come back to the dashboard: ${next.href}`);
    next = follow(await go(next), next);
  }

  const callback = oauth.validateAuthResponse(as, DASHBOARD_CLIENT, next, state);
  const tokenResponse = await oauth.authorizationCodeGrantRequest(
    as,
    DASHBOARD_CLIENT,
    oauth.None(),
    callback,
    redirectUri,
    codeVerifier,
    insecure,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, DASHBOARD_CLIENT, tokenResponse, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
  const idTokenClaims = oauth.getValidatedIdTokenClaims(tokens);
  if (!idTokenClaims || !tokens.id_token) throw new Error('no ID token');
  return {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    refreshToken: tokens.refresh_token,
    idTokenClaims,
    authorizationServer: as,
    loginPage,
  };
}
