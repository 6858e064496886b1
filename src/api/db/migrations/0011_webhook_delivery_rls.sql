-- Row-level security on the webhook delivery tables, as 0005 does for webhook_endpoints: the
-- finvis_api role sees and writes only the rows of app.tenant_id. The dispatcher works across
-- tenants as the owner and names the tenant in every statement itself.
ALTER TABLE webhook_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_messages TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE webhook_delivery_attempts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_delivery_attempts TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
