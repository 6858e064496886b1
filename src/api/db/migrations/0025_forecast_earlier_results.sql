-- Cashflow forecasting (issue 13): a scope's bands are calibrated on some fifty forecasts from earlier origins,
-- and the backtest makes forty more; a process worked them all out again after it started (about a second for a
-- large koncern). What it works out is now stored per tenant (src/api/forecast/earlier-forecast-store.ts), by what
-- was worked out (`slot`) with the fingerprint of the history it read and the model's version, and a process that
-- starts, or another instance, takes it from here while the fingerprint agrees.
CREATE TABLE "forecast_earlier_results" (
	"tenant_id" text NOT NULL,
	"slot" text NOT NULL,
	"scope" text NOT NULL,
	"first_day" date NOT NULL,
	"model_version" integer NOT NULL,
	"fingerprint" text NOT NULL,
	"value" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecast_earlier_results_tenant_id_slot_pk" PRIMARY KEY("tenant_id","slot")
);
--> statement-breakpoint
ALTER TABLE "forecast_earlier_results" ADD CONSTRAINT "forecast_earlier_results_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_earlier_results_scope_idx" ON "forecast_earlier_results" USING btree ("tenant_id","scope","first_day");;--> statement-breakpoint
ALTER TABLE "forecast_earlier_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "forecast_earlier_results" TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
