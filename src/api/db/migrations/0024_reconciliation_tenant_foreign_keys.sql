-- Reconciliation (issue 10): a match's references carry its tenant. A match points at an account and a company
-- of its own tenant, and each member row at a match of its own tenant, through composite foreign keys; these
-- also prove the tenant exists, so the separate tenant_id foreign keys go. A full run writes some seventy
-- thousand matches, and each foreign-key check costs about as much as writing a small row: ten checks per match
-- become seven (100k x 100k: about 1 s less), and the database now refuses a cross-tenant reference it allowed.
DROP INDEX "reconciliation_matches_tenant_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_matches_tenant_idx" ON "reconciliation_matches" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_tenant_id_idx" ON "bank_accounts" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "companies_tenant_id_idx" ON "companies" USING btree ("tenant_id","id");--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" DROP CONSTRAINT "reconciliation_match_items_tenant_id_tenants_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" DROP CONSTRAINT "reconciliation_match_items_match_id_reconciliation_matches_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" DROP CONSTRAINT "reconciliation_match_transactions_tenant_id_tenants_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" DROP CONSTRAINT "reconciliation_match_transactions_match_id_reconciliation_matches_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_matches" DROP CONSTRAINT "reconciliation_matches_tenant_id_tenants_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_matches" DROP CONSTRAINT "reconciliation_matches_account_id_bank_accounts_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_matches" DROP CONSTRAINT "reconciliation_matches_company_id_companies_id_fk";--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_account_fk" FOREIGN KEY ("tenant_id","account_id") REFERENCES "public"."bank_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_matches" ADD CONSTRAINT "reconciliation_matches_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."companies"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_transactions" ADD CONSTRAINT "reconciliation_match_transactions_match_fk" FOREIGN KEY ("tenant_id","match_id") REFERENCES "public"."reconciliation_matches"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_match_items" ADD CONSTRAINT "reconciliation_match_items_match_fk" FOREIGN KEY ("tenant_id","match_id") REFERENCES "public"."reconciliation_matches"("tenant_id","id") ON DELETE no action ON UPDATE no action;
