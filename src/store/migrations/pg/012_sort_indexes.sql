-- PostgreSQL edition of ../012_sort_indexes.sql: sorting a ticket list by due time
-- reads an index. The expression is the one the list sorts by on PostgreSQL
-- (LEAST/COALESCE, where SQLite writes MIN/IFNULL; src/store/tickets.rs).
CREATE INDEX tickets_next_due_sort ON tickets(
    (LEAST(COALESCE(sla_due_at, 4611686018427387904), COALESCE(stage_due, 4611686018427387904))), id);
