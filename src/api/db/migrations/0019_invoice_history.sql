-- Cashflow forecasting (issue 13): settled invoices say how far ahead receipts and payments are known and
-- how late each customer pays. Invoice history brought in from the ERP was paid before Finvis saw it: it
-- carries the day it was paid, as items settled by confirmed matches carry theirs in the matches.
-- IF NOT EXISTS: databases migrated while this migration was dated before 0018 (never released) hold it already.
ALTER TABLE "open_items" ADD COLUMN IF NOT EXISTS "paid_on" date;
