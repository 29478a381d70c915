//! CLI tests of `aftercare playbook …`: emergency plans started as checklists.

mod common;
use common::on_both;

on_both! {
    fn the_default_config_has_two_playbooks(env) {
        let list = env.json(&["playbook", "list"]);
        let ids: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec!["outage", "major_complaint"]);
        assert_eq!(list[0]["name_zh"], "系统故障");
        assert_eq!(list[1]["name_zh"], "重大投诉");
        let table = env.ok(&["playbook", "list"]);
        assert!(
            table.contains("System outage") && table.contains("重大投诉"),
            "{table}"
        );
        let show = env.json(&["playbook", "show", "系统故障"]);
        let steps = show["steps"].as_array().unwrap();
        assert!(steps.len() >= 5);
        assert_eq!(steps[0]["no"], 1);
        assert!(steps[0]["role"].is_string());
        assert!(steps[0]["limit_minutes"].as_i64().unwrap() > 0);
        let text = env.ok(&["playbook", "show", "outage"]);
        assert!(text.contains("10 min"), "{text}");
    }
}

on_both! {
    fn start_tick_off_and_complete(env) {
        let t = env.ticket("客户重大投诉", &["--type", "complaint"]);
        let inc = env.json(&[
            "playbook",
            "start",
            "major_complaint",
            "--ticket",
            &t.to_string(),
        ]);
        assert_eq!(inc["id"], 1);
        assert_eq!(inc["drill"], false);
        assert_eq!(inc["status"], "active");
        assert_eq!(inc["ticket_id"], t);
        assert_eq!(inc["started_by"], "tester");
        let steps = inc["steps"].as_array().unwrap().clone();
        let n = steps.len();
        assert!(steps
            .iter()
            .all(|s| s["state"] == "open" && s["due_at"].is_string()));
        assert_eq!(inc["steps_done"], 0);
        // The ticket's history records the incident.
        let h = env.json(&["ticket", "history", &t.to_string()]);
        assert!(h
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "playbook"));

        let after = env.json(&["playbook", "step", "1", "1", "--done"]);
        assert_eq!(after["steps"][0]["state"], "done");
        assert_eq!(after["steps"][0]["done_by"], "tester");
        assert_eq!(after["steps_done"], 1);
        // Done twice changes nothing.
        let again = env.json(&["playbook", "step", "1", "1"]);
        assert_eq!(again["version"], after["version"]);
        for no in 2..=n {
            env.ok(&["playbook", "step", "1", &no.to_string()]);
        }
        let done = env.json(&["playbook", "status", "1"]);
        assert_eq!(done["status"], "completed");
        assert!(done["closed_at"].is_string());
        assert!(env
            .json(&["playbook", "status"])
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(
            env.json(&["playbook", "status", "--all"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // Undoing a step makes it active again.
        let undone = env.json(&["playbook", "step", "1", "2", "--undo"]);
        assert_eq!(undone["status"], "active");
        assert_eq!(undone["steps"][1]["state"], "open");
        assert!(undone["closed_at"].is_null());
        let hist = env.json(&["playbook", "history", "1"]);
        let actions: Vec<&str> = hist
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions[0], "start");
        assert!(
            actions.contains(&"complete") && actions.contains(&"reopen"),
            "{actions:?}"
        );
    }
}

on_both! {
    fn drills_are_recorded_as_drills(env) {
        let d = env.json(&["playbook", "start", "outage", "--drill"]);
        assert_eq!(d["drill"], true);
        let table = env.ok(&["playbook", "status"]);
        assert!(table.contains("drill") && table.contains("0/"), "{table}");
        let text = env.ok(&["playbook", "status", "1"]);
        assert!(text.starts_with("drill #1"), "{text}");
        assert!(text.contains("on-call engineer"), "{text}");
        let hist = env.json(&["playbook", "history", "1"]);
        assert_eq!(hist[0]["action"], "drill");
    }
}

on_both! {
    fn errors_are_explained(env) {
        let e = env.fails(&["playbook", "start", "fire"], 1);
        assert!(e.contains("playbook 'fire' not found"), "{e}");
        assert!(
            e.contains("hint: playbooks: outage, major_complaint"),
            "{e}"
        );
        let e = env.fails(&["playbook", "start", "outage", "--ticket", "99"], 1);
        assert!(e.contains("ticket #99 not found"), "{e}");
        assert!(
            env.json(&["playbook", "status", "--all"])
                .as_array()
                .unwrap()
                .is_empty(),
            "nothing half-written"
        );
        env.ok(&["playbook", "start", "outage"]);
        let e = env.fails(&["playbook", "step", "1", "42"], 1);
        assert!(e.contains("no step 42") && e.contains("hint:"), "{e}");
        let e = env.fails(&["playbook", "step", "7", "1"], 1);
        assert!(e.contains("incident #7 not found"), "{e}");
        let e = env.fails(&["playbook", "step", "1", "1", "--if-version", "5"], 1);
        assert!(e.contains("conflict"), "{e}");
        env.fails(&["playbook", "step", "1", "1", "--done", "--undo"], 2);
        let e = env.fails(&["playbook", "show", "nope"], 1);
        assert!(e.contains("not found"), "{e}");
    }
}

on_both! {
    fn playbooks_come_from_the_config_and_are_checked(env) {
        let good = env.dir.path().join("good.toml");
        std::fs::write(
            &good,
            r#"[[playbooks]]
id = "fire"
en = "Fire drill"
zh = "消防演练"

[[playbooks.steps]]
en = "Leave the building"
person = "李娜"
limit_minutes = 5
"#,
        )
        .unwrap();
        let g = good.to_str().unwrap();
        let list = env.json(&["--config", g, "playbook", "list"]);
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "a user's list replaces the default"
        );
        let inc = env.json(&["--config", g, "playbook", "start", "fire", "--drill"]);
        assert_eq!(inc["steps"][0]["person"], "李娜");

        let bad = env.dir.path().join("bad.toml");
        std::fs::write(
            &bad,
            r#"[[playbooks]]
id = "fire"
en = "Fire"

[[playbooks.steps]]
en = "Nobody does this"
limit_minutes = 0
"#,
        )
        .unwrap();
        let e = env.fails(&["config", "check", bad.to_str().unwrap()], 1);
        assert!(
            e.contains("bad.toml:6:6") && e.contains("says nobody does it"),
            "{e}"
        );
        assert!(
            e.contains("bad.toml:7:17") && e.contains("limit_minutes"),
            "{e}"
        );
    }
}
