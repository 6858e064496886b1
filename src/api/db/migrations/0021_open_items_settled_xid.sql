-- Cashflow forecasting (issue 13): a large koncern's forecast reads a million settled invoices, which takes
-- seconds, and every new bank transaction used to make it read them all again. Settled invoices are history:
-- the forecast now keeps them in memory and reads only the items settled since (src/api/forecast/
-- settled-invoices.ts). Each item carries the transaction that settled it, so "settled since" is a question
-- to a snapshot (pg_visible_in_snapshot), right even for a transaction that settled before the snapshot was
-- taken and committed after; and a settled item no longer changes in what the forecast reads, so what is kept
-- stays true. Nothing in Finvis changes a settled item; the trigger makes that a rule rather than a habit.
ALTER TABLE "open_items" ADD COLUMN "settled_xid" "xid8";--> statement-breakpoint
UPDATE "open_items" SET "settled_xid" = pg_current_xact_id() WHERE "status" = 'settled';--> statement-breakpoint
CREATE INDEX "open_items_settled_xid_idx" ON "open_items" USING btree ("tenant_id","settled_xid") WHERE "open_items"."settled_xid" is not null;--> statement-breakpoint
CREATE FUNCTION open_items_settlement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'open items hold settled invoices, which cannot be deleted' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'open item % is settled and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'settled' THEN
    IF (NEW.tenant_id, NEW.company_id, NEW.kind, NEW.counterparty_name, NEW.amount_minor, NEW.currency, NEW.issue_date,
        NEW.created_at, NEW.due_date, NEW.status, NEW.paid_on, NEW.payment_line_id, NEW.settled_xid)
      IS DISTINCT FROM (OLD.tenant_id, OLD.company_id, OLD.kind, OLD.counterparty_name, OLD.amount_minor, OLD.currency,
        OLD.issue_date, OLD.created_at, OLD.due_date, OLD.status, OLD.paid_on, OLD.payment_line_id, OLD.settled_xid) THEN
      RAISE EXCEPTION 'open item % is settled: what it says cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  NEW.settled_xid := CASE WHEN NEW.status = 'settled' THEN pg_current_xact_id() END;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER open_items_settled_on_insert BEFORE INSERT ON open_items
  FOR EACH ROW WHEN (NEW.status = 'settled') EXECUTE FUNCTION open_items_settlement();--> statement-breakpoint
CREATE TRIGGER open_items_settled_on_update BEFORE UPDATE ON open_items
  FOR EACH ROW WHEN (OLD.status = 'settled' OR NEW.status = 'settled') EXECUTE FUNCTION open_items_settlement();--> statement-breakpoint
CREATE TRIGGER open_items_settled_on_delete BEFORE DELETE ON open_items
  FOR EACH ROW WHEN (OLD.status = 'settled') EXECUTE FUNCTION open_items_settlement();--> statement-breakpoint
CREATE TRIGGER open_items_no_truncate BEFORE TRUNCATE ON open_items
  FOR EACH STATEMENT EXECUTE FUNCTION open_items_settlement();
