-- The forecast's history of a koncern (src/api/forecast/history-query.ts) is kept in memory like the ledger
-- reads (migration 0017) and must learn of every change to what it reads beyond the ledger: open items,
-- the matches that settle them, the payment batches whose lines are known flows, and the reference rates.
-- Open items, matches and payments belong to one tenant and say which, as 0017's tables do; reference
-- rates are the same for every tenant, so a change to them concerns every tenant.
CREATE TRIGGER open_items_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON open_items
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER reconciliation_matches_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reconciliation_matches
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER reconciliation_match_items_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reconciliation_match_items
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER payment_batches_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payment_batches
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE TRIGGER payment_lines_notify_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payment_lines
  FOR EACH STATEMENT EXECUTE FUNCTION notify_tenant_changed();
--> statement-breakpoint
CREATE FUNCTION notify_every_tenant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('finvis_tenant_changed', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER fx_rates_notify_every_tenant_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fx_rates
  FOR EACH STATEMENT EXECUTE FUNCTION notify_every_tenant_changed();
