-- An update of transactions moved the day sums with two triggers: subtract every old row, add every new
-- one. Nearly every update changes a transaction's reconciliation state only, which moves nothing, yet
-- paid for both; and PL/pgSQL keeps a trigger statement's first plan for the session, so after the engine's
-- full run (tens of thousands of rows) the subtraction of a single row scanned the tenant's day sums
-- (6 ms of a 16 ms arrival). One trigger now sees both transition tables and writes the net change of each
-- day, only for days whose sums it changes: one aggregate over the changed rows, resolved through the
-- unique index whatever the number of rows (no join plan to keep).
DROP TRIGGER transactions_daily_flows_update_old ON transactions;
--> statement-breakpoint
DROP TRIGGER transactions_daily_flows_update_new ON transactions;
--> statement-breakpoint
CREATE FUNCTION account_daily_flows_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_daily_flows AS f (
    tenant_id, account_id, flow_date, currency,
    inflow_minor, outflow_minor, intra_inflow_minor, intra_outflow_minor, transaction_count
  )
  SELECT tenant_id, account_id, booking_date, currency,
    inflow_minor, outflow_minor, intra_inflow_minor, intra_outflow_minor, transaction_count
  FROM (
    SELECT tenant_id, account_id, booking_date, currency,
      coalesce(sum(sign * amount_minor) FILTER (WHERE NOT intra_group AND amount_minor > 0), 0)::bigint AS inflow_minor,
      coalesce(sum(sign * amount_minor) FILTER (WHERE NOT intra_group AND amount_minor < 0), 0)::bigint AS outflow_minor,
      coalesce(sum(sign * amount_minor) FILTER (WHERE intra_group AND amount_minor > 0), 0)::bigint AS intra_inflow_minor,
      coalesce(sum(sign * amount_minor) FILTER (WHERE intra_group AND amount_minor < 0), 0)::bigint AS intra_outflow_minor,
      sum(sign)::integer AS transaction_count
    FROM (
      SELECT tenant_id, account_id, booking_date, currency, amount_minor, intra_group, 1 AS sign FROM new_rows
      UNION ALL
      SELECT tenant_id, account_id, booking_date, currency, amount_minor, intra_group, -1 AS sign FROM old_rows
    ) AS changed
    GROUP BY tenant_id, account_id, booking_date, currency
  ) AS net
  WHERE (inflow_minor, outflow_minor, intra_inflow_minor, intra_outflow_minor, transaction_count) <> (0, 0, 0, 0, 0)
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
CREATE TRIGGER transactions_daily_flows_update AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_daily_flows_move();
