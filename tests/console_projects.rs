//! The Projects pane on a real database with a fixed clock: the list with health, the
//! Gantt chart at two zooms, the risk heatmap, issues and documents as snapshots at
//! 80×24 and 120×40 with Chinese names; and the task edits the keys turn into effects.

mod common;
use common::{on_both, Env};

use aftercare::app::chrome::Overlay;
use aftercare::app::keys::Key;
use aftercare::app::msg::{Effect, Msg, Note, PlanTab, Problem, ProjectsFx, ProjectsNote};
use aftercare::app::{handle, start};
use aftercare::app::{Lang, Pane, State};
use aftercare::config::Config;
use aftercare::domain::gantt::Zoom;
use aftercare::ops::{
    AgentInput, Desk, IssueInput, MilestoneInput, ProjectInput, RiskInput, TaskInput,
};
use aftercare::tui::effects;
use aftercare::tui::headless::buffer_text;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Monday 2026-03-09 10:00 in Shanghai (the built-in calendar's zone).
const NOW: i64 = 1_773_021_600;

fn desk(env: &Env) -> Desk {
    let mut d = env.desk("李娜");
    d.set_now(Some(NOW));
    d
}

fn task(d: &mut Desk, name: &str, ms: Option<i64>, start: &str, end: &str, after: &[i64]) -> i64 {
    d.create_task(TaskInput {
        project_id: 1,
        name: name.into(),
        milestone_id: ms,
        owner: Some("王伟".into()),
        start: Some(start.into()),
        end: Some(end.into()),
        estimate_hours: Some(16.0),
        after: after.to_vec(),
    })
    .unwrap()
    .id
}

/// An ERP upgrade on 2026-03-09: survey done, the server upgrade behind plan; and a
/// second, quiet project so the list has two rows.
fn fill(d: &mut Desk) {
    for name in ["李娜", "王伟"] {
        d.create_agent(AgentInput {
            name: name.into(),
            ..Default::default()
        })
        .unwrap();
    }
    for (name, customer, due) in [
        ("华为 ERP 升级", "华为技术有限公司", "2026-03-27"),
        ("京东仓库扫码枪更换", "京东物流", "2026-04-30"),
    ] {
        d.create_project(ProjectInput {
            name: name.into(),
            customer: Some(customer.into()),
            new_customer: true,
            owner: Some("李娜".into()),
            goal: Some("按期上线".into()),
            due_on: Some(due.parse().unwrap()),
            status: Some("active".into()),
            ..Default::default()
        })
        .unwrap();
    }
    let ms = |d: &mut Desk, name: &str, due: &str| {
        d.create_milestone(MilestoneInput {
            project_id: 1,
            name: name.into(),
            deliverable: None,
            due_on: Some(due.parse().unwrap()),
        })
        .unwrap()
        .id
    };
    let m1 = ms(d, "测试环境就绪", "2026-03-13");
    let m2 = ms(d, "上线验收", "2026-03-25");
    let survey = task(d, "需求调研", Some(m1), "2026-03-02", "2026-03-04", &[]);
    let upgrade = task(
        d,
        "服务器升级",
        Some(m1),
        "2026-03-05",
        "2026-03-11",
        &[survey],
    );
    let drivers = task(
        d,
        "打印机驱动测试",
        Some(m1),
        "2026-03-05",
        "2026-03-06",
        &[survey],
    );
    let training = task(d, "客户培训", Some(m2), "2026-03-16", "2026-03-18", &[]);
    d.link_task(training, upgrade, 2, None).unwrap();
    d.finish_task(survey, Some("2026-03-04".into()), None)
        .unwrap();
    d.set_task_progress(upgrade, 20, None).unwrap();
    d.finish_task(drivers, Some("2026-03-06".into()), None)
        .unwrap();
    for (title, p, i, owner, response) in [
        ("数据迁移失败", 3, 5, "王伟", "迁移前全量备份并演练回滚"),
        ("客户关键用户请假", 2, 3, "李娜", "提前约定培训时间"),
        ("硬件到货延迟", 4, 4, "王伟", "催供应商，准备备用机"),
    ] {
        d.create_risk(
            1,
            RiskInput {
                title: Some(title.into()),
                probability: Some(p),
                impact: Some(i),
                owner: Some(owner.into()),
                response: Some(response.into()),
                status: None,
            },
        )
        .unwrap();
    }
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
    for (title, loc, kind) in [
        ("项目计划书", "docs/计划书-v2.docx", "plan"),
        (
            "周例会纪要 3月6日",
            "https://wiki.example.com/erp/minutes-0306",
            "minutes",
        ),
        ("客户反馈：培训安排", "mail/feedback-0305.eml", "feedback"),
    ] {
        d.add_document(1, title, loc, kind).unwrap();
    }
}

/// Runs effects (and the effects their results ask for) until none are left.
fn drive(d: &mut Desk, s: &mut State, fx: Vec<Effect>) {
    let mut queue = fx;
    while let Some(e) = queue.pop() {
        for m in effects::run(d, e) {
            queue.extend(handle(s, m));
        }
    }
}

fn key(d: &mut Desk, s: &mut State, k: &str) {
    for k in Key::parse_seq(k).unwrap() {
        let fx = handle(s, Msg::Key(k));
        drive(d, s, fx);
    }
}

/// The Projects pane on a `w`×`h` screen, first project's plan loaded.
fn pane(d: &mut Desk, w: u16, h: u16, lang: Lang) -> State {
    let mut s = State::new(&Config::builtin(), "李娜", NOW, (w, h));
    s.time_zone = Some(chrono_tz::Asia::Shanghai);
    s.lang = lang;
    let fx = start(&mut s);
    drive(d, &mut s, fx);
    // Newest first: the ERP upgrade is the second row.
    key(d, &mut s, "2 j");
    assert_eq!(s.pane, Pane::Projects);
    s
}

fn screen(s: &State) -> String {
    let (w, h) = s.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| aftercare::ui::render(s, f)).unwrap();
    buffer_text(term.backend().buffer())
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(env: &Env, name: &str, lang: Lang, keys: &str) {
    for (w, h) in SIZES {
        let env = env.fresh();
        let mut d = desk(&env);
        fill(&mut d);
        let mut s = pane(&mut d, w, h, lang);
        if !keys.is_empty() {
            key(&mut d, &mut s, keys);
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), env.as_on_sqlite(screen(&s)));
    }
}

