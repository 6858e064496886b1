-- Row-level security on statement imports, as 0009 does for the payments tables: the finvis_api
-- role sees and writes only the rows of app.tenant_id.
ALTER TABLE statement_imports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON statement_imports TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
