//! Many writer processes on a few hot tickets against the PostgreSQL server: every
//! acknowledged write is there afterwards, exactly once; processes exit 0 or 1
//! (a conflict), nothing else. Run by hand (it takes a minute): scripts/pg-writers.sh,
//! or `cargo test --release --test pg_writers -- --ignored --nocapture` with
//! AFTERCARE_TEST_PG_URL set; AFTERCARE_WRITERS and AFTERCARE_WRITE_SECONDS change
//! the defaults (20 processes × 60 s).

mod common;
use common::Env;
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HOT: i64 = 4;

/// What one writer did.
#[derive(Debug, Default)]
struct Tally {
    notes: Vec<(i64, String)>,
    edits: Vec<(i64, String)>,
    conflicts: u64,
    other_errors: Vec<String>,
    bad_exits: Vec<String>,
}

fn run(db: &str, actor: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AFTERCARE_ACTOR", actor)
        .env_remove("AFTERCARE_CONFIG")
        .output()
        .expect("run aftercare");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn writer(db: String, w: usize, until: Instant, tally: Arc<Mutex<Tally>>) {
    let actor = format!("writer{w}");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ (w as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut i = 0;
    while Instant::now() < until {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let t = (seed % HOT as u64) as i64 + 1;
        let id = t.to_string();
        i += 1;
        let mark = format!("w{w}#{i}");
        // Half notes (no version: the write lock makes them always fit), half edits
        // against the version just read (a conflict when another writer was faster).
        let (code, _, err) = if seed % 2 == 0 {
            let r = run(
                &db,
                &actor,
                &["ticket", "comment", &id, &mark, "--internal"],
            );
            if r.0 == Some(0) {
                tally.lock().unwrap().notes.push((t, mark.clone()));
            }
            r
        } else {
            let (c, out, e) = run(&db, &actor, &["ticket", "show", &id, "--format", "json"]);
            if c != Some(0) {
                (c, out, e)
            } else {
                let v: serde_json::Value = serde_json::from_str(&out).expect("json");
                let version = v["version"].as_i64().unwrap().to_string();
                let title = format!("hot {t} {mark}");
                let r = run(
                    &db,
                    &actor,
                    &[
                        "ticket",
                        "edit",
                        &id,
                        "--title",
                        &title,
                        "--if-version",
                        &version,
                    ],
                );
                if r.0 == Some(0) {
                    tally.lock().unwrap().edits.push((t, title));
                }
                r
            }
        };
        let mut tl = tally.lock().unwrap();
        match code {
            Some(0) => {}
            Some(1) if err.contains("conflict") => tl.conflicts += 1,
            Some(1) => tl.other_errors.push(err),
            other => tl.bad_exits.push(format!("{other:?}: {err}")),
        }
    }
}

#[test]
#[ignore = "a minute of 20 processes: run by hand (scripts/pg-writers.sh)"]
fn twenty_writers_lose_nothing() {
    let Some(env) = Env::postgres() else {
        return;
    };
    let writers: usize = std::env::var("AFTERCARE_WRITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seconds: u64 = std::env::var("AFTERCARE_WRITE_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    for t in 1..=HOT {
        env.ticket(&format!("hot {t}"), &[]);
    }
    let db = env.db.to_str().unwrap().to_string();
    let tally = Arc::new(Mutex::new(Tally::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (db, tally) = (db.clone(), tally.clone());
            std::thread::spawn(move || writer(db, w, until, tally))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let tally = tally.lock().unwrap();

    // Every acknowledged note is there once; every acknowledged edit is in the log.
    let mut per_ticket: BTreeMap<i64, i64> = BTreeMap::new();
    let mut lost = 0;
    for t in 1..=HOT {
        let show = env.json(&["ticket", "show", &t.to_string()]);
        let bodies: Vec<String> = show["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].as_str().unwrap().to_string())
            .collect();
        for (_, mark) in tally.notes.iter().filter(|n| n.0 == t) {
            let n = bodies.iter().filter(|b| *b == mark).count();
            if n != 1 {
                lost += 1;
                eprintln!("note {mark} on #{t} found {n} times");
            }
        }
        let acked = tally.notes.iter().filter(|n| n.0 == t).count()
            + tally.edits.iter().filter(|e| e.0 == t).count();
        per_ticket.insert(t, acked as i64);
        // Each acknowledged change bumped the version exactly once.
        assert_eq!(
            show["version"].as_i64().unwrap(),
            1 + acked as i64,
            "ticket #{t}: version = 1 + acknowledged changes"
        );
    }
    let logged = env.sql_i64(
        "SELECT count(*) FROM audit WHERE entity = 'ticket' AND action = 'edit' AND actor LIKE 'writer%'",
    );
    let edits_lost = tally.edits.len() as i64 - logged;
    println!(
        "{writers} writers × {seconds} s ({elapsed:.0} s): {} notes and {} edits acknowledged, \
         {} conflicts (exit 1), {} other errors, {} other exit codes; lost: {lost} notes, {edits_lost} edits; \
         per ticket {per_ticket:?}",
        tally.notes.len(),
        tally.edits.len(),
        tally.conflicts,
        tally.other_errors.len(),
        tally.bad_exits.len(),
    );
    assert!(tally.bad_exits.is_empty(), "{:?}", tally.bad_exits);
    assert!(
        tally.other_errors.is_empty(),
        "only conflicts may fail: {:?}",
        &tally.other_errors[..tally.other_errors.len().min(5)]
    );
    assert_eq!(lost, 0);
    assert_eq!(edits_lost, 0);
    assert!(
        tally.notes.len() + tally.edits.len() > writers,
        "writes happened"
    );
    assert!(env.ok(&["db", "check"]).starts_with("ok"));
}
