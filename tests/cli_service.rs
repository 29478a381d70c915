//! CLI tests of the service commands: sla, csat, visits, replies, macros, complaint
//! progress and the service reports, with their error paths.

mod common;
use common::on_both;

fn today_shanghai(days: i64) -> String {
    (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai) + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

on_both! {
    fn sla_status_next_escalate_recompute(env) {
        let id = env
            .ticket("打印机卡纸", &["--priority", "high"])
            .to_string();
        let s = env.json(&["sla", "status", &id]);
        assert_eq!(s["id"], 1);
        assert_eq!(s["state"], "ok");
        assert!(
            s["reason"]
                .as_str()
                .unwrap()
                .contains("first response due in"),
            "{s}"
        );
        assert_eq!(s["first_response"]["phase"], "running");
        assert_eq!(s["first_response"]["target_hours"], 2.0);
        assert_eq!(s["stage_limit"]["stage"], "new");
        assert!(s["escalations"].as_array().unwrap().is_empty());
        let table = env.ok(&["sla", "status", &id]);
        assert!(table.contains("reason"), "{table}");
        env.fails(&["sla", "status", "99"], 1);

        env.ticket("second", &["--priority", "low"]);
        env.ok(&["ticket", "move", "2", "waiting_customer"]);
        let next = env.json(&["sla", "next"]);
        let ids: Vec<i64> = next
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [1], "a paused ticket without a stage limit is not due");
        assert!(next[0]["countdown_secs"].is_i64());
        assert_eq!(
            env.json(&["sla", "next", "--limit", "1"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert!(env
            .ok(&["sla", "next", "--format", "csv"])
            .starts_with("id,state,countdown"));

        assert_eq!(
            env.ok(&["sla", "escalate", "--dry-run"]).trim(),
            "nothing to escalate"
        );
        assert!(env
            .json(&["sla", "escalate"])
            .as_array()
            .unwrap()
            .is_empty());
        let r = env.json(&["sla", "recompute"]);
        assert_eq!(r["tickets"], 2);
        let t = env.json(&["ticket", "show", "2"]);
        assert!(t["resolution_due"].is_null(), "paused: no due time");
    }
}

on_both! {
    fn satisfaction_scores_and_due_surveys(env) {
        let id = env.ticket("VPN 连不上", &[]).to_string();
        let err = env.fails(&["ticket", "csat", &id, "5"], 1);
        assert!(err.contains("not resolved"), "{err}");
        assert!(err.contains("hint: "), "{err}");
        env.ok(&["ticket", "move", &id, "resolved"]);
        let due = env.json(&["csat", "due"]);
        assert_eq!(due[0]["id"], 1);
        for bad in ["0", "6", "-1"] {
            let err = env.fails(&["ticket", "csat", &id, bad], 1);
            assert!(err.contains("1 to 5"), "{err}");
        }
        env.fails(&["ticket", "csat", "42", "5"], 1);
        let s = env.json(&["ticket", "csat", &id, "4", "--comment", "师傅很专业"]);
        assert_eq!(s["score"], 4);
        assert_eq!(s["comment"], "师傅很专业");
        assert_eq!(s["version"], 1);
        let out = env.ok(&["ticket", "csat", &id, "5"]);
        assert!(out.contains("rated 5/5 (updated)"), "{out}");
        assert!(env.json(&["csat", "due"]).as_array().unwrap().is_empty());
        let h = env.json(&["ticket", "history", &id]);
        let csat: Vec<&serde_json::Value> = h
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "csat")
            .collect();
        assert_eq!(csat.len(), 3, "score, comment, new score");
        env.fails(&["ticket", "csat", &id, "3", "--if-version", "1"], 1);
    }
}

on_both! {
    fn return_visits(env) {
        env.ok(&["agent", "new", "王伟"]);
        let id = env.ticket("回访测试", &["--assignee", "王伟"]).to_string();
        env.fails(&["visit", "schedule", &id, "--on", "2020-01-01"], 1);
        env.fails(&["visit", "schedule", &id, "--on", "someday"], 1);
        env.fails(&["visit", "schedule", "77", "--on", "today"], 1);
        env.fails(
            &[
                "visit",
                "schedule",
                &id,
                "--on",
                "today",
                "--assignee",
                "nobody",
            ],
            1,
        );
        let v = env.json(&[
            "visit",
            "schedule",
            &id,
            "--on",
            "today",
            "--note",
            "问问打印效果",
        ]);
        assert_eq!(v["assignee"], "王伟");
        assert_eq!(v["due_on"], today_shanghai(0));
        let out = env.ok(&["visit", "schedule", &id, "--on", "7d"]);
        assert!(out.contains(&today_shanghai(7)), "{out}");
        let today = env.json(&["visit", "list"]);
        assert_eq!(today.as_array().unwrap().len(), 1);
        assert_eq!(today[0]["note"], "问问打印效果");
        assert_eq!(
            env.json(&["visit", "list", "--due", "open"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(env
            .json(&["visit", "list", "--due", "overdue"])
            .as_array()
            .unwrap()
            .is_empty());
        assert_eq!(
            env.json(&["visit", "list", "--due", "open", "--assignee", "王伟"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
        env.fails(&["visit", "list", "--due", "someday"], 1);
        env.fails(&["visit", "done", "1", "--if-version", "9"], 1);
        let done = env.json(&["visit", "done", "1", "--note", "客户满意"]);
        assert!(done["done_at"].is_string());
        assert_eq!(done["done_note"], "客户满意");
        let err = env.fails(&["visit", "done", "1"], 1);
        assert!(err.contains("already done"), "{err}");
        env.fails(&["visit", "done", "99"], 1);
        assert_eq!(
            env.json(&["visit", "list", "--due", "all"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(env
            .ok(&["visit", "list", "--format", "csv"])
            .starts_with("id,due_on"));
    }
}

on_both! {
    fn replies_and_macros(env) {
        env.ok(&["agent", "new", "李娜"]);
        let id = env
            .ticket("打印机卡纸", &["--customer", "华为", "--new-customer"])
            .to_string();
        let replies = env.json(&["reply", "list"]);
        assert!(replies.as_array().unwrap().iter().any(|r| r["id"] == "ack"));
        let shown = env.ok(&["reply", "show", "ack", "--ticket", &id]);
        assert!(
            shown.contains("您好，华为") && shown.contains("工单 #1"),
            "{shown}"
        );
        env.fails(&["reply", "show", "nope"], 1);
        let macros = env.json(&["macro", "list"]);
        let m = macros
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "take-urgent")
            .unwrap();
        assert_eq!(m["key"], "M u");
        assert_eq!(m["priority"], "urgent");

        let c = env.json(&["ticket", "reply", &id, "--template", "ack"]);
        assert_eq!(c["internal"], false);
        assert!(c["body"].as_str().unwrap().contains("tester"), "{c}");
        env.ok(&["ticket", "reply", &id, "直接回复 plain text"]);
        env.fails(&["ticket", "reply", &id], 1);
        env.fails(&["ticket", "reply", &id, "text", "--template", "ack"], 1);
        let err = env.fails(&["ticket", "reply", &id, "--template", "nope"], 1);
        assert!(err.contains("hint: templates:"), "{err}");

        let t = env.json(&["ticket", "show", &id]);
        let v = t["version"].as_i64().unwrap();
        let t = env
            .cmd(&[
                "--actor",
                "李娜",
                "ticket",
                "macro",
                &id,
                "take-urgent",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
        let t: serde_json::Value = serde_json::from_slice(&t.stdout).unwrap();
        assert_eq!(t["priority"], "urgent");
        assert_eq!(t["assignee"], "李娜");
        assert_eq!(t["version"], v + 1, "one version for the whole macro");
        let t = env.json(&["ticket", "macro", &id, "M a"]);
        assert_eq!(t["stage"], "waiting_customer");
        let err = env.fails(&["ticket", "macro", &id, "nope"], 1);
        assert!(err.contains("take-urgent"), "{err}");
        let err = env.fails(&["ticket", "macro", &id, "solve", "--if-version", "1"], 1);
        assert!(err.starts_with("error: conflict"), "{err}");
        let cid = env.ticket("投诉", &["--type", "complaint"]).to_string();
        let err = env.fails(&["ticket", "macro", &cid, "solve"], 1);
        assert!(err.contains("macro 'solve'"), "{err}");
    }
}

on_both! {
    fn complaint_progress_timeline(env) {
        let id = env
            .ticket(
                "投诉：快递三次未送达",
                &[
                    "--type",
                    "complaint",
                    "--customer",
                    "张三",
                    "--new-customer",
                ],
            )
            .to_string();
        env.ok(&["ticket", "move", &id, "investigating"]);
        env.ok(&["ticket", "comment", &id, "已联系快递公司"]);
        env.ok(&["ticket", "comment", &id, "内部：催物流", "--internal"]);
        let p = env.json(&["ticket", "progress", &id]);
        let rows: Vec<(String, String)> = p
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().into(),
                    e["stage"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("update".to_string(), "accepted".to_string()),
                ("update".into(), "investigating".into()),
                ("reply".into(), "investigating".into())
            ]
        );
        assert!(p[0]["text"].as_str().unwrap().contains("已受理"));
        let table = env.ok(&["ticket", "progress", &id]);
        assert!(table.contains("now: Investigating"), "{table}");
        assert!(!table.contains("催物流"), "internal notes stay internal");
        let other = env.ticket("plain", &[]).to_string();
        assert!(env
            .ok(&["ticket", "progress", &other])
            .contains("nothing sent"));
        env.fails(&["ticket", "progress", "99"], 1);
    }
}

on_both! {
    fn service_reports_in_every_format(env) {
        env.ok(&["agent", "new", "李娜"]);
        env.ticket(
            "打印机卡纸 printer jam",
            &[
                "--priority",
                "high",
                "--channel",
                "phone",
                "--assignee",
                "李娜",
            ],
        );
        env.ticket(
            "发票开错了",
            &["--type", "after_sales", "--channel", "email"],
        );
        env.ok(&["ticket", "move", "1", "resolved"]);
        env.ok(&["ticket", "csat", "1", "5"]);
        let sla = env.json(&["report", "sla"]);
        let total = sla.as_array().unwrap().last().unwrap();
        assert_eq!(total["priority"], "all");
        assert_eq!(total["tickets"], 2);
        assert_eq!(total["first_response"]["met"], 1);
        assert_eq!(total["resolution"]["met"], 1);
        let vol = env.json(&["report", "volume", "--since", "today"]);
        let cat = |key: &str| {
            vol.as_array()
                .unwrap()
                .iter()
                .find(|r| r["dimension"] == "category" && r["key"] == key)
                .map(|r| r["tickets"].as_i64().unwrap())
        };
        assert_eq!(cat("printing"), Some(1));
        assert_eq!(cat("invoice"), Some(1));
        let csat = env.json(&["report", "csat"]);
        assert_eq!(csat[0]["dimension"], "all");
        assert_eq!(csat[0]["mean"], 5.0);
        assert_eq!(csat[0]["scores"], serde_json::json!([0, 0, 0, 0, 1]));
        let stages = env.json(&["report", "stages", "--since", "7d"]);
        let new = stages
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["stage"] == "new")
            .unwrap();
        assert_eq!(new["visits"], 1);
        assert_eq!(new["waiting_now"], 1);
        for r in ["sla", "volume", "csat", "stages"] {
            let table = env.ok(&["report", r]);
            assert!(
                table
                    .lines()
                    .next()
                    .unwrap()
                    .chars()
                    .all(|c| !c.is_lowercase()),
                "{r}: {table}"
            );
            let csv = env.ok(&["report", r, "--format", "csv"]);
            assert!(csv.lines().count() >= 2, "{r}: {csv}");
        }
        env.fails(&["report", "sla", "--since", "yesterday-ish"], 1);
        env.fails(
            &[
                "report",
                "stages",
                "--since",
                "2026-11-10",
                "--until",
                "2026-11-01",
            ],
            1,
        );
    }
}

on_both! {
    fn config_check_reports_bad_service_settings(env) {
        let path = env.dir.path().join("bad.toml");
        std::fs::write(
            &path,
            "[[macros]]\nid = \"x\"\nreply = \"missing\"\n\n[[replies]]\nid = \"r\"\ntitle = \"R\"\ntext = \"hi {nobody}\"\n",
        )
        .unwrap();
        let err = env.fails(&["config", "check", path.to_str().unwrap()], 1);
        assert!(err.contains("bad.toml:3:"), "{err}");
        assert!(err.contains("unknown reply 'missing'"), "{err}");
        assert!(err.contains("unknown placeholder '{nobody}'"), "{err}");
    }
}
