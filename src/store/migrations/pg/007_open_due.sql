-- PostgreSQL edition of ../007_open_due.sql: the same tables and indexes (BIGINT, "C"-collated TEXT).
-- Open tickets (never resolved) by due time: "what breaches next" without scanning
-- the closed history. Open stages keep resolved_at NULL (ops clear it on reopen).
CREATE INDEX tickets_open_due ON tickets((COALESCE(resolution_due, 4611686018427387904)), id)
    WHERE resolved_at IS NULL;
