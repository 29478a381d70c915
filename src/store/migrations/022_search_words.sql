-- Schema version 22 (the PostgreSQL edition, pg/022_search_words.sql, lists the
-- words of its ticket index so a Latin prefix becomes exact words). Nothing here:
-- FTS5 keeps its terms in order and reads a prefix's terms as a range
-- (`prefix` lists nothing more to keep).
SELECT 1;
