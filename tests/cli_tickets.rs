//! CLI tests of the ticket commands: the happy paths and the JSON shape.

mod common;
use common::{on_both, Env};

const TICKET_KEYS: &[&str] = &[
    "id",
    "title",
    "body",
    "stage",
    "type",
    "priority",
    "channel",
    "customer",
    "assignee",
    "created_at",
    "updated_at",
    "version",
    "first_response_due",
    "resolution_due",
];

on_both! {
    fn new_prints_id_and_json_has_contract_keys(env) {
        let out = env.ok(&["ticket", "new", "--title", "first"]);
        assert_eq!(out.trim(), "1");
        let t = env.json(&[
            "ticket",
            "new",
            "--title",
            "打印机卡纸 printer jam",
            "--body",
            "客户说打印机一直卡纸",
            "--customer",
            "华为技术有限公司",
            "--new-customer",
            "--channel",
            "phone",
            "--type",
            "complaint",
            "--priority",
            "urgent",
        ]);
        for k in TICKET_KEYS {
            assert!(t.get(k).is_some(), "missing key {k}");
        }
        assert_eq!(t["id"], 2);
        assert_eq!(t["title"], "打印机卡纸 printer jam");
        assert_eq!(t["stage"], "accepted", "complaints start in their own flow");
        assert_eq!(t["customer"], "华为技术有限公司");
        assert_eq!(t["channel"], "phone");
        assert_eq!(t["version"], 1);
        let created = t["created_at"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(created).is_ok(),
            "{created}"
        );
        assert!(t["first_response_due"].is_string());
    }
}

on_both! {
    fn list_show_and_formats(env) {
        env.ticket("alpha", &["--priority", "high"]);
        env.ticket("beta 退款", &[]);
        let list = env.json(&["ticket", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["title"], "beta 退款", "newest first");
        let csv = env.ok(&["ticket", "list", "--format", "csv"]);
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.starts_with("id,"));
        let table = env.ok(&["ticket", "list"]);
        assert!(table.starts_with("ID "));
        let high = env.json(&["ticket", "list", "--priority", "high"]);
        assert_eq!(high.as_array().unwrap().len(), 1);
        let q = env.json(&["ticket", "list", "--query", "退款"]);
        assert_eq!(q[0]["title"], "beta 退款");
        let asc = env.json(&["ticket", "list", "--sort", "id", "--asc", "--limit", "1"]);
        assert_eq!(asc.as_array().unwrap().len(), 1);
        assert_eq!(asc[0]["title"], "alpha");
        let show = env.json(&["ticket", "show", "1"]);
        assert_eq!(show["id"], 1);
        assert!(show["comments"].is_array());
    }
}

on_both! {
    fn move_assign_comment_history_and_versions(env) {
        let id = env.ticket("t", &[]).to_string();
        env.ok(&["agent", "new", "李娜"]);
        let t = env.json(&["ticket", "assign", &id, "李娜"]);
        assert_eq!(t["assignee"], "李娜");
        assert_eq!(t["version"], 2);
        env.ok(&["ticket", "comment", &id, "已联系客户，等待回复"]);
        env.ok(&["ticket", "comment", &id, "内部备注", "--internal"]);
        let t = env.json(&["ticket", "move", &id, "analysing"]);
        assert_eq!(t["stage"], "analysing");
        assert_eq!(t["version"], 5);
        assert!(
            t["first_response_at"].is_string(),
            "a reply is the first response"
        );
        let t = env.json(&["ticket", "move", &id, "resolved", "--if-version", "5"]);
        assert!(t["resolved_at"].is_string());
        let show = env.json(&["ticket", "show", &id]);
        let comments = show["comments"].as_array().unwrap();
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[1]["internal"], true);
        let h = env.json(&["ticket", "history", &id]);
        let actions: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            ["create", "assign", "reply", "note", "move", "move"]
        );
        assert_eq!(h[0]["actor"], "tester");
        let t = env.json(&["ticket", "assign", &id, "none"]);
        assert!(t["assignee"].is_null());
    }
}

on_both! {
    fn edit_changes_fields_and_recomputes_due(env) {
        let t0 = env.json(&["ticket", "new", "--title", "t", "--priority", "low"]);
        let t = env.json(&[
            "ticket",
            "edit",
            "1",
            "--priority",
            "urgent",
            "--title",
            "renamed",
        ]);
        assert_eq!(t["priority"], "urgent");
        assert_eq!(t["title"], "renamed");
        assert_ne!(t["resolution_due"], t0["resolution_due"]);
        let t = env.json(&["ticket", "edit", "1", "--type", "complaint"]);
        assert_eq!(
            t["stage"], "accepted",
            "a new flow starts at its initial stage"
        );
        let h = env.json(&["ticket", "history", "1"]);
        let edits: Vec<&str> = h
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "edit")
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(edits, ["priority", "title", "stage", "type"]);
    }
}

