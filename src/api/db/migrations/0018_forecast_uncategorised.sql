-- Cashflow forecasting (issue 13): recurring flows are also recognised in transactions without a category
-- (bank files carry none), by counterparty. The forecast reads a tenant's uncategorised transactions of
-- the last three years; this index finds them without reading every categorised one (on the large demo
-- koncern, all categorised, 0.5 s of sequential scan per forecast becomes an empty index lookup).
CREATE INDEX "transactions_uncategorised_date_idx" ON "transactions" USING btree ("tenant_id","booking_date") WHERE "transactions"."category" is null;
