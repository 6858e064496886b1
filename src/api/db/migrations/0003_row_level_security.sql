-- Row-level security: the second wall behind the tenant-scoped data access layer.
-- Tenant requests run as finvis_api (SET LOCAL ROLE in their transaction), which owns no table and
-- cannot bypass RLS, and every tenant-owned table admits only rows of the tenant named by the
-- transaction's app.tenant_id. Without a tenant set, current_setting() is null and no row matches.
DO $$
BEGIN
  CREATE ROLE finvis_api NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO finvis_api;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO finvis_api;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO finvis_api;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO finvis_api;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO finvis_api;
--> statement-breakpoint
-- The tenant role reads tenants only through RLS too, and never sees signing keys.
REVOKE ALL ON signing_keys FROM finvis_api;
--> statement-breakpoint
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'koncerner', 'companies', 'bank_accounts', 'account_balances', 'transactions', 'open_items',
    'audit_log', 'api_clients', 'idempotency_keys'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO finvis_api
         USING (tenant_id = current_setting(''app.tenant_id'', true))
         WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))',
      tenant_table
    );
  END LOOP;
  ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON tenants TO finvis_api
    USING (id = current_setting('app.tenant_id', true));
END
$$;
