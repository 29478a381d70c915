-- PostgreSQL edition of ../006_team.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- Team workload: working days, out-of-office periods, time tracking, round-robin turns.

-- The agent's working weekdays as 'mon,tue,…'; empty follows the [sla] calendar.
ALTER TABLE agents ADD COLUMN workdays TEXT COLLATE "C" NOT NULL DEFAULT '';

-- Out-of-office periods; dates YYYY-MM-DD, both inclusive.
CREATE TABLE agent_ooo (
    id         BIGINT PRIMARY KEY,
    agent_id   BIGINT NOT NULL REFERENCES agents(id) DEFERRABLE,
    start_on   TEXT COLLATE "C" NOT NULL,
    end_on     TEXT COLLATE "C" NOT NULL,
    note       TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    CHECK (end_on >= start_on)
);
CREATE TRIGGER agent_ooo_id BEFORE INSERT ON agent_ooo FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX agent_ooo_agent ON agent_ooo(agent_id, start_on);

-- Logged time on a ticket or a task (exactly one of the two).
CREATE TABLE time_entries (
    id         BIGINT PRIMARY KEY,
    agent_id   BIGINT NOT NULL REFERENCES agents(id) DEFERRABLE,
    ticket_id  BIGINT REFERENCES tickets(id) DEFERRABLE,
    task_id    BIGINT REFERENCES tasks(id) DEFERRABLE,
    started_at BIGINT NOT NULL,
    ended_at   BIGINT NOT NULL,
    minutes    BIGINT NOT NULL CHECK (minutes >= 0),
    note       TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    CHECK ((ticket_id IS NULL) <> (task_id IS NULL))
);
CREATE TRIGGER time_entries_id BEFORE INSERT ON time_entries FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX time_entries_started ON time_entries(started_at, id);
CREATE INDEX time_entries_agent ON time_entries(agent_id, started_at);
CREATE INDEX time_entries_ticket ON time_entries(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX time_entries_task ON time_entries(task_id) WHERE task_id IS NOT NULL;

-- A running timer: at most one per agent; stopping it writes a time entry.
CREATE TABLE timers (
    agent_id   BIGINT PRIMARY KEY REFERENCES agents(id) DEFERRABLE,
    ticket_id  BIGINT REFERENCES tickets(id) DEFERRABLE,
    task_id    BIGINT REFERENCES tasks(id) DEFERRABLE,
    started_at BIGINT NOT NULL,
    note       TEXT COLLATE "C" NOT NULL DEFAULT '',
    CHECK ((ticket_id IS NULL) <> (task_id IS NULL))
);

-- Whose turn it was last in a round-robin group.
CREATE TABLE round_robin (
    group_name    TEXT COLLATE "C" PRIMARY KEY,
    last_agent_id BIGINT REFERENCES agents(id) DEFERRABLE,
    updated_at    BIGINT NOT NULL
);
