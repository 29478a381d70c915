//! Conventions of a command-line program: version, manual page, who is acting.

mod common;
use common::on_both;

on_both! {
    fn version_names_the_database_engine(env) {
        let out = env.ok(&["--version"]);
        assert!(out.starts_with("aftercare "), "{out}");
        assert!(out.contains("SQLite 3."), "{out}");
    }
}

on_both! {
    fn man_prints_a_manual_page_with_the_commands(env) {
        let out = env.ok(&["man"]);
        assert!(out.contains(".TH aftercare 1"), "{out}");
        assert!(out.contains("ticket"), "{out}");
        assert!(out.contains("\\-\\-db"), "{out}");
    }
}

on_both! {
    fn without_user_the_actor_is_the_account_name_not_unknown(env) {
        let out = env
            .cmd(&["ticket", "new", "--title", "who am I", "--format", "json"])
            .env_remove("AFTERCARE_ACTOR")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let history = env.ok(&["ticket", "history", "1", "--format", "json"]);
        assert!(!history.contains("\"unknown\""), "{history}");
        let v: serde_json::Value = serde_json::from_str(&history).unwrap();
        let actor = v[0]["actor"].as_str().unwrap_or_default().to_string();
        assert!(!actor.is_empty() && actor != "tester", "{history}");
    }
}

on_both! {
    fn timing_prints_each_phase_on_stderr_only_when_asked(env) {
        env.ok(&["ticket", "new", "--title", "timed"]);
        let out = env
            .cmd(&["ticket", "comment", "1", "--internal", "a timed note"])
            .env("AFTERCARE_TIMING", "1")
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        let line = err
            .lines()
            .find(|l| l.starts_with("timing:"))
            .unwrap_or_else(|| panic!("no timing line: {err}"));
        // Each phase as `name wall/cpu`.
        for phase in ["parse", "config", "open", "change", "facts", "commit", "close", "total"] {
            assert!(line.contains(&format!(" {phase} ")), "{phase}: {line}");
        }
        assert!(!String::from_utf8_lossy(&out.stdout).contains("timing"));
        let out = env
            .cmd(&["ticket", "comment", "1", "--internal", "untimed"])
            .output()
            .expect("run");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("timing"));
    }
}
