//! A database file shared by a team: one journal mode per file whoever opens it (a
//! real FUSE mount stands for the network share), `db journal` refused while others
//! have the file open, and errors that say what is wrong with a file (read-only
//! folder, cut short, damaged, full disk).

mod common;
use common::console::OpenConsole;
use common::mounts::Mount;
use common::Env;
use std::path::Path;

/// An environment (own home folder) on the database at `db`.
fn env_at(db: &Path) -> Env {
    Env::at(db.to_path_buf())
}

fn journal(env: &Env) -> (String, String) {
    let info = env.json(&["db", "info"]);
    (
        info["journal_mode"].as_str().unwrap_or("").to_string(),
        info["journal_reason"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn a_file_opened_over_a_network_mount_stays_in_delete_mode_for_everyone() {
    let share = tempfile::tempdir().unwrap();
    let Some(net) = Mount::bindfs(share.path(), "network mount") else {
        return;
    };
    let local = env_at(&share.path().join("desk.db"));
    local.ticket("created on the server", &[]);
    assert_eq!(journal(&local).0, "wal", "a new local file starts in WAL");
    // A colleague opens it through the mount: DELETE, recorded in the file.
    let remote = env_at(&net.dir.join("desk.db"));
    remote.ticket("from the share", &[]);
    let (mode, why) = journal(&remote);
    assert_eq!(mode, "delete");
    assert!(why.contains("network file system (fuse)"), "{why}");
    // Opened through its local path again, it stays DELETE (it used to go back to WAL).
    local.ticket("on the server again", &[]);
    let (mode, why) = journal(&local);
    assert_eq!(mode, "delete");
    assert!(
        why.contains("tester opened it through a network file system"),
        "{why}"
    );
    // Switching to WAL on purpose: not from the share, and not without --force here.
    let e = remote.fails(&["db", "journal", "wal"], 1);
    assert!(e.contains("network file system (fuse)"), "{e}");
    let e = local.fails(&["db", "journal", "wal"], 1);
    assert!(e.contains("--force"), "{e}");
    assert_eq!(
        remote.json(&["ticket", "list"]).as_array().unwrap().len(),
        3
    );
}

#[test]
fn a_wal_file_held_open_locally_is_refused_over_the_network_with_the_reason() {
    let share = tempfile::tempdir().unwrap();
    let Some(net) = Mount::bindfs(share.path(), "WAL over network") else {
        return;
    };
    let db = share.path().join("desk.db");
    let local = env_at(&db);
    local.ticket("one", &[]);
    let held = OpenConsole::start(&db, &[("XDG_DATA_HOME", local.dir.path())]);
    let remote = env_at(&net.dir.join("desk.db"));
    let e = remote.fails(&["ticket", "list"], 1);
    assert!(e.contains("WAL mode"), "{e}");
    assert!(e.contains("hint: try again in a moment"), "{e}");
    assert!(e.contains("aftercare db journal delete"), "{e}");
    drop(held);
    // Once the local session is gone the share switches the file to DELETE and works.
    assert_eq!(
        remote.json(&["ticket", "list"]).as_array().unwrap().len(),
        1
    );
    assert_eq!(journal(&local).0, "delete");
}

#[test]
fn colleagues_opening_a_wal_file_over_the_share_at_once_all_get_in() {
    // Each colleague reaches the share through a mount of their own (one machine each).
    let share = tempfile::tempdir().unwrap();
    let local = env_at(&share.path().join("desk.db"));
    local.ticket("made on the server, in WAL mode", &[]);
    assert_eq!(journal(&local).0, "wal");
    let mut mounts = Vec::new();
    for i in 0..8 {
        let Some(m) = Mount::bindfs(share.path(), &format!("simultaneous open {i}")) else {
            return;
        };
        mounts.push(m);
    }
    let envs: Vec<Env> = mounts
        .iter()
        .map(|m| env_at(&m.dir.join("desk.db")))
        .collect();
    // All at once: each holds the file open while it tries to leave WAL, so without
    // closing and trying again they refused each other ("cannot be switched").
    let outs: Vec<_> = std::thread::scope(|s| {
        let runs: Vec<_> = envs
            .iter()
            .map(|e| s.spawn(move || e.cmd(&["ticket", "list"]).output().unwrap()))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for o in &outs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(journal(&envs[0]).0, "delete");
}

#[test]
fn db_journal_refuses_while_a_colleague_has_the_file_open() {
    let env = Env::new();
    env.ticket("one", &[]);
    env.ok(&["db", "journal", "delete"]);
    let (mode, why) = journal(&env);
    assert_eq!(mode, "delete");
    assert!(
        why.contains("set by tester with aftercare db journal delete"),
        "{why}"
    );
    let held = OpenConsole::start(&env.db, &[("XDG_DATA_HOME", env.dir.path())]);
    // In DELETE mode an idle connection holds no SQLite lock; the refusal must still come.
    let e = env.fails(&["db", "journal", "wal"], 1);
    assert!(e.contains("while others have it open"), "{e}");
    assert_eq!(journal(&env).0, "delete", "nothing changed");
    drop(held);
    env.ok(&["db", "journal", "wal"]);
    assert_eq!(journal(&env).0, "wal");
    // The config applies to new files only: an existing file keeps its own mode.
    let cfg = env.dir.path().join("delete.toml");
    std::fs::write(&cfg, "[storage]\njournal_mode = \"delete\"\n").unwrap();
    let info = env.json(&["--config", cfg.to_str().unwrap(), "db", "info"]);
    assert_eq!(info["journal_mode"], "wal");
    assert!(info["journal_reason"]
        .as_str()
        .unwrap()
        .contains("asks for delete"));
}

#[test]
fn a_database_in_a_read_only_folder_is_read_and_writes_say_why() {
    let Some(fs) = Mount::tmpfs(8 * 1024, "read-only folder") else {
        return;
    };
    let wal = env_at(&fs.dir.join("wal.db"));
    wal.ticket("in wal mode", &[]);
    let del = env_at(&fs.dir.join("delete.db"));
    del.ticket("in delete mode", &[]);
    del.ok(&["db", "journal", "delete"]);
    assert!(fs.remount_read_only(), "remount read-only");
    for env in [&wal, &del] {
        let list = env.json(&["ticket", "list"]);
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "{:?} can be read",
            env.db
        );
        assert_eq!(env.json(&["db", "info"])["access"], "read-only folder");
        let e = env.fails(&["ticket", "new", "--title", "x"], 1);
        assert!(e.contains("read-only folder"), "{e}");
        assert!(
            e.contains("hint: SQLite writes a journal beside the database"),
            "{e}"
        );
        assert!(!e.contains("not an SQLite file"), "{e}");
    }
}

#[test]
fn a_cut_short_or_damaged_file_is_called_damaged_with_a_next_step() {
    let env = Env::new();
    for i in 0..40 {
        env.ticket(&format!("ticket {i} {}", "long text ".repeat(50)), &[]);
    }
    env.ok(&["db", "journal", "delete"]);
    let full = std::fs::read(&env.db).unwrap();
    // Cut short (a copy that stopped half-way).
    std::fs::write(&env.db, &full[..full.len() / 2]).unwrap();
    let e = env.fails(&["ticket", "list"], 1);
    assert!(e.contains("is damaged"), "{e}");
    assert!(!e.contains("not an SQLite file"), "{e}");
    assert!(e.contains("hint: run aftercare db check"), "{e}");
    // Damaged inside: garbage over the pages after the schema.
    let mut bad = full.clone();
    let page = 4096;
    for b in &mut bad[page * 3..page * 8] {
        *b = 0x5a;
    }
    std::fs::write(&env.db, &bad).unwrap();
    let e = env.fails(&["db", "check"], 1);
    assert!(e.contains("damaged") || e.contains("problem"), "{e}");
    assert!(e.contains("\nhint: "), "db check gives a next step: {e}");
    assert!(!e.contains("malformed\n"), "{e}");
}

#[test]
fn a_full_disk_leaves_no_empty_database_and_names_the_cause() {
    let Some(fs) = Mount::tmpfs(64, "full disk") else {
        return;
    };
    let env = env_at(&fs.dir.join("new.db"));
    let e = env.fails(&["ticket", "list"], 1);
    assert!(e.contains("full"), "{e}");
    assert!(e.contains("hint: free some disk space"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&fs.dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_backup_onto_a_full_disk_names_the_file_and_leaves_nothing() {
    let Some(fs) = Mount::tmpfs(256, "backup to a full disk") else {
        return;
    };
    let env = Env::new();
    for i in 0..200 {
        env.ticket(&format!("ticket {i} {}", "text ".repeat(200)), &[]);
    }
    let dest = fs.dir.join("copy.db");
    let e = env.fails(&["db", "backup", dest.to_str().unwrap()], 1);
    assert!(e.contains("copy.db"), "{e}");
    assert!(e.contains("disk is full"), "{e}");
    assert!(e.contains("hint: free some disk space"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&fs.dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn an_export_that_runs_out_of_space_names_the_file() {
    let Some(fs) = Mount::tmpfs(128, "export to a full disk") else {
        return;
    };
    let env = Env::new();
    for i in 0..200 {
        env.ticket(&format!("ticket {i} {}", "text ".repeat(200)), &[]);
    }
    let out = fs.dir.join("all.json");
    let e = env.fails(&["export", "json", "--out", out.to_str().unwrap()], 1);
    assert!(e.contains("all.json"), "{e}");
    assert!(e.contains("disk is full"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&fs.dir).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let dir = fs.dir.join("csv");
    let e = env.fails(&["export", "csv", "--out", dir.to_str().unwrap()], 1);
    assert!(e.contains(".csv'"), "{e}");
    assert!(e.contains("disk is full"), "{e}");
}
