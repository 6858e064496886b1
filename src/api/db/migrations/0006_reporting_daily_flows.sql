CREATE TABLE "account_daily_flows" (
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"flow_date" date NOT NULL,
	"currency" char(3) NOT NULL,
	"inflow_minor" bigint DEFAULT 0 NOT NULL,
	"outflow_minor" bigint DEFAULT 0 NOT NULL,
	"intra_inflow_minor" bigint DEFAULT 0 NOT NULL,
	"intra_outflow_minor" bigint DEFAULT 0 NOT NULL,
	"transaction_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "account_daily_flows_account_id_flow_date_currency_pk" PRIMARY KEY("account_id","flow_date","currency")
);
--> statement-breakpoint
ALTER TABLE "account_daily_flows" ADD CONSTRAINT "account_daily_flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_daily_flows" ADD CONSTRAINT "account_daily_flows_account_id_bank_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_daily_flows_tenant_date_idx" ON "account_daily_flows" USING btree ("tenant_id","flow_date");