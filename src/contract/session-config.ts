import type { RoleScopes } from './scopes';

/** `GET /api/session-config` of the BFF: what the dashboard needs to sign in. Public values only, never a secret. */
export interface SessionConfig {
  issuer: string;
  client_id: string;
  scope: string;
  audience: string;
  roles_claim: string;
  tenant_claim: string;
  /** Which scopes each role grants: the dashboard offers a person only what the API will let them do. */
  role_scopes: RoleScopes;
}
