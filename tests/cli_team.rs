//! CLI tests of the team commands: agent show/edit/workload/rank/history, ticket assign
//! --auto, time tracking, report time and report agents, with their error paths.

mod common;
use common::{on_both, Env};
use serde_json::Value;

/// Runs as `actor` and expects success; returns stdout.
fn ok_as(env: &Env, actor: &str, args: &[&str]) -> String {
    let out = env
        .cmd(args)
        .env("AFTERCARE_ACTOR", actor)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json_as(env: &Env, actor: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok_as(env, actor, &all)).expect("json")
}

/// Runs as `actor`, expects exit 1 with a clean `error:` line; returns stderr.
fn fails_as(env: &Env, actor: &str, args: &[&str]) -> String {
    let out = env
        .cmd(args)
        .env("AFTERCARE_ACTOR", actor)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Two agents and a project with one task, written straight into the database
/// (there is no task command in this issue).
fn team(env: &Env) {
    env.ok(&[
        "agent",
        "new",
        "李娜",
        "--skills",
        "printer:5,invoice",
        "--groups",
        "technical",
    ]);
    env.ok(&[
        "agent",
        "new",
        "Tom",
        "--skills",
        "complaint:4",
        "--groups",
        "customer_care",
    ]);
    env.ok(&[
        "project",
        "new",
        "--name",
        "ERP 升级",
        "--customer",
        "华为",
        "--new-customer",
    ]);
    env.sql(
        "INSERT INTO tasks (project_id, name, owner_id, estimate_hours) VALUES (1, '迁移数据', 1, 8)",
    );
}

on_both! {
    fn show_and_edit_an_agent(env) {
        team(env);
        let a = env.json(&["agent", "show", "李娜"]);
        assert_eq!(a["name"], "李娜");
        assert_eq!(a["skills"][0]["name"], "printer");
        assert_eq!(a["skills"][0]["level"], 5);
        assert_eq!(a["skills"][1]["level"], 3, "no level means 3");
        assert!(a["workdays"].is_null(), "follows the team calendar");
        assert_eq!(a["minutes_this_week"], 0);
        assert!(a["load"]["days"].as_array().is_some());
        assert_eq!(a["version"], 1);

        let e = env.json(&[
            "agent",
            "edit",
            "李娜",
            "--email",
            "li.na@example.cn",
            "--skills",
            "printer:4,打印机:5",
            "--capacity",
            "32",
            "--workdays",
            "mon-thu",
            "--ooo",
            "2099-12-01..2099-12-05",
            "--ooo",
            "2099-12-24",
            "--ooo-note",
            "年假",
            "--if-version",
            "1",
        ]);
        assert_eq!(e["email"], "li.na@example.cn");
        assert_eq!(e["capacity_hours"], 32.0);
        assert_eq!(e["workdays"], "mon,tue,wed,thu");
        assert_eq!(e["skills"][1]["name"], "打印机");
        assert_eq!(e["ooo"].as_array().unwrap().len(), 2);
        assert_eq!(e["ooo"][0]["end"], "2099-12-05");
        assert_eq!(e["ooo"][1]["note"], "年假");
        assert_eq!(e["version"], 2);

        let table = env.ok(&["agent", "show", "李娜"]);
        assert!(table.contains("2099-12-01..2099-12-05 (年假)"), "{table}");
        assert!(table.contains("mon,tue,wed,thu"), "{table}");

        // Each changed field is one audit event.
        let h = env.json(&["agent", "history", "李娜"]);
        let fields: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        for f in ["email", "skills", "capacity_hours", "workdays", "ooo"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }

        let cleared = env.json(&["agent", "edit", "李娜", "--clear-ooo", "--workdays", "team"]);
        assert_eq!(cleared["ooo"].as_array().unwrap().len(), 0);
        assert!(cleared["workdays"].is_null());
        // Nothing to change: the version stays.
        let same = env.json(&["agent", "edit", "李娜", "--capacity", "32"]);
        assert_eq!(same["version"], cleared["version"]);
    }
}

on_both! {
    fn agent_edit_errors(env) {
        team(env);
        let err = env.fails(&["agent", "show", "nobody"], 1);
        assert!(err.contains("agent 'nobody' not found"), "{err}");
        assert!(err.contains("hint: "), "{err}");
        env.fails(&["agent", "edit", "nobody", "--capacity", "10"], 1);
        let err = env.fails(
            &["agent", "edit", "李娜", "--ooo", "2099-12-05..2099-12-01"],
            1,
        );
        assert!(err.contains("ends before it starts"), "{err}");
        assert!(err.contains("hint: "), "{err}");
        let err = env.fails(
            &["agent", "edit", "李娜", "--ooo", "2020-01-01..2020-01-02"],
            1,
        );
        assert!(err.contains("already over"), "{err}");
        let err = env.fails(&["agent", "edit", "李娜", "--ooo", "next week"], 1);
        assert!(err.contains("not a date"), "{err}");
        let err = env.fails(&["agent", "edit", "李娜", "--workdays", "mon,funday"], 1);
        assert!(err.contains("funday"), "{err}");
        let err = env.fails(&["agent", "edit", "李娜", "--skills", "printer:9"], 1);
        assert!(err.contains("1 to 5"), "{err}");
        env.fails(&["agent", "edit", "李娜", "--capacity", "500"], 1);
        let err = env.fails(&["agent", "new", "王五", "--skills", "printer:7"], 1);
        assert!(err.contains("1 to 5"), "{err}");
        // A stale version changes nothing and names who changed the agent.
        env.ok(&["agent", "edit", "李娜", "--capacity", "30"]);
        let err = env.fails(
            &[
                "agent",
                "edit",
                "李娜",
                "--capacity",
                "20",
                "--if-version",
                "1",
            ],
            1,
        );
        assert!(err.starts_with("error: conflict: "), "{err}");
        assert!(err.contains("by tester"), "{err}");
        assert_eq!(env.json(&["agent", "show", "李娜"])["capacity_hours"], 30.0);
        // Usage errors are clap's: exit 2.
        env.fails(&["agent", "workload", "--weeks", "0"], 2);
        env.fails(&["agent", "edit", "李娜", "--ooo-note", "x"], 2);
    }
}

on_both! {
    fn workload_shows_load_heatmap_and_overload(env) {
        team(env);
        // Tom can work one hour a week; twenty low-priority tickets (0.5 h each, due in
        // 80 business hours) put him over capacity on every working day until then.
        env.ok(&["agent", "edit", "Tom", "--capacity", "1"]);
        for i in 0..20 {
            env.ticket(
                &format!("退货 {i}"),
                &["--priority", "low", "--assignee", "Tom"],
            );
        }
        env.ticket(
            "printer jam",
            &["--priority", "urgent", "--assignee", "李娜"],
        );
        let w = env.json(&["agent", "workload", "--weeks", "3"]);
        let rows = w.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let tom = rows.iter().find(|r| r["name"] == "Tom").unwrap();
        let li = rows.iter().find(|r| r["name"] == "李娜").unwrap();
        assert_eq!(tom["open_tickets"], 20);
        assert_eq!(tom["ticket_hours"], 10.0);
        assert_eq!(tom["over_capacity"], true);
        assert_eq!(tom["overload_flag"], true, "{tom}");
        assert!(tom["overload_streak"].as_u64().unwrap() >= 3);
        assert_eq!(tom["days"].as_array().unwrap().len(), 21);
        let day = &tom["days"][0];
        for k in [
            "date",
            "available",
            "ticket_hours",
            "task_hours",
            "load_hours",
            "capacity_hours",
            "share",
            "level",
        ] {
            assert!(day.get(k).is_some(), "day key {k} missing");
        }
        assert_eq!(li["open_tickets"], 1);
        assert_eq!(li["ticket_hours"], 4.0, "urgent weighs 4 hours");
        assert_eq!(li["task_hours"], 8.0, "an unplanned task counts today");
        assert_eq!(li["overload_flag"], false);

        let table = env.ok(&["agent", "workload"]);
        assert!(table.starts_with("AGENT "), "{table}");
        assert!(table.contains("█"), "over-capacity days stand out: {table}");
        assert!(table.contains("days over in a row"), "{table}");
        let csv = env.ok(&["agent", "workload", "--format", "csv"]);
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.starts_with("agent,open,near_sla"));
    }
}

