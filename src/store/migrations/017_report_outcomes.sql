-- Each ticket's SLA outcome, kept by the write that changes the ticket (issue 13:
-- `report sla` read every ticket's stage changes and ran the SLA engine on each).
-- `sla_outcome` packs both clocks: first response + 4 × resolution, each 0 no clock,
-- 1 still counting (its due column decides breached or pending), 2 met, 3 missed;
-- NULL: not computed yet. The counter `sla:outcomes` holds the fingerprint of the
-- SLA policy and workflow they were computed under (0: not all computed under one:
-- reports compute from history until `db reindex` fills them; no row: a new
-- database, claimed by its first write if it has no other tickets).
ALTER TABLE tickets ADD COLUMN sla_outcome INTEGER;
CREATE INDEX tickets_sla_outcome
    ON tickets(created_at, priority, type, sla_outcome, first_response_due, resolution_due);
INSERT INTO counters (name, value)
    SELECT 'sla:outcomes', 0 WHERE EXISTS (SELECT 1 FROM tickets)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value;

-- The dashboard's facts (issue 16 item 5): one narrow row per ticket with what the
-- dashboard counts of it (scope columns, stage, problem category, clocks, score, tags
-- and its stage changes, each list separated by control characters), kept by the
-- write transaction that changes the ticket; a period's charts read these rows in
-- id order instead of the tickets, their audit events, scores and tags. Filled by
-- `db reindex` (and a demo load); until then, and under other problem categories
-- than they were computed with (counter `dashboard:facts`, a fingerprint like
-- `sla:outcomes`), the dashboard reads the sources as before.
CREATE TABLE ticket_facts (
    ticket_id          INTEGER PRIMARY KEY,
    created_at         INTEGER NOT NULL,
    type               TEXT NOT NULL,
    channel            TEXT NOT NULL,
    group_id           TEXT,
    stage              TEXT NOT NULL,
    category           INTEGER,
    assignee_id        INTEGER,
    first_response_at  INTEGER,
    first_response_due INTEGER,
    resolved_at        INTEGER,
    resolution_due     INTEGER,
    score              INTEGER,
    tags               TEXT,
    moves              TEXT
);
INSERT INTO counters (name, value)
    SELECT 'dashboard:facts', 0 WHERE EXISTS (SELECT 1 FROM tickets)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value;
