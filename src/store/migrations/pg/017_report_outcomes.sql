-- PostgreSQL edition of ../017_report_outcomes.sql: each ticket's SLA outcome, kept
-- by the write that changes the ticket (issue 13:
-- `report sla` read every ticket's stage changes and ran the SLA engine on each).
-- `sla_outcome` packs both clocks: first response + 4 × resolution, each 0 no clock,
-- 1 still counting (its due column decides breached or pending), 2 met, 3 missed;
-- NULL: not computed yet. The counter `sla:outcomes` holds the fingerprint of the
-- SLA policy and workflow they were computed under (0: not all computed under one:
-- reports compute from history until `sla recompute` or `db reindex` fills them;
-- -1: a new database, claimed by its first write).
ALTER TABLE tickets ADD COLUMN sla_outcome BIGINT;
CREATE INDEX tickets_sla_outcome
    ON tickets(created_at, priority, type, sla_outcome, first_response_due, resolution_due, id);
INSERT INTO counters (name, value)
    VALUES ('sla:outcomes', CASE WHEN EXISTS (SELECT 1 FROM tickets) THEN 0 ELSE -1 END)
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
    VALUES ('dashboard:facts', CASE WHEN EXISTS (SELECT 1 FROM tickets) THEN 0 ELSE -1 END)
    ON CONFLICT(name) DO UPDATE SET value = excluded.value;
