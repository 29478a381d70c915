-- aftercare schema, version 2: the word index, articles linked to tickets, and
-- emergency-plan incidents.
--
-- The index: one contentless FTS5 table per kind of record, rowid = the record's id,
-- columns (title, body). What is indexed is not the text itself but
-- ac_segment(text): CJK runs written as overlapping bigrams plus marked single
-- characters (src/domain/search.rs), computed by a Rust function registered on
-- every connection (src/store/search.rs). Triggers keep the index current in the
-- same transaction as each write; ac_auto_index() is 0 on a connection that is
-- bulk-loading and will rebuild the index at the end (store::search::rebuild).

CREATE VIRTUAL TABLE search_tickets USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_customers USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_articles USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_projects USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

-- Tickets: the title; the body together with every comment.
CREATE TRIGGER search_tickets_insert AFTER INSERT ON tickets WHEN ac_auto_index() BEGIN
    INSERT INTO search_tickets (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.title), ac_segment(NEW.body || char(10) || IFNULL(
        (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = NEW.id), '')));
END;
CREATE TRIGGER search_tickets_update AFTER UPDATE OF title, body ON tickets
WHEN ac_auto_index() AND (OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body) BEGIN
    DELETE FROM search_tickets WHERE rowid = OLD.id;
    INSERT INTO search_tickets (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.title), ac_segment(NEW.body || char(10) || IFNULL(
        (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = NEW.id), '')));
END;
CREATE TRIGGER search_tickets_delete AFTER DELETE ON tickets WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets WHERE rowid = OLD.id;
END;

-- A comment re-indexes its ticket (a contentless row is replaced, never patched).
CREATE TRIGGER search_comments_insert AFTER INSERT ON comments WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets WHERE rowid = NEW.ticket_id;
    INSERT INTO search_tickets (rowid, title, body)
    SELECT t.id, ac_segment(t.title), ac_segment(t.body || char(10) || IFNULL(
        (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id), ''))
    FROM tickets t WHERE t.id = NEW.ticket_id;
END;
CREATE TRIGGER search_comments_update AFTER UPDATE OF body, ticket_id ON comments WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets WHERE rowid IN (OLD.ticket_id, NEW.ticket_id);
    INSERT INTO search_tickets (rowid, title, body)
    SELECT t.id, ac_segment(t.title), ac_segment(t.body || char(10) || IFNULL(
        (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id), ''))
    FROM tickets t WHERE t.id IN (OLD.ticket_id, NEW.ticket_id);
END;
CREATE TRIGGER search_comments_delete AFTER DELETE ON comments WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets WHERE rowid = OLD.ticket_id;
    INSERT INTO search_tickets (rowid, title, body)
    SELECT t.id, ac_segment(t.title), ac_segment(t.body || char(10) || IFNULL(
        (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id), ''))
    FROM tickets t WHERE t.id = OLD.ticket_id;
END;

-- Customers: the name; organisation, contact data and notes.
CREATE TRIGGER search_customers_insert AFTER INSERT ON customers WHEN ac_auto_index() BEGIN
    INSERT INTO search_customers (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.name), ac_segment(concat_ws(char(10),
        NEW.organization, NEW.email, NEW.phone, NEW.chat, NEW.notes)));
END;
CREATE TRIGGER search_customers_update AFTER UPDATE ON customers WHEN ac_auto_index() BEGIN
    DELETE FROM search_customers WHERE rowid = OLD.id;
    INSERT INTO search_customers (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.name), ac_segment(concat_ws(char(10),
        NEW.organization, NEW.email, NEW.phone, NEW.chat, NEW.notes)));
END;
CREATE TRIGGER search_customers_delete AFTER DELETE ON customers WHEN ac_auto_index() BEGIN
    DELETE FROM search_customers WHERE rowid = OLD.id;
END;