on_both! {
    fn rank_and_assign_automatically(env) {
        team(env);
        env.ok(&[
            "agent",
            "new",
            "王芳",
            "--skills",
            "printer:2",
            "--groups",
            "technical",
        ]);
        let id = env.ticket("打印机卡纸 printer jam", &["--type", "technical"]);
        let r = env.json(&["agent", "rank", &id.to_string()]);
        assert_eq!(r["ticket_id"], id);
        let ranked = r["ranked"].as_array().unwrap();
        assert_eq!(ranked[0]["name"], "李娜", "{r}");
        assert_eq!(ranked[0]["rank"], 1);
        assert_eq!(ranked[0]["matched_skills"][0], "printer:5");
        assert!(ranked[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str().unwrap().contains("printer:5")));
        assert!(ranked[0]["score"].as_f64() > ranked[1]["score"].as_f64());
        let table = env.ok(&["agent", "rank", &id.to_string()]);
        assert!(table.contains("1. 李娜: skill printer:5"), "{table}");

        let out = env.ok(&["ticket", "assign", &id.to_string(), "--auto"]);
        assert!(out.contains("assigned to 李娜 by ranking"), "{out}");
        let t = env.json(&["ticket", "show", &id.to_string()]);
        assert_eq!(t["assignee"], "李娜");

        // An agent out of office today is not picked.
        let today = chrono::Local::now().date_naive();
        let range = format!("{today}..{}", today + chrono::Duration::days(3));
        env.ok(&["agent", "edit", "李娜", "--ooo", &range]);
        let id2 = env.ticket("printer again", &["--type", "technical"]);
        let r = env.json(&["agent", "rank", &id2.to_string()]);
        let last = r["ranked"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["name"], "李娜");
        assert_eq!(last["available"], false);
        let t = env.json(&["ticket", "assign", &id2.to_string(), "--auto"]);
        assert_ne!(t["assignee"], "李娜");

        // Errors: no such ticket, agent and --auto together, stale version.
        env.fails(&["agent", "rank", "999"], 1);
        env.fails(&["ticket", "assign", "999", "--auto"], 1);
        env.fails(&["ticket", "assign", &id.to_string(), "Tom", "--auto"], 2);
        env.fails(&["ticket", "assign", &id.to_string()], 2);
        let err = env.fails(
            &[
                "ticket",
                "assign",
                &id.to_string(),
                "--auto",
                "--if-version",
                "1",
            ],
            1,
        );
        assert!(err.contains("conflict"), "{err}");
    }
}

