-- The planner's row estimate for each term of a ticket search, so the block walk
-- (store/search/pg_window.rs) can start with blocks that hold a few hundred
-- matches: a rare phrase (`增值税发票`, 7,066 matches at a million tickets) crossed
-- 21 blocks of 4,096 ids before reaching blocks of 65,536, one GIN scan each (25
-- in all, each also reading GIN's pending list), where 5 blocks of 65,536 find
-- the same newest 2,000.
--
-- The estimate is the planner's own (`tsmatchsel`: the word's frequency in the
-- column's most common elements, half the lowest listed frequency for a word not
-- listed, a prefix's listed words summed), read from the statistics the server
-- caches, which SQL cannot call directly: reading `pg_stats` instead costs 0.6 ms
-- of server CPU (the view's privilege checks and its 1,000-element arrays), this
-- about 0.05 ms a term. The terms are single tsquery items (`'税发'`,
-- `'printer':*`); the caller combines them (a phrase is at most as frequent as
-- its rarest word: the planner's product of the words would assume them
-- independent, which the bigrams of one Chinese word are not).
CREATE FUNCTION ac_term_rows(terms TEXT[]) RETURNS FLOAT8[]
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    out FLOAT8[] := '{}';
    term TEXT;
    plan JSON;
BEGIN
    FOREACH term IN ARRAY terms LOOP
        EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_tickets WHERE doc @@ %L::tsquery', term)
            INTO plan;
        out := out || (plan -> 0 -> 'Plan' ->> 'Plan Rows')::FLOAT8;
    END LOOP;
    RETURN out;
END $$;
