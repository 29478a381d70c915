-- PostgreSQL edition of ../008_customer_merge.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- A customer merged into another keeps its row as a pointer to the one that
-- remains, so old references (ids in scripts, mail, exports) still lead somewhere.
ALTER TABLE customers ADD COLUMN merged_into BIGINT REFERENCES customers(id) DEFERRABLE;
