-- PostgreSQL edition of ../014_dashboard.sql: tickets by resolution time, covering
-- what the dashboard's backlog line and agent table read.
CREATE INDEX tickets_resolved ON tickets(resolved_at, created_at, type, channel, group_id, assignee_id)
    WHERE resolved_at IS NOT NULL;
