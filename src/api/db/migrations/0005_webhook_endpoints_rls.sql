-- Row-level security on webhook_endpoints, as 0003 does for the other tenant-owned tables: the
-- finvis_api role sees and writes only the rows of the tenant named by app.tenant_id. (Its table
-- privileges come from the default privileges granted in 0003.)
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_endpoints TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
