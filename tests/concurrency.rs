//! Several processes writing to the same tickets at once: every write arrives,
//! none fails with "database is locked".

mod common;
use common::{on_both, Env};
use std::process::Stdio;

on_both! {
    fn parallel_processes_lose_no_comment(env) {
        for i in 0..3 {
            env.ticket(&format!("shared {i}"), &[]);
        }
        const WRITERS: usize = 6;
        const EACH: usize = 10;
        // Each writer is a shell loop of separate aftercare processes, all at once.
        let bin = assert_cmd::cargo::cargo_bin("aftercare");
        let mut children = Vec::new();
        for w in 0..WRITERS {
            let script = format!(
                "for i in $(seq 1 {EACH}); do t=$(( (i % 3) + 1 )); \"$0\" --db \"$1\" ticket comment $t \"writer {w} comment $i\" || exit 1; done"
            );
            let child = std::process::Command::new("sh")
                .arg("-c")
                .arg(script)
                .arg(&bin)
                .arg(&env.db)
                .env("AFTERCARE_ACTOR", format!("writer{w}"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            children.push(child);
        }
        for c in children {
            let out = c.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "a writer failed: {err}");
            assert!(!err.contains("locked"), "{err}");
        }
        let mut total = 0;
        for id in 1..=3 {
            let t = env.json(&["ticket", "show", &id.to_string()]);
            let n = t["comments"].as_array().unwrap().len();
            assert_eq!(
                t["version"].as_i64().unwrap(),
                1 + n as i64,
                "every comment bumped the version once"
            );
            total += n;
        }
        assert_eq!(total, WRITERS * EACH);
        assert!(env.ok(&["db", "check"]).starts_with("ok"));
    }
}

on_both! {
    fn stale_writer_in_another_process_gets_a_conflict(env) {
        env.ticket("t", &[]);
        // Process A moves the ticket; process B then saves based on version 1.
        env.cmd(&["ticket", "move", "1", "analysing", "--if-version", "1"])
            .env("AFTERCARE_ACTOR", "alice")
            .assert()
            .success();
        let out = env
            .cmd(&["ticket", "move", "1", "in_progress", "--if-version", "1"])
            .env("AFTERCARE_ACTOR", "bob")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("conflict") && err.contains("alice"), "{err}");
        assert_eq!(env.json(&["ticket", "show", "1"])["stage"], "analysing");
    }
}

/// Runs `script` (sh, with `$0` the binary and `$1` the database) as one writer.
fn writer(env: &Env, actor: &str, script: &str) -> std::process::Child {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("aftercare"))
        .arg(&env.db)
        .env("AFTERCARE_ACTOR", actor)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

on_both! {
    fn under_contention_each_write_reports_the_version_and_values_it_wrote(env) {
        env.ticket("shared", &[]);
        // The reliable reproduction is ops::contention_tests (threads); this one checks
        // the same through separate processes and their JSON.
        const WRITERS: usize = 4;
        const EACH: usize = 15;
        let out = env.dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let children: Vec<_> = (0..WRITERS)
            .map(|w| {
                let script = format!(
                    "for i in $(seq 1 {EACH}); do \"$0\" --db \"$1\" ticket edit 1 --title \"w{w}-$i\" --format json > \"{dir}/{w}-$i.json\" || exit 1; done",
                    dir = out.display()
                );
                writer(env, &format!("writer{w}"), &script)
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().expect("wait");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        // Every title change is one event; its version is the one the writer was told.
        let history = env.json(&["ticket", "history", "1"]);
        let title_at: std::collections::HashMap<i64, (String, String)> = history
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["field"] == "title")
            .map(|e| {
                let v = e["version"].as_i64().unwrap();
                let new = e["new"].as_str().unwrap().to_string();
                (v, (new, e["actor"].as_str().unwrap().to_string()))
            })
            .collect();
        assert_eq!(title_at.len(), WRITERS * EACH, "one version per write");
        for w in 0..WRITERS {
            for i in 1..=EACH {
                let text = std::fs::read_to_string(out.join(format!("{w}-{i}.json"))).unwrap();
                let t: serde_json::Value = serde_json::from_str(&text).unwrap();
                let mine = format!("w{w}-{i}");
                assert_eq!(t["title"], mine.as_str(), "reported someone else's title");
                let v = t["version"].as_i64().unwrap();
                assert_eq!(
                    title_at.get(&v),
                    Some(&(mine.clone(), format!("writer{w}"))),
                    "version {v} reported for {mine} was written by another change"
                );
            }
        }
    }
}

on_both! {
    fn a_comment_racing_a_merge_never_panics_and_reports_what_it_wrote(env) {
        const DUPS: i64 = 10;
        for i in 0..=DUPS {
            env.ticket(&format!("t{i}"), &[]);
        }
        let out = env.dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        const COMMENTERS: usize = 3;
        let mut children: Vec<_> = (0..COMMENTERS)
            .map(|w| {
                let script = format!(
                    "for d in $(seq 2 {last}); do for i in 1 2; do \"$0\" --db \"$1\" ticket comment $d \"c{w}-$d-$i\" --format json > \"{dir}/{w}-$d-$i.json\" || exit $?; done; done",
                    last = DUPS + 1,
                    dir = out.display()
                );
                writer(env, &format!("writer{w}"), &script)
            })
            .collect();
        let merges = format!(
            "for d in $(seq 2 {last}); do \"$0\" --db \"$1\" ticket merge $d 1 > /dev/null || exit $?; done",
            last = DUPS + 1
        );
        children.push(writer(env, "merger", &merges));
        for c in children {
            let o = c.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!err.contains("panicked"), "{err}");
            assert!(o.status.success(), "exit {:?}: {err}", o.status.code());
        }
        for w in 0..COMMENTERS {
            for d in 2..=DUPS + 1 {
                for i in 1..=2 {
                    let text = std::fs::read_to_string(out.join(format!("{w}-{d}-{i}.json"))).unwrap();
                    let c: serde_json::Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(c["ticket_id"], d, "the ticket it was written to");
                    assert_eq!(c["body"], format!("c{w}-{d}-{i}").as_str());
                    assert!(c["ticket_version"].as_i64().unwrap() > 1);
                }
            }
        }
        // Nothing was lost: every comment is on its duplicate or moved into #1.
        let total: usize = (1..=DUPS + 1)
            .map(|id| {
                env.json(&["ticket", "show", &id.to_string()])["comments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|c| c["body"].as_str().unwrap_or("").starts_with('c'))
                    .count()
            })
            .sum();
        assert_eq!(total, COMMENTERS * DUPS as usize * 2);
    }
}
