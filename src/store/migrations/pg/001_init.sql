-- aftercare schema, version 1, for PostgreSQL (the same as ../001_init.sql for SQLite).
-- Times are Unix seconds (UTC); dates are YYYY-MM-DD text. Integers are BIGINT,
-- booleans 0/1 integers and text "C"-collated, as SQLite stores and compares them, so
-- that both engines sort and match alike. Foreign keys are DEFERRABLE for loads.
--
-- A new row without an id gets one past the largest, as SQLite's integer primary
-- keys do (writers hold the database's write lock, so this is safe), and a rolled
-- back insert leaves no gap: no sequences.
CREATE FUNCTION ac_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT COALESCE(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE agents (
    id             BIGINT PRIMARY KEY,
    name           TEXT COLLATE "C" NOT NULL UNIQUE,
    email          TEXT COLLATE "C",
    groups         TEXT COLLATE "C" NOT NULL DEFAULT '',
    skills         TEXT COLLATE "C" NOT NULL DEFAULT '',
    capacity_hours DOUBLE PRECISION NOT NULL DEFAULT 40,
    active         BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER agents_id BEFORE INSERT ON agents FOR EACH ROW EXECUTE FUNCTION ac_next_id();

CREATE TABLE customers (
    id           BIGINT PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL,
    organization TEXT COLLATE "C",
    email        TEXT COLLATE "C",
    phone        TEXT COLLATE "C",
    chat         TEXT COLLATE "C",
    notes        TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER customers_id BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_email ON customers(email);

CREATE TABLE products (
    id           BIGINT PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id) DEFERRABLE,
    model        TEXT COLLATE "C" NOT NULL,
    serial       TEXT COLLATE "C",
    purchased_on TEXT COLLATE "C",
    warranty_end TEXT COLLATE "C",
    created_at   BIGINT NOT NULL
);
CREATE TRIGGER products_id BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX products_customer ON products(customer_id);

CREATE TABLE tickets (
    id                 BIGINT PRIMARY KEY,
    title              TEXT COLLATE "C" NOT NULL,
    body               TEXT COLLATE "C" NOT NULL DEFAULT '',
    stage              TEXT COLLATE "C" NOT NULL,
    type               TEXT COLLATE "C" NOT NULL,
    priority           BIGINT NOT NULL,
    channel            TEXT COLLATE "C" NOT NULL,
    customer_id        BIGINT REFERENCES customers(id) DEFERRABLE,
    assignee_id        BIGINT REFERENCES agents(id) DEFERRABLE,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    updated_by         TEXT COLLATE "C" NOT NULL,
    first_response_at  BIGINT,
    resolved_at        BIGINT,
    closed_at          BIGINT,
    first_response_due BIGINT,
    resolution_due     BIGINT,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER tickets_id BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX tickets_stage ON tickets(stage, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_assignee_stage ON tickets(assignee_id, stage);
CREATE INDEX tickets_customer ON tickets(customer_id, id);
CREATE INDEX tickets_type ON tickets(type, id);
CREATE INDEX tickets_priority ON tickets(priority, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);

CREATE TABLE comments (
    id         BIGINT PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    author     TEXT COLLATE "C" NOT NULL,
    body       TEXT COLLATE "C" NOT NULL,
    internal   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE TRIGGER comments_id BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX comments_ticket ON comments(ticket_id, id);

-- Every change, in the same transaction as the change.
CREATE TABLE audit (
    id        BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT COLLATE "C" NOT NULL,
    entity    TEXT COLLATE "C" NOT NULL,
    entity_id BIGINT NOT NULL,
    action    TEXT COLLATE "C" NOT NULL,
    field     TEXT COLLATE "C",
    old       TEXT COLLATE "C",
    new       TEXT COLLATE "C",
    version   BIGINT
);
CREATE TRIGGER audit_id BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX audit_entity ON audit(entity, entity_id, id);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE projects (
    id          BIGINT PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    customer_id BIGINT REFERENCES customers(id) DEFERRABLE,
    owner_id    BIGINT REFERENCES agents(id) DEFERRABLE,
    goal        TEXT COLLATE "C" NOT NULL DEFAULT '',
    metric      TEXT COLLATE "C",
    target      TEXT COLLATE "C",
    due_on      TEXT COLLATE "C",
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'planning',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER projects_id BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION ac_next_id();

CREATE TABLE milestones (
    id          BIGINT PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    name        TEXT COLLATE "C" NOT NULL,
    deliverable TEXT COLLATE "C" NOT NULL DEFAULT '',
    due_on      TEXT COLLATE "C",
    done_at     BIGINT,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER milestones_id BEFORE INSERT ON milestones FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX milestones_project ON milestones(project_id);

CREATE TABLE tasks (
    id             BIGINT PRIMARY KEY,
    project_id     BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    milestone_id   BIGINT REFERENCES milestones(id) DEFERRABLE,
    name           TEXT COLLATE "C" NOT NULL,
    owner_id       BIGINT REFERENCES agents(id) DEFERRABLE,
    planned_start  TEXT COLLATE "C",
    planned_end    TEXT COLLATE "C",
    estimate_hours DOUBLE PRECISION NOT NULL DEFAULT 0,
    actual_start   TEXT COLLATE "C",
    actual_end     TEXT COLLATE "C",
    percent_done   BIGINT NOT NULL DEFAULT 0,
    status         TEXT COLLATE "C" NOT NULL DEFAULT 'todo',
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER tasks_id BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX tasks_project ON tasks(project_id);
CREATE INDEX tasks_owner ON tasks(owner_id);

CREATE TABLE task_deps (
    task_id    BIGINT NOT NULL REFERENCES tasks(id) DEFERRABLE,
    depends_on BIGINT NOT NULL REFERENCES tasks(id) DEFERRABLE,
    lag_days   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, depends_on)
);

CREATE TABLE risks (
    id          BIGINT PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id) DEFERRABLE,
    title       TEXT COLLATE "C" NOT NULL,
    probability BIGINT NOT NULL,
    impact      BIGINT NOT NULL,
    owner_id    BIGINT REFERENCES agents(id) DEFERRABLE,
    response    TEXT COLLATE "C" NOT NULL DEFAULT '',
    status      TEXT COLLATE "C" NOT NULL DEFAULT 'open',
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER risks_id BEFORE INSERT ON risks FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX risks_project ON risks(project_id);

CREATE TABLE kb_articles (
    id         BIGINT PRIMARY KEY,
    title      TEXT COLLATE "C" NOT NULL,
    category   TEXT COLLATE "C" NOT NULL,
    body       TEXT COLLATE "C" NOT NULL DEFAULT '',
    owner_id   BIGINT REFERENCES agents(id) DEFERRABLE,
    status     TEXT COLLATE "C" NOT NULL DEFAULT 'draft',
    review_by  TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER kb_articles_id BEFORE INSERT ON kb_articles FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX kb_category ON kb_articles(category);

-- Cached counts so status bars never scan a million rows.
CREATE TABLE counters (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);

-- The stage counters are kept by statement-level triggers: one upsert per statement
-- (a bulk COPY of a million tickets included), rows locked in name order so that two
-- writers moving tickets between the same stages cannot deadlock.
CREATE FUNCTION ac_count_stages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO counters (name, value)
        SELECT 'stage:' || stage, count(*) FROM new_rows GROUP BY stage ORDER BY 1
        ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO counters (name, value)
        SELECT 'stage:' || stage, -count(*) FROM old_rows GROUP BY stage ORDER BY 1
        ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value;
    ELSE
        INSERT INTO counters (name, value)
        SELECT name, sum(delta) FROM (
            SELECT 'stage:' || o.stage AS name, -1 AS delta
              FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.stage <> n.stage
            UNION ALL
            SELECT 'stage:' || n.stage, 1
              FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.stage <> n.stage
        ) moves GROUP BY name HAVING sum(delta) <> 0 ORDER BY name
        ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ac_count_stages();
CREATE TRIGGER tickets_count_move AFTER UPDATE ON tickets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ac_count_stages();
CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ac_count_stages();

-- Sorting by due time puts tickets without one last.
CREATE INDEX tickets_due_sort ON tickets((COALESCE(resolution_due, 4611686018427387904)), id);
