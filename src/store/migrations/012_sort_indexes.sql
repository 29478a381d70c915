-- Sorting a ticket list never scans the table (issue 15 items 8 and 9).
-- By due: the next SLA limit, the earlier of the live clocks (sla_due_at) and the
-- stage limit, as `sla next` orders; nothing due (done, paused) sorts last.
CREATE INDEX tickets_next_due_sort ON tickets(
    MIN(IFNULL(sla_due_at, 4611686018427387904), IFNULL(stage_due, 4611686018427387904)), id);
