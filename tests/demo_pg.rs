//! `aftercare demo` on PostgreSQL writes the ticket word index on a second server
//! session, in a transaction of its own, committed at the end of the demo, after the
//! load's. A failure of either before the load commits leaves the database as it
//! was (no tickets, no index rows, every index and trigger in place, and a second
//! demo then loads); a failure of the index session after it leaves a whole demo,
//! its word index rebuilt the ordinary way. Runs when AFTERCARE_TEST_PG_URL names a
//! server.

mod common;
use common::Env;

/// The tables the demo's ticket load fills.
const LOADED: [&str; 5] = [
    "tickets",
    "comments",
    "audit",
    "search_tickets",
    "ticket_facts",
];

/// Every loaded table is empty, and the word index's GIN index is there.
fn left_as_it_was(env: &Env, what: &str) {
    for table in LOADED {
        assert_eq!(
            env.sql_i64(&format!("SELECT count(*) FROM {table}")),
            0,
            "{what}: {table} is empty"
        );
    }
    assert_eq!(
        env.sql_i64("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_tickets_doc'"),
        1,
        "{what}: the word index's GIN index is kept"
    );
    assert_eq!(
        env.sql_i64("SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D' AND NOT tgisinternal"),
        0,
        "{what}: every trigger is enabled"
    );
    assert_eq!(
        env.sql_i64("SELECT count(*) FROM pg_trigger WHERE tgname = 'search_tickets_words_insert'"),
        1,
        "{what}: the word list's insert trigger is kept"
    );
}

/// A demo after a failed one loads completely and passes `db check`.
fn loads_after(env: &Env) {
    env.ok(&["demo", "--tickets", "300", "--seed", "5"]);
    env.ok(&["db", "check"]);
    assert_eq!(env.sql_i64("SELECT count(*) FROM tickets"), 300);
    assert_eq!(
        env.sql_i64("SELECT count(*) FROM search_tickets"),
        300,
        "one index row per ticket"
    );
    assert_eq!(
        env.sql_i64(
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS
             (SELECT 1 FROM search_tickets s WHERE s.id = t.id)"
        ),
        0
    );
}

/// The word-index session fails halfway through its rows (a trigger refuses one):
/// the load's own transaction rolls back too.
/// Replaces the word list's trigger function with one that records how many rows
/// each statement hands it, then skips a bulk load's as the real one does.
fn count_what_the_word_list_trigger_is_handed(env: &Env) {
    env.sql(
        "CREATE TABLE handed (n bigint);
         CREATE OR REPLACE FUNCTION ac_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             INSERT INTO handed SELECT count(*) FROM new_rows;
             IF current_setting('aftercare.bulk', true) = 'on' THEN
                 RETURN NULL;
             END IF;
             RETURN NULL;
         END $$;",
    );
}

/// Every Latin word of the ticket index is in the word list.
fn every_latin_word_is_listed(env: &Env) {
    assert_eq!(
        env.sql_i64(
            "SELECT count(*) FROM (
                 SELECT DISTINCT w FROM search_tickets, unnest(tsvector_to_array(doc)) AS w
                 WHERE w COLLATE \"C\" < chr(12288)
                 EXCEPT SELECT word FROM search_words) missing"
        ),
        0,
        "every Latin word of the index is listed"
    );
}

/// The word list's insert trigger exists again and is enabled.
fn the_word_list_trigger_is_back(env: &Env) {
    assert_eq!(
        env.sql_i64(
            "SELECT count(*) FROM pg_trigger
             WHERE tgname = 'search_tickets_words_insert' AND tgenabled = 'O'"
        ),
        1,
        "the trigger is back, enabled"
    );
}

#[test]
fn a_failed_word_index_session_rolls_the_whole_load_back() {
    let Some(env) = Env::postgres() else {
        return;
    };
    env.sql(
        "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'index row % refused by the test', NEW.id; END $$;
         CREATE TRIGGER refuse_one BEFORE INSERT ON search_tickets
             FOR EACH ROW WHEN (NEW.id = 250) EXECUTE FUNCTION refuse_row();",
    );
    let err = env.fails(&["demo", "--tickets", "300", "--seed", "5"], 1);
    assert!(err.contains("refused by the test"), "{err}");
    env.sql("DROP TRIGGER refuse_one ON search_tickets");
    left_as_it_was(&env, "after the index session failed");
    loads_after(&env);
}

