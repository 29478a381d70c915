-- Sorting tickets by customer or assignee walks these names in pinyin order (issue 15
-- item 9): each name's collation key (domain::collate, bytes that compare in order) is
-- written with the name; the store fills keys that are missing or of an older key
-- version after migrating. A list sorted by name reads customers (or agents) through
-- this index and each one's tickets through tickets_customer (tickets_assignee).
ALTER TABLE customers ADD COLUMN sort_key BLOB;
ALTER TABLE agents ADD COLUMN sort_key BLOB;
CREATE INDEX customers_sort ON customers(sort_key, id);
CREATE INDEX agents_sort ON agents(sort_key, id);
