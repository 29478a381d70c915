//! Workload, ranking and time tracking on a temporary database with a fixed clock.

use super::*;
use crate::config::Config;
use crate::domain::records::{Project, Task};
use crate::domain::timelog::WorkRef;
use crate::ops::{AgentInput, TicketInput};
use chrono::TimeZone;

/// Monday 2026-11-23 10:30 in Shanghai.
fn monday() -> i64 {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 23, 10, 30, 0)
        .unwrap()
        .timestamp()
}

fn desk(dir: &tempfile::TempDir, actor: &str) -> Desk {
    let mut d = Desk::open(&dir.path().join("t.db"), Config::builtin(), actor).unwrap();
    d.set_now(Some(monday()));
    d
}

fn agent(d: &mut Desk, name: &str, skills: &[&str], capacity: f64) -> i64 {
    d.create_agent(AgentInput {
        name: name.into(),
        skills: skills.iter().map(|s| s.to_string()).collect(),
        capacity_hours: Some(capacity),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn ticket(d: &mut Desk, title: &str, priority: &str, assignee: &str) -> i64 {
    d.create_ticket(TicketInput {
        title: title.into(),
        priority: Some(priority.into()),
        assignee: Some(assignee.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn task(d: &mut Desk, owner: i64, hours: f64, start: &str, end: &str, done: i64) {
    d.store
        .write(|c| {
            let p = crate::store::projects::insert(
                c,
                &Project {
                    name: "升级".into(),
                    status: "active".parse().unwrap(),
                    created_at: monday(),
                    updated_at: monday(),
                    ..Default::default()
                },
            )?;
            crate::store::projects::insert_task(
                c,
                &Task {
                    project_id: p,
                    name: "迁移".into(),
                    owner_id: Some(owner),
                    planned_start: Some(start.parse().unwrap()),
                    planned_end: Some(end.parse().unwrap()),
                    estimate_hours: hours,
                    percent_done: done,
                    status: "doing".parse().unwrap(),
                    ..Default::default()
                },
            )?;
            Ok(())
        })
        .unwrap();
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn load_counts_weighted_tickets_and_windowed_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "lead");
    let li = agent(&mut d, "李娜", &["printer:5"], 40.0);
    agent(&mut d, "Tom", &[], 20.0);
    ticket(&mut d, "a", "urgent", "李娜");
    ticket(&mut d, "b", "high", "李娜");
    ticket(&mut d, "c", "low", "李娜");
    // 40 h, half done, Mon 11-23 .. Fri 12-04 (10 working days): 2 h a day, 10 h in the window.
    task(&mut d, li, 40.0, "2026-11-23", "2026-12-04", 50);
    // Outside the two weeks shown and the window: no load now.
    task(&mut d, li, 100.0, "2027-01-04", "2027-01-08", 0);

    let w = d.workload(2).unwrap();
    assert_eq!(w.today.to_string(), "2026-11-23");
    assert_eq!(w.grid.days.len(), 14);
    let l = w.agents.iter().find(|a| a.agent.name == "李娜").unwrap();
    assert_eq!(l.open_tickets, 3);
    assert!(close(l.ticket_hours, 4.0 + 2.0 + 0.5));
    assert!(close(l.task_hours, 10.0), "{}", l.task_hours);
    assert!(close(l.capacity_hours, 40.0));
    assert!(close(l.share.unwrap(), 16.5 / 40.0));
    assert_eq!(l.tasks_due, 1, "the January task is past the two weeks");
    let row = &w.grid.rows[l.row];
    assert!(close(row.cells[7].task_hours, 2.0), "second Monday");
    assert!(!row.cells[5].available, "Saturday");
    let tom = w.agents.iter().find(|a| a.agent.name == "Tom").unwrap();
    assert_eq!(tom.share, Some(0.0));
}

#[test]
fn out_of_office_and_holidays_remove_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "lead");
    agent(&mut d, "李娜", &[], 40.0);
    d.edit_agent(
        "李娜",
        AgentEdit {
            add_ooo: vec!["2026-11-24..2026-11-25".into()],
            workdays: Some("mon-thu".into()),
            ..Default::default()
        },
        Some(1),
    )
    .unwrap();
    let w = d.workload(1).unwrap();
    let l = &w.agents[0];
    // Mon and Thu remain, at 40 / 4 = 10 h each.
    assert!(close(l.capacity_hours, 20.0), "{}", l.capacity_hours);
    assert_eq!(l.today, DayStatus::Working);
    let row = &w.grid.rows[0];
    let avail: Vec<bool> = row.cells.iter().map(|c| c.available).collect();
    assert_eq!(avail, [true, false, false, true, false, false, false]);
    // Tomorrow they are away, back on Thursday.
    let mut later = desk(&dir, "lead");
    later.set_now(Some(monday() + 86_400));
    let l = later.workload(1).unwrap().agents[0].clone();
    assert_eq!(l.today, DayStatus::OutOfOffice);
    assert_eq!(l.back_on.unwrap().to_string(), "2026-11-26");
}

#[test]
fn ranking_and_auto_assignment_prefer_skill_then_free_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = desk(&dir, "lead");
    agent(&mut d, "expert", &["printer:5"], 40.0);
    agent(&mut d, "novice", &["printer:1"], 40.0);
    let t = d
        .create_ticket(TicketInput {
            title: "打印机 printer 卡纸".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let r = d.rank_agents(t).unwrap();
    assert_eq!(r.ranked[0].name, "expert");
    // Bury the expert in urgent work: 15 × 4 h = 60 h over 40 h of capacity.
    for i in 0..15 {
        ticket(&mut d, &format!("u{i}"), "urgent", "expert");
    }
    let r = d.rank_agents(t).unwrap();
    assert_eq!(r.ranked[0].name, "novice", "{:?}", r.ranked);
    let (assigned, pick) = d.auto_assign(t, None).unwrap();
    assert_eq!(assigned.assignee.as_deref(), Some("novice"));
    assert_eq!(pick.method, "ranking");
}

#[test]
fn timers_log_time_for_the_acting_agent() {
    let dir = tempfile::tempdir().unwrap();
    let mut lead = desk(&dir, "lead");
    let li = agent(&mut lead, "李娜", &[], 40.0);
    let t = ticket(&mut lead, "x", "normal", "李娜");
    assert!(
        lead.start_timer(WorkRef::Ticket(t), None).is_err(),
        "lead is no agent"
    );
    let mut me = desk(&dir, "李娜");
    me.start_timer(WorkRef::Ticket(t), Some("看日志")).unwrap();
    me.set_now(Some(monday() + 25 * 60 + 40));
    let e = me.stop_timer().unwrap();
    assert_eq!(e.minutes, 26);
    assert_eq!(e.note, "看日志");
    assert!(me.stop_timer().is_err());
    assert_eq!(me.minutes_this_week(li).unwrap(), 26);
    let by = me
        .time_logged_by_agent(monday() - 3600, monday() + 3600)
        .unwrap();
    assert_eq!(by.len(), 1);
    assert!(close(by[0].1, 26.0 / 60.0));
    let e2 = me.edit_time(e.id, Some(30), None, Some(1)).unwrap();
    assert_eq!((e2.minutes, e2.version), (30, 2));
    assert!(me
        .edit_time(e.id, Some(40), None, Some(1))
        .unwrap_err()
        .is_conflict());
}
