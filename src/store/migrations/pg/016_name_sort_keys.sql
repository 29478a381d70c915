-- PostgreSQL edition of ../016_name_sort_keys.sql: each customer's and agent's name
-- collation key (domain::collate, bytes that compare in order), written with the name
-- and filled by the store after migrating; a list sorted by name walks these indexes.
ALTER TABLE customers ADD COLUMN sort_key BYTEA;
ALTER TABLE agents ADD COLUMN sort_key BYTEA;
CREATE INDEX customers_sort ON customers(sort_key, id);
CREATE INDEX agents_sort ON agents(sort_key, id);
