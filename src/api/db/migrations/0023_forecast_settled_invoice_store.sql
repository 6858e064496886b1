-- Cashflow forecasting (issue 13): the first forecast of a process read a large koncern's million settled
-- invoices row by row (seconds); migration 0021 made them history that never changes. The forecast now stores
-- each tenant's settled invoices as columns (src/api/forecast/settled-invoice-store.ts), with the snapshot of
-- the read that saw them, and a process that starts reads that one value and the items settled since.
-- Stored apart from the row (EXTERNAL): the columns are tens of megabytes, and compressing them on every write
-- and read would cost more than it saves.
CREATE TABLE "forecast_settled_invoices" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"from_date" date NOT NULL,
	"snapshot" text NOT NULL,
	"cluster" text NOT NULL,
	"row_count" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_settled_invoices" ADD CONSTRAINT "forecast_settled_invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_settled_invoices" ALTER COLUMN "data" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "forecast_settled_invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "forecast_settled_invoices" TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
