-- The ticket word index, one document per ticket text and per comment.
--
-- Before, a ticket was one document (title; body with every comment), so each new
-- comment deleted and re-added the whole ticket's text. Now the ticket's title and
-- body are one document and every comment is its own, at rowids that keep a
-- ticket's documents together in ticket order (ticket id << 32, plus 0 for the
-- ticket's text or 1 + comment id modulo 2^32 - 1; src/store/search/docs.rs).
-- A ticket matches a query when each term is in one of its documents
-- (src/store/search/matcher.rs).
--
-- Merges: FTS5 merges index segments inside the writing transaction by default
-- (automerge), which made some comments wait seconds. Writers now only add
-- segments; merging is done in small steps when the console is idle and by
-- `aftercare db optimize` (src/store/search/merge.rs). crisismerge stays as the
-- safety valve: a level that collects 64 segments is merged at once.
--
-- Customers: the title column now holds the organisation with the name, so the
-- `customer:` filter can use the index (`{title} : …`) instead of a LIKE over
-- every customer; contact data and notes stay in the body.
--
-- CJK characters are now each indexed behind a mark, not only a run's last one
-- (src/domain/search.rs), so every kind is re-indexed.
--
-- The tables are refilled in Rust after this script (it marks the index stale, and
-- the migration rebuilds a stale index before it commits).

DROP TRIGGER search_tickets_insert;
DROP TRIGGER search_tickets_update;
DROP TRIGGER search_tickets_delete;
DROP TRIGGER search_comments_insert;
DROP TRIGGER search_comments_update;
DROP TRIGGER search_comments_delete;
DROP TABLE search_tickets;

CREATE VIRTUAL TABLE search_tickets USING fts5(
    title, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_tickets (search_tickets, rank) VALUES ('automerge', 0);
INSERT INTO search_tickets (search_tickets, rank) VALUES ('crisismerge', 64);

-- Ticket ids must fit the rowid layout above.
CREATE TRIGGER tickets_id_range AFTER INSERT ON tickets WHEN NEW.id > 2147483647 BEGIN
    SELECT RAISE(ABORT, 'ticket ids above 2147483647 are not supported');
END;

CREATE TRIGGER search_tickets_insert AFTER INSERT ON tickets WHEN ac_auto_index() BEGIN
    INSERT INTO search_tickets (rowid, title, body)
    VALUES (NEW.id << 32, ac_segment(NEW.title), ac_segment(NEW.body));
END;
CREATE TRIGGER search_tickets_update AFTER UPDATE OF title, body ON tickets
WHEN ac_auto_index() AND (OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body) BEGIN
    DELETE FROM search_tickets WHERE rowid = OLD.id << 32;
    INSERT INTO search_tickets (rowid, title, body)
    VALUES (NEW.id << 32, ac_segment(NEW.title), ac_segment(NEW.body));
END;
CREATE TRIGGER search_tickets_delete AFTER DELETE ON tickets WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets WHERE rowid = OLD.id << 32;
END;

CREATE TRIGGER search_comments_insert AFTER INSERT ON comments WHEN ac_auto_index() BEGIN
    INSERT INTO search_tickets (rowid, body)
    VALUES ((NEW.ticket_id << 32) + 1 + (NEW.id % 4294967295 + 4294967295) % 4294967295,
            ac_segment(NEW.body));
END;
CREATE TRIGGER search_comments_update AFTER UPDATE OF id, ticket_id, body ON comments
WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets
    WHERE rowid = (OLD.ticket_id << 32) + 1 + (OLD.id % 4294967295 + 4294967295) % 4294967295;
    INSERT INTO search_tickets (rowid, body)
    VALUES ((NEW.ticket_id << 32) + 1 + (NEW.id % 4294967295 + 4294967295) % 4294967295,
            ac_segment(NEW.body));
END;
CREATE TRIGGER search_comments_delete AFTER DELETE ON comments WHEN ac_auto_index() BEGIN
    DELETE FROM search_tickets
    WHERE rowid = (OLD.ticket_id << 32) + 1 + (OLD.id % 4294967295 + 4294967295) % 4294967295;
END;

DROP TRIGGER search_customers_insert;
DROP TRIGGER search_customers_update;
CREATE TRIGGER search_customers_insert AFTER INSERT ON customers WHEN ac_auto_index() BEGIN
    INSERT INTO search_customers (rowid, title, body)
    VALUES (NEW.id, ac_segment(concat_ws(char(10), NEW.name, NEW.organization)),
            ac_segment(concat_ws(char(10), NEW.email, NEW.phone, NEW.chat, NEW.notes)));
END;
CREATE TRIGGER search_customers_update AFTER UPDATE ON customers WHEN ac_auto_index() BEGIN
    DELETE FROM search_customers WHERE rowid = OLD.id;
    INSERT INTO search_customers (rowid, title, body)
    VALUES (NEW.id, ac_segment(concat_ws(char(10), NEW.name, NEW.organization)),
            ac_segment(concat_ws(char(10), NEW.email, NEW.phone, NEW.chat, NEW.notes)));
END;

INSERT INTO counters (name, value) VALUES ('search:stale', 1)
    ON CONFLICT(name) DO UPDATE SET value = 1;
