//! The engine with a fixed clock across nights, weekends, holidays, pauses and reopens.

use super::*;
use crate::domain::sla::Target;
use crate::domain::ticket::{AuditEvent, Priority};
use crate::domain::workflow::{Flow, TicketType};
use chrono::TimeZone;

fn cal() -> Calendar {
    Calendar::test_shanghai()
}

fn policy() -> SlaPolicy {
    let t = |fr, res| Target {
        first_response_hours: fr,
        resolution_hours: res,
    };
    SlaPolicy {
        calendar: cal(),
        targets: BTreeMap::from([
            (Priority::Urgent, t(1.0, 8.0)),
            (Priority::High, t(2.0, 8.0)),
            (Priority::Normal, t(4.0, 40.0)),
        ]),
        warn_at: 0.75,
        goal: 0.9,
    }
}

fn stage(id: &str, kind: StageKind, clock: bool, limit: f64) -> Stage {
    Stage {
        id: id.into(),
        en: id.into(),
        zh: id.into(),
        kind,
        clock,
        limit_hours: limit,
        next: vec![],
    }
}

fn wf() -> Workflow {
    let flow = Flow {
        id: "std".into(),
        initial: "new".into(),
        stages: vec![
            stage("new", StageKind::Open, true, 2.0),
            stage("analysing", StageKind::Open, true, 4.0),
            stage("waiting", StageKind::Waiting, false, 0.0),
            stage("resolved", StageKind::Resolved, false, 0.0),
            stage("closed", StageKind::Closed, false, 0.0),
        ],
        customer_reply: Default::default(),
    };
    Workflow {
        flows: BTreeMap::from([("std".to_string(), flow)]),
        types: vec![TicketType {
            id: "technical".into(),
            en: "T".into(),
            zh: "T".into(),
            flow: "std".into(),
        }],
        default_flow: "std".into(),
        default_type: "technical".into(),
    }
}

/// Unix seconds of a Shanghai local time.
fn sh(m: u32, d: u32, h: u32, min: u32) -> i64 {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, m, d, h, min, 0)
        .unwrap()
        .timestamp()
}

fn hist(p: Priority, created: i64, stages: &[(i64, &str)], fr: Option<i64>) -> History {
    let mut all = vec![(created, "new".to_string())];
    all.extend(stages.iter().map(|(at, s)| (*at, s.to_string())));
    History {
        created_at: created,
        ty: "technical".into(),
        priority: p,
        first_response_at: fr,
        stages: all,
    }
}

fn eval(h: &History, now: i64) -> SlaStatus {
    evaluate(&policy(), &wf(), h, now)
}

#[test]
fn due_within_one_day_and_over_the_night() {
    // Monday 16:00, high: first response 2h → 18:00; resolution 8h → Tuesday 15:00.
    let h = hist(Priority::High, sh(11, 23, 16, 0), &[], None);
    let s = eval(&h, sh(11, 23, 17, 0));
    let fr = s.first_response.as_ref().unwrap();
    assert_eq!(fr.due, Some(sh(11, 23, 18, 0)));
    assert_eq!(fr.used_secs, 3600);
    assert_eq!(fr.phase, Phase::Running);
    assert_eq!(fr.state, SlaState::Ok);
    assert_eq!(s.resolution.as_ref().unwrap().due, Some(sh(11, 24, 15, 0)));
    assert_eq!(s.stage.as_ref().unwrap().due, sh(11, 23, 18, 0));
    assert_eq!(s.next_due, Some(sh(11, 23, 18, 0)));
    assert_eq!(s.countdown_secs, Some(3600));
    assert_eq!(s.state, SlaState::Ok);
    assert!(
        s.reason.to_string().starts_with("first response due in 1h"),
        "{}",
        s.reason
    );
    assert!(
        s.reason.to_string().contains("(business hours)"),
        "{}",
        s.reason
    );
}

