-- Intake, relations and routing: the routing group of a ticket, tags, links between
-- tickets, imported mail (for threading and idempotence), attachments, imported rows.

-- The routing group (an id from the config's [[routing.groups]]), NULL when none.
ALTER TABLE tickets ADD COLUMN group_id TEXT;
CREATE INDEX tickets_group ON tickets(group_id, id);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag, ticket_id);

-- kind: related (stored once, from_id < to_id) | child_of | duplicate_of
CREATE TABLE ticket_links (
    from_id    INTEGER NOT NULL REFERENCES tickets(id),
    to_id      INTEGER NOT NULL REFERENCES tickets(id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id, kind)
) WITHOUT ROWID;
CREATE INDEX ticket_links_to ON ticket_links(to_id, kind);

-- One row per imported mail: its Message-ID (or "hash:…" when it has none), the
-- ticket it created or was threaded onto, and the comment it became (replies).
CREATE TABLE mail_messages (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    comment_id  INTEGER REFERENCES comments(id),
    imported_at INTEGER NOT NULL
);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);

-- Attachments of imported mail: names and sizes only, not the content.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    comment_id   INTEGER REFERENCES comments(id),
    filename     TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

-- Rows imported from CSV/JSON files, by a key (the mapped external id, or a hash
-- of the row), so importing the same file twice creates nothing new.
CREATE TABLE import_rows (
    key         TEXT PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    imported_at INTEGER NOT NULL
);
