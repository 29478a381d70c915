//! What reports keep beside the tickets (migration 017), on both engines.
//!
//! Stored SLA outcomes: every write that changes a ticket's clocks keeps its
//! outcome, `report sla` read from them equals the engine's computation from each
//! ticket's history (pauses, business hours, reopening, a raised priority), `db
//! check` finds a tampered one and a rebuild (`db reindex`) puts it right.
//!
//! The dashboard's facts: every write keeps them (moves, replies, scores, tags,
//! assignment, edits), the dashboard read from them equals the one read from the
//! tickets themselves for every scope, a tampered fact is found and rebuilt.
//!
//! Calendar: Asia/Shanghai, Monday–Friday 09:00–18:00 (the built-in config).
//! Targets (business hours, first response / resolution): urgent 1/8, high 2/24,
//! normal 4/40, low 8/80.

mod common;

use aftercare::config::Config;
use aftercare::domain::sla_engine::{pack, ClockOutcome};
use aftercare::ops::{AgentInput, Desk, TicketEdit, TicketInput};
use aftercare::report::dashboard::{Period, Scope};
use aftercare::report::sla::{self, SlaLine};
use chrono::NaiveDate;
use chrono::TimeZone;
use common::{on_both, Env};

/// 2026-11-`d` `h`:`m` in Shanghai (the 23rd is a Monday).
fn sh(d: u32, h: u32, m: u32) -> i64 {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .timestamp()
}

fn at(desk: &mut Desk, d: u32, h: u32, m: u32) -> &mut Desk {
    desk.set_now(Some(sh(d, h, m)));
    desk
}

