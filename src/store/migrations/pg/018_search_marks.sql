-- PostgreSQL edition of ../018_search_marks.sql: the word index finds the newest
-- matches of a ticket search without reading every match or walking the table.
--
-- A GIN index keeps no order, so "the newest 2,000 tickets with 退款" walked the
-- primary key backwards, testing each row's tsvector (18,000 rows of 1.2 KB at a
-- million tickets), and a rare phrase was rechecked on all of its matches. Each index
-- row now also carries marks for the blocks of ids it belongs to — 4,096, 65,536 and
-- 1,048,576 ids a block ('~a', '~b', '~c' and the block number; '~' is never part of
-- a word token, so no search can match a mark) — computed from the id by the server,
-- whoever writes the row, and indexed in the same GIN index as the words. A search
-- then asks for its words AND the marks of a window of recent ids: one index scan
-- intersects both, and only the window's matches are read from the table
-- (store/search/pg_window.rs). The words themselves are unchanged: no reindex.
CREATE FUNCTION ac_id_marks(id BIGINT) RETURNS TSVECTOR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_tsvector(ARRAY['~a' || (id >> 12)::text,
                                         '~b' || (id >> 16)::text,
                                         '~c' || (id >> 20)::text]) $$;
ALTER TABLE search_tickets ADD COLUMN marks TSVECTOR GENERATED ALWAYS AS (ac_id_marks(id)) STORED;
DROP INDEX search_tickets_doc;
CREATE INDEX search_tickets_doc ON search_tickets USING gin (doc, marks);
-- The planner's statistics for the new column, before the first search needs them.
ANALYZE search_tickets;
