-- Open tickets (never resolved) by customer and by assignee (issue 13): `is:open`
-- sorted by customer or assignee walks people in name order and each one's open
-- tickets here, instead of every ticket of each person (most customers have none
-- open) or, for the tickets without a customer, all 30,000 of them at a million.
-- Open stages keep resolved_at NULL (as tickets_open_due of migration 007).
CREATE INDEX tickets_open_customer ON tickets(customer_id, id) WHERE resolved_at IS NULL;
CREATE INDEX tickets_open_assignee ON tickets(assignee_id, id) WHERE resolved_at IS NULL;
