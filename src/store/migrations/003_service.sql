-- aftercare schema, version 3: the SLA engine's stored results, escalations,
-- satisfaction scores and return visits.

-- Kept by the SLA engine (src/domain/sla_engine.rs) in the same transaction as
-- every stage move, priority or type change and first response, so lists can sort
-- and filter by them cheaply. All are fixed instants given a ticket's history.
ALTER TABLE tickets ADD COLUMN stage_entered_at INTEGER;  -- when the current stage was entered
ALTER TABLE tickets ADD COLUMN stage_due INTEGER;         -- when the current stage's limit runs out
ALTER TABLE tickets ADD COLUMN sla_due_at INTEGER;        -- earliest due time of a live SLA clock
ALTER TABLE tickets ADD COLUMN sla_warn_at INTEGER;       -- earliest warning time of a live SLA clock
CREATE INDEX tickets_sla_due ON tickets(sla_due_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_warn ON tickets(sla_warn_at) WHERE sla_warn_at IS NOT NULL;
CREATE INDEX tickets_stage_due ON tickets(stage_due) WHERE stage_due IS NOT NULL;
-- Reports select tickets by creation time.
CREATE INDEX tickets_created ON tickets(created_at, id);

-- Each escalation rule fires once per ticket and occasion ('warning', 'breach',
-- 'stage:ID@ENTERED'); the change itself is in the audit log (action 'escalate').
CREATE TABLE sla_escalations (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    rule      TEXT NOT NULL,
    occasion  TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    UNIQUE (ticket_id, rule, occasion)
);

-- One satisfaction score (1-5) per ticket; rating again updates it (audited).
CREATE TABLE csat (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment   TEXT NOT NULL DEFAULT '',
    rated_at  INTEGER NOT NULL,
    rated_by  TEXT NOT NULL,
    version   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX csat_rated ON csat(rated_at);

-- Return visits (回访): a call back to the customer on a day, by an agent.
CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    due_on      TEXT NOT NULL,            -- YYYY-MM-DD in the SLA calendar's time zone
    assignee_id INTEGER REFERENCES agents(id),
    note        TEXT NOT NULL DEFAULT '',
    done_at     INTEGER,
    done_note   TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visits_open ON visits(due_on, id) WHERE done_at IS NULL;
CREATE INDEX visits_ticket ON visits(ticket_id);

-- Stage changes are what the SLA engine and the reports read: partial covering
-- indexes keep those reads to the stage events alone, without touching the log.
CREATE INDEX audit_stage_at ON audit(at, entity_id, id, old)
    WHERE entity = 'ticket' AND field = 'stage';
CREATE INDEX audit_stage_ticket ON audit(entity_id, id, at, old, new)
    WHERE entity = 'ticket' AND field = 'stage';
