-- PostgreSQL edition of ../009_mail.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- Mail in and out.

-- The transactional outbox: one row per customer-visible message, written in the same
-- transaction as the change that caused it. The sender delivers it later; the row
-- records every try. Message-ID (without brackets) is fixed when queued, so a message
-- sent twice after a crash is recognisably the same message.
-- kind: reply | update | survey | visit | ack; state: queued | sent | failed.
-- next_at: a queued message is not tried before then (also the lease of a send in
-- progress, so two senders never take the same message at once).
CREATE TABLE outbox (
    id          BIGINT PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    comment_id  BIGINT REFERENCES comments(id) DEFERRABLE,
    kind        TEXT COLLATE "C" NOT NULL,
    message_id  TEXT COLLATE "C" NOT NULL UNIQUE,
    in_reply_to TEXT COLLATE "C",
    refs        TEXT COLLATE "C" NOT NULL DEFAULT '',
    to_addr     TEXT COLLATE "C" NOT NULL,
    to_name     TEXT COLLATE "C",
    subject     TEXT COLLATE "C" NOT NULL,
    body        TEXT COLLATE "C" NOT NULL,
    lang        TEXT COLLATE "C" NOT NULL,
    state       TEXT COLLATE "C" NOT NULL DEFAULT 'queued',
    attempts    BIGINT NOT NULL DEFAULT 0,
    next_at     BIGINT NOT NULL,
    last_error  TEXT COLLATE "C",
    response    TEXT COLLATE "C",
    created_at  BIGINT NOT NULL,
    created_by  TEXT COLLATE "C" NOT NULL,
    sent_at     BIGINT,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE TRIGGER outbox_id BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION ac_next_id();
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_failed ON outbox(id) WHERE state = 'failed';
CREATE INDEX outbox_ticket ON outbox(ticket_id, id);
CREATE INDEX outbox_comment ON outbox(comment_id) WHERE comment_id IS NOT NULL;

-- What each mailbox has already handed over (IMAP: "UIDVALIDITY:UID" of an account's
-- folder; Maildir: a file's unique name), so a re-run or a crash imports nothing twice
-- and only the post-fetch action (flag or move) is repeated.
CREATE TABLE mail_seen (
    source      TEXT COLLATE "C" NOT NULL,
    item        TEXT COLLATE "C" NOT NULL,
    message_key TEXT COLLATE "C",
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (source, item)
);
