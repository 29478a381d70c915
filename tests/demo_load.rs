//! `aftercare demo` leaves a database like one the operations wrote: it passes
//! `db check`, its word index gives the same answers as one rebuilt by `db reindex`,
//! and what the bulk load switched off for itself (index triggers, row numbering,
//! foreign keys on PostgreSQL) works again afterwards.

mod common;
use common::{on_both, Env};
use serde_json::Value;

/// Chinese, English and mixed queries, one character and phrases, over the demo's words.
const QUERIES: &[&str] = &[
    "退款",
    "打印机",
    "发票",
    "退",
    "printer",
    "refund",
    "打印机 jam",
    "RMA",
    "华为",
];

fn hits(env: &Env, query: &str) -> Vec<(String, i64)> {
    let v: Value = env.json(&["search", query, "--limit", "200"]);
    v.as_array()
        .expect("array")
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().expect("kind").to_string(),
                h["id"].as_i64().expect("id"),
            )
        })
        .collect()
}

on_both! {
    fn a_demo_database_is_consistent_and_searches_like_a_reindexed_one(env) {
        env.ok(&["demo", "--tickets", "2000", "--seed", "7"]);
        env.ok(&["db", "check"]);
        let before: Vec<Vec<(String, i64)>> = QUERIES.iter().map(|q| hits(env, q)).collect();
        assert!(
            before.iter().filter(|h| !h.is_empty()).count() >= QUERIES.len() - 2,
            "the demo's words are found: {before:?}"
        );
        env.ok(&["db", "reindex"]);
        env.ok(&["db", "check"]);
        for (q, b) in QUERIES.iter().zip(&before) {
            assert_eq!(&hits(env, q), b, "search {q}: the demo's index and a rebuilt one differ");
        }
    }

    fn after_a_demo_writes_number_index_and_check_as_usual(env) {
        env.ok(&["demo", "--tickets", "300", "--seed", "3"]);
        let last = env.sql_i64("SELECT max(id) FROM tickets");
        // Numbering and the word index work for new rows again.
        let id = env.ticket("Zyxwvut 喷墨头堵塞", &[]);
        assert_eq!(id, last + 1);
        let found = hits(env, "zyxwvut");
        assert_eq!(found, vec![("ticket".to_string(), id)]);
        env.ok(&["ticket", "comment", &id.to_string(), "Qwertyx 已更换"]);
        assert_eq!(hits(env, "qwertyx"), vec![("ticket".to_string(), id)]);
        // Foreign keys hold again: a comment on a ticket that does not exist is refused.
        if env.is_postgres() {
            let keys = env.sql_i64(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'
                 AND conrelid IN ('tickets'::regclass, 'comments'::regclass)",
            );
            assert!(keys >= 3, "foreign keys of tickets and comments: {keys}");
            let off = env.sql_i64(
                "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'D' AND NOT tgisinternal",
            );
            assert_eq!(off, 0, "every trigger is enabled again");
        }
        env.ok(&["db", "check"]);
    }
}
