-- PostgreSQL edition of ../011_report_indexes.sql: the same indexes for
-- `report agents` (per assignee, tickets received and handled in a period).
CREATE INDEX tickets_assignee_created
    ON tickets(assignee_id, created_at, first_response_at, resolved_at);
CREATE INDEX tickets_assignee_resolved
    ON tickets(assignee_id, resolved_at, created_at) WHERE resolved_at IS NOT NULL;
