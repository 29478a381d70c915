-- Indexes for `report agents`: per assignee, the tickets received in a period (by
-- creation time) and those handled in it (by resolution time), each a range of a
-- covering index walked agent by agent, so the report neither reads every ticket
-- (an OR of the two periods did) nor sorts the period's tickets to group them.
CREATE INDEX tickets_assignee_created
    ON tickets(assignee_id, created_at, first_response_at, resolved_at);
CREATE INDEX tickets_assignee_resolved
    ON tickets(assignee_id, resolved_at, created_at) WHERE resolved_at IS NOT NULL;
