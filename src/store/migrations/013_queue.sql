-- The live queue: which tickets have customer activity an agent has not seen yet.

-- The newest customer activity of a ticket (a mail that made it, a customer's reply)
-- as a sequence number that only grows: mail carries the customer's own clock, so a
-- time could sort before the moment an agent last read the ticket.
CREATE TABLE ticket_activity (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    seq       INTEGER NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX ticket_activity_seq ON ticket_activity(seq);

-- What each reader (the actor's name) has seen of a ticket: the activity sequence
-- number at the moment they opened it. A read receipt, not a change of the ticket.
CREATE TABLE ticket_reads (
    reader    TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    seq       INTEGER NOT NULL,
    PRIMARY KEY (reader, ticket_id)
) WITHOUT ROWID;
