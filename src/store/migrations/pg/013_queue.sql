-- PostgreSQL edition of ../013_queue.sql: the same tables and indexes (BIGINT,
-- "C"-collated TEXT; a primary key instead of WITHOUT ROWID).

-- The newest customer activity of a ticket as a sequence number that only grows.
CREATE TABLE ticket_activity (
    ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id) DEFERRABLE,
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX ticket_activity_seq ON ticket_activity(seq);

-- What each reader has seen of a ticket: the activity sequence number at the
-- moment they opened it.
CREATE TABLE ticket_reads (
    reader    TEXT COLLATE "C" NOT NULL,
    ticket_id BIGINT NOT NULL REFERENCES tickets(id) DEFERRABLE,
    seq       BIGINT NOT NULL,
    PRIMARY KEY (reader, ticket_id)
);
