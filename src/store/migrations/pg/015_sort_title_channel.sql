-- PostgreSQL edition of ../015_sort_title_channel.sql: sorting by title or channel
-- reads an index.
CREATE INDEX tickets_title_sort ON tickets(title, id);
CREATE INDEX tickets_channel_sort ON tickets(channel, id);