on_both! {
    fn list_with_health_and_gantt_by_day(env) {
        snap(env, "projects_gantt_day_zh", Lang::Zh, "enter j");
    }
}

on_both! {
    fn gantt_by_week(env) {
        snap(env, "projects_gantt_week_zh", Lang::Zh, "z");
    }
}

on_both! {
    fn gantt_by_month_in_english(env) {
        snap(env, "projects_gantt_month_en", Lang::En, "z z");
    }
}

on_both! {
    fn risk_heatmap_and_register(env) {
        snap(env, "projects_risks_zh", Lang::Zh, "t");
        snap(env, "projects_risks_en", Lang::En, "t");
    }
}

on_both! {
    fn issues_and_documents(env) {
        snap(env, "projects_issues_zh", Lang::Zh, "t t");
        snap(env, "projects_docs_zh", Lang::Zh, "t t t");
    }
}

on_both! {
    fn pane_shows_health_and_the_plan(env) {
        let mut d = desk(env);
        fill(&mut d);
        let s = pane(&mut d, 120, 40, Lang::Zh);
        assert_eq!(s.projects.summaries.len(), 2);
        assert_eq!(s.projects.plan().unwrap().project.id, 1);
        let text = screen(&s);
        assert!(text.contains("华为 ERP 升级"), "{text}");
        assert!(text.contains("有风险") || text.contains("延期"), "{text}");
        assert!(text.contains("服务器升级"), "{text}");
    }
}