-- Articles: the title; category and body.
CREATE TRIGGER search_articles_insert AFTER INSERT ON kb_articles WHEN ac_auto_index() BEGIN
    INSERT INTO search_articles (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.title), ac_segment(concat_ws(char(10), NEW.category, NEW.body)));
END;
CREATE TRIGGER search_articles_update AFTER UPDATE OF title, category, body ON kb_articles
WHEN ac_auto_index() BEGIN
    DELETE FROM search_articles WHERE rowid = OLD.id;
    INSERT INTO search_articles (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.title), ac_segment(concat_ws(char(10), NEW.category, NEW.body)));
END;
CREATE TRIGGER search_articles_delete AFTER DELETE ON kb_articles WHEN ac_auto_index() BEGIN
    DELETE FROM search_articles WHERE rowid = OLD.id;
END;

-- Projects: the name; goal, metric and target.
CREATE TRIGGER search_projects_insert AFTER INSERT ON projects WHEN ac_auto_index() BEGIN
    INSERT INTO search_projects (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.name), ac_segment(concat_ws(char(10), NEW.goal, NEW.metric, NEW.target)));
END;
CREATE TRIGGER search_projects_update AFTER UPDATE OF name, goal, metric, target ON projects
WHEN ac_auto_index() BEGIN
    DELETE FROM search_projects WHERE rowid = OLD.id;
    INSERT INTO search_projects (rowid, title, body)
    VALUES (NEW.id, ac_segment(NEW.name), ac_segment(concat_ws(char(10), NEW.goal, NEW.metric, NEW.target)));
END;
CREATE TRIGGER search_projects_delete AFTER DELETE ON projects WHEN ac_auto_index() BEGIN
    DELETE FROM search_projects WHERE rowid = OLD.id;
END;

-- Index what a version-1 database already holds.
INSERT INTO search_tickets (rowid, title, body)
SELECT t.id, ac_segment(t.title), ac_segment(t.body || char(10) || IFNULL(
    (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id), ''))
FROM tickets t ORDER BY t.id;
INSERT INTO search_customers (rowid, title, body)
SELECT id, ac_segment(name), ac_segment(concat_ws(char(10), organization, email, phone, chat, notes))
FROM customers ORDER BY id;
INSERT INTO search_articles (rowid, title, body)
SELECT id, ac_segment(title), ac_segment(concat_ws(char(10), category, body))
FROM kb_articles ORDER BY id;
INSERT INTO search_projects (rowid, title, body)
SELECT id, ac_segment(name), ac_segment(concat_ws(char(10), goal, metric, target))
FROM projects ORDER BY id;

-- Knowledge-base articles linked from the tickets they helped solve.
CREATE TABLE ticket_articles (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    article_id INTEGER NOT NULL REFERENCES kb_articles(id),
    linked_at  INTEGER NOT NULL,
    linked_by  TEXT NOT NULL,
    PRIMARY KEY (ticket_id, article_id)
) WITHOUT ROWID;
CREATE INDEX ticket_articles_article ON ticket_articles(article_id, ticket_id);

-- Emergency plans (应急预案) in action: a playbook from the config, started as an
-- incident (or a drill) whose steps are copied here as a checklist.
CREATE TABLE incidents (
    id         INTEGER PRIMARY KEY,
    playbook   TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    name_zh    TEXT NOT NULL,
    drill      INTEGER NOT NULL DEFAULT 0,
    ticket_id  INTEGER REFERENCES tickets(id),
    started_at INTEGER NOT NULL,
    started_by TEXT NOT NULL,
    closed_at  INTEGER,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incidents_open ON incidents(closed_at, id);

CREATE TABLE incident_steps (
    incident_id   INTEGER NOT NULL REFERENCES incidents(id),
    step_no       INTEGER NOT NULL,
    title_en      TEXT NOT NULL,
    title_zh      TEXT NOT NULL,
    role          TEXT,
    person        TEXT,
    limit_minutes INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    done_at       INTEGER,
    done_by       TEXT,
    PRIMARY KEY (incident_id, step_no)
) WITHOUT ROWID;
