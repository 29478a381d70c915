//! CLI tests of projects: tasks, dependencies, milestones, risks, issue log, documents,
//! tickets, reports, acceptance and closing, with their error paths.

mod common;
use common::{on_both, Env};
use serde_json::Value;

/// A project with an owner, one milestone and three tasks: 1 → 2 (lag 2), 1 → 3.
fn setup(env: &Env) {
    env.ok(&["agent", "new", "李娜"]);
    env.ok(&["agent", "new", "王伟"]);
    let p = env.json(&[
        "project",
        "new",
        "--name",
        "ERP 系统升级",
        "--customer",
        "华为技术有限公司",
        "--new-customer",
        "--owner",
        "李娜",
        "--goal",
        "三个月内完成 ERP 升级",
        "--metric",
        "响应时间",
        "--target",
        "-20%",
        "--due",
        "2030-06-30",
    ]);
    assert_eq!(p["id"], 1);
    assert_eq!(
        env.ok(&[
            "milestone",
            "new",
            "--project",
            "1",
            "--name",
            "上线验收",
            "--due",
            "2030-05-31",
            "--deliverable",
            "验收报告"
        ])
        .trim(),
        "1"
    );
    let t1 = env.json(&[
        "task",
        "new",
        "--project",
        "1",
        "--name",
        "需求调研",
        "--start",
        "2030-04-01",
        "--end",
        "2030-04-03",
        "--estimate",
        "24",
        "--owner",
        "李娜",
        "--milestone",
        "1",
    ]);
    assert_eq!(t1["id"], 1);
    assert_eq!(t1["version"], 1);
    assert_eq!(
        env.ok(&[
            "task",
            "new",
            "--project",
            "1",
            "--name",
            "服务器升级 server",
            "--start",
            "2030-04-04",
            "--end",
            "2030-04-10",
            "--owner",
            "王伟",
            "--milestone",
            "1"
        ])
        .trim(),
        "2"
    );
    env.ok(&[
        "task",
        "new",
        "--project",
        "1",
        "--name",
        "打印机驱动测试",
        "--start",
        "2030-04-04",
        "--estimate",
        "9",
        "--after",
        "1",
    ]);
    env.ok(&["task", "link", "2", "--after", "1", "--lag", "2"]);
}