on_both! {
    fn moving_a_task_asks_for_a_versioned_move_and_saves_it(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 120, 40, Lang::Zh);
        // Keys go to the plan; the second row is the server upgrade (task 2).
        key(&mut d, &mut s, "enter j");
        assert!(s.projects.focus);
        let version = d.task(2).unwrap().version;
        let fx = handle(&mut s, Msg::Key(Key::parse("gt").unwrap()));
        assert_eq!(
            fx,
            vec![Effect::Projects(ProjectsFx::MoveTask {
                project: 1,
                task: 2,
                by_days: 1,
                expected: Some(version),
            })]
        );
        drive(&mut d, &mut s, fx);
        let t = d.task(2).unwrap();
        assert_eq!(t.planned_start.map(|d| d.to_string()).as_deref(), Some("2026-03-06"));
        assert_eq!(t.planned_end.map(|d| d.to_string()).as_deref(), Some("2026-03-12"));
        // The reloaded plan keeps the same row selected, with the new version.
        assert_eq!(s.projects.selected_task(), Some((2, t.version)));
    }
}

on_both! {
    fn stretch_progress_and_done_are_effects_on_the_selected_task(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 80, 24, Lang::En);
        key(&mut d, &mut s, "enter j");
        let v = d.task(2).unwrap().version;
        let press = |s: &mut State, k: &str| handle(s, Msg::Key(Key::parse(k).unwrap()));
        assert_eq!(
            press(&mut s, "}"),
            vec![Effect::Projects(ProjectsFx::StretchTask {
                project: 1,
                task: 2,
                days: 1,
                expected: Some(v)
            })]
        );
        assert_eq!(
            press(&mut s, "+"),
            vec![Effect::Projects(ProjectsFx::Progress {
                project: 1,
                task: 2,
                percent: 30,
                expected: Some(v)
            })]
        );
        assert_eq!(
            press(&mut s, "minus"),
            vec![Effect::Projects(ProjectsFx::Progress {
                project: 1,
                task: 2,
                percent: 10,
                expected: Some(v)
            })]
        );
        let fx = press(&mut s, "D");
        assert_eq!(
            fx,
            vec![Effect::Projects(ProjectsFx::Finish {
                project: 1,
                task: 2,
                expected: Some(v)
            })]
        );
        drive(&mut d, &mut s, fx);
        assert_eq!(d.task(2).unwrap().status.as_str(), "done");
        // `{` on a stretched task shortens it again through the calendar.
        key(&mut d, &mut s, "}");
        assert_eq!(
            d.task(2).unwrap().planned_end.map(|d| d.to_string()).as_deref(),
            Some("2026-03-12")
        );
    }
}

on_both! {
    fn a_stale_version_is_refused_and_the_plan_reloaded(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 80, 24, Lang::En);
        key(&mut d, &mut s, "enter j");
        // Someone else changes the task after the plan was loaded.
        d.set_task_progress(2, 50, None).unwrap();
        let fx = handle(&mut s, Msg::Key(Key::parse("gt").unwrap()));
        drive(&mut d, &mut s, fx);
        assert_eq!(
            d.task(2).unwrap().planned_start.map(|d| d.to_string()).as_deref(),
            Some("2026-03-05")
        );
        assert!(
            s.toasts
                .iter()
                .any(|t| format!("{:?}", t.note).contains("Failed")),
            "{:?}",
            s.toasts
        );
        // The reload shows their 50%, and the next move goes through.
        assert_eq!(
            s.projects.plan().unwrap().task(2).unwrap().percent_done,
            50
        );
        key(&mut d, &mut s, "gt");
        assert_eq!(
            d.task(2).unwrap().planned_start.map(|d| d.to_string()).as_deref(),
            Some("2026-03-06")
        );
    }
}

on_both! {
    fn list_keys_move_projects_until_the_plan_takes_them(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 80, 24, Lang::En);
        // Without focus, `>` has no task: a note, no effect.
        let fx = handle(&mut s, Msg::Key(Key::parse("gt").unwrap()));
        assert!(fx.is_empty());
        key(&mut d, &mut s, "k");
        assert_eq!(s.projects.cursor.selected, 0);
        assert_eq!(s.projects.plan().unwrap().project.id, 2);
        key(&mut d, &mut s, "j t z");
        assert_eq!(s.projects.tab, PlanTab::Gantt);
        assert_eq!(s.projects.zoom, Zoom::Week);
        key(&mut d, &mut s, "enter esc");
        assert!(!s.projects.focus);
    }
}

