//! The project status report from known data with a fixed clock, as a snapshot; and the
//! operations the console uses (stale versions refused, plan and chart rows).

mod common;
use common::{on_both, Env};

use aftercare::domain::gantt::{self, GanttItem, GanttView, Zoom};
use aftercare::domain::schedule::Health;
use aftercare::ops::{
    report_json, report_markdown, AgentInput, Desk, IssueInput, MilestoneInput, ProjectInput,
    ReportKind, RiskInput, TaskInput, TaskMove,
};

/// Monday 2026-03-09 10:00 in Shanghai (the built-in calendar's zone).
const NOW: i64 = 1_773_021_600;

/// One snapshot for both backends (named from this file, not the test's module).
fn snapshot(name: &str, text: String) {
    insta::assert_snapshot!(name, text);
}

fn desk(env: &Env) -> Desk {
    let mut d = env.desk("tester");
    d.set_now(Some(NOW));
    d
}

fn task(
    d: &mut Desk,
    name: &str,
    ms: Option<i64>,
    owner: &str,
    start: &str,
    end: &str,
    after: &[i64],
) -> i64 {
    d.create_task(TaskInput {
        project_id: 1,
        name: name.into(),
        milestone_id: ms,
        owner: Some(owner.into()),
        start: Some(start.into()),
        end: Some(end.into()),
        estimate_hours: Some(16.0),
        after: after.to_vec(),
    })
    .unwrap()
    .id
}

