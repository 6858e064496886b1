-- account_daily_flows is kept in step with transactions by statement-level triggers with transition
-- tables: whoever inserts, updates or deletes transactions (the seeder, imports, a tenant request),
-- the day sums change in the same database transaction. One aggregate upsert per statement, so a
-- batch insert of 5,000 transactions costs one GROUP BY, not 5,000 row triggers. The functions run as
-- the caller, so row-level security applies to the flows exactly as to the transactions.
ALTER TABLE account_daily_flows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON account_daily_flows TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON account_daily_flows TO finvis_api;
--> statement-breakpoint
CREATE FUNCTION account_daily_flows_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_daily_flows AS f (
    tenant_id, account_id, flow_date, currency,
    inflow_minor, outflow_minor, intra_inflow_minor, intra_outflow_minor, transaction_count
  )
  SELECT tenant_id, account_id, booking_date, currency,
    coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor > 0), 0)::bigint,
    coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor < 0), 0)::bigint,
    coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor > 0), 0)::bigint,
    coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor < 0), 0)::bigint,
    count(*)::integer
  FROM new_rows
  GROUP BY tenant_id, account_id, booking_date, currency
  ON CONFLICT (account_id, flow_date, currency) DO UPDATE SET
    inflow_minor = f.inflow_minor + excluded.inflow_minor,
    outflow_minor = f.outflow_minor + excluded.outflow_minor,
    intra_inflow_minor = f.intra_inflow_minor + excluded.intra_inflow_minor,
    intra_outflow_minor = f.intra_outflow_minor + excluded.intra_outflow_minor,
    transaction_count = f.transaction_count + excluded.transaction_count;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION account_daily_flows_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_daily_flows AS f SET
    inflow_minor = f.inflow_minor - o.inflow_minor,
    outflow_minor = f.outflow_minor - o.outflow_minor,
    intra_inflow_minor = f.intra_inflow_minor - o.intra_inflow_minor,
    intra_outflow_minor = f.intra_outflow_minor - o.intra_outflow_minor,
    transaction_count = f.transaction_count - o.transaction_count
  FROM (
    SELECT account_id, booking_date, currency,
      coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor > 0), 0)::bigint AS inflow_minor,
      coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor < 0), 0)::bigint AS outflow_minor,
      coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor > 0), 0)::bigint AS intra_inflow_minor,
      coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor < 0), 0)::bigint AS intra_outflow_minor,
      count(*)::integer AS transaction_count
    FROM old_rows
    GROUP BY account_id, booking_date, currency
  ) AS o
  WHERE f.account_id = o.account_id AND f.flow_date = o.booking_date AND f.currency = o.currency;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER transactions_daily_flows_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_daily_flows_add();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_flows_update_old AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_daily_flows_remove();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_flows_update_new AFTER UPDATE ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_daily_flows_add();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_flows_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_daily_flows_remove();
--> statement-breakpoint
-- Transactions written before this migration.
INSERT INTO account_daily_flows (
  tenant_id, account_id, flow_date, currency,
  inflow_minor, outflow_minor, intra_inflow_minor, intra_outflow_minor, transaction_count
)
SELECT tenant_id, account_id, booking_date, currency,
  coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor > 0), 0)::bigint,
  coalesce(sum(amount_minor) FILTER (WHERE NOT intra_group AND amount_minor < 0), 0)::bigint,
  coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor > 0), 0)::bigint,
  coalesce(sum(amount_minor) FILTER (WHERE intra_group AND amount_minor < 0), 0)::bigint,
  count(*)::integer
FROM transactions
GROUP BY tenant_id, account_id, booking_date, currency;
