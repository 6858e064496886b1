/**
 * Security headers for everything the BFF answers: the dashboard, the IdP's pages, problems.
 * No inline script anywhere (the app is Vite-built modules, the IdP pages are plain forms), so the
 * CSP admits scripts and styles from this origin only. An external issuer's origin is added to
 * connect-src, where oidc-client-ts calls its discovery, token and JWKS endpoints.
 */
export function contentSecurityPolicy(externalIssuer: string | null): string {
  const issuerOrigin = externalIssuer ? new URL(externalIssuer).origin : null;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${issuerOrigin ? ` ${issuerOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(options: { csp: string; tls: boolean }): Record<string, string> {
  return {
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
