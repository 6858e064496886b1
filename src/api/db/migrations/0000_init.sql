CREATE TABLE "account_balances" (
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"balance_date" date NOT NULL,
	"booked_minor" bigint NOT NULL,
	"available_minor" bigint NOT NULL,
	"source" text DEFAULT 'computed' NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "account_balances_account_id_balance_date_pk" PRIMARY KEY("account_id","balance_date")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text,
	"client_id" text,
	"acting_user" text,
	"action" text NOT NULL,
	"resource_type" text,
	"resource_id" text,
	"request_id" text,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"bank_name" text NOT NULL,
	"bic" text NOT NULL,
	"iban" text,
	"clearing_number" text,
	"account_number" text,
	"bankgiro" text,
	"currency" char(3) NOT NULL,
	"kind" text NOT NULL,
	"cash_pool_top_id" text,
	"opened_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"koncern_id" text NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"org_number" text,
	"foreign_id" text,
	"country" char(2) NOT NULL,
	"functional_currency" char(3) NOT NULL,
	"ownership_basis_points" integer DEFAULT 10000 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"currency" char(3) NOT NULL,
	"rate_date" date NOT NULL,
	"sek_per_unit" numeric(18, 6) NOT NULL,
	CONSTRAINT "fx_rates_currency_rate_date_pk" PRIMARY KEY("currency","rate_date")
);
--> statement-breakpoint
CREATE TABLE "koncerner" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"reporting_currency" char(3) DEFAULT 'SEK' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "open_items" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"company_id" text NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"counterparty_name" text NOT NULL,
	"reference" text,
	"ocr" text,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"issue_date" date,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"tenant_id" text NOT NULL,
	"account_id" text NOT NULL,
	"booking_date" date NOT NULL,
	"value_date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"counterparty_name" text,
	"counterparty_account" text,
	"ocr" text,
	"message" text,
	"bank_reference" text NOT NULL,
	"end_to_end_id" text,
	"category" text,
	"intra_group" boolean DEFAULT false NOT NULL,
	"reconciliation_state" text DEFAULT 'unreconciled' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_account_id_bank_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_cash_pool_top_id_bank_accounts_id_fk" FOREIGN KEY ("cash_pool_top_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_koncern_id_koncerner_id_fk" FOREIGN KEY ("koncern_id") REFERENCES "public"."koncerner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_parent_id_companies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "koncerner" ADD CONSTRAINT "koncerner_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_items" ADD CONSTRAINT "open_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_items" ADD CONSTRAINT "open_items_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_account_id_bank_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_balances_tenant_date_idx" ON "account_balances" USING btree ("tenant_id","balance_date");--> statement-breakpoint
CREATE INDEX "audit_log_tenant_time_idx" ON "audit_log" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "bank_accounts_tenant_company_idx" ON "bank_accounts" USING btree ("tenant_id","company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_iban_idx" ON "bank_accounts" USING btree ("tenant_id","iban");--> statement-breakpoint
CREATE INDEX "companies_tenant_koncern_idx" ON "companies" USING btree ("tenant_id","koncern_id");--> statement-breakpoint
CREATE INDEX "koncerner_tenant_idx" ON "koncerner" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "open_items_external_idx" ON "open_items" USING btree ("tenant_id","company_id","external_id");--> statement-breakpoint
CREATE INDEX "open_items_tenant_status_due_idx" ON "open_items" USING btree ("tenant_id","status","due_date");--> statement-breakpoint
CREATE INDEX "transactions_account_date_idx" ON "transactions" USING btree ("tenant_id","account_id","booking_date","seq");--> statement-breakpoint
CREATE INDEX "transactions_tenant_date_idx" ON "transactions" USING btree ("tenant_id","booking_date","seq");--> statement-breakpoint
CREATE INDEX "transactions_ocr_idx" ON "transactions" USING btree ("tenant_id","ocr") WHERE "transactions"."ocr" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_bank_reference_idx" ON "transactions" USING btree ("tenant_id","account_id","bank_reference");