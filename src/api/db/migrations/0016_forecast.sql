-- Cashflow forecasting (issue 13): each company's liquidity buffer (the minimum balance the forecast
-- warns below), with row-level security as 0009, and an index for the recurring-flow history (the
-- transactions of a few categories over two years, without reading every transaction).
CREATE TABLE "liquidity_buffers" (
	"tenant_id" text NOT NULL,
	"company_id" text PRIMARY KEY NOT NULL,
	"minimum_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'SEK' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "liquidity_buffers" ADD CONSTRAINT "liquidity_buffers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "liquidity_buffers" ADD CONSTRAINT "liquidity_buffers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "liquidity_buffers_tenant_idx" ON "liquidity_buffers" USING btree ("tenant_id");
--> statement-breakpoint
CREATE INDEX "transactions_tenant_category_date_idx" ON "transactions" USING btree ("tenant_id","category","booking_date") WHERE "transactions"."category" is not null;
--> statement-breakpoint
ALTER TABLE liquidity_buffers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON liquidity_buffers TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
