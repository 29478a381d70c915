//! The reports on a small hand-made week, with exact expected numbers.
//!
//! Calendar: Asia/Shanghai, Monday–Friday 09:00–18:00 (the built-in config).
//! Targets (business hours): urgent 1/8, high 2/24, normal 4/40, low 8/80.
//! Period: Monday 2026-11-23 00:00 to Saturday 2026-11-28 00:00; now: Friday 27 12:00.

use crate::config::Config;
use crate::ops::{AgentInput, Desk, TicketInput};
use chrono::TimeZone;

pub(crate) fn sh(d: u32, h: u32, m: u32) -> i64 {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp()
}

pub(crate) struct Week {
    pub(crate) desk: Desk,
    _dir: tempfile::TempDir,
}

impl Week {
    pub(crate) fn at(&mut self, d: u32, h: u32, m: u32) -> &mut Desk {
        self.desk.set_now(Some(sh(d, h, m)));
        &mut self.desk
    }
}

fn new(
    desk: &mut Desk,
    title: &str,
    ty: &str,
    prio: &str,
    channel: &str,
    who: Option<&str>,
) -> i64 {
    desk.create_ticket(TicketInput {
        title: title.into(),
        ty: Some(ty.into()),
        priority: Some(prio.into()),
        channel: Some(channel.into()),
        assignee: who.map(str::to_string),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// The week: see the module comment and the comments on each ticket.
pub(crate) fn week() -> Week {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("w.db"), Config::builtin(), "tester").unwrap();
    let mut w = Week { desk, _dir: dir };
    for name in ["李娜", "王伟"] {
        w.at(20, 8, 0)
            .create_agent(AgentInput {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
    }
    // T6: before the period; its stay in 'new' ends inside it (Mon 10:00).
    let t6 = new(
        w.at(20, 10, 0),
        "Printer offline",
        "technical",
        "normal",
        "email",
        None,
    );
    // T1: high, reply after 30 min (met), analysing 10:00, resolved 15:00 (met), CSAT 5.
    let t1 = new(
        w.at(23, 9, 0),
        "打印机卡纸 printer jam",
        "technical",
        "high",
        "phone",
        Some("李娜"),
    );
    w.at(23, 9, 30)
        .comment(t1, "您好，已收到", false, None)
        .unwrap();
    w.at(23, 10, 0).move_ticket(t6, "resolved", None).unwrap();
    w.at(23, 10, 0).move_ticket(t1, "analysing", None).unwrap();
    // T2: high, no reply before 13:30 (breached), waits on the customer Tue 10 – Thu 10.
    let t2 = new(
        w.at(23, 10, 0),
        "VPN 连不上公司内网",
        "technical",
        "high",
        "email",
        Some("王伟"),
    );
    // T3: urgent complaint, first reply at 14:00 (breached), in 'feedback' Tue 15:00
    // after 13 business hours (resolution breached), CSAT 2.
    let t3 = new(
        w.at(23, 11, 0),
        "投诉：维修人员态度恶劣",
        "complaint",
        "urgent",
        "phone",
        Some("李娜"),
    );
    w.at(23, 11, 30)
        .move_ticket(t3, "investigating", None)
        .unwrap();
    w.at(23, 13, 0).move_ticket(t2, "analysing", None).unwrap();
    w.at(23, 13, 30)
        .comment(t2, "Please restart the VPN client", false, None)
        .unwrap();
    w.at(23, 14, 0)
        .comment(t3, "非常抱歉，我们正在调查", false, None)
        .unwrap();
    w.at(23, 15, 0).move_ticket(t1, "resolved", None).unwrap();
    w.at(24, 9, 0)
        .move_ticket(t3, "solution_proposed", None)
        .unwrap();
    // T4: normal inquiry, untouched in 'new' since Tuesday 09:00.
    new(
        w.at(24, 9, 0),
        "发票抬头如何修改",
        "inquiry",
        "normal",
        "web",
        None,
    );
    w.at(24, 10, 0)
        .move_ticket(t2, "waiting_customer", None)
        .unwrap();
    w.at(24, 15, 0).move_ticket(t3, "feedback", None).unwrap();
    // T5: low, resolved after 30 min, closed next morning; not rated.
    let t5 = new(
        w.at(25, 17, 0),
        "Cannot log in after password reset",
        "technical",
        "low",
        "chat",
        Some("王伟"),
    );
    w.at(25, 17, 30).move_ticket(t5, "resolved", None).unwrap();
    w.at(26, 9, 0).move_ticket(t5, "closed", None).unwrap();
    w.at(26, 10, 0)
        .move_ticket(t2, "in_progress", None)
        .unwrap();
    w.at(26, 11, 0).rate(t1, 5, Some("很满意"), None).unwrap();
    w.at(26, 11, 0).rate(t3, 2, None, None).unwrap();
    w.at(27, 12, 0);
    w
}

fn period() -> (i64, i64) {
    (sh(23, 0, 0), sh(28, 0, 0))
}

#[test]
fn sla_report_counts_met_breached_and_pending() {
    let w = week();
    let (a, b) = period();
    let lines =
        super::sla::report(w.desk.store.conn(), &w.desk.config, a, b, w.desk.now()).unwrap();
    let row = |l: &super::sla::SlaLine| {
        (
            l.priority.map(|p| p.as_str()),
            l.ty.clone(),
            l.tickets,
            (
                l.first_response.met,
                l.first_response.breached,
                l.first_response.pending,
            ),
            (
                l.resolution.met,
                l.resolution.breached,
                l.resolution.pending,
            ),
        )
    };
    let got: Vec<_> = lines.iter().map(row).collect();
    assert_eq!(
        got,
        vec![
            (
                Some("urgent"),
                Some("complaint".into()),
                1,
                (0, 1, 0),
                (0, 1, 0)
            ),
            (
                Some("high"),
                Some("technical".into()),
                2,
                (1, 1, 0),
                (1, 0, 1)
            ),
            (
                Some("normal"),
                Some("inquiry".into()),
                1,
                (0, 1, 0),
                (0, 0, 1)
            ),
            (
                Some("low"),
                Some("technical".into()),
                1,
                (1, 0, 0),
                (1, 0, 0)
            ),
            (None, None, 5, (2, 3, 0), (2, 1, 2)),
        ]
    );
    assert_eq!(lines[4].first_response.met_rate(), Some(0.4));
    assert_eq!(lines[4].resolution.met_rate(), Some(2.0 / 3.0));
}

#[test]
fn volume_report_by_type_channel_priority_day_and_category() {
    let w = week();
    let (a, b) = period();
    let lines = super::volume::report(w.desk.store.conn(), &w.desk.config, a, b).unwrap();
    let dim = |d: &str| -> Vec<(String, i64)> {
        lines
            .iter()
            .filter(|l| l.dimension == d)
            .map(|l| (l.key.clone(), l.tickets))
            .collect()
    };
    let v = |x: &[(&str, i64)]| {
        x.iter()
            .map(|(k, n)| (k.to_string(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        dim("type"),
        v(&[("technical", 3), ("complaint", 1), ("inquiry", 1)])
    );
    assert_eq!(
        dim("channel"),
        v(&[("phone", 2), ("chat", 1), ("email", 1), ("web", 1)])
    );
    assert_eq!(
        dim("priority"),
        v(&[("urgent", 1), ("high", 2), ("normal", 1), ("low", 1)])
    );
    assert_eq!(
        dim("day"),
        v(&[
            ("2026-11-23", 3),
            ("2026-11-24", 1),
            ("2026-11-25", 1),
            ("2026-11-26", 0),
            ("2026-11-27", 0)
        ])
    );
    assert_eq!(
        dim("category"),
        v(&[
            ("account", 1),
            ("invoice", 1),
            ("network", 1),
            ("onsite", 1),
            ("printing", 1)
        ])
    );
    let tech = lines.iter().find(|l| l.key == "technical").unwrap();
    assert_eq!(tech.share, Some(0.6));
    assert_eq!(tech.label, "Technical support");
}

#[test]
fn csat_report_overall_by_type_and_agent() {
    let w = week();
    let (a, b) = period();
    let lines = super::csat::report(w.desk.store.conn(), &w.desk.config, a, b).unwrap();
    let got: Vec<_> = lines
        .iter()
        .map(|l| (l.dimension, l.key.as_str(), l.resolved, l.rated, l.mean()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("all", "all", 3, 2, Some(3.5)),
            ("type", "complaint", 1, 1, Some(2.0)),
            ("type", "technical", 2, 1, Some(5.0)),
            ("agent", "李娜", 2, 2, Some(3.5)),
            ("agent", "王伟", 1, 0, None),
        ]
    );
    assert_eq!(lines[0].scores, [0, 1, 0, 0, 1]);
    assert_eq!(lines[0].satisfied(), Some(0.5));
    assert!((lines[0].response_rate().unwrap() - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn stage_report_means_percentiles_and_waiting_now() {
    let w = week();
    let (a, b) = period();
    let lines = super::stages::report(w.desk.store.conn(), &w.desk.config, a, b).unwrap();
    let get = |s: &str| {
        lines
            .iter()
            .find(|l| l.stage == s)
            .unwrap_or_else(|| panic!("{s}"))
    };
    let new = get("new");
    assert_eq!(new.visits, 4);
    assert_eq!(new.mean_hours, Some(3.375)); // 9, 1, 3, 0.5
    assert_eq!(new.p90_hours, Some(9.0));
    assert_eq!(new.mean_wall_hours, Some(19.125)); // 72, 1, 3, 0.5
    assert_eq!(new.p90_wall_hours, Some(72.0));
    assert_eq!(new.over_limit, 2);
    assert_eq!(new.waiting_now, 1);
    let an = get("analysing");
    assert_eq!(
        (an.visits, an.mean_hours, an.p90_hours),
        (2, Some(5.5), Some(6.0))
    );
    assert_eq!(
        (an.mean_wall_hours, an.over_limit, an.waiting_now),
        (Some(13.0), 2, 0)
    );
    let wc = get("waiting_customer");
    assert_eq!(
        (wc.visits, wc.mean_hours, wc.p90_wall_hours),
        (1, Some(18.0), Some(48.0))
    );
    let inv = get("investigating");
    assert_eq!(
        (inv.mean_hours, inv.mean_wall_hours),
        (Some(6.5), Some(21.5))
    );
    let ip = get("in_progress");
    assert_eq!((ip.visits, ip.mean_hours, ip.waiting_now), (0, None, 1));
    assert_eq!(get("resolved").waiting_now, 2);
    assert_eq!(get("resolved").mean_hours, Some(0.5));
    assert_eq!(get("feedback").waiting_now, 1);
    assert!(
        lines.iter().all(|l| l.stage != "escalated"),
        "no stays, nobody there"
    );
    // A period before any stay ended lists only where tickets are now.
    let early = super::stages::report(
        w.desk.store.conn(),
        &w.desk.config,
        sh(1, 0, 0),
        sh(2, 0, 0),
    )
    .unwrap();
    assert!(early.iter().all(|l| l.visits == 0));
    assert_eq!(early.iter().map(|l| l.waiting_now).sum::<i64>(), 6);
}

#[test]
fn stage_limits_follow_the_ticket_flow_when_flows_differ() {
    let mut w = week();
    let (a, b) = period();
    let set = |w: &mut Week, flow: &str, limit: f64| {
        let f = w.desk.config.workflow.flows.get_mut(flow).unwrap();
        f.stages
            .iter_mut()
            .find(|s| s.id == "waiting_customer")
            .unwrap()
            .limit_hours = limit;
    };
    // Only complaints have a limit there: T2 (technical, 18h waiting) is not over it.
    set(&mut w, "complaint", 1.0);
    let lines = super::stages::report(w.desk.store.conn(), &w.desk.config, a, b).unwrap();
    let wc = lines
        .iter()
        .find(|l| l.stage == "waiting_customer")
        .unwrap();
    assert_eq!(wc.over_limit, 0);
    set(&mut w, "standard", 4.0);
    let lines = super::stages::report(w.desk.store.conn(), &w.desk.config, a, b).unwrap();
    let wc = lines
        .iter()
        .find(|l| l.stage == "waiting_customer")
        .unwrap();
    assert_eq!(wc.over_limit, 1);
}
