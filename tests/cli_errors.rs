//! CLI error paths: each gives `error:` (+ `hint:`), the documented exit code,
//! and leaves the database unchanged.

mod common;
use common::{on_both, Env};

on_both! {
    fn unknown_ids_stages_types_priorities(env) {
        env.ticket("t", &[]);
        let history_before = env.json(&["ticket", "history", "1"]);
        let e = env.fails(&["ticket", "show", "999999"], 1);
        assert!(e.contains("ticket #999999 not found"), "{e}");
        let e = env.fails(&["ticket", "move", "1", "no-such-stage"], 1);
        assert!(e.contains("unknown stage 'no-such-stage'"), "{e}");
        assert!(
            e.contains("\nhint: stages of this ticket's workflow: new"),
            "{e}"
        );
        let e = env.fails(&["ticket", "move", "1", "escalated"], 1);
        assert!(e.contains("cannot move from 'new' to 'escalated'"), "{e}");
        assert!(
            e.contains("hint: allowed from 'new': analysing, in_progress"),
            "{e}"
        );
        env.fails(&["ticket", "move", "1", "new"], 1);
        let e = env.fails(&["ticket", "list", "--priority", "not-a-priority"], 1);
        assert!(e.contains("hint: use low, normal, high or urgent"), "{e}");
        env.fails(&["ticket", "new", "--title", "x", "--type", "bogus"], 1);
        env.fails(&["ticket", "new", "--title", "x", "--channel", "fax"], 1);
        env.fails(&["ticket", "new", "--title", "   "], 1);
        env.fails(&["ticket", "assign", "1", "nobody-here"], 1);
        env.fails(&["ticket", "comment", "1", "  "], 1);
        env.fails(&["ticket", "list", "--query", "priority:huge"], 1);
        env.fails(&["ticket", "list", "--sort", "colour"], 1);
        env.fails(&["ticket", "list", "--stage", "nope"], 1);
        env.fails(&["customer", "show", "nobody"], 1);
        env.fails(&["project", "show", "5"], 1);
        let t = env.json(&["ticket", "show", "1"]);
        assert_eq!(t["version"], 1, "nothing changed");
        assert_eq!(env.json(&["ticket", "history", "1"]), history_before);
    }
}

on_both! {
    fn usage_errors_exit_2(env) {
        env.fails(&["nosuchcommand"], 2);
        env.fails(&["ticket", "show"], 2);
        env.fails(&["ticket", "show", "abc"], 2);
        env.fails(&["ticket", "list", "--format", "xml"], 2);
    }
}

#[test]
fn bad_database_paths() {
    let env = &Env::new();
    let dir = env.dir.path().join("adir");
    std::fs::create_dir(&dir).unwrap();
    let folder = Env::at(dir);
    let e = folder.fails(&["ticket", "list"], 1);
    assert!(e.contains("is a folder"), "{e}");

    let text = env.dir.path().join("text.db");
    std::fs::write(&text, "hello, not sqlite\n").unwrap();
    let t = Env::at(text.clone());
    let e = t.fails(&["ticket", "list"], 1);
    assert!(e.contains("not an aftercare database"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "hello, not sqlite\n"
    );

    let nested = Env::at(env.dir.path().join("new/sub/x.db"));
    nested.ok(&["ticket", "list"]);
    assert!(nested.db.exists());
}

on_both! {
    fn newer_schema_is_refused(env) {
        env.ticket("t", &[]);
        if env.is_postgres() {
            env.sql("UPDATE aftercare_schema SET version = 9999");
        } else {
            env.sql("PRAGMA user_version = 9999");
        }
        let e = env.fails(&["ticket", "list"], 1);
        assert!(e.contains("newer"), "{e}");
        assert!(e.contains("hint: upgrade"), "{e}");
        if env.is_postgres() {
            // Refused untouched: still the version it had.
            assert_eq!(env.sql_i64("SELECT version FROM aftercare_schema"), 9999);
        }
    }
}

#[cfg(unix)]
#[test]
fn read_only_database_refuses_changes() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.ticket("t", &[]);
    // A plain rollback journal, so a read-only open needs no -wal/-shm files.
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let _: String = c
        .query_row("PRAGMA journal_mode = delete", [], |r| r.get(0))
        .unwrap();
    drop(c);
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert_eq!(env.json(&["ticket", "list"]).as_array().unwrap().len(), 1);
    let e = env.fails(&["ticket", "comment", "1", "x"], 1);
    assert!(e.contains("read-only"), "{e}");
    assert!(e.contains("hint:"), "{e}");
}

on_both! {
    fn bad_config_files(env) {
        let bad = env.dir.path().join("bad.toml");
        std::fs::write(&bad, "[workflow]\nbogus_key_xyz = 1\n").unwrap();
        let e = env.fails(&["config", "check", bad.to_str().unwrap()], 1);
        assert!(e.contains("bogus_key_xyz"), "{e}");
        assert!(e.contains("bad.toml:2:"), "{e}");
        std::fs::write(&bad, "this is = = not toml\n").unwrap();
        env.fails(&["config", "check", bad.to_str().unwrap()], 1);
        env.fails(&["--config", bad.to_str().unwrap(), "ticket", "list"], 1);
        let missing = env.dir.path().join("missing.toml");
        let e = env.fails(
            &["--config", missing.to_str().unwrap(), "ticket", "list"],
            1,
        );
        assert!(e.contains("cannot read"), "{e}");
        // Several problems are all reported.
        let example =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
                .unwrap();
        let broken = example
            .replacen("id = \"analysing\"", "id = \"new\"", 1)
            .replacen("language = \"en\"", "language = \"fr\"", 1);
        std::fs::write(&bad, broken).unwrap();
        let e = env.fails(&["config", "check", bad.to_str().unwrap()], 1);
        assert!(e.contains("duplicate stage 'new'"), "{e}");
        assert!(e.contains("unknown language 'fr'"), "{e}");
        assert!(!env.db.exists() || env.json(&["ticket", "list"]).as_array().unwrap().is_empty());
    }
}
