-- Open tickets (never resolved) by the other sort keys a list walks (issue 13):
-- `is:open` (with or without text) sorted by priority, type, channel, title or last
-- update walks the open tickets in that order, instead of the whole sort index,
-- where the open ones (1.5% at a million, and the newest within each value) come
-- after every closed ticket of the value (by last update: among the tickets closed
-- lately). Customer and assignee have theirs since 019; by due time and creation
-- the open tickets lead the order anyway. Open stages keep resolved_at NULL (ops
-- clear it on reopen).
CREATE INDEX tickets_open_priority ON tickets(priority, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_type ON tickets(type, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_channel ON tickets(channel, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_title ON tickets(title, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_updated ON tickets(updated_at, id) WHERE resolved_at IS NULL;