on_both! {
    fn tasks_links_and_schedule(env) {
        setup(env);
        let tasks = env.json(&["task", "list", "--project", "1"]);
        let tasks = tasks.as_array().unwrap();
        assert_eq!(tasks.len(), 3);
        let t2 = tasks.iter().find(|t| t["id"] == 2).unwrap();
        assert_eq!(t2["after"][0]["id"], 1);
        assert_eq!(t2["after"][0]["lag_days"], 2);
        assert_eq!(t2["critical"], true);
        assert_eq!(t2["version"], 2, "linking bumps the task's version");
        let t3 = tasks.iter().find(|t| t["id"] == 3).unwrap();
        assert_eq!(
            t3["planned_end"], "2030-04-04",
            "9 hours is one working day"
        );
        assert_eq!(t3["critical"], false);
        let table = env.ok(&["task", "list", "--project", "1"]);
        assert!(table.contains("#1+2"), "{table}");
        assert!(table.contains("服务器升级 server"));
        let csv = env.ok(&["task", "list", "--project", "1", "--format", "csv"]);
        assert_eq!(csv.lines().count(), 4);
        let show = env.json(&["task", "show", "1"]);
        assert_eq!(show["successors"].as_array().unwrap().len(), 2);
        assert!(env.ok(&["task", "show", "1"]).contains("before"));
        // All open projects' tasks without --project.
        assert_eq!(env.json(&["task", "list"]).as_array().unwrap().len(), 3);
        env.ok(&["task", "unlink", "3", "--after", "1"]);
        assert_eq!(
            env.json(&["task", "show", "3"])["after"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
        let err = env.fails(&["task", "unlink", "3", "--after", "1"], 1);
        assert!(err.contains("does not depend on #1"), "{err}");
    }
}

on_both! {
    fn cycles_are_refused_naming_the_cycle(env) {
        setup(env);
        let err = env.fails(&["task", "link", "1", "--after", "2"], 1);
        assert!(
            err.contains("error: dependency cycle: #1 → #2 → #1"),
            "{err}"
        );
        assert!(err.contains("hint:"));
        env.ok(&["task", "link", "3", "--after", "2"]);
        let err = env.fails(&["task", "link", "1", "--after", "3"], 1);
        assert!(
            err.contains("dependency cycle: #1 → #2 → #3 → #1")
                || err.contains("dependency cycle: #1 → #3 → #1"),
            "{err}"
        );
        let err = env.fails(&["task", "link", "2", "--after", "2"], 1);
        assert!(err.contains("dependency cycle: #2 → #2"), "{err}");
        // Nothing was written by the refused links.
        assert_eq!(
            env.json(&["task", "show", "1"])["after"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }
}

on_both! {
    fn move_stretch_progress_and_done(env) {
        setup(env);
        // Shift by working days over a weekend: Mon 1st–Wed 3rd + 3 = Thu 4th–Mon 8th.
        let t = env.json(&["task", "move", "1", "--by", "3d"]);
        assert_eq!(
            (t["planned_start"].as_str(), t["planned_end"].as_str()),
            (Some("2030-04-04"), Some("2030-04-08"))
        );
        let t = env.json(&["task", "move", "1", "--by", "-3"]);
        assert_eq!(t["planned_start"], "2030-04-01");
        // A new start keeps the length; --end stretches.
        let t = env.json(&["task", "move", "1", "--start", "2030-04-05"]);
        assert_eq!(
            (t["planned_start"].as_str(), t["planned_end"].as_str()),
            (Some("2030-04-05"), Some("2030-04-09"))
        );
        let t = env.json(&["task", "move", "1", "--end", "2030-04-12"]);
        assert_eq!(t["planned_end"], "2030-04-12");
        let v = t["version"].as_i64().unwrap();
        assert!(env
            .ok(&[
                "task",
                "move",
                "1",
                "--start",
                "2030-04-01",
                "--end",
                "2030-04-03"
            ])
            .contains("2030-04-01 – 2030-04-03"));
        let t = env.json(&["task", "progress", "1", "40"]);
        assert_eq!(t["percent_done"], 40);
        assert_eq!(t["status"], "doing");
        assert!(t["actual_start"].is_string());
        let t = env.json(&["task", "done", "1", "--on", "2030-04-03"]);
        assert_eq!(
            (t["status"].as_str(), t["percent_done"].as_i64()),
            (Some("done"), Some(100))
        );
        assert_eq!(t["actual_end"], "2030-04-03");
        // A stale version is refused and changes nothing.
        let err = env.fails(
            &[
                "task",
                "move",
                "1",
                "--by",
                "1",
                "--if-version",
                &v.to_string(),
            ],
            1,
        );
        assert!(
            err.contains("error: conflict: task #1 was changed by tester"),
            "{err}"
        );
        assert_eq!(
            env.json(&["task", "show", "1"])["planned_start"],
            "2030-04-01"
        );
        let cur = env.json(&["task", "show", "2"])["version"]
            .as_i64()
            .unwrap();
        env.ok(&[
            "task",
            "progress",
            "2",
            "10",
            "--if-version",
            &cur.to_string(),
        ]);
    }
}

on_both! {
    fn bad_input_is_refused_cleanly(env) {
        setup(env);
        let err = env.fails(&["task", "move", "1", "--start", "2030-02-30"], 1);
        assert!(err.contains("'2030-02-30' is not a date"), "{err}");
        let err = env.fails(
            &[
                "task",
                "move",
                "1",
                "--start",
                "2030-04-10",
                "--end",
                "2030-04-01",
            ],
            1,
        );
        assert!(err.contains("before it starts"), "{err}");
        env.fails(&["task", "move", "1"], 1);
        env.fails(&["task", "move", "1", "--by", "soon"], 1);
        env.fails(
            &["task", "move", "1", "--by", "2", "--start", "2030-04-01"],
            2,
        );
        let err = env.fails(&["task", "move", "99", "--by", "1"], 1);
        assert!(err.contains("task #99 not found"), "{err}");
        env.fails(&["task", "progress", "1", "120"], 1);
        env.fails(&["task", "new", "--project", "9", "--name", "x"], 1);
        env.fails(
            &[
                "task",
                "new",
                "--project",
                "1",
                "--name",
                "x",
                "--start",
                "tomorrow",
            ],
            1,
        );
        env.fails(&["task", "link", "1", "--after", "77"], 1);
        env.fails(&["project", "show", "42"], 1);
        env.fails(&["project", "report", "42"], 1);
        env.fails(&["project", "report", "1", "--kind", "weather"], 1);
        env.fails(
            &[
                "milestone",
                "new",
                "--project",
                "1",
                "--name",
                "x",
                "--due",
                "31/12/2030",
            ],
            1,
        );
        env.fails(
            &[
                "risk",
                "new",
                "--project",
                "1",
                "--title",
                "x",
                "--impact",
                "6",
            ],
            1,
        );
        env.fails(&["risk", "update", "5", "--status", "open"], 1);
        env.fails(&["risk", "update", "1", "--status", "open"], 1);
        env.fails(&["project", "edit", "1", "--status", "closed"], 1);
        env.fails(
            &[
                "project",
                "doc",
                "add",
                "1",
                "--title",
                "x",
                "--location",
                "/tmp/x",
                "--kind",
                "memo",
            ],
            1,
        );
        env.fails(
            &[
                "project",
                "issue",
                "new",
                "1",
                "--title",
                "x",
                "--severity",
                "meh",
            ],
            1,
        );
        env.fails(&["project", "link-ticket", "1", "404"], 1);
        env.fails(&["project", "gantt", "1", "--zoom", "year"], 1);
    }
}

on_both! {
    fn milestones_risks_issues_documents_and_tickets(env) {
        setup(env);
        let ms = env.json(&["milestone", "list", "--project", "1"]);
        assert_eq!(ms[0]["name"], "上线验收");
        assert_eq!(ms[0]["tasks"].as_array().unwrap().len(), 2);
        assert!(ms[0]["forecast"].is_string());
        assert!(env
            .ok(&["milestone", "list", "--project", "1"])
            .contains("上线验收"));
        let m = env.json(&["milestone", "done", "1"]);
        assert!(m["done_at"].is_string());

        assert_eq!(
            env.ok(&[
                "risk",
                "new",
                "--project",
                "1",
                "--title",
                "数据迁移失败",
                "--probability",
                "4",
                "--impact",
                "5",
                "--owner",
                "王伟",
                "--response",
                "准备回滚方案"
            ])
            .trim(),
            "1"
        );
        env.ok(&[
            "risk",
            "new",
            "--project",
            "1",
            "--title",
            "供应商延期",
            "--probability",
            "2",
            "--impact",
            "2",
        ]);
        let risks = env.json(&["risk", "list", "--project", "1"]);
        assert_eq!(risks[0]["score"], 20);
        assert_eq!(risks[0]["level"], "critical");
        assert_eq!(risks[0]["owner"], "王伟");
        assert_eq!(
            env.json(&["risk", "list", "--min-score", "10"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let r = env.json(&[
            "risk",
            "update",
            "1",
            "--status",
            "mitigated",
            "--probability",
            "2",
            "--response",
            "已完成演练",
        ]);
        assert_eq!(
            (
                r["status"].as_str(),
                r["probability"].as_i64(),
                r["version"].as_i64()
            ),
            (Some("mitigated"), Some(2), Some(2))
        );
        let err = env.fails(
            &["risk", "update", "1", "--impact", "1", "--if-version", "1"],
            1,
        );
        assert!(err.contains("conflict: risk #1"), "{err}");
        assert_eq!(
            env.json(&["risk", "list", "--project", "1"])
                .as_array()
                .unwrap()
                .len(),
            1,
            "mitigated risks are hidden"
        );
        assert_eq!(
            env.json(&["risk", "list", "--all"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(env.json(&["risk", "show", "1"])["response"], "已完成演练");

        assert_eq!(
            env.ok(&[
                "project",
                "issue",
                "new",
                "1",
                "--title",
                "测试环境宕机",
                "--severity",
                "high",
                "--owner",
                "李娜",
                "--due",
                "2030-04-20"
            ])
            .trim(),
            "1"
        );
        let i = env.json(&[
            "project",
            "issue",
            "update",
            "1",
            "--status",
            "resolved",
            "--resolution",
            "重启并扩容",
        ]);
        assert_eq!(i["status"], "resolved");
        assert!(i["resolved_at"].is_string());
        assert_eq!(
            env.json(&["project", "issue", "list", "1", "--open"])
                .as_array()
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            env.json(&["project", "issue", "list", "1"])
                .as_array()
                .unwrap()
                .len(),
            1
        );

        let d = env.json(&[
            "project",
            "doc",
            "add",
            "1",
            "--title",
            "项目计划",
            "--location",
            "https://example.com/plan.pdf",
            "--kind",
            "plan",
        ]);
        assert_eq!(d["kind"], "plan");
        assert_eq!(
            env.json(&["project", "doc", "list", "1"])[0]["title"],
            "项目计划"
        );

        let t = env.ticket("ERP 登录慢", &[]);
        assert!(env
            .ok(&["project", "link-ticket", "1", &t.to_string()])
            .contains("linked to"));
        assert!(env
            .ok(&["project", "link-ticket", "1", &t.to_string()])
            .contains("already"));
        let show = env.json(&["project", "show", "1"]);
        for k in [
            "health",
            "percent_done",
            "forecast_end",
            "critical_path",
            "milestones",
            "tasks",
            "risks",
            "issues",
            "documents",
            "tickets",
            "acceptance",
            "retro",
        ] {
            assert!(show.get(k).is_some(), "missing {k}");
        }
        assert_eq!(show["tickets"][0]["id"], t);
        let table = env.ok(&["project", "show", "1"]);
        assert!(
            table.contains("Tasks (* critical)") && table.contains("Documents"),
            "{table}"
        );
        env.ok(&["project", "link-ticket", "1", &t.to_string(), "--remove"]);
        assert_eq!(
            env.json(&["project", "show", "1"])["tickets"]
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }
}

on_both! {
    fn list_report_and_gantt(env) {
        setup(env);
        env.ok(&[
            "risk",
            "new",
            "--project",
            "1",
            "--title",
            "数据迁移失败",
            "--probability",
            "4",
            "--impact",
            "4",
        ]);
        let list = env.json(&["project", "list"]);
        assert_eq!(
            list[0]["health"]
                .as_str()
                .map(|h| ["on_track", "at_risk", "late"].contains(&h)),
            Some(true)
        );
        assert_eq!(list[0]["live_risks"], 1);
        assert!(
            env.ok(&["project", "list", "--format", "md"])
                .starts_with("ID "),
            "md prints like table"
        );
        let md = env.ok(&["project", "report", "1", "--format", "md"]);
        for part in [
            "# Status report: ERP 系统升级",
            "## Progress against plan",
            "## Milestones",
            "## Top risks",
            "## Open issues",
            "## Next steps",
            "数据迁移失败",
        ] {
            assert!(md.contains(part), "missing {part}:\n{md}");
        }
        assert_eq!(env.ok(&["project", "report", "1"]), md, "text is Markdown");
        let j = env.json(&["project", "report", "1"]);
        assert_eq!(j["project"]["name"], "ERP 系统升级");
        assert_eq!(j["progress"]["tasks_total"], 3);
        assert_eq!(j["critical_path"], serde_json::json!([1, 2]));
        let notice = env.json(&[
            "project",
            "report",
            "1",
            "--kind",
            "risks",
            "--threshold",
            "16",
        ]);
        assert_eq!(notice["risks"].as_array().unwrap().len(), 1);
        assert!(env
            .ok(&[
                "project",
                "report",
                "1",
                "--kind",
                "risks",
                "--threshold",
                "20"
            ])
            .contains("No open risk scores 20"));
        assert!(env
            .ok(&["project", "report", "1", "--kind", "milestones"])
            .contains("Deliverable: 验收报告"));
        assert_eq!(
            env.ok(&["project", "report", "1", "--format", "csv"])
                .lines()
                .count(),
            4
        );
        let out = env.dir.path().join("report.md");
        env.ok(&["project", "report", "1", "--out", out.to_str().unwrap()]);
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Status report"));
        let g = env.ok(&[
            "project",
            "gantt",
            "1",
            "--zoom",
            "day",
            "--width",
            "80",
            "--from",
            "2030-03-31",
        ]);
        let lines: Vec<&str> = g.lines().collect();
        assert_eq!(
            lines.len(),
            2 + 4,
            "two header lines, three tasks, one milestone"
        );
        assert!(lines[0].contains("2030-04") || lines[0].contains("2030-03"));
        let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        assert!(lines.iter().all(|l| w(l) == 80), "{g}");
        assert!(g.contains("#2 服务器升级 server"));
        assert!(env
            .ok(&["project", "gantt", "1", "--zoom", "month"])
            .contains("◆ 上线验收"));
    }
}

on_both! {
    fn accept_close_and_publish_the_retrospective(env) {
        setup(env);
        let err = env.fails(&["project", "close", "1", "--lessons", "x"], 1);
        assert!(
            err.contains("not accepted") && err.contains("project accept 1"),
            "{err}"
        );
        let v: Value = env.json(&["project", "edit", "1", "--status", "active"]);
        assert_eq!(v["status"], "active");
        let err = env.fails(
            &[
                "project",
                "accept",
                "1",
                "--by",
                "张总",
                "--if-version",
                "1",
            ],
            1,
        );
        assert!(err.contains("conflict: project #1"), "{err}");
        let a = env.json(&[
            "project",
            "accept",
            "1",
            "--by",
            "张总（客户）",
            "--notes",
            "系统运行稳定，同意验收",
        ]);
        assert_eq!(a["accepted_by"], "张总（客户）");
        env.fails(&["project", "accept", "1", "--by", "again"], 1);
        env.fails(&["project", "edit", "1", "--status", "active"], 1);
        let c = env.json(&[
            "project",
            "close",
            "1",
            "--went-well",
            "每周例会沟通顺畅",
            "--went-badly",
            "数据迁移低估了工作量",
            "--lessons",
            "迁移前先做一次全量演练",
            "--publish",
        ]);
        let article = c["article_id"].as_i64().expect("published");
        let kb = env.json(&["kb", "show", &article.to_string()]);
        assert_eq!(kb["category"], "项目复盘");
        assert_eq!(kb["title"], "项目复盘：ERP 系统升级");
        assert!(kb["body"]
            .as_str()
            .unwrap()
            .contains("迁移前先做一次全量演练"));
        let show = env.json(&["project", "show", "1"]);
        assert_eq!(show["status"], "closed");
        assert_eq!(show["acceptance"]["notes"], "系统运行稳定，同意验收");
        assert_eq!(show["retro"]["article_id"], article);
        // Closed projects are frozen; publishing twice makes no second article.
        let err = env.fails(&["task", "progress", "1", "50"], 1);
        assert!(err.contains("project #1 is closed"), "{err}");
        env.fails(&["project", "close", "1"], 1);
        assert_eq!(
            env.json(&["project", "close", "1", "--publish"])["article_id"],
            article
        );
        assert_eq!(
            env.json(&["kb", "list", "--category", "项目复盘"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}

on_both! {
    fn closing_without_publishing_then_publishing_later(env) {
        setup(env);
        env.ok(&["project", "accept", "1", "--by", "客户"]);
        assert!(env
            .ok(&["project", "close", "1", "--lessons", "早做计划"])
            .contains("closed"));
        assert!(env.json(&["project", "show", "1"])["retro"]["article_id"].is_null());
        let c = env.json(&["project", "close", "1", "--publish"]);
        assert!(c["article_id"].is_i64());
    }
}
