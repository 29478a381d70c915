-- PostgreSQL edition of ../022_search_words.sql: the words of the ticket index, so a
-- search for a Latin prefix (`printer`, the `jam` of `打印机 jam`) asks GIN for the
-- exact words it stands for.
--
-- A prefix is a partial match for GIN: each scan reads every posting of every word
-- with that prefix, whatever else the query holds, about 6-10 ms at a million
-- tickets. The block walk (store/search/pg_window.rs: one GIN scan per block of ids)
-- could not use it, so a prefix read all its matches in one scan (14,040 heap rows
-- for `printer` to keep the newest 2,000). With the words listed here the search
-- turns `'printer':*` into `'printer' | 'printers'` first (a handful of index entries
-- per scan) and walks the blocks as exact words do.
--
-- The list holds every lexeme of the ticket index whose first character is below
-- U+3000 (every Latin, Greek, Cyrillic word and number; CJK bigrams and marked
-- characters start above it); a prefix starting at or above U+3000 keeps the
-- partial match. Words are never removed: a word no ticket holds any more finds
-- nothing, so the list only has to hold at least the index's words. Writers add
-- them in the same transaction (the statement triggers below); bulk loads
-- (aftercare.bulk = 'on') add theirs themselves (store::search::refill_words, the
-- demo's index session).
CREATE TABLE search_words (word TEXT COLLATE "C" PRIMARY KEY);

CREATE FUNCTION ac_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('aftercare.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n, unnest(tsvector_to_array(n.doc)) AS w
    WHERE w COLLATE "C" < chr(12288)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- An updated row (a ticket's text or comments changed) lists only the lexemes it
-- did not hold before: a comment adds a few words to a ticket of hundreds (measured
-- on the largest docs at 1M: +0.35 ms server CPU per upsert listing all of them,
-- +0.15 ms listing the new ones).
CREATE FUNCTION ac_search_words_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('aftercare.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id,
         unnest(tsvector_to_array(CASE WHEN o.id IS NULL THEN n.doc
                                       ELSE ts_delete(n.doc, tsvector_to_array(o.doc)) END)) AS w
    WHERE w COLLATE "C" < chr(12288)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- One trigger per event: a trigger with a transition table takes one event only
-- (an upsert fires both, each with its own rows).
CREATE TRIGGER search_tickets_words_insert AFTER INSERT ON search_tickets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ac_search_words();
CREATE TRIGGER search_tickets_words_update AFTER UPDATE ON search_tickets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ac_search_words_update();

INSERT INTO search_words (word)
SELECT DISTINCT w FROM search_tickets, unnest(tsvector_to_array(doc)) AS w
WHERE w COLLATE "C" < chr(12288);
ANALYZE search_words;
