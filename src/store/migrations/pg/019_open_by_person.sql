-- PostgreSQL edition of ../019_open_by_person.sql: open tickets (never resolved) by
-- customer and by assignee, for `is:open` sorted by customer or assignee.
CREATE INDEX tickets_open_customer ON tickets(customer_id, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_assignee ON tickets(assignee_id, id) WHERE resolved_at IS NULL;
