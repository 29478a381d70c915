-- PostgreSQL edition of ../020_open_by_sort.sql: open tickets (never resolved) by
-- priority, type, channel, title and last update, for `is:open` lists in those orders.
CREATE INDEX tickets_open_priority ON tickets(priority, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_type ON tickets(type, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_channel ON tickets(channel, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_title ON tickets(title, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_updated ON tickets(updated_at, id) WHERE resolved_at IS NULL;
