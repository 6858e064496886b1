-- The API keeps serialised ledger reads in memory (src/api/read-cache) and must learn of every change
-- to what they show, whoever makes it: a request on another API instance, the CLI, the seeder, the
-- sandbox bank. Each statement that changes these tables notifies `finvis_tenant_changed` with the
-- tenant it ran for: a tenant request runs as finvis_api with app.tenant_id set, and row-level
-- security holds its rows to that tenant. Anything else (the owner, a migration, a bulk job) says `*`,
-- every tenant. NOTIFY is delivered at commit, once per distinct payload per transaction, so a batch
-- of 5,000 rows costs one notification and a rolled-back statement none.
CREATE FUNCTION notify_tenant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant text := current_setting('app.tenant_id', true);
BEGIN
  PERFORM pg_notify(
    'finvis_tenant_changed',
    CASE WHEN current_user = 'finvis_api' AND coalesce(tenant, '') <> '' THEN tenant ELSE '*' END
  );
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER koncerner_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON koncerner
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER companies_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON companies
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER bank_accounts_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bank_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER account_balances_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_balances
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER transactions_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transactions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
