-- Mail in and out.

-- The transactional outbox: one row per customer-visible message, written in the same
-- transaction as the change that caused it. The sender delivers it later; the row
-- records every try. Message-ID (without brackets) is fixed when queued, so a message
-- sent twice after a crash is recognisably the same message.
-- kind: reply | update | survey | visit | ack; state: queued | sent | failed.
-- next_at: a queued message is not tried before then (also the lease of a send in
-- progress, so two senders never take the same message at once).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    comment_id  INTEGER REFERENCES comments(id),
    kind        TEXT NOT NULL,
    message_id  TEXT NOT NULL UNIQUE,
    in_reply_to TEXT,
    refs        TEXT NOT NULL DEFAULT '',
    to_addr     TEXT NOT NULL,
    to_name     TEXT,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'queued',
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT,
    response    TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    sent_at     INTEGER,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_failed ON outbox(id) WHERE state = 'failed';
CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
CREATE INDEX outbox_comment ON outbox(comment_id) WHERE comment_id IS NOT NULL;

-- What each mailbox has already handed over (IMAP: "UIDVALIDITY:UID" of an account's
-- folder; Maildir: a file's unique name), so a re-run or a crash imports nothing twice
-- and only the post-fetch action (flag or move) is repeated.
CREATE TABLE mail_seen (
    source      TEXT NOT NULL,
    item        TEXT NOT NULL,
    message_key TEXT,
    seen_at     INTEGER NOT NULL,
    PRIMARY KEY (source, item)
) WITHOUT ROWID;