on_both! {
    fn auto_assign_takes_turns_in_a_round_robin_group(env) {
        let cfg = env.dir.path().join("rr.toml");
        let text = aftercare::config::DEFAULT_TOML
            .replace("round_robin = []", "round_robin = [\"logistics\"]");
        std::fs::write(&cfg, text).unwrap();
        let c = cfg.to_str().unwrap();
        for name in ["甲", "乙", "丙"] {
            env.ok(&["--config", c, "agent", "new", name, "--groups", "logistics"]);
        }
        env.ok(&[
            "--config", c, "agent", "new", "outsider", "--skills", "return:5",
        ]);
        let mut picked = Vec::new();
        for i in 0..4 {
            let id = env.ticket(&format!("退货 {i}"), &["--type", "return"]);
            let t = env.json(&["--config", c, "ticket", "assign", &id.to_string(), "--auto"]);
            picked.push(t["assignee"].as_str().unwrap().to_string());
        }
        assert_eq!(picked, ["甲", "乙", "丙", "甲"]);
        let r = env.json(&["--config", c, "agent", "rank", "1"]);
        assert_eq!(r["group"], "logistics");
        assert_eq!(r["round_robin"], true);

        // A round-robin group that routing does not know is a config error with a position.
        let bad = env.dir.path().join("bad.toml");
        std::fs::write(
            &bad,
            aftercare::config::DEFAULT_TOML.replace("round_robin = []", "round_robin = [\"nope\"]"),
        )
        .unwrap();
        let err = env.fails(&["config", "check", bad.to_str().unwrap()], 1);
        assert!(err.contains("bad.toml:"), "{err}");
        assert!(err.contains("'nope' is not a routing group"), "{err}");
    }
}