fn new(desk: &mut Desk, title: &str, prio: &str) -> i64 {
    desk.create_ticket(TicketInput {
        title: title.into(),
        ty: Some("technical".into()),
        priority: Some(prio.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

/// The stored outcome of ticket `id`.
fn stored(env: &Env, id: i64) -> i64 {
    env.sql_i64(&format!("SELECT sla_outcome FROM tickets WHERE id = {id}"))
}

/// What the engine says of ticket `id` now, packed as it is stored.
fn engine(desk: &Desk, id: i64) -> i64 {
    let s = desk.sla_status(id).unwrap();
    pack(
        ClockOutcome::of(s.first_response.as_ref()),
        ClockOutcome::of(s.resolution.as_ref()),
    )
}

/// (priority, type, tickets, first response met/breached/pending, resolution m/b/p).
type Line = (Option<String>, i64, (i64, i64, i64), (i64, i64, i64));

fn lines(ls: &[SlaLine]) -> Vec<Line> {
    ls.iter()
        .map(|l| {
            (
                l.priority.map(|p| p.as_str().to_string()),
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
        })
        .collect()
}

fn period() -> (i64, i64) {
    (sh(20, 0, 0), sh(28, 0, 0))
}

/// The report from the stored outcomes, checked against the engine's computation
/// from history at the same moment.
fn report_at(desk: &Desk, cfg: &Config, now: i64) -> Vec<Line> {
    let (a, b) = period();
    let stored = sla::report(desk.store.conn(), cfg, a, b, now).unwrap();
    let history = sla::from_history(desk.store.conn(), cfg, a, b, now).unwrap();
    assert_eq!(
        stored, history,
        "stored outcomes and history disagree at {now}"
    );
    lines(&stored)
}

/// The hand-made week; returns the ticket ids A–F. Each write is followed by a
/// check that the ticket's stored outcome is the engine's.
fn week(env: &Env, d: &mut Desk) -> [i64; 6] {
    let check = |d: &Desk, id: i64| assert_eq!(stored(env, id), engine(d, id), "ticket {id}");
    // D: urgent, Friday 16:00; waits on the customer from 16:30, still there: both
    // clocks paused before their targets (due unknown): pending for good.
    let t_d = new(at(d, 20, 16, 0), "D paused over the weekend", "urgent");
    at(d, 20, 16, 30)
        .move_ticket(t_d, "waiting_customer", None)
        .unwrap();
    check(d, t_d);
    // E: normal, Saturday 10:00 (outside business hours), resolved Monday 09:30
    // after 30 business minutes: both met (the resolution stops the response clock).
    let t_e = new(at(d, 21, 10, 0), "E weekend arrival", "normal");
    at(d, 23, 9, 30).move_ticket(t_e, "resolved", None).unwrap();
    check(d, t_e);
    // A: normal, Monday 09:00, reply 10:00 (met), waits on the customer Monday 11:00
    // to Wednesday 09:00 (paused), resolved Wednesday 17:00 after 10 business hours.
    let t_a = new(at(d, 23, 9, 0), "A paused and resumed", "normal");
    at(d, 23, 10, 0).comment(t_a, "收到", false, None).unwrap();
    check(d, t_a);
    at(d, 23, 11, 0)
        .move_ticket(t_a, "waiting_customer", None)
        .unwrap();
    check(d, t_a);
    at(d, 25, 9, 0)
        .move_ticket(t_a, "in_progress", None)
        .unwrap();
    check(d, t_a);
    at(d, 25, 17, 0).move_ticket(t_a, "resolved", None).unwrap();
    check(d, t_a);
    // C: low, Monday 10:00, resolved 11:00 (met), reopened Tuesday 09:00, raised to
    // urgent 09:30: the response still met (1 h), the resolution's 8 h (1 h on Monday,
    // paused while resolved) run out Tuesday 16:00.
    let t_c = new(at(d, 23, 10, 0), "C reopened and raised", "low");
    at(d, 23, 11, 0).move_ticket(t_c, "resolved", None).unwrap();
    check(d, t_c);
    assert_eq!(stored(env, t_c), pack(ClockOutcome::Met, ClockOutcome::Met));
    at(d, 24, 9, 0)
        .move_ticket(t_c, "in_progress", None)
        .unwrap();
    check(d, t_c);
    assert_eq!(
        stored(env, t_c),
        pack(ClockOutcome::Met, ClockOutcome::Counting)
    );
    at(d, 24, 9, 30)
        .edit_ticket(
            t_c,
            TicketEdit {
                priority: Some("urgent".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    check(d, t_c);
    // B: high, Monday 17:00, no reply: the 2 h response ran out Tuesday 10:00; the
    // 24 h resolution runs until Thursday 14:00.
    let t_b = new(at(d, 23, 17, 0), "B late evening", "high");
    check(d, t_b);
    // F: low, Tuesday 10:00, moved straight to closed at 11:00 (a closed stage stops
    // both clocks, met).
    let t_f = new(at(d, 24, 10, 0), "F closed at once", "low");
    at(d, 24, 11, 0).move_ticket(t_f, "closed", None).unwrap();
    check(d, t_f);
    [t_a, t_b, t_c, t_d, t_e, t_f]
}

on_both! {
    fn stored_outcomes_follow_every_write_and_report_as_history_does(env) {
        let mut d = env.desk("tester");
        let cfg = Config::builtin();
        let ids = week(env, &mut d);
        // Wednesday 18:00: B's response is breached, its resolution still pending.
        let wed = report_at(&d, &cfg, sh(25, 18, 0));
        let u = Some("urgent".to_string());
        let h = Some("high".to_string());
        let n = Some("normal".to_string());
        let l = Some("low".to_string());
        assert_eq!(
            wed,
            vec![
                // C (met, breached), D (paused: pending, pending).
                (u.clone(), 2, (1, 0, 1), (0, 1, 1)),
                (h.clone(), 1, (0, 1, 0), (0, 0, 1)),
                // A met/met, E met/met.
                (n.clone(), 2, (2, 0, 0), (2, 0, 0)),
                (l.clone(), 1, (1, 0, 0), (1, 0, 0)),
                (None, 6, (4, 1, 1), (3, 1, 2)),
            ]
        );
        // The next Monday, with no write since: B's resolution ran out on Thursday.
        let mon = report_at(&d, &cfg, sh(30, 12, 0));
        assert_eq!(mon[1], (h, 1, (0, 1, 0), (0, 1, 0)));
        assert_eq!(mon[4], (None, 6, (4, 1, 1), (3, 2, 1)));
        for id in ids {
            assert_eq!(stored(env, id), engine(&d, id), "ticket {id}");
        }
        assert!(d.db_check().unwrap().is_empty());
    }

    fn the_report_reads_the_stored_outcomes_and_reindex_repairs_them(env) {
        let mut d = env.desk("tester");
        let cfg = Config::builtin();
        let [a, ..] = week(env, &mut d);
        let (from, to) = period();
        let now = sh(25, 18, 0);
        // A's outcome tampered with (met/met → missed/missed): the report counts it
        // (it reads the stored outcomes), `db check` names it.
        env.sql(&format!(
            "UPDATE tickets SET sla_outcome = {} WHERE id = {a}",
            pack(ClockOutcome::Missed, ClockOutcome::Missed)
        ));
        let tampered = sla::report(d.store.conn(), &cfg, from, to, now).unwrap();
        let history = sla::from_history(d.store.conn(), &cfg, from, to, now).unwrap();
        assert_ne!(tampered, history);
        let total = tampered.last().unwrap();
        assert_eq!((total.first_response.breached, total.resolution.breached), (2, 2));
        let problems = d.db_check().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("1 ticket(s) have a stored SLA outcome")
                && problems[0].contains(&format!("#{a}")),
            "{problems:?}"
        );
        // A missing outcome is computed from history when read.
        env.sql(&format!("UPDATE tickets SET sla_outcome = NULL WHERE id = {a}"));
        assert_eq!(sla::report(d.store.conn(), &cfg, from, to, now).unwrap(), history);
        env.sql(&format!("UPDATE tickets SET sla_outcome = 15 WHERE id = {a}"));
        let rebuilt = d.rebuild_report_data(&mut |_, _| {}).unwrap();
        assert_eq!(rebuilt.tickets, 6);
        assert!(d.db_check().unwrap().is_empty());
        assert_eq!(sla::report(d.store.conn(), &cfg, from, to, now).unwrap(), history);
    }

    fn other_settings_report_from_history_until_recomputed(env) {
        let mut d = env.desk("tester");
        let ids = week(env, &mut d);
        let (from, to) = period();
        let now = sh(25, 18, 0);
        // Tighter targets than the outcomes were stored under: the report follows
        // the settings it is given (from history), not the stored outcomes.
        let mut tight = Config::builtin();
        for t in tight.sla.targets.values_mut() {
            t.first_response_hours = 0.25;
            t.resolution_hours = 0.5;
        }
        let got = sla::report(d.store.conn(), &tight, from, to, now).unwrap();
        assert_eq!(got, sla::from_history(d.store.conn(), &tight, from, to, now).unwrap());
        assert_eq!(got.last().unwrap().resolution.met, 1, "{got:?}"); // only E (30 min)
        // A write under the other settings: the stored outcomes no longer agree with
        // each other, so every report computes from history until a recompute.
        let mut other = Desk::open(&env.db, tight.clone(), "tester").unwrap();
        at(&mut other, 24, 11, 0)
            .comment(ids[1], "looking", false, None)
            .unwrap();
        assert_eq!(
            env.sql_i64("SELECT value FROM counters WHERE name = 'sla:outcomes'"),
            0
        );
        let builtin = Config::builtin();
        assert_eq!(
            sla::report(d.store.conn(), &builtin, from, to, now).unwrap(),
            sla::from_history(d.store.conn(), &builtin, from, to, now).unwrap()
        );
        other.rebuild_report_data(&mut |_, _| {}).unwrap();
        assert_ne!(
            env.sql_i64("SELECT value FROM counters WHERE name = 'sla:outcomes'"),
            0
        );
        assert!(other.db_check().unwrap().is_empty());
        assert_eq!(
            sla::report(other.store.conn(), &tight, from, to, now).unwrap(),
            sla::from_history(other.store.conn(), &tight, from, to, now).unwrap()
        );
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// The scopes and periods the dashboard is compared on.
fn views() -> Vec<(Period, Scope)> {
    let week = Period {
        from: day(23),
        to: day(27),
    };
    let scopes = vec![
        Scope::default(),
        Scope {
            ty: Some("technical".into()),
            ..Default::default()
        },
        Scope {
            channel: Some("phone".parse().unwrap()),
            ..Default::default()
        },
        Scope {
            group: Some("none".into()),
            ..Default::default()
        },
    ];
    let mut out = Vec::new();
    for s in scopes {
        out.push((week, s.clone()));
        out.push((Period::last_days(day(30), 14), s));
    }
    out
}

/// The dashboard from the facts equals the one from the sources, for every view.
fn same_dashboards(d: &Desk) {
    for (p, s) in views() {
        assert_eq!(
            d.dashboard(p, s.clone()).unwrap(),
            d.dashboard_from_sources(p, s.clone()).unwrap(),
            "{p:?} {s:?}"
        );
    }
}

/// The week, with agents, tags, scores, other channels and a type change.
fn busy_week(env: &Env, d: &mut Desk) -> [i64; 6] {
    for name in ["李娜", "王伟"] {
        at(d, 20, 8, 0)
            .create_agent(AgentInput {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
    }
    let ids = week(env, d);
    let [a, b, c, _, e, f] = ids;
    at(d, 25, 17, 10).assign(a, Some("李娜"), None).unwrap();
    at(d, 25, 17, 11).assign(b, Some("王伟"), None).unwrap();
    at(d, 25, 17, 12)
        .tag_ticket(b, &["vpn".into(), "发票".into()], None)
        .unwrap();
    at(d, 25, 17, 13)
        .untag_ticket(b, &["vpn".into()], None)
        .unwrap();
    at(d, 25, 17, 14)
        .tag_ticket(c, &["vpn".into()], None)
        .unwrap();
    at(d, 25, 17, 15).rate(a, 5, Some("很好"), None).unwrap();
    at(d, 25, 17, 16).rate(e, 2, None, None).unwrap();
    at(d, 25, 17, 17).rate(e, 3, None, None).unwrap();
    at(d, 25, 17, 18)
        .edit_ticket(
            f,
            TicketEdit {
                ty: Some("complaint".into()),
                channel: Some("phone".into()),
                title: Some("投诉 invoice 发票".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    at(d, 25, 17, 30);
    ids
}

on_both! {
    fn dashboard_facts_follow_every_write(env) {
        let mut d = env.desk("tester");
        busy_week(env, &mut d);
        // Kept by the writes, never rebuilt: the facts are in use and agree.
        assert_ne!(
            env.sql_i64("SELECT value FROM counters WHERE name = 'dashboard:facts'"),
            0
        );
        assert_eq!(env.sql_i64("SELECT count(*) FROM ticket_facts"), 6);
        same_dashboards(&d);
        assert!(d.db_check().unwrap().is_empty());
        // Monday: the open stays and live clocks moved on with the clock.
        d.set_now(Some(sh(30, 12, 0)));
        same_dashboards(&d);
    }

    fn a_tampered_fact_is_found_and_rebuilt(env) {
        let mut d = env.desk("tester");
        let [a, b, ..] = busy_week(env, &mut d);
        let week = Period {
            from: day(23),
            to: day(27),
        };
        let right = d.dashboard_from_sources(week, Scope::default()).unwrap();
        // A's fact says phone instead of its channel, B's lost its stage changes: the
        // dashboard shows what the facts say (it reads them), `db check` names them.
        env.sql(&format!(
            "UPDATE ticket_facts SET channel = 'phone' WHERE ticket_id = {a};
             UPDATE ticket_facts SET moves = NULL WHERE ticket_id = {b}"
        ));
        assert_ne!(d.dashboard(week, Scope::default()).unwrap(), right);
        let problems = d.db_check().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("2 ticket(s) have dashboard facts")
                && problems[0].contains(&format!("#{a}")),
            "{problems:?}"
        );
        // A missing fact: the dashboard reads the tickets instead.
        env.sql(&format!("DELETE FROM ticket_facts WHERE ticket_id = {a}"));
        assert_eq!(d.dashboard(week, Scope::default()).unwrap(), right);
        let rebuilt = d.rebuild_report_data(&mut |_, _| {}).unwrap();
        assert_eq!(rebuilt.tickets, 6);
        assert!(d.db_check().unwrap().is_empty());
        assert_eq!(env.sql_i64("SELECT count(*) FROM ticket_facts"), 6);
        assert_eq!(d.dashboard(week, Scope::default()).unwrap(), right);
        same_dashboards(&d);
    }

    fn other_problem_categories_read_the_tickets(env) {
        let mut d = env.desk("tester");
        busy_week(env, &mut d);
        let mut cfg = Config::builtin();
        cfg.service.categories.reverse();
        let mut other = Desk::open(&env.db, cfg, "tester").unwrap();
        other.set_now(d.now().into());
        let week = Period {
            from: day(23),
            to: day(27),
        };
        // The facts were computed with the built-in categories: not used.
        assert_eq!(
            other.dashboard(week, Scope::default()).unwrap(),
            other.dashboard_from_sources(week, Scope::default()).unwrap()
        );
        // A write under the other categories marks them stale for everyone ...
        at(&mut other, 25, 17, 40).comment(1, "again", false, None).unwrap();
        assert_eq!(
            env.sql_i64("SELECT value FROM counters WHERE name = 'dashboard:facts'"),
            0
        );
        same_dashboards(&d);
        // ... until rebuilt under the categories in use.
        other.rebuild_report_data(&mut |_, _| {}).unwrap();
        assert!(other.db_check().unwrap().is_empty());
        same_dashboards(&other);
    }
}
