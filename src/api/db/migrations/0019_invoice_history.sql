-- Cashflow forecasting (issue 13): settled invoices say how far ahead receipts and payments are known and
-- how late each customer pays. Invoice history brought in from the ERP was paid before Finvis saw it: it
-- carries the day it was paid, as items settled by confirmed matches carry theirs in the matches.
ALTER TABLE "open_items" ADD COLUMN "paid_on" date;
