-- PostgreSQL edition of ../003_service.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- aftercare schema, version 3: the SLA engine's stored results, escalations,
-- satisfaction scores and return visits.

-- Kept by the SLA engine (src/domain/sla_engine.rs) in the same transaction as
-- every stage move, priority or type change and first response, so lists can sort
-- and filter by them cheaply. All are fixed instants given a ticket's history.
ALTER TABLE tickets ADD COLUMN stage_entered_at BIGINT;  -- when the current stage was entered
ALTER TABLE tickets ADD COLUMN stage_due BIGINT;         -- when the current stage's limit runs out
ALTER TABLE tickets ADD COLUMN sla_due_at BIGINT;        -- earliest due time of a live SLA clock
ALTER TABLE tickets ADD COLUMN sla_warn_at BIGINT;       -- earliest warning time of a live SLA clock
CREATE INDEX tickets_sla_due ON tickets(sla_due_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_warn ON tickets(sla_warn_at) WHERE sla_warn_at IS NOT NULL;
CREATE INDEX tickets_stage_due ON tickets(stage_due) WHERE stage_due IS NOT NULL;
-- Reports select tickets by creation time.
CREATE INDEX tickets_created ON tickets(created_at, id);

-- Each escalation rule fires once per ticket and occasion ('warning', 'breach',
-- 'stage:ID@ENTERED'); the change itself is in the audit log (action 'escalate').
CREATE TABLE sla_escalations (
    id        BIGINT PRIMARY KEY,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    rule      TEXT COLLATE "C" NOT NULL,
    occasion  TEXT COLLATE "C" NOT NULL,
    action    TEXT COLLATE "C" NOT NULL,
    detail    TEXT COLLATE "C" NOT NULL DEFAULT '',
    at        BIGINT NOT NULL,
    actor     TEXT COLLATE "C" NOT NULL,
    UNIQUE (ticket_id, rule, occasion)
);
CREATE TRIGGER sla_escalations_id BEFORE INSERT ON sla_escalations FOR EACH ROW EXECUTE FUNCTION ac_next_id();

-- One satisfaction score (1-5) per ticket; rating again updates it (audited).
CREATE TABLE csat (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id) DEFERRABLE,
    score     BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment   TEXT COLLATE "C" NOT NULL DEFAULT '',
    rated_at  BIGINT NOT NULL,
    rated_by  TEXT COLLATE "C" NOT NULL,
    version   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX csat_rated ON csat(rated_at);

-- Return visits (回访): a call back to the customer on a day, by an agent.
CREATE TABLE visits (
    id          BIGINT PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    due_on      TEXT COLLATE "C" NOT NULL,            -- YYYY-MM-DD in the SLA calendar's time zone
    assignee_id BIGINT REFERENCES agents(id) DEFERRABLE,
    note        TEXT COLLATE "C" NOT NULL DEFAULT '',
    done_at     BIGINT,
    done_note   TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    created_by  TEXT COLLATE "C" NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER visits_id BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX visits_open ON visits(due_on, id) WHERE done_at IS NULL;
CREATE INDEX visits_ticket ON visits(ticket_id);

-- Stage changes are what the SLA engine and the reports read: partial covering
-- indexes keep those reads to the stage events alone, without touching the log.
CREATE INDEX audit_stage_at ON audit(at, entity_id, id, old)
    WHERE entity = 'ticket' AND field = 'stage';
CREATE INDEX audit_stage_ticket ON audit(entity_id, id, at, old, new)
    WHERE entity = 'ticket' AND field = 'stage';