#[test]
fn weekend_and_holiday_are_skipped() {
    // Friday 17:00 + 8h = Monday 16:00.
    let h = hist(Priority::High, sh(11, 27, 17, 0), &[], None);
    let s = eval(&h, sh(11, 28, 12, 0));
    assert_eq!(s.resolution.as_ref().unwrap().due, Some(sh(11, 30, 16, 0)));
    // Saturday counts nothing: 1h of 8h used.
    assert_eq!(s.resolution.as_ref().unwrap().used_secs, 3600);
    // Wednesday 30 Sep 17:00 + 8h: 1 Oct is a holiday → Friday 2 Oct 16:00.
    let h = hist(Priority::High, sh(9, 30, 17, 0), &[], None);
    let s = eval(&h, sh(9, 30, 17, 30));
    assert_eq!(s.resolution.as_ref().unwrap().due, Some(sh(10, 2, 16, 0)));
    // Saturday 26 Sep: Sunday 27 is an extra working day → first response due Sun 11:00.
    let h = hist(Priority::High, sh(9, 26, 10, 0), &[], None);
    let s = eval(&h, sh(9, 26, 11, 0));
    assert_eq!(
        s.first_response.as_ref().unwrap().due,
        Some(sh(9, 27, 11, 0))
    );
}

#[test]
fn waiting_pauses_the_clocks_and_resuming_moves_the_due_time() {
    // Monday 09:00, 1h running, waiting from 10:00 until Wednesday 10:00.
    let created = sh(11, 23, 9, 0);
    let paused = hist(
        Priority::High,
        created,
        &[(sh(11, 23, 10, 0), "waiting")],
        Some(created + 600),
    );
    let s = eval(&paused, sh(11, 24, 12, 0));
    let res = s.resolution.as_ref().unwrap();
    assert_eq!(res.phase, Phase::Paused);
    assert_eq!(res.due, None, "no due time while paused before the target");
    assert_eq!(res.used_secs, 3600);
    assert_eq!(res.left_secs(), 7 * 3600);
    assert_eq!(s.state, SlaState::Ok);
    assert_eq!(s.next_due, None);
    assert_eq!(s.paused_since, Some(sh(11, 23, 10, 0)));
    assert!(
        s.reason
            .to_string()
            .contains("resolution paused with 7h of 8h left"),
        "{}",
        s.reason
    );
    assert!(
        s.reason
            .to_string()
            .contains("paused 1d2h in waiting (since"),
        "{}",
        s.reason
    );

    let resumed = hist(
        Priority::High,
        created,
        &[
            (sh(11, 23, 10, 0), "waiting"),
            (sh(11, 25, 10, 0), "analysing"),
        ],
        Some(created + 600),
    );
    let s = eval(&resumed, sh(11, 25, 11, 0));
    let res = s.resolution.as_ref().unwrap();
    // 7h left from Wednesday 10:00 → Wednesday 17:00.
    assert_eq!(res.due, Some(sh(11, 25, 17, 0)));
    assert_eq!(res.used_secs, 2 * 3600);
    assert_eq!(s.pauses.len(), 1);
    assert_eq!(s.pauses[0].wall_secs, 48 * 3600);
    // Business time paused: Mon 10–18 (8h) + Tue (9h) + Wed 9–10 (1h).
    assert_eq!(s.pauses[0].business_secs, 18 * 3600);
    // The stage limit of 'analysing' (4h) counts from entering it: Wednesday 14:00.
    assert_eq!(s.stage.as_ref().unwrap().due, sh(11, 25, 14, 0));
    assert_eq!(s.next_due, Some(sh(11, 25, 14, 0)));
}

#[test]
fn a_breach_before_the_pause_stays_breached() {
    let created = sh(11, 23, 9, 0);
    let h = hist(
        Priority::High,
        created,
        &[(sh(11, 24, 10, 0), "waiting")],
        Some(created),
    );
    let s = eval(&h, sh(11, 24, 12, 0));
    let res = s.resolution.as_ref().unwrap();
    assert_eq!(res.phase, Phase::Paused);
    assert_eq!(res.due, Some(sh(11, 23, 17, 0)));
    assert_eq!(res.state, SlaState::Breached);
    assert_eq!(s.state, SlaState::Breached);
    // The countdown stands still while paused: 2h over, however long the pause.
    assert_eq!(s.countdown_secs, Some(-2 * 3600));
    // Over by the business time the clock counted: Mon 9h + Tue 1h − 8h.
    assert!(
        s.reason
            .to_string()
            .starts_with("resolution overdue by 2h, target 8h (business hours)"),
        "{}",
        s.reason
    );
}

