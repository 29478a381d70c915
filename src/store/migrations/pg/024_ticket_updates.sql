-- PostgreSQL edition of ../024_ticket_updates.sql (issue 17: `ticket comment` p99
-- ≤ 10 ms): the order of the last update moves beside the ticket, so a write that
-- changes no other indexed column updates the ticket row in place (HOT).
--
-- Every write stamps `updated_at`. While `tickets_updated` and `tickets_open_updated`
-- held it, no ticket update could be HOT: PostgreSQL then adds a new entry for the
-- row to every index of the table, ~20 of 29 at a million tickets, each on a leaf
-- of its own (measured: 19 WAL records, 18 full-page images, 127 KB of WAL and 15 ms
-- cold for one comment's `UPDATE tickets`; the same update as HOT: one record of
-- 135 bytes, 0.1-0.6 ms). The order now lives in `ticket_updates` (id, updated_at,
-- open, stage), a narrow table with its own two indexes, kept by the triggers below
-- in the writer's statement; `tickets.updated_at` stays the value every reader reads.
-- Lists sorted by last update join it and test the stage and "open" there
-- (store/tickets/list.rs): the planner then judges `is:open` on this table alone.
-- Tested on the ticket, it took the two tables' conditions as independent, expected
-- a handful of open tickets in 20,000 and sorted them all (198 ms at a million).
CREATE TABLE ticket_updates (
    id         BIGINT PRIMARY KEY,
    updated_at BIGINT NOT NULL,
    -- resolved_at IS NULL, and the stage, for `is:open` lists in this order.
    open       BOOLEAN NOT NULL,
    stage      TEXT COLLATE "C" NOT NULL
);
INSERT INTO ticket_updates (id, updated_at, open, stage)
SELECT id, updated_at, resolved_at IS NULL, stage FROM tickets ORDER BY id;
CREATE INDEX ticket_updates_at ON ticket_updates (updated_at, id);
CREATE INDEX ticket_updates_open ON ticket_updates (updated_at, id) INCLUDE (stage) WHERE open;
DROP INDEX tickets_updated;
DROP INDEX tickets_open_updated;

-- New tickets, in one statement per INSERT or COPY (a bulk load's million rows in
-- one join, as the stage counters take them).
CREATE FUNCTION ac_ticket_updates_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ticket_updates (id, updated_at, open, stage)
    SELECT id, updated_at, resolved_at IS NULL, stage FROM new_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_updates_insert AFTER INSERT ON tickets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ac_ticket_updates_insert();

-- A changed time, resolution or stage, row by row: the WHEN clause is tested without
-- calling the function, so a write that changes neither costs nothing here, and the
-- one that does costs one update by key (no transition table kept for it).
CREATE FUNCTION ac_ticket_updates_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ticket_updates
    SET updated_at = NEW.updated_at, open = NEW.resolved_at IS NULL, stage = NEW.stage
    WHERE id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_updates_update AFTER UPDATE OF updated_at, resolved_at, stage ON tickets
    FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at
          OR (OLD.resolved_at IS NULL) <> (NEW.resolved_at IS NULL)
          OR OLD.stage IS DISTINCT FROM NEW.stage)
    EXECUTE FUNCTION ac_ticket_updates_update();

CREATE FUNCTION ac_ticket_updates_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE ticket_updates;
    ELSE
        DELETE FROM ticket_updates WHERE id IN (SELECT id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_updates_delete AFTER DELETE ON tickets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ac_ticket_updates_delete();
CREATE TRIGGER tickets_updates_truncate AFTER TRUNCATE ON tickets
    FOR EACH STATEMENT EXECUTE FUNCTION ac_ticket_updates_delete();

-- Room on each page for a ticket's next versions: HOT needs the new version on the
-- row's own page, and a bulk load (demo, `db migrate --to`) fills every page. A
-- tenth of each page stays free (two or three versions of a ticket row; pruning
-- frees the dead ones as the page is read). Pages written from now on keep it; the
-- tickets already stored are rewritten once so that theirs do too (CLUSTER keeps
-- their id order and rebuilds the indexes: ~15 s at a million tickets, at once
-- for an empty table). Without this, the first update of each of those tickets
-- would still move it to another page and write all its index entries.
ALTER TABLE tickets SET (fillfactor = 90);
SET LOCAL maintenance_work_mem = '256MB';
CLUSTER tickets USING tickets_pkey;
ANALYZE ticket_updates;
-- CLUSTER leaves the table's visibility map empty: until a vacuum sets it again,
-- every index-only scan of tickets reads the heap (a filtered search's block walk
-- took 27 instead of 17-21 ms server CPU at a million tickets), and autovacuum
-- would not come for 200,000 changes. Run by the migration code once this commits.
-- after commit: VACUUM (ANALYZE) tickets
