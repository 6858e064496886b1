ALTER TABLE "open_items" ADD COLUMN "settled_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "open_items" ADD COLUMN "end_to_end_id" text;--> statement-breakpoint
ALTER TABLE "open_items" ADD COLUMN "payment_line_id" text;--> statement-breakpoint
CREATE TABLE "reconciliation_matches" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"status" text NOT NULL,
	"confidence_basis_points" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"account_id" text NOT NULL,
	"company_id" text NOT NULL,
	"booking_date" date NOT NULL,
	"currency" char(3) NOT NULL,
	"difference_minor" bigint NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" jsonb
);
--> statement-breakpoint
CREATE TABLE "reconciliation_match_transactions" (
	"tenant_id" text NOT NULL,
	"match_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"live" boolean DEFAULT true NOT NULL,
	CONSTRAINT "reconciliation_match_transactions_match_id_transaction_id_pk" PRIMARY KEY("match_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_match_items" (
	"tenant_id" text NOT NULL,
	"match_id" text NOT NULL,
	"open_item_id" text NOT NULL,
	"applied_minor" bigint NOT NULL,
	"pending" boolean DEFAULT true NOT NULL,
	CONSTRAINT "reconciliation_match_items_match_id_open_item_id_pk" PRIMARY KEY("match_id","open_item_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_rejected_pairs" (
	"tenant_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"open_item_id" text NOT NULL,
	CONSTRAINT "reconciliation_rejected_pairs_tenant_id_transaction_id_open_item_id_pk" PRIMARY KEY("tenant_id","transaction_id","open_item_id")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"auto_confirm_basis_points" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_account_id_bank_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" ADD CONSTRAINT "reconciliation_match_transactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" ADD CONSTRAINT "reconciliation_match_transactions_match_id_reconciliation_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."reconciliation_matches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" ADD CONSTRAINT "reconciliation_match_transactions_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" ADD CONSTRAINT "reconciliation_match_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" ADD CONSTRAINT "reconciliation_match_items_match_id_reconciliation_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."reconciliation_matches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" ADD CONSTRAINT "reconciliation_match_items_open_item_id_open_items_id_fk" FOREIGN KEY ("open_item_id") REFERENCES "public"."open_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_rejected_pairs" ADD CONSTRAINT "reconciliation_rejected_pairs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_settings" ADD CONSTRAINT "reconciliation_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reconciliation_matches_tenant_idx" ON "reconciliation_matches" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "reconciliation_matches_status_idx" ON "reconciliation_matches" USING btree ("tenant_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_match_transactions_live_idx" ON "reconciliation_match_transactions" USING btree ("transaction_id") WHERE "reconciliation_match_transactions"."live";--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_match_items_pending_idx" ON "reconciliation_match_items" USING btree ("open_item_id") WHERE "reconciliation_match_items"."pending";--> statement-breakpoint
CREATE INDEX "reconciliation_match_items_item_idx" ON "reconciliation_match_items" USING btree ("open_item_id");--> statement-breakpoint
CREATE INDEX "open_items_open_ocr_idx" ON "open_items" USING btree ("tenant_id","ocr") WHERE "open_items"."status" = 'open' and "open_items"."ocr" is not null;--> statement-breakpoint
CREATE INDEX "open_items_open_amount_idx" ON "open_items" USING btree ("tenant_id","amount_minor") WHERE "open_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX "open_items_open_name_idx" ON "open_items" USING btree ("tenant_id",lower("counterparty_name")) WHERE "open_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX "open_items_open_reference_idx" ON "open_items" USING btree ("tenant_id","reference") WHERE "open_items"."status" = 'open' and "open_items"."reference" is not null;--> statement-breakpoint
CREATE INDEX "open_items_end_to_end_idx" ON "open_items" USING btree ("tenant_id","end_to_end_id") WHERE "open_items"."end_to_end_id" is not null;--> statement-breakpoint
CREATE INDEX "transactions_unreconciled_amount_idx" ON "transactions" USING btree ("tenant_id","amount_minor") WHERE "transactions"."reconciliation_state" = 'unreconciled';--> statement-breakpoint
CREATE INDEX "transactions_unreconciled_name_idx" ON "transactions" USING btree ("tenant_id",lower("counterparty_name")) WHERE "transactions"."reconciliation_state" = 'unreconciled';--> statement-breakpoint
CREATE INDEX "transactions_end_to_end_idx" ON "transactions" USING btree ("tenant_id","end_to_end_id") WHERE "transactions"."end_to_end_id" is not null;
