-- Team workload: working days, out-of-office periods, time tracking, round-robin turns.

-- The agent's working weekdays as 'mon,tue,…'; empty follows the [sla] calendar.
ALTER TABLE agents ADD COLUMN workdays TEXT NOT NULL DEFAULT '';

-- Out-of-office periods; dates YYYY-MM-DD, both inclusive.
CREATE TABLE agent_ooo (
    id         INTEGER PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id),
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    CHECK (end_on >= start_on)
);
CREATE INDEX agent_ooo_agent ON agent_ooo(agent_id, start_on);

-- Logged time on a ticket or a task (exactly one of the two).
CREATE TABLE time_entries (
    id         INTEGER PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id),
    ticket_id  INTEGER REFERENCES tickets(id),
    task_id    INTEGER REFERENCES tasks(id),
    started_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL,
    minutes    INTEGER NOT NULL CHECK (minutes >= 0),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK ((ticket_id IS NULL) <> (task_id IS NULL))
);
CREATE INDEX time_entries_started ON time_entries(started_at, id);
CREATE INDEX time_entries_agent ON time_entries(agent_id, started_at);
CREATE INDEX time_entries_ticket ON time_entries(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX time_entries_task ON time_entries(task_id) WHERE task_id IS NOT NULL;

-- A running timer: at most one per agent; stopping it writes a time entry.
CREATE TABLE timers (
    agent_id   INTEGER PRIMARY KEY REFERENCES agents(id),
    ticket_id  INTEGER REFERENCES tickets(id),
    task_id    INTEGER REFERENCES tasks(id),
    started_at INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    CHECK ((ticket_id IS NULL) <> (task_id IS NULL))
);

-- Whose turn it was last in a round-robin group.
CREATE TABLE round_robin (
    group_name    TEXT PRIMARY KEY,
    last_agent_id INTEGER REFERENCES agents(id),
    updated_at    INTEGER NOT NULL
);
