-- Sorting a ticket list by title or channel reads an index instead of sorting every
-- row (issue 15 item 9; the other ticket columns have theirs since 001 and 012).
CREATE INDEX tickets_title_sort ON tickets(title, id);
CREATE INDEX tickets_channel_sort ON tickets(channel, id);
