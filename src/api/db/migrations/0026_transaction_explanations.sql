-- Reconciliation (issue 10): a bank transaction that no open item will ever explain (a salary run, a tax payment,
-- a bank fee) can be marked reconciled without a match, with the reason and who gave it, and reopened.
CREATE TABLE "transaction_explanations" (
	"tenant_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"explained_by_type" text NOT NULL,
	"explained_by_id" text NOT NULL,
	"explained_by_name" text,
	"explained_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transaction_explanations_tenant_id_transaction_id_pk" PRIMARY KEY("tenant_id","transaction_id")
);
--> statement-breakpoint
ALTER TABLE "transaction_explanations" ADD CONSTRAINT "transaction_explanations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_explanations" ADD CONSTRAINT "transaction_explanations_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transaction_explanations_recent_idx" ON "transaction_explanations" USING btree ("tenant_id","explained_at");--> statement-breakpoint
ALTER TABLE "transaction_explanations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "transaction_explanations" TO finvis_api
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
