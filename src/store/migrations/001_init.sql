-- aftercare schema, version 1. Times are Unix seconds (UTC); dates are YYYY-MM-DD text.

CREATE TABLE agents (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    email          TEXT,
    groups         TEXT NOT NULL DEFAULT '',
    skills         TEXT NOT NULL DEFAULT '',
    capacity_hours REAL NOT NULL DEFAULT 40,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organization TEXT,
    email        TEXT,
    phone        TEXT,
    chat         TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_email ON customers(email);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    model        TEXT NOT NULL,
    serial       TEXT,
    purchased_on TEXT,
    warranty_end TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX products_customer ON products(customer_id);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL,
    body               TEXT NOT NULL DEFAULT '',
    stage              TEXT NOT NULL,
    type               TEXT NOT NULL,
    priority           INTEGER NOT NULL,
    channel            TEXT NOT NULL,
    customer_id        INTEGER REFERENCES customers(id),
    assignee_id        INTEGER REFERENCES agents(id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    updated_by         TEXT NOT NULL,
    first_response_at  INTEGER,
    resolved_at        INTEGER,
    closed_at          INTEGER,
    first_response_due INTEGER,
    resolution_due     INTEGER,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_stage ON tickets(stage, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_assignee_stage ON tickets(assignee_id, stage);
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_type ON tickets(type, id);
CREATE INDEX tickets_priority ON tickets(priority, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    internal   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments(ticket_id, id);

-- Every change, in the same transaction as the change.
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    field     TEXT,
    old       TEXT,
    new       TEXT,
    version   INTEGER
);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id),
    owner_id    INTEGER REFERENCES agents(id),
    goal        TEXT NOT NULL DEFAULT '',
    metric      TEXT,
    target      TEXT,
    due_on      TEXT,
    status      TEXT NOT NULL DEFAULT 'planning',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE milestones (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    name        TEXT NOT NULL,
    deliverable TEXT NOT NULL DEFAULT '',
    due_on      TEXT,
    done_at     INTEGER,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX milestones_project ON milestones(project_id);

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects(id),
    milestone_id   INTEGER REFERENCES milestones(id),
    name           TEXT NOT NULL,
    owner_id       INTEGER REFERENCES agents(id),
    planned_start  TEXT,
    planned_end    TEXT,
    estimate_hours REAL NOT NULL DEFAULT 0,
    actual_start   TEXT,
    actual_end     TEXT,
    percent_done   INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'todo',
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_project ON tasks(project_id);
CREATE INDEX tasks_owner ON tasks(owner_id);

CREATE TABLE task_deps (
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    depends_on INTEGER NOT NULL REFERENCES tasks(id),
    lag_days   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, depends_on)
);

CREATE TABLE risks (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    title       TEXT NOT NULL,
    probability INTEGER NOT NULL,
    impact      INTEGER NOT NULL,
    owner_id    INTEGER REFERENCES agents(id),
    response    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX risks_project ON risks(project_id);

CREATE TABLE kb_articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    category   TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    owner_id   INTEGER REFERENCES agents(id),
    status     TEXT NOT NULL DEFAULT 'draft',
    review_by  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX kb_category ON kb_articles(category);

-- Cached counts so status bars never scan a million rows.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO counters(name, value) VALUES ('stage:' || NEW.stage, 1)
        ON CONFLICT(name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER tickets_count_move AFTER UPDATE OF stage ON tickets WHEN OLD.stage <> NEW.stage BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'stage:' || OLD.stage;
    INSERT INTO counters(name, value) VALUES ('stage:' || NEW.stage, 1)
        ON CONFLICT(name) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'stage:' || OLD.stage;
END;

-- Sorting by due time puts tickets without one last.
CREATE INDEX tickets_due_sort ON tickets(IFNULL(resolution_due, 4611686018427387904), id);
