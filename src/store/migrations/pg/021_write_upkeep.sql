-- PostgreSQL edition of ../021_write_upkeep.sql (issue 17: one write ≤ 10 ms p99).
--
-- 1. The ticket word index's pending list is folded in by the server's vacuum, not
-- by a writer. GIN (fastupdate, on by default) appends a write's entries to a
-- pending list, about 0.3 ms; a tree insert of a ticket's ~300 words is 1-10 ms
-- (fastupdate off, measured at a million tickets). Whoever finds the list past
-- gin_pending_list_limit (4 MB, ~1,500 ticket rows) folds it in inside their own
-- write: 763 ms for one `ticket comment` at a million tickets, and until then every
-- search reads the whole list (~1 ms per GIN scan per 270 pages). Autovacuum folds
-- it in too, but by default only after 20% of the table changed (200,000 writes at
-- a million). A vacuum after every 100 changed index rows (at most one per
-- autovacuum_naptime, a minute by default; ~0.8 s of the server's CPU at a
-- million, throttled by autovacuum's cost delay) keeps the list at a few dozen
-- pages, and removes the old row versions each write leaves. The 4 MB limit stays
-- as the valve for a server whose autovacuum is off.
ALTER TABLE search_tickets SET (autovacuum_vacuum_threshold = 100,
                                autovacuum_vacuum_scale_factor = 0);

-- 2. New ids (max + 1, as SQLite numbers rows) for the tables every write inserts
-- into, by statements the function keeps planned: `EXECUTE format(...)` parsed and
-- planned a max() per inserted row (about 6% of the server's time per comment).
-- Other tables, or the same names outside the current schema, as before.
CREATE OR REPLACE FUNCTION ac_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NOT NULL THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_SCHEMA = current_schema() THEN
        CASE TG_TABLE_NAME
            WHEN 'audit' THEN
                NEW.id := (SELECT COALESCE(max(id), 0) + 1 FROM audit);
                RETURN NEW;
            WHEN 'comments' THEN
                NEW.id := (SELECT COALESCE(max(id), 0) + 1 FROM comments);
                RETURN NEW;
            WHEN 'tickets' THEN
                NEW.id := (SELECT COALESCE(max(id), 0) + 1 FROM tickets);
                RETURN NEW;
            ELSE
                NULL;
        END CASE;
    END IF;
    EXECUTE format('SELECT COALESCE(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        INTO NEW.id;
    RETURN NEW;
END $$;