#[test]
fn priority_change_applies_the_new_target_from_creation() {
    // Created normal on Monday 09:00 (40h); raised to urgent on Tuesday 09:00 (8h).
    let created = sh(11, 23, 9, 0);
    let normal = hist(Priority::Normal, created, &[], Some(created + 60));
    let s = eval(&normal, sh(11, 24, 9, 0));
    assert_eq!(s.resolution.as_ref().unwrap().state, SlaState::Ok);
    let urgent = History {
        priority: Priority::Urgent,
        ..normal
    };
    let s = eval(&urgent, sh(11, 24, 9, 0));
    let res = s.resolution.as_ref().unwrap();
    assert_eq!(res.due, Some(sh(11, 23, 17, 0)));
    assert_eq!(res.state, SlaState::Breached);
    // No target for low: no clocks, no state.
    let low = History {
        priority: Priority::Low,
        stages: vec![(created, "closed".into())],
        ..urgent
    };
    let s = eval(&low, sh(11, 24, 9, 0));
    assert!(s.first_response.is_none() && s.resolution.is_none());
    assert_eq!(s.state, SlaState::None);
    assert_eq!(s.reason.to_string(), "no service-level target");
}

#[test]
fn resolving_stops_and_reopening_resumes_the_resolution_clock() {
    let created = sh(11, 23, 9, 0);
    let resolved = hist(
        Priority::High,
        created,
        &[(sh(11, 23, 12, 0), "resolved")],
        None,
    );
    let s = eval(&resolved, sh(11, 23, 15, 0));
    let res = s.resolution.as_ref().unwrap();
    assert_eq!(res.phase, Phase::Stopped);
    assert_eq!(res.met, Some(true));
    assert_eq!(res.used_secs, 3 * 3600);
    // Where it would have been due: 12:00 + 5h.
    assert_eq!(res.due, Some(sh(11, 23, 17, 0)));
    // Resolving counts as the first response when none was given.
    let fr = s.first_response.as_ref().unwrap();
    assert_eq!(fr.stopped_at, Some(sh(11, 23, 12, 0)));
    assert_eq!(fr.met, Some(false));
    assert_eq!(s.state, SlaState::None);
    assert_eq!(s.next_due, None);
    assert!(
        s.reason.to_string().contains("resolution met"),
        "{}",
        s.reason
    );
    assert!(
        s.reason.to_string().contains("first response missed by 1h"),
        "{}",
        s.reason
    );

    let reopened = hist(
        Priority::High,
        created,
        &[
            (sh(11, 23, 12, 0), "resolved"),
            (sh(11, 24, 9, 0), "analysing"),
        ],
        None,
    );
    let s = eval(&reopened, sh(11, 24, 10, 0));
    let res = s.resolution.as_ref().unwrap();
    assert_eq!(res.phase, Phase::Running);
    assert_eq!(res.due, Some(sh(11, 24, 14, 0)));
    assert_eq!(res.used_secs, 4 * 3600);
    // The first-response clock does not start again.
    assert_eq!(s.first_response.as_ref().unwrap().phase, Phase::Stopped);
}

#[test]
fn resolving_then_closing_stops_the_clock_on_resolving() {
    let created = sh(11, 25, 17, 0);
    let h = hist(
        Priority::High,
        created,
        &[
            (sh(11, 25, 17, 30), "resolved"),
            (sh(11, 26, 9, 0), "closed"),
        ],
        None,
    );
    let res = eval(&h, sh(11, 27, 12, 0)).resolution.unwrap();
    assert_eq!(res.stopped_at, Some(sh(11, 25, 17, 30)));
    assert_eq!(res.used_secs, 1800);
}

#[test]
fn first_response_met_or_missed() {
    let created = sh(11, 23, 9, 0);
    let h = hist(Priority::High, created, &[], Some(sh(11, 23, 9, 30)));
    let fr = eval(&h, sh(11, 23, 10, 0)).first_response.unwrap();
    assert_eq!(fr.met, Some(true));
    assert_eq!(fr.due, Some(sh(11, 23, 11, 0)));
    let late = hist(Priority::High, created, &[], Some(sh(11, 23, 12, 0)));
    let fr = eval(&late, sh(11, 23, 13, 0)).first_response.unwrap();
    assert_eq!(fr.met, Some(false));
    assert_eq!(fr.state, SlaState::Breached);
    assert_eq!(fr.due, Some(sh(11, 23, 11, 0)));
}

