-- PostgreSQL edition of ../010_search_docs.sql. There the ticket index became one
-- FTS5 document per ticket text and per comment, with merges moved out of writers;
-- here a ticket's row already holds its text and every comment (a GIN index has no
-- segments to merge), so only what the index holds changes:
--
-- - customers: the name and the organisation are the title (the `customer:` filter
--   looks there), contact data and notes the body;
-- - CJK characters are each indexed behind a mark, not only a run's last one
--   (src/domain/search.rs).
--
-- Both are in Rust, so the index is marked stale and rebuilt before this migration
-- commits (src/store/schema.rs).

INSERT INTO counters (name, value) VALUES ('search:stale', 1)
    ON CONFLICT(name) DO UPDATE SET value = 1;