on_both! {
    fn if_version_conflict_names_who_and_changes_nothing(env) {
        env.ticket("t", &[]);
        env.ok(&["ticket", "comment", "1", "first"]);
        let err = env.fails(
            &["ticket", "move", "1", "analysing", "--if-version", "1"],
            1,
        );
        assert!(err.starts_with("error: conflict:"), "{err}");
        assert!(err.contains("tester"), "{err}");
        assert!(err.contains("\nhint: "), "{err}");
        let t = env.json(&["ticket", "show", "1"]);
        assert_eq!(t["stage"], "new");
        assert_eq!(t["version"], 2);
        env.fails(&["ticket", "comment", "1", "stale", "--if-version", "1"], 1);
        env.fails(&["ticket", "assign", "1", "none", "--if-version", "1"], 1);
        env.fails(
            &["ticket", "edit", "1", "--title", "x", "--if-version", "1"],
            1,
        );
        assert_eq!(
            env.json(&["ticket", "show", "1"])["comments"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}

on_both! {
    fn customers_and_agents(env) {
        let c = env.json(&[
            "customer",
            "new",
            "--name",
            "华为技术有限公司",
            "--org",
            "华为",
            "--email",
            "it@huawei.example",
            "--phone",
            "+86 755 0000",
            "--chat",
            "wx:huawei-it",
        ]);
        assert_eq!(c["name"], "华为技术有限公司");
        let list = env.json(&["customer", "list"]);
        assert_eq!(list[0]["email"], "it@huawei.example");
        // A ticket by email finds the same customer.
        let t = env.json(&[
            "ticket",
            "new",
            "--title",
            "x",
            "--customer",
            "it@huawei.example",
            "--new-customer",
        ]);
        assert_eq!(t["customer_id"], c["id"]);
        let show = env.json(&["customer", "show", "华为技术有限公司"]);
        assert_eq!(show["ticket_count"], 1);
        assert!(show["products"].is_array());
        let a = env.json(&[
            "agent",
            "new",
            "--name",
            "Emma Clarke",
            "--groups",
            "technical,sales",
            "--skills",
            "printer:4,invoice",
            "--capacity",
            "32",
        ]);
        assert_eq!(a["groups"], serde_json::json!(["technical", "sales"]));
        env.ok(&["agent", "new", "王伟"]);
        let agents = env.json(&["agent", "list"]);
        assert_eq!(agents.as_array().unwrap().len(), 2);
        let err = env.fails(&["agent", "new", "王伟"], 1);
        assert!(err.contains("already exists"));
    }
}

on_both! {
    fn projects_and_articles(env) {
        env.ok(&["agent", "new", "李娜"]);
        let p = env.json(&[
            "project",
            "new",
            "--name",
            "华为 ERP 系统升级",
            "--customer",
            "华为",
            "--new-customer",
            "--owner",
            "李娜",
            "--goal",
            "三个月内完成升级，性能提升20%",
            "--metric",
            "响应时间",
            "--target",
            "-20%",
            "--due",
            "2027-02-28",
        ]);
        assert_eq!(p["owner"], "李娜");
        assert_eq!(env.json(&["project", "list"]).as_array().unwrap().len(), 1);
        let show = env.json(&["project", "show", "1"]);
        assert!(show["tasks"].is_array());
        env.fails(&["project", "new", "--name", "x", "--due", "tomorrow"], 1);
        let a = env.json(&[
            "kb",
            "new",
            "--title",
            "打印机卡纸怎么办",
            "--category",
            "技术支持",
            "--body",
            "# 步骤\n1. 关机",
            "--status",
            "published",
            "--review-by",
            "2027-01-01",
        ]);
        assert_eq!(a["category"], "技术支持");
        let body = env.dir.path().join("body.md");
        std::fs::write(&body, "# 新步骤\n- 重启").unwrap();
        let a = env.json(&["kb", "edit", "1", "--file", body.to_str().unwrap()]);
        assert_eq!(a["body"], "# 新步骤\n- 重启");
        assert_eq!(a["version"], 2);
        assert_eq!(
            env.json(&["kb", "list", "--category", "技术支持"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        env.fails(&["kb", "show", "99"], 1);
    }
}

on_both! {
    fn db_info_check_backup(env) {
        env.ticket("a", &[]);
        env.ticket("b", &[]);
        let info = env.json(&["db", "info"]);
        assert_eq!(info["tickets"], 2);
        assert_eq!(info["schema_version"], aftercare::store::LATEST_VERSION);
        assert!(env.ok(&["db", "check"]).starts_with("ok"));
        let dest = env.dir.path().join("backup.db");
        if env.is_postgres() {
            assert_eq!(info["backend"], "postgres");
            assert!(info["backend_version"].as_str().unwrap().starts_with(char::is_numeric));
            assert!(!info["path"].as_str().unwrap().contains(":aftercare"), "no password");
            // A server is backed up with its own tools, or copied into a file.
            let err = env.fails(&["db", "backup", dest.to_str().unwrap()], 1);
            assert!(err.contains("pg_dump") && err.contains("db migrate"), "{err}");
            return;
        }
        assert_eq!(info["backend"], "sqlite");
        env.ok(&["db", "backup", dest.to_str().unwrap()]);
        let copy = Env::at(dest.clone());
        assert_eq!(copy.json(&["ticket", "list"]).as_array().unwrap().len(), 2);
        env.fails(&["db", "backup", dest.to_str().unwrap()], 1);
    }
}

on_both! {
    fn config_check_and_completions(env) {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
        assert!(env.ok(&["config", "check", example]).starts_with("ok"));
        assert!(env.ok(&["config", "default"]).contains("[workflow]"));
        for shell in ["bash", "zsh", "fish"] {
            assert!(env.ok(&["completions", shell]).len() > 200);
        }
        let paths = env.ok(&["config", "paths"]);
        assert!(
            paths.contains(if env.is_postgres() { "postgres://" } else { "test.db" }),
            "{paths}"
        );
    }
}

on_both! {
    fn a_cut_list_says_how_many_there_are(env) {
        for t in ["a", "b", "c"] {
            env.ok(&["ticket", "new", "--title", t]);
        }
        let out = env
            .cmd(&["ticket", "list", "--limit", "2"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("2 of 3 — use --limit"), "{err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
        let out = env
            .cmd(&["ticket", "list", "--limit", "3"])
            .output()
            .unwrap();
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn list_after_gives_what_arrived_since_oldest_first() {
    let env = Env::new();
    for t in ["打印机卡纸", "发票", "打印机又卡纸", "退款"] {
        env.ok(&["ticket", "new", "--title", t]);
    }
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut a = vec!["ticket", "list"];
        a.extend_from_slice(args);
        env.json(&a)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--after", "1"]), vec![2, 3, 4]);
    assert_eq!(ids(&["--after", "1", "-q", "打印机"]), vec![3]);
    assert_eq!(ids(&["--after", "4"]), Vec::<i64>::new());
    assert_eq!(ids(&["--after", "0", "--limit", "2"]), vec![1, 2]);
    env.fails(&["ticket", "list", "--after", "1", "--asc"], 2);
}

on_both! {
    // Sorting by customer or assignee name walks the pinyin keys (migration 016; a
    // BYTEA column on PostgreSQL): Chinese names in pinyin order, nobody first when
    // ascending and last when descending, the same on both engines.
    fn list_sorted_by_customer_and_assignee_name_in_pinyin_order(env) {
        for (i, (customer, assignee)) in [
            ("张三", "王芳"),
            ("李四", ""),
            ("王五", "李娜"),
            ("", "张伟"),
            ("阿里", "Bob"),
        ]
        .into_iter()
        .enumerate()
        {
            let title = format!("工单 {i}");
            let mut args = vec!["ticket", "new", "--title", title.as_str()];
            if !customer.is_empty() {
                args.extend(["--customer", customer, "--new-customer"]);
            }
            env.ok(&args);
            if !assignee.is_empty() {
                env.ok(&["agent", "new", assignee]);
                env.ok(&["ticket", "assign", &(i + 1).to_string(), assignee]);
            }
        }
        let names = |sort: &str, asc: bool, field: &str| -> Vec<String> {
            let mut args = vec!["ticket", "list", "--sort", sort];
            if asc {
                args.push("--asc");
            }
            env.json(&args)
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t[field].as_str().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            names("customer", true, "customer"),
            ["", "阿里", "李四", "王五", "张三"]
        );
        assert_eq!(
            names("customer", false, "customer"),
            ["张三", "王五", "李四", "阿里", ""]
        );
        let key = aftercare::domain::collate::name_key;
        let mut want = vec!["Bob", "李娜", "王芳", "张伟"];
        want.sort_by_key(|n| key(n));
        want.insert(0, "");
        assert_eq!(names("assignee", true, "assignee"), want);
    }
}
