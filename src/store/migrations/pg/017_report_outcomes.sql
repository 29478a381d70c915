-- PostgreSQL edition of ../017_report_outcomes.sql: each ticket's SLA outcome, kept
-- by the write that changes the ticket (issue 13:
-- `report sla` read every ticket's stage changes and ran the SLA engine on each).
-- `sla_outcome` packs both clocks: first response + 4 × resolution, each 0 no clock,
-- 1 still counting (its due column decides breached or pending), 2 met, 3 missed;
-- NULL: not computed yet. The counter `sla:outcomes` holds the fingerprint of the
-- SLA policy and workflow they were computed under (0: not all computed under one:
-- reports compute from history until `db reindex` fills them; no row: a new
-- database, claimed by its first write if it has no other tickets).
ALTER TABLE tickets ADD COLUMN sla_outcome BIGINT;
CREATE INDEX tickets_sla_outcome
    ON tickets(created_at, priority, type, sla_outcome, first_response_due, resolution_due, id);
INSERT INTO counters (name, value)
    SELECT 'sla:outcomes', 0 WHERE EXISTS (SELECT 1 FROM tickets)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value;

-- The dashboard's facts: see ../017_report_outcomes.sql.
CREATE TABLE ticket_facts (
    ticket_id          BIGINT PRIMARY KEY,
    created_at         BIGINT NOT NULL,
    type               TEXT NOT NULL,
    channel            TEXT NOT NULL,
    group_id           TEXT,
    stage              TEXT NOT NULL,
    category           BIGINT,
    assignee_id        BIGINT,
    first_response_at  BIGINT,
    first_response_due BIGINT,
    resolved_at        BIGINT,
    resolution_due     BIGINT,
    score              BIGINT,
    tags               TEXT,
    moves              TEXT
);
INSERT INTO counters (name, value)
    SELECT 'dashboard:facts', 0 WHERE EXISTS (SELECT 1 FROM tickets)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value;