/// The load's COMMIT fails (a deferred check refuses the load's stage counters at
/// COMMIT) while the word-index session waits to commit: that session rolls back too.
#[test]
fn a_load_failing_at_commit_leaves_no_word_index() {
    let Some(env) = Env::postgres() else {
        return;
    };
    env.sql(
        "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$;
         CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT OR UPDATE ON counters
             DEFERRABLE INITIALLY DEFERRED
             FOR EACH ROW WHEN (NEW.name LIKE 'stage:%') EXECUTE FUNCTION refuse_commit();",
    );
    let err = env.fails(&["demo", "--tickets", "300", "--seed", "5"], 1);
    assert!(err.contains("commit refused by the test"), "{err}");
    env.sql("DROP TRIGGER refuse_at_commit ON counters");
    left_as_it_was(&env, "after the load's commit failed");
    loads_after(&env);
}

/// The word-index session fails at its own commit, after the load's (a trigger
/// refuses, once, the removal of the index's stale mark): the index is rebuilt the
/// ordinary way, and the demo ends whole, its index neither stale nor short.
#[test]
fn a_word_index_session_failing_after_the_load_is_replaced_by_a_rebuild() {
    let Some(env) = Env::postgres() else {
        return;
    };
    env.sql(
        "CREATE SEQUENCE refusals;
         CREATE FUNCTION refuse_once() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF nextval('refusals') = 1 THEN
                 RAISE EXCEPTION 'stale mark kept by the test';
             END IF;
             RETURN OLD;
         END $$;
         CREATE TRIGGER refuse_once BEFORE DELETE ON counters
             FOR EACH ROW WHEN (OLD.name = 'search:stale') EXECUTE FUNCTION refuse_once();",
    );
    env.ok(&["demo", "--tickets", "300", "--seed", "5"]);
    assert_eq!(
        env.sql_i64("SELECT nextval('refusals')"),
        3,
        "the session's removal was refused, the rebuild's went through"
    );
    env.sql("DROP TRIGGER refuse_once ON counters");
    assert_eq!(
        env.sql_i64("SELECT count(*) FROM counters WHERE name = 'search:stale'"),
        0,
        "the index is not stale"
    );
    assert_eq!(env.sql_i64("SELECT count(*) FROM search_tickets"), 300);
    env.ok(&["db", "check"]);
}

/// The index session's COPY does not pass its rows to the word list's insert
/// trigger (migration 022): PostgreSQL keeps every row a statement inserts for a
/// trigger with a transition table — even one that skips the bulk load or is
/// disabled — in a temporary file (about 1.4 GB at a million tickets). The session
/// drops the trigger for its transaction and adds the words itself; afterwards the
/// trigger is back, enabled, and fires for the next write, and the word list holds
/// every Latin word of the index.
#[test]
fn the_word_index_copy_hands_no_rows_to_the_word_list_trigger() {
    let Some(env) = Env::postgres() else {
        return;
    };
    count_what_the_word_list_trigger_is_handed(&env);
    env.ok(&["demo", "--tickets", "300", "--seed", "5"]);
    assert_eq!(
        env.sql_i64("SELECT COALESCE(sum(n), 0)::bigint FROM handed"),
        0,
        "the demo's index rows were handed to the trigger"
    );
    every_latin_word_is_listed(&env);
    assert!(env.sql_i64("SELECT count(*) FROM search_words") > 100);
    the_word_list_trigger_is_back(&env);
    env.ticket("Printer jams after the update", &[]);
    assert_eq!(
        env.sql_i64("SELECT COALESCE(sum(n), 0)::bigint FROM handed"),
        1,
        "the next write's row goes to the trigger"
    );
}

#[test]
fn a_reindex_hands_no_rows_to_the_word_list_trigger() {
    // `db reindex` COPYs the whole index in batches; a trigger with a transition
    // table has each batch's rows kept for it even when it skips them.
    let Some(env) = Env::postgres() else {
        return;
    };
    env.ok(&["demo", "--tickets", "300", "--seed", "5"]);
    count_what_the_word_list_trigger_is_handed(&env);
    env.sql("DELETE FROM search_words");
    env.ok(&["db", "reindex"]);
    assert_eq!(
        env.sql_i64("SELECT COALESCE(sum(n), 0)::bigint FROM handed"),
        0,
        "the reindex's rows were handed to the trigger"
    );
    every_latin_word_is_listed(&env);
    the_word_list_trigger_is_back(&env);
    env.ticket("Scanner jams after the update", &[]);
    assert_eq!(
        env.sql_i64("SELECT COALESCE(sum(n), 0)::bigint FROM handed"),
        1,
        "the next write's row goes to the trigger"
    );
}
