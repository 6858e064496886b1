CREATE TABLE "statement_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"file_name" text,
	"file_sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"format" text,
	"message_id" text,
	"account_ids" text[] DEFAULT '{}' NOT NULL,
	"statements" integer DEFAULT 0 NOT NULL,
	"entries_booked" integer DEFAULT 0 NOT NULL,
	"duplicates_skipped" integer DEFAULT 0 NOT NULL,
	"entries_not_booked" integer DEFAULT 0 NOT NULL,
	"balances_booked" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"client_id" text,
	"acting_user" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "statement_imports_tenant_created_idx" ON "statement_imports" USING btree ("tenant_id","created_at","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "statement_imports_file_idx" ON "statement_imports" USING btree ("tenant_id","file_sha256") WHERE "statement_imports"."status" = 'completed';
--> statement-breakpoint
CREATE INDEX "statement_imports_message_idx" ON "statement_imports" USING btree ("tenant_id","kind","message_id");
