-- PostgreSQL edition of ../004_intake.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- Intake, relations and routing: the routing group of a ticket, tags, links between
-- tickets, imported mail (for threading and idempotence), attachments, imported rows.

-- The routing group (an id from the config's [[routing.groups]]), NULL when none.
ALTER TABLE tickets ADD COLUMN group_id TEXT COLLATE "C";
CREATE INDEX tickets_group ON tickets(group_id, id);

CREATE TABLE ticket_tags (
    ticket_id BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    tag       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags(tag, ticket_id);

-- kind: related (stored once, from_id < to_id) | child_of | duplicate_of
CREATE TABLE ticket_links (
    from_id    BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    to_id      BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    kind       TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (from_id, to_id, kind)
);
CREATE INDEX ticket_links_to ON ticket_links(to_id, kind);

-- One row per imported mail: its Message-ID (or "hash:…" when it has none), the
-- ticket it created or was threaded onto, and the comment it became (replies).
CREATE TABLE mail_messages (
    id          BIGINT PRIMARY KEY,
    message_id  TEXT COLLATE "C" NOT NULL UNIQUE,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    comment_id  BIGINT REFERENCES comments(id) DEFERRABLE,
    imported_at BIGINT NOT NULL
);
CREATE TRIGGER mail_messages_id BEFORE INSERT ON mail_messages FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);

-- Attachments of imported mail: names and sizes only, not the content.
CREATE TABLE attachments (
    id           BIGINT PRIMARY KEY,
    ticket_id    BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    comment_id   BIGINT REFERENCES comments(id) DEFERRABLE,
    filename     TEXT COLLATE "C" NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT COLLATE "C",
    created_at   BIGINT NOT NULL
);
CREATE TRIGGER attachments_id BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

-- Rows imported from CSV/JSON files, by a key (the mapped external id, or a hash
-- of the row), so importing the same file twice creates nothing new.
CREATE TABLE import_rows (
    key         TEXT COLLATE "C" PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    imported_at BIGINT NOT NULL
);