on_both! {
    fn the_report_is_written_to_the_path_typed(env) {
        let dir = &env.dir;
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 80, 24, Lang::Zh);
        key(&mut d, &mut s, "w");
        let Overlay::Palette(p) = &s.overlay else {
            panic!("w opens the path prompt");
        };
        assert_eq!(p.input.text, "project-report ./project-1-report.md");
        key(&mut d, &mut s, "esc");
        let path = dir.path().join("状态报告.md");
        let fx = aftercare::app::update(
            &mut s,
            aftercare::app::Command::ProjectReport(Some(path.display().to_string())),
        );
        drive(&mut d, &mut s, fx);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("华为 ERP 升级"), "{text}");
        // A directory that is not there is an error toast, not a crash.
        let bad = dir.path().join("nope/r.md");
        let fx = aftercare::app::update(
            &mut s,
            aftercare::app::Command::ProjectReport(Some(bad.display().to_string())),
        );
        drive(&mut d, &mut s, fx);
        assert!(!bad.exists());
        assert!(s
            .toasts
            .iter()
            .any(|t| format!("{:?}", t.note).contains("Failed")));
    }
}

on_both! {
    fn clicks_pick_a_project_or_a_chart_row(env) {
        use aftercare::app::msg::Mouse;
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 120, 40, Lang::En);
        // Screen rows: tabs 0, list header 1, projects 2–3, plan tabs 4, task line 5,
        // chart header 6–7, chart rows from 8.
        let fx = handle(&mut s, Msg::Mouse(Mouse::Click { column: 30, row: 9 }));
        assert!(fx.is_empty());
        assert!(s.projects.focus);
        assert_eq!(s.projects.selected_task().map(|t| t.0), Some(2));
        let fx = handle(&mut s, Msg::Mouse(Mouse::Click { column: 5, row: 2 }));
        drive(&mut d, &mut s, fx);
        assert_eq!(s.projects.cursor.selected, 0);
        assert_eq!(s.projects.plan().unwrap().project.id, 2);
    }
}

on_both! {
    fn u_takes_back_task_moves_and_progress_one_step_at_a_time(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 120, 40, Lang::Zh);
        key(&mut d, &mut s, "enter j");
        let before = d.task(2).unwrap();
        // `>` (one working day later), then `+` (10% more progress).
        key(&mut d, &mut s, "gt");
        key(&mut d, &mut s, "+");
        let moved = d.task(2).unwrap();
        assert_ne!(moved.planned_start, before.planned_start);
        assert_eq!(moved.percent_done, before.percent_done + 10);
        // The first `u` takes back the progress only.
        key(&mut d, &mut s, "u");
        let t = d.task(2).unwrap();
        assert_eq!(t.percent_done, before.percent_done);
        assert_eq!(t.planned_start, moved.planned_start);
        // The second the move, though the undo wrote a newer version in between.
        key(&mut d, &mut s, "u");
        let t = d.task(2).unwrap();
        assert_eq!(
            (t.planned_start, t.planned_end, t.percent_done, t.status),
            (
                before.planned_start,
                before.planned_end,
                before.percent_done,
                before.status
            )
        );
        assert!(t.version > moved.version, "each undo is a versioned write");
        // Nothing more: said, not ignored.
        key(&mut d, &mut s, "u");
        assert!(s
            .toasts
            .iter()
            .any(|t| t.note == Note::Projects(ProjectsNote::NothingToUndo)));
        assert_eq!(d.task(2).unwrap().version, t.version);
    }
}

