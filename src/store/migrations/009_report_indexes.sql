-- Indexes for `report agents`: tickets received in a period (by creation time)
-- and handled in it (by resolution time), each read from its own covering index
-- instead of walking every ticket (the period's tickets are a few percent of all).
CREATE INDEX tickets_created_perf
    ON tickets(created_at, assignee_id, first_response_at, resolved_at);
CREATE INDEX tickets_resolved_perf
    ON tickets(resolved_at, assignee_id, created_at) WHERE resolved_at IS NOT NULL;