on_both! {
    fn timers_and_logged_time(env) {
        team(env);
        let id = env
            .ticket(
                "发票错误 invoice",
                &["--customer", "华为", "--new-customer"],
            )
            .to_string();

        // The acting user must be an agent.
        let err = fails_as(env, "tester", &["time", "start", "ticket", &id]);
        assert!(err.contains("not an agent"), "{err}");
        assert!(err.contains("hint: "), "{err}");
        let err = fails_as(env, "李娜", &["time", "stop"]);
        assert!(err.contains("no timer is running"), "{err}");

        let s = json_as(
            env,
            "李娜",
            &["time", "start", "ticket", &id, "--note", "查账"],
        );
        assert_eq!(s["ticket_id"], id.parse::<i64>().unwrap());
        assert!(s["stopped"].is_null());
        let st = json_as(env, "李娜", &["time", "status"]);
        assert_eq!(st.as_array().unwrap().len(), 1);
        // Starting another timer stops the first and logs it.
        let s2 = json_as(env, "李娜", &["time", "start", "task", "1"]);
        assert_eq!(s2["stopped"]["ticket_id"], id.parse::<i64>().unwrap());
        assert_eq!(s2["stopped"]["minutes"], 1, "at least one minute");
        let e = json_as(env, "李娜", &["time", "stop"]);
        assert_eq!(e["work"], "task");
        assert_eq!(e["project"], "ERP 升级");
        assert_eq!(e["customer"], "华为");
        assert!(fails_as(env, "李娜", &["time", "stop"]).contains("no timer"));
        let none = ok_as(env, "李娜", &["time", "status"]);
        assert_eq!(none.trim(), "no timer is running");

        let l = json_as(
            env,
            "Tom",
            &[
                "time",
                "log",
                "ticket",
                &id,
                "--minutes",
                "90",
                "--note",
                "电话回访",
            ],
        );
        assert_eq!(l["minutes"], 90);
        assert_eq!(l["agent"], "Tom");
        assert_eq!(l["customer"], "华为");
        assert_eq!(l["version"], 1);
        let entry = l["id"].to_string();

        let all = env.json(&["time", "list"]);
        assert_eq!(all.as_array().unwrap().len(), 3);
        assert_eq!(
            env.json(&["time", "list", "--agent", "Tom"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // A span back from now, not `today`: the 90 minutes logged just now began
        // yesterday when the test runs in the first 90 minutes of a Shanghai day.
        assert_eq!(
            env.json(&["time", "list", "--since", "2h"])
                .as_array()
                .unwrap()
                .len(),
            3
        );
        assert_eq!(
            env.json(&["time", "list", "--until", "2000-01-01"])
                .as_array()
                .unwrap()
                .len(),
            0
        );

        let edited = env.json(&[
            "time",
            "edit",
            &entry,
            "--minutes",
            "75",
            "--if-version",
            "1",
        ]);
        assert_eq!(edited["minutes"], 75);
        assert_eq!(edited["version"], 2);
        let err = env.fails(
            &[
                "time",
                "edit",
                &entry,
                "--minutes",
                "60",
                "--if-version",
                "1",
            ],
            1,
        );
        assert!(err.starts_with("error: conflict: "), "{err}");
        assert!(err.contains("time list"), "{err}");

        // Error paths.
        env.fails(&["time", "list", "--agent", "nobody"], 1);
        let err = env.fails(
            &[
                "time",
                "list",
                "--since",
                "2026-12-05",
                "--until",
                "2026-12-01",
            ],
            1,
        );
        assert!(err.contains("bad date range"), "{err}");
        env.fails(&["time", "list", "--since", "yesterday-ish"], 1);
        env.fails(&["time", "edit", "999", "--minutes", "5"], 1);
        env.fails(&["time", "edit", &entry], 1);
        fails_as(
            env,
            "Tom",
            &["time", "log", "ticket", "999", "--minutes", "5"],
        );
        fails_as(
            env,
            "Tom",
            &["time", "log", "task", "999", "--minutes", "5"],
        );
        fails_as(
            env,
            "Tom",
            &["time", "log", "ticket", &id, "--minutes", "0"],
        );
        fails_as(env, "Tom", &["time", "start", "ticket", "999"]);
        env.fails(&["time", "log", "bug", "1", "--minutes", "5"], 2);
    }
}

on_both! {
    fn time_and_agent_reports(env) {
        team(env);
        let id = env.ticket(
            "发票 invoice",
            &["--customer", "华为", "--new-customer", "--assignee", "Tom"],
        );
        ok_as(
            env,
            "Tom",
            &["time", "log", "ticket", &id.to_string(), "--minutes", "30"],
        );
        ok_as(
            env,
            "李娜",
            &["time", "log", "task", "1", "--minutes", "90"],
        );
        env.ok(&["ticket", "comment", &id.to_string(), "已回复"]);
        env.ok(&["ticket", "move", &id.to_string(), "resolved"]);
        env.ok(&["ticket", "csat", &id.to_string(), "4"]);

        let by_agent = env.json(&["report", "time", "--by", "agent"]);
        let rows = by_agent.as_array().unwrap();
        assert_eq!(rows[0]["name"], "李娜", "most time first");
        assert_eq!(rows[0]["hours"], 1.5);
        assert_eq!(rows[1]["minutes"], 30);
        let by_customer = env.json(&["report", "time", "--by", "customer"]);
        assert_eq!(by_customer[0]["name"], "华为");
        assert_eq!(by_customer[0]["minutes"], 120);
        let by_project = env.json(&["report", "time", "--by", "project"]);
        assert_eq!(by_project[0]["name"], "ERP 升级");
        assert_eq!(
            by_project[1]["name"],
            Value::Null,
            "ticket time outside projects"
        );
        let table = env.ok(&["report", "time", "--by", "project"]);
        assert!(
            table.contains("(no project)") && table.contains("total 2h00m"),
            "{table}"
        );
        let none = env.json(&[
            "report",
            "time",
            "--since",
            "2000-01-01",
            "--until",
            "2000-01-31",
        ]);
        assert_eq!(none.as_array().unwrap().len(), 0);
        env.fails(
            &[
                "report",
                "time",
                "--since",
                "2026-02-01",
                "--until",
                "2026-01-01",
            ],
            1,
        );

        let r = env.json(&["report", "agents"]);
        let tom = r["agents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "Tom")
            .unwrap()
            .clone();
        assert_eq!(tom["received"], 1);
        assert_eq!(tom["handled"], 1);
        assert_eq!(tom["resolution_rate"], 1.0);
        assert_eq!(tom["time_logged_hours"], 0.5);
        assert!(tom["mean_first_response_hours"].is_number());
        assert_eq!(tom["csat"], 4.0);
        assert_eq!(tom["csat_rated"], 1);
        assert_eq!(r["team"]["received"], 1);
        assert_eq!(r["team"]["time_logged_hours"], 2.0);
        assert_eq!(r["team"]["csat"], 4.0);
        assert!(r["since"].is_string());
        let table = env.ok(&["report", "agents"]);
        assert!(table.contains("(team)"), "{table}");
        let csv = env.ok(&["report", "agents", "--format", "csv"]);
        assert!(
            csv.starts_with("agent,received,handled,resolution_rate"),
            "{csv}"
        );
        env.fails(
            &[
                "report",
                "agents",
                "--since",
                "2026-02-01",
                "--until",
                "2026-01-01",
            ],
            1,
        );
    }
}
