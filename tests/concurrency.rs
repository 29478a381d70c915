//! Several processes writing to the same tickets at once: every write arrives,
//! none fails with "database is locked".

mod common;
use common::on_both;
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