/// An upgrade project on 2026-03-09: survey done, the server upgrade behind plan.
fn upgrade_project(d: &mut Desk) {
    for name in ["李娜", "王伟"] {
        d.create_agent(AgentInput {
            name: name.into(),
            ..Default::default()
        })
        .unwrap();
    }
    d.create_project(ProjectInput {
        name: "华为 ERP 升级".into(),
        customer: Some("华为技术有限公司".into()),
        new_customer: true,
        owner: Some("李娜".into()),
        goal: Some("三个月内把 ERP 升级到 V5，系统响应时间提升 20%".into()),
        metric: Some("响应时间".into()),
        target: Some("-20%".into()),
        due_on: Some("2026-03-27".parse().unwrap()),
        status: Some("active".into()),
    })
    .unwrap();
    let m1 = d
        .create_milestone(MilestoneInput {
            project_id: 1,
            name: "测试环境就绪".into(),
            deliverable: Some("测试报告".into()),
            due_on: Some("2026-03-13".parse().unwrap()),
        })
        .unwrap()
        .id;
    let m2 = d
        .create_milestone(MilestoneInput {
            project_id: 1,
            name: "上线验收".into(),
            deliverable: Some("验收报告".into()),
            due_on: Some("2026-03-25".parse().unwrap()),
        })
        .unwrap()
        .id;
    let survey = task(
        d,
        "需求调研",
        Some(m1),
        "李娜",
        "2026-03-02",
        "2026-03-04",
        &[],
    );
    let upgrade = task(
        d,
        "服务器升级 | server",
        Some(m1),
        "王伟",
        "2026-03-05",
        "2026-03-11",
        &[survey],
    );
    let drivers = task(
        d,
        "打印机驱动测试",
        Some(m1),
        "王伟",
        "2026-03-05",
        "2026-03-06",
        &[survey],
    );
    let training = task(
        d,
        "客户培训",
        Some(m2),
        "李娜",
        "2026-03-16",
        "2026-03-18",
        &[],
    );
    d.link_task(training, upgrade, 2, None).unwrap();
    let _ = drivers;
    d.finish_task(survey, Some("2026-03-04".into()), None)
        .unwrap();
    d.set_task_progress(upgrade, 20, None).unwrap();
    d.finish_task(drivers, Some("2026-03-06".into()), None)
        .unwrap();
    d.create_risk(
        1,
        RiskInput {
            title: Some("数据迁移失败".into()),
            probability: Some(3),
            impact: Some(5),
            owner: Some("王伟".into()),
            response: Some("迁移前全量备份并演练回滚".into()),
            status: None,
        },
    )
    .unwrap();
    d.create_risk(
        1,
        RiskInput {
            title: Some("客户关键用户请假".into()),
            probability: Some(2),
            impact: Some(3),
            owner: Some("李娜".into()),
            response: Some("提前约定培训时间".into()),
            status: None,
        },
    )
    .unwrap();
    d.create_issue(
        1,
        IssueInput {
            title: Some("测试服务器磁盘不足".into()),
            severity: Some("high".into()),
            owner: Some("王伟".into()),
            due_on: Some("2026-03-10".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
}

on_both! {
    fn status_report_snapshot(env) {
        let mut d = desk(env);
        upgrade_project(&mut d);
        let r = d.project_report(1).unwrap();
        assert_eq!(r.date.to_string(), "2026-03-09");
        snapshot("status_report", report_markdown(&r, ReportKind::Status, 12));
        snapshot(
            "milestone_report",
            report_markdown(&r, ReportKind::Milestones, 12),
        );
        snapshot("risk_notice", report_markdown(&r, ReportKind::Risks, 12));
        let j: serde_json::Value =
            serde_json::from_str(&report_json(&r, ReportKind::Status, 12)).unwrap();
        assert_eq!(j["progress"]["tasks_done"], 2);
        assert_eq!(j["critical_path"], serde_json::json!([1, 2, 4]));
    }
}

on_both! {
    fn schedule_health_and_chart_rows_for_the_console(env) {
        let mut d = desk(env);
        upgrade_project(&mut d);
        let plan = d.project_plan(1).unwrap();
        // 20% of five days on the 9th: four days left end on the 12th, a day late.
        let up = plan.schedule.task(2).unwrap();
        assert_eq!(up.forecast_end.to_string(), "2026-03-12");
        assert_eq!(up.slippage, 1);
        assert_eq!(plan.schedule.health, Health::AtRisk);
        let items = plan.gantt_items();
        assert!(matches!(items[3], GanttItem::Milestone(ref m) if m.name == "测试环境就绪"));
        let view = GanttView {
            start: gantt::fit_start(&items, Zoom::Week, plan.today),
            today: plan.today,
            zoom: Zoom::Week,
            width: 72,
            label_width: None,
        };
        let cal = d.config.sla.calendar.clone();
        let layout = gantt::layout(&items, &view, &|x| cal.is_workday(x));
        assert_eq!(layout.rows.len(), 6);
        assert!(layout.today_col.is_some());
        snapshot("project_gantt_week", layout.lines().join("\n"));
    }
}

on_both! {
    fn stale_versions_are_refused(env) {
        let mut d = desk(env);
        upgrade_project(&mut d);
        let t = d.task(4).unwrap();
        let moved = d
            .move_task(
                4,
                TaskMove {
                    by_days: Some(1),
                    ..Default::default()
                },
                Some(t.version),
            )
            .unwrap();
        assert_eq!(moved.version, t.version + 1);
        let err = d
            .move_task(
                4,
                TaskMove {
                    by_days: Some(1),
                    ..Default::default()
                },
                Some(t.version),
            )
            .unwrap_err();
        assert!(err.is_conflict(), "{err}");
        assert_eq!(
            d.task(4).unwrap().planned_start,
            moved.planned_start,
            "nothing changed"
        );
        let err = d.set_task_progress(4, 10, Some(t.version)).unwrap_err();
        assert!(err.is_conflict());
        let err = d.link_task(4, 1, 0, Some(t.version)).unwrap_err();
        assert!(err.is_conflict());
        assert_eq!(
            d.project_plan(1)
                .unwrap()
                .links
                .iter()
                .filter(|l| l.task == 4)
                .count(),
            1,
            "the refused link was rolled back"
        );
    }
}

on_both! {
    fn planned_versus_actual_curve(env) {
        let mut d = desk(env);
        upgrade_project(&mut d);
        let c = d.progress_curve(1).unwrap();
        let at = |day: &str| {
            c.points
                .iter()
                .find(|p| p.day.to_string() == day)
                .unwrap_or_else(|| panic!("{day}"))
        };
        // Four tasks of 16 h. The survey's finish is dated 2026-03-04 (its --on day), the
        // drivers' 2026-03-06; the upgrade's 20% was recorded today.
        assert_eq!(c.points.len(), 26, "2 to 27 March (the due date)");
        assert_eq!(at("2026-03-03").actual, Some(0.0));
        assert_eq!(at("2026-03-04").actual, Some(25.0));
        assert_eq!(at("2026-03-06").actual, Some(50.0));
        // Planned on Friday 6: survey and drivers done, the upgrade 2 of 5 days.
        assert_eq!(at("2026-03-06").planned, 60.0);
        // Today: as the status report says (65% planned, 55% done).
        assert_eq!((c.planned_now, c.actual_now), (65.0, 55.0));
        assert_eq!(at("2026-03-09").actual, Some(55.0));
        // Forecast: from 55% today to 100% on the forecast end, the 19th.
        assert_eq!(at("2026-03-14").forecast, Some(77.5));
        assert_eq!(at("2026-03-19").forecast, Some(100.0));
        assert_eq!(at("2026-03-20").forecast, None);
        assert_eq!(c.late_days, Some(-6));
        assert_eq!(
            c.verdict(),
            "forecast end 2026-03-19, 6 working days before the due date 2026-03-27"
        );
        // All active projects together: only this one.
        let (each, all) = d.active_progress().unwrap();
        assert_eq!(each.len(), 1);
        assert_eq!((all.planned_now, all.actual_now), (65.0, 55.0));
        assert_eq!(all.points.len(), c.points.len());
    }
}