#[test]
fn warning_then_breach_of_the_first_response() {
    let created = sh(11, 23, 9, 0);
    let h = hist(Priority::High, created, &[(created, "analysing")], None);
    let at = |h2, m| eval(&h, sh(11, 23, h2, m));
    assert_eq!(at(10, 0).first_response.unwrap().state, SlaState::Ok);
    let s = at(10, 40);
    assert_eq!(s.first_response.as_ref().unwrap().state, SlaState::Warning);
    assert_eq!(
        s.first_response.as_ref().unwrap().warn_at,
        Some(sh(11, 23, 10, 30))
    );
    assert_eq!(s.state, SlaState::Warning);
    assert_eq!(s.next_warn, Some(sh(11, 23, 10, 30)));
    let s = at(11, 5);
    assert_eq!(s.state, SlaState::Breached);
    assert!(
        s.reason
            .to_string()
            .starts_with("first response overdue by 5m"),
        "{}",
        s.reason
    );
}

#[test]
fn stage_limit_exceeded_is_in_the_reason() {
    let created = sh(11, 23, 9, 0);
    let h = hist(
        Priority::Normal,
        created,
        &[(sh(11, 23, 10, 0), "analysing")],
        Some(created),
    );
    let s = eval(&h, sh(11, 23, 15, 0));
    let st = s.stage.as_ref().unwrap();
    assert_eq!(st.stage, "analysing");
    assert_eq!(st.due, sh(11, 23, 14, 0));
    assert_eq!(st.state, SlaState::Breached);
    assert_eq!(s.state, SlaState::Breached);
    assert!(
        s.reason
            .to_string()
            .starts_with("stage 'analysing' limit 4h exceeded by 1h"),
        "{}",
        s.reason
    );
    assert!(
        s.reason.to_string().contains("resolution due in"),
        "{}",
        s.reason
    );
    // Overnight the stage clock stands still: Tuesday 08:00 is still 4h over.
    let s = eval(&h, sh(11, 24, 8, 0));
    assert!(
        s.reason
            .to_string()
            .starts_with("stage 'analysing' limit 4h exceeded by 4h"),
        "{}",
        s.reason
    );
}

#[test]
fn due_times_do_not_depend_on_when_they_are_computed() {
    let created = sh(11, 20, 16, 15);
    let h = hist(
        Priority::Normal,
        created,
        &[
            (sh(11, 20, 17, 0), "analysing"),
            (sh(11, 23, 11, 0), "waiting"),
            (sh(11, 26, 9, 30), "analysing"),
        ],
        Some(sh(11, 20, 16, 45)),
    );
    let a = eval(&h, sh(11, 26, 10, 0));
    let b = eval(&h, sh(12, 20, 10, 0));
    assert_eq!(
        a.resolution.as_ref().unwrap().due,
        b.resolution.as_ref().unwrap().due
    );
    // 40h target: Fri 16:15–18:00 (1h45m) + Mon 9–11 (2h) = 3h45m before the pause;
    // 36h15m from Thu 26 09:30: Thu 8h30m, Fri 9h, Mon 9h, Tue 9h → 35h30m, Wed 45m → 09:45.
    assert_eq!(a.resolution.as_ref().unwrap().due, Some(sh(12, 2, 9, 45)));
    assert_eq!(b.state, SlaState::Breached);
}