on_both! {
    fn an_undo_of_a_task_someone_changed_since_is_refused(env) {
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 120, 40, Lang::Zh);
        key(&mut d, &mut s, "enter j");
        key(&mut d, &mut s, "gt");
        // A colleague sets the progress in between.
        let v = d.task(2).unwrap().version;
        d.set_task_progress(2, 60, Some(v)).unwrap();
        key(&mut d, &mut s, "u");
        let t = d.task(2).unwrap();
        assert_eq!(t.percent_done, 60, "their change stands");
        assert!(s
            .toasts
            .iter()
            .any(|t| matches!(&t.note, Note::Failed(f) if f.problem == Problem::Conflict)));
    }
}

// The heatmap and the register agree: every live risk in the register names the
// heatmap cell that counts it (P×I), each counted cell has its risks listed, and a
// closed risk is listed but not counted (issue 15 item 12).
on_both! {
fn risk_register_and_heatmap_agree(env) {
    let mut d = desk(env);
    fill(&mut d);
    d.create_risk(
        1,
        RiskInput {
            title: Some("旧系统停机".into()),
            probability: Some(5),
            impact: Some(2),
            owner: Some("李娜".into()),
            response: Some("已切换".into()),
            status: Some("closed".into()),
        },
    )
    .unwrap();
    let mut s = pane(&mut d, 120, 40, Lang::En);
    key(&mut d, &mut s, "t");
    let text = screen(&s);
    let lines: Vec<&str> = text.lines().collect();
    // The heatmap row of probability p: five 4-column cells after "Pp" and padding.
    let cell = |p: i64, i: i64| -> String {
        let row = lines
            .iter()
            .find(|l| l.starts_with(&format!("P{p} ")))
            .unwrap_or_else(|| panic!("no heatmap row P{p}:\n{text}"));
        let cols: Vec<char> = row.chars().collect();
        let at = 4 + 4 * (i as usize - 1);
        cols[at..at + 4]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    };
    let plan = d.project_plan(1).unwrap();
    let mut counted = 0;
    for r in &plan.risks {
        let (p, i) = (r.risk.probability, r.risk.impact);
        let named = format!("{p}×{i}={:>2}", p * i);
        let line = lines
            .iter()
            .find(|l| l.contains(&r.risk.title))
            .unwrap_or_else(|| panic!("{} not listed:\n{text}", r.risk.title));
        assert!(line.contains(&named), "{named} not on {line:?}");
        if r.is_live() {
            counted += 1;
            assert_ne!(
                cell(p, i),
                "·",
                "P{p} I{i} should count {}:\n{text}",
                r.risk.title
            );
        } else {
            assert_eq!(
                cell(p, i),
                "·",
                "closed {} is counted:\n{text}",
                r.risk.title
            );
        }
    }
    let total: usize = (1..=5)
        .flat_map(|p| (1..=5).map(move |i| (p, i)))
        .map(|(p, i)| cell(p, i).parse::<usize>().unwrap_or(0))
        .sum();
    assert_eq!(total, counted, "{text}");
}
}

// The Progress tab: the ERP upgrade's planned-versus-actual curve with the forecast
// end against the due date, and all active projects together.
on_both! {
    fn progress_curve_tab(env) {
        snap(env, "projects_progress_zh", Lang::Zh, "t t t t");
        snap(env, "projects_progress_en", Lang::En, "t t t t");
        let mut d = desk(env);
        fill(&mut d);
        let mut s = pane(&mut d, 120, 40, Lang::En);
        key(&mut d, &mut s, "t t t t");
        assert_eq!(s.projects.tab, PlanTab::Progress);
        let curve = d.progress_curve(1).unwrap();
        let loaded = &s.projects.plan.as_ref().unwrap().curve;
        assert_eq!(loaded, &curve, "the pane shows the curve the CLI computes");
        let (_, all) = d.active_progress().unwrap();
        assert_eq!(s.projects.all_progress.as_ref(), Some(&all));
        let text = screen(&s);
        let forecast = curve.forecast_end.unwrap().to_string();
        assert!(text.contains(&forecast), "{text}");
        assert!(text.contains("All active projects"), "{text}");
    }
}
