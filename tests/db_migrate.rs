//! `db migrate --to URL|PATH`: everything copied, verified by counts and checksums,
//! the same answers afterwards; a non-empty target refused; a failed copy leaves
//! the target empty.

mod common;
use common::{on_both, Env};

/// What a person sees of a database: lists, a search, a ticket with its history.
fn views(env: &Env) -> Vec<String> {
    [
        vec!["ticket", "list", "--limit", "50", "--format", "json"],
        vec![
            "ticket", "list", "--sort", "title", "--limit", "20", "--format", "json",
        ],
        vec!["search", "退款", "--limit", "20", "--format", "json"],
        vec!["search", "printer", "--limit", "20", "--format", "json"],
        vec!["ticket", "show", "7", "--format", "json"],
        vec!["ticket", "history", "7", "--format", "json"],
        vec!["customer", "list", "--format", "json"],
        vec!["report", "sla", "--format", "json"],
    ]
    .into_iter()
    .map(|a| env.ok(&a))
    .collect()
}

/// Asserts that `copy` answers like `original`. Some answers move with the clock (a
/// ticket's SLA turns "near" while the test runs), so the copy must match the original
/// as it answered just before or just after.
fn answers_like(original: &Env, copy: &Env, what: &str) {
    let before = views(original);
    let got = views(copy);
    if got != before {
        assert_eq!(got, views(original), "{what} answers like the original");
    }
}

fn rows(out: &serde_json::Value) -> i64 {
    out["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rows"].as_i64().unwrap())
        .sum()
}

on_both! {
    fn a_copy_answers_like_the_original(env) {
        env.ok(&["demo", "--tickets", "400", "--seed", "3"]);
        env.ok(&["ticket", "tag", "7", "vip"]);
        env.ok(&["ticket", "comment", "7", "客户要求退款 refund by Friday"]);
        let info = env.json(&["db", "info"]);

        // Into a new file.
        let file = Env::at(env.dir.path().join("copy.db"));
        let out = env.json(&["db", "migrate", "--to", file.db.to_str().unwrap()]);
        assert!(rows(&out) > 1000, "{out}");
        let tickets = out["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["table"] == "tickets")
            .unwrap()
            .clone();
        assert_eq!(tickets["rows"], info["tickets"]);
        assert_eq!(tickets["checksum"].as_str().unwrap().len(), 16);
        answers_like(env, &file, "the file");
        assert!(file.ok(&["db", "check"]).starts_with("ok"));

        // Again into the same target: refused, and the target is untouched.
        let err = env.fails(&["db", "migrate", "--to", file.db.to_str().unwrap()], 1);
        assert!(err.contains("not empty"), "{err}");
        answers_like(env, &file, "the untouched file");

        // From that file onto a server, when there is one.
        if let Some(server) = Env::postgres() {
            let out2 = file.json(&["db", "migrate", "--to", server.db.to_str().unwrap()]);
            assert_eq!(out2["tables"], out["tables"], "the same counts and checksums");
            answers_like(env, &server, "the server");
            assert!(server.ok(&["db", "check"]).starts_with("ok"));
            // New records continue the numbering on every copy.
            assert_eq!(server.ticket("after the move", &[]), file.ticket("after the move", &[]));
        }
    }
}

on_both! {
    fn the_target_must_be_a_new_database(env) {
        env.ticket("one", &[]);
        let err = env.fails(&["db", "migrate", "--to", env.db.to_str().unwrap()], 1);
        assert!(err.contains("not empty") || err.contains("itself"), "{err}");
        let folder = env.dir.path().join("adir");
        std::fs::create_dir(&folder).unwrap();
        let err = env.fails(&["db", "migrate", "--to", folder.to_str().unwrap()], 1);
        assert!(err.contains("folder"), "{err}");
    }
}

/// A row the server cannot take (a NUL character in text, which SQLite stores and
/// PostgreSQL refuses) stops the copy: the target keeps no row of it.
#[test]
fn a_failed_copy_leaves_the_target_empty() {
    let env = Env::new();
    for i in 0..30 {
        env.ticket(&format!("ticket {i}"), &[]);
    }
    env.ok(&["agent", "new", "李娜"]);
    // The audit log is copied after agents and tickets (and has no index triggers,
    // which need the program's functions): the copy fails well into the work.
    env.sql(
        "UPDATE audit SET actor = 'a' || char(0) || 'b' WHERE id = (SELECT max(id) FROM audit)",
    );
    let Some(server) = Env::postgres() else {
        return;
    };
    let err = env.fails(&["db", "migrate", "--to", server.db.to_str().unwrap()], 1);
    assert!(err.contains("error:"), "{err}");
    for table in ["agents", "tickets", "audit", "counters", "search_tickets"] {
        assert_eq!(
            server.sql_i64(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table} is empty"
        );
    }
}

on_both! {
    fn a_file_that_is_not_a_database_is_left_alone(env) {
        env.ticket("one", &[]);
        let other = env.dir.path().join("notes.db");
        std::fs::write(&other, "not a database").unwrap();
        let err = env.fails(&["db", "migrate", "--to", other.to_str().unwrap()], 1);
        assert!(err.contains("not an aftercare database"), "{err}");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "not a database");
    }
}