/// A ticket's facts for the history builder.
struct Facts(i64, &'static str);

impl SlaFacts for Facts {
    fn created_at(&self) -> i64 {
        self.0
    }
    fn ty(&self) -> &str {
        "technical"
    }
    fn priority(&self) -> Priority {
        Priority::High
    }
    fn stage(&self) -> &str {
        self.1
    }
    fn first_response_at(&self) -> Option<i64> {
        None
    }
}

fn changes(list: &[(i64, Option<&str>, &str)]) -> Vec<StageChange> {
    list.iter()
        .map(|(at, from, to)| StageChange {
            at: *at,
            from: from.map(str::to_string),
            to: to.to_string(),
        })
        .collect()
}

#[test]
fn history_from_events_fills_gaps() {
    let created = 1000;
    // A normal history: create + two moves.
    let h = History::of(
        &Facts(created, "waiting"),
        &changes(&[
            (1000, None, "new"),
            (2000, Some("new"), "analysing"),
            (3000, Some("analysing"), "waiting"),
        ]),
    );
    assert_eq!(
        h.stages,
        vec![
            (1000, "new".into()),
            (2000, "analysing".into()),
            (3000, "waiting".into())
        ]
    );
    // No creation event: the first move's old stage is where it began.
    let h = History::of(
        &Facts(created, "analysing"),
        &changes(&[(2000, Some("new"), "analysing")]),
    );
    assert_eq!(
        h.stages,
        vec![(1000, "new".into()), (2000, "analysing".into())]
    );
    // No events at all, or a current stage the log does not know.
    let h = History::of(&Facts(created, "new"), &[]);
    assert_eq!(h.stages, vec![(1000, "new".into())]);
    let h = History::of(
        &Facts(created, "resolved"),
        &changes(&[(1000, None, "new")]),
    );
    assert_eq!(h.stages.last().unwrap().1, "resolved");
}

#[test]
fn from_audit_reads_stage_events_only() {
    let ev = |id, at, action: &str, field: &str, old: Option<&str>, new: &str| AuditEvent {
        id,
        at,
        actor: "a".into(),
        entity: "ticket".into(),
        entity_id: 1,
        action: action.into(),
        field: Some(field.into()),
        old: old.map(str::to_string),
        new: Some(new.into()),
        version: Some(id),
    };
    let t = Ticket {
        id: 1,
        title: "t".into(),
        body: String::new(),
        stage: "analysing".into(),
        ty: "technical".into(),
        priority: Priority::High,
        channel: crate::domain::ticket::Channel::Email,
        customer_id: None,
        customer: None,
        assignee_id: None,
        assignee: None,
        created_at: 100,
        updated_at: 300,
        updated_by: "a".into(),
        first_response_at: None,
        resolved_at: None,
        closed_at: None,
        first_response_due: None,
        resolution_due: None,
        next_due: None,
        version: 3,
    };
    let events = vec![
        ev(1, 100, "create", "stage", None, "new"),
        ev(2, 200, "edit", "priority", Some("normal"), "high"),
        ev(3, 300, "move", "stage", Some("new"), "analysing"),
    ];
    let h = History::from_audit(&t, &events);
    assert_eq!(
        h.stages,
        vec![(100, "new".into()), (300, "analysing".into())]
    );
}

#[test]
fn quick_state_agrees_with_the_engine_while_running() {
    let p = policy();
    let w = wf();
    let created = sh(11, 23, 9, 0);
    let h = hist(Priority::High, created, &[(created, "analysing")], None);
    for (hh, mm) in [(9, 30), (10, 40), (11, 30), (16, 0), (17, 30)] {
        let now = sh(11, 23, hh, mm);
        let s = evaluate(&p, &w, &h, now);
        let t = Ticket {
            id: 1,
            title: "t".into(),
            body: String::new(),
            stage: "analysing".into(),
            ty: "technical".into(),
            priority: Priority::High,
            channel: crate::domain::ticket::Channel::Email,
            customer_id: None,
            customer: None,
            assignee_id: None,
            assignee: None,
            created_at: created,
            updated_at: created,
            updated_by: "a".into(),
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            first_response_due: s.first_response.as_ref().unwrap().due,
            resolution_due: s.resolution.as_ref().unwrap().due,
            next_due: None,
            version: 1,
        };
        let clocks = [&s.first_response, &s.resolution]
            .into_iter()
            .flatten()
            .map(|c| c.state)
            .max()
            .unwrap();
        assert_eq!(
            quick_state(&p, &t, w.stage("technical", "analysing"), now),
            clocks,
            "{hh}:{mm}"
        );
    }
}

#[test]
fn business_spans() {
    assert_eq!(business_span(26 * 3600 + 600), "26h10m");
    assert_eq!(business_span(3 * 3600), "3h");
    assert_eq!(business_span(45 * 60), "45m");
    assert_eq!(business_span(-90 * 60), "1h30m");
}
