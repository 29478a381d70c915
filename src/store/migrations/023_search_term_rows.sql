-- Schema version 23 (the PostgreSQL edition, pg/023_search_term_rows.sql, gives the
-- ticket search the planner's row estimate for each of its terms, so its block walk
-- starts with blocks sized to the query). Nothing here: FTS5 reads a rare phrase's
-- matches from its doclists in id order, with no blocks to size.
SELECT 1;
