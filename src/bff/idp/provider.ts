import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { findDemoPerson } from './people';
import { errorPage, logoutPage, signedOutPage } from './pages';

export interface DevIdpOptions {
  /** The issuer: the BFF's public URL + `/idp`. */
  issuer: string;
  /** The dashboard's origin and path, for its redirect URIs. */
  appUrl: string;
  clientId: string;
  audience: string;
  rolesClaim: string;
  tenantClaim: string;
  /** The tenant every demo person belongs to (a name, e.g. `demo`). */
  tenant: string;
}

export interface DevIdp {
  provider: Provider;
  /** The public half of the signing keys, for validating the IdP's tokens without a network call. */
  publicJwks: JSONWebKeySet;
}

/** The dashboard's access tokens: short-lived JWTs for the BFF's audience. */
export const ACCESS_TOKEN_TTL_SECONDS = 600;
/** The one scope of the dashboard's resource server; it carries no permission, roles do. */
export const DASHBOARD_RESOURCE_SCOPE = 'finvis';
export const IDP_MOUNT_PATH = '/idp';
const SIGNING_ALGORITHM = 'ES256';

/**
 * The embedded development identity provider: node-oidc-provider with demo people, a public client for
 * the dashboard (code + PKCE, no secret) and keys generated at start (in memory, like everything it keeps).
 */
export async function createDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  // Loaded only when the embedded IdP runs: nothing else (the CLI's other commands) pays for it.
  const { default: OidcProvider, errors } = await import('oidc-provider');
  // ES256, not RS256: a P-256 key is made in a millisecond, an RSA key in 150–600 ms of every start.
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const kid = `dev-${randomUUID()}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };

  const claimsOf = (accountId: string) => {
    const person = findDemoPerson(accountId);
    if (!person) return undefined;
    return {
      sub: person.id,
      name: person.name,
      [options.rolesClaim]: person.roles,
      [options.tenantClaim]: options.tenant,
    };
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_name: 'Finvis',
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: SIGNING_ALGORITHM,
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${options.appUrl}/auth/callback`],
        post_logout_redirect_uris: [`${options.appUrl}/`],
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name', options.rolesClaim, options.tenantClaim],
    },
    // The dashboard reads the person's name and roles from the ID token; it never calls userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.audience) throw new errors.InvalidTarget();
          return {
            scope: DASHBOARD_RESOURCE_SCOPE,
            audience: options.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
            jwt: { sign: { alg: SIGNING_ALGORITHM } },
          };
        },
      },
    },
    // A browser client keeps its (rotating) refresh token in memory: silent renew without an iframe.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The dashboard is first-party: sign-in grants it without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const client = oidc.client;
      const session = oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addOIDCClaims(['name', options.rolesClaim, options.tenantClaim]);
      grant.addResourceScope(options.audience, DASHBOARD_RESOURCE_SCOPE);
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_ctx, token) => {
      if (!('accountId' in token) || typeof token.accountId !== 'string') return undefined;
      const claims = claimsOf(token.accountId);
      if (!claims) return undefined;
      return {
        name: claims.name,
        [options.rolesClaim]: claims[options.rolesClaim],
        [options.tenantClaim]: options.tenant,
      };
    },
    findAccount: (_ctx, sub) => {
      const claims = claimsOf(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: () => claims };
    },
    interactions: {
      url: (_ctx, interaction) => `${IDP_MOUNT_PATH}/interaction/${interaction.uid}`,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };

  const provider = new OidcProvider(options.issuer, configuration);
  return { provider, publicJwks: { keys: [publicJwk] } };
}
