-- aftercare schema, version 2, for PostgreSQL (../002_search.sql for SQLite): the
-- word index, articles linked to tickets, and emergency-plan incidents.
--
-- The index: one table per kind of record, id = the record's id, one tsvector whose
-- lexemes are exactly the tokens the Rust segmenter writes for SQLite's FTS5 index
-- (CJK bigrams, marked single characters, folded Latin words; src/domain/search.rs),
-- title tokens first (weight A), then the body's after a gap, so a phrase never runs
-- from one into the other. No SQL parser touches the text: Rust builds the tsvector.
-- A GIN index answers the lookups.
--
-- SQL cannot call Rust, so triggers only note which records changed (search_dirty);
-- before every commit the store writes their index rows and empties the list, in the
-- same transaction as the change (store::search::flush_dirty). A bulk load sets
-- aftercare.bulk = 'on' for its transaction and rebuilds the index at the end.

-- ntok: the record's number of tokens (its length for bm25, as FTS5 keeps it).
CREATE TABLE search_tickets (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL, ntok BIGINT NOT NULL);
CREATE TABLE search_customers (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL, ntok BIGINT NOT NULL);
CREATE TABLE search_articles (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL, ntok BIGINT NOT NULL);
CREATE TABLE search_projects (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL, ntok BIGINT NOT NULL);
CREATE INDEX search_tickets_doc ON search_tickets USING gin (doc);
CREATE INDEX search_customers_doc ON search_customers USING gin (doc);
CREATE INDEX search_articles_doc ON search_articles USING gin (doc);
CREATE INDEX search_projects_doc ON search_projects USING gin (doc);

CREATE TABLE search_dirty (
    kind TEXT COLLATE "C" NOT NULL,
    id   BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- TG_ARGV[0]: the kind; TG_ARGV[1]: the column holding the record's id.
CREATE FUNCTION ac_search_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('aftercare.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO search_dirty (kind, id)
        VALUES (TG_ARGV[0], (to_jsonb(OLD) ->> TG_ARGV[1])::bigint) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_dirty (kind, id)
        VALUES (TG_ARGV[0], (to_jsonb(NEW) ->> TG_ARGV[1])::bigint) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- Tickets: the title; the body together with every comment.
CREATE TRIGGER search_tickets_dirty AFTER INSERT OR DELETE OR UPDATE OF title, body ON tickets
    FOR EACH ROW EXECUTE FUNCTION ac_search_dirty('ticket', 'id');
CREATE TRIGGER search_comments_dirty AFTER INSERT OR DELETE OR UPDATE OF body, ticket_id ON comments
    FOR EACH ROW EXECUTE FUNCTION ac_search_dirty('ticket', 'ticket_id');
-- Customers: the name; organisation, contact data and notes.
CREATE TRIGGER search_customers_dirty AFTER INSERT OR DELETE OR UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION ac_search_dirty('customer', 'id');
-- Articles: the title; category and body.
CREATE TRIGGER search_articles_dirty AFTER INSERT OR DELETE OR UPDATE OF title, category, body ON kb_articles
    FOR EACH ROW EXECUTE FUNCTION ac_search_dirty('article', 'id');
-- Projects: the name; goal, metric and target.
CREATE TRIGGER search_projects_dirty AFTER INSERT OR DELETE OR UPDATE OF name, goal, metric, target ON projects
    FOR EACH ROW EXECUTE FUNCTION ac_search_dirty('project', 'id');

-- Knowledge-base articles linked from the tickets they helped solve.
CREATE TABLE ticket_articles (
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    article_id BIGINT NOT NULL REFERENCES kb_articles(id) DEFERRABLE,
    linked_at  BIGINT NOT NULL,
    linked_by  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (ticket_id, article_id)
);
CREATE INDEX ticket_articles_article ON ticket_articles(article_id, ticket_id);

-- Emergency plans (应急预案) in action: a playbook from the config, started as an
-- incident (or a drill) whose steps are copied here as a checklist.
CREATE TABLE incidents (
    id         BIGINT PRIMARY KEY,
    playbook   TEXT COLLATE "C" NOT NULL,
    name_en    TEXT COLLATE "C" NOT NULL,
    name_zh    TEXT COLLATE "C" NOT NULL,
    drill      BIGINT NOT NULL DEFAULT 0,
    ticket_id  BIGINT REFERENCES tickets(id) DEFERRABLE,
    started_at BIGINT NOT NULL,
    started_by TEXT COLLATE "C" NOT NULL,
    closed_at  BIGINT,
    version    BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER incidents_id BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX incidents_open ON incidents(closed_at, id);

CREATE TABLE incident_steps (
    incident_id   BIGINT NOT NULL REFERENCES incidents(id) DEFERRABLE,
    step_no       BIGINT NOT NULL,
    title_en      TEXT COLLATE "C" NOT NULL,
    title_zh      TEXT COLLATE "C" NOT NULL,
    role          TEXT COLLATE "C",
    person        TEXT COLLATE "C",
    limit_minutes BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    done_at       BIGINT,
    done_by       TEXT COLLATE "C",
    PRIMARY KEY (incident_id, step_no)
);
