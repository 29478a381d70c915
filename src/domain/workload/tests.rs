use super::*;
use crate::domain::team::{parse_date, parse_skills, DayStatus};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn ticket(hours: f64, from: &str, due: &str) -> WorkItem {
    WorkItem {
        kind: WorkKind::Ticket,
        hours,
        from: d(from),
        due: d(due),
    }
}

fn task(hours: f64, from: &str, due: &str) -> WorkItem {
    WorkItem {
        kind: WorkKind::Task,
        ..ticket(hours, from, due)
    }
}

/// Monday 2026-11-23 onwards; Mon–Fri working.
const START: &str = "2026-11-23";

fn weekdays(n: usize) -> Vec<bool> {
    (0..n).map(|i| i % 7 < 5).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn weights_by_priority() {
    let w = Weights::default();
    assert!(close(w.of(Priority::Urgent), 4.0));
    assert!(close(w.of(Priority::Low), 0.5));
}

#[test]
fn work_spreads_over_working_days_of_its_window() {
    // Mon..Sun: 10 hours over Mon–Fri = 2 a day; nothing on the weekend.
    let p = place(d(START), &weekdays(7), &[task(10.0, START, "2026-11-29")]);
    let hours: Vec<f64> = p.iter().map(|x| x.1).collect();
    assert_eq!(hours, [2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0]);
    assert!(p.iter().all(|x| x.0 == 0.0), "a task is not ticket load");
}

#[test]
fn late_work_lands_on_the_first_working_day() {
    // Due last week, and starting on a Saturday: both go to the first working day.
    let av = weekdays(14);
    let p = place(d(START), &av, &[ticket(3.0, "2026-11-10", "2026-11-20")]);
    assert!(close(p[0].0, 3.0));
    let p = place(d(START), &av, &[ticket(2.0, "2026-11-28", "2026-11-29")]);
    assert!(
        close(p[7].0, 2.0),
        "weekend-only window moves to Monday: {p:?}"
    );
    assert!(close(p.iter().map(|x| x.0).sum::<f64>(), 2.0));
}

#[test]
fn a_window_past_the_grid_keeps_only_its_share() {
    // 14-day window, 7-day grid: half the hours fall inside, over 5 working days.
    let p = place(d(START), &weekdays(7), &[task(14.0, START, "2026-12-06")]);
    assert!(close(p.iter().map(|x| x.1).sum::<f64>(), 7.0));
    assert!(close(p[0].1, 1.4));
    // Entirely after the grid: nothing.
    let p = place(
        d(START),
        &weekdays(7),
        &[task(5.0, "2026-12-10", "2026-12-12")],
    );
    assert!(p.iter().all(|x| x.1 == 0.0));
}

#[test]
fn nobody_available_places_nothing() {
    let p = place(d(START), &[false; 7], &[ticket(4.0, START, START)]);
    assert!(p.iter().all(|x| x.0 == 0.0));
}

fn cell(load: f64, cap: f64, available: bool) -> DayCell {
    DayCell {
        date: d(START),
        ticket_hours: load,
        task_hours: 0.0,
        capacity_hours: cap,
        available,
    }
}

#[test]
fn levels_and_shares() {
    assert_eq!(cell(0.0, 0.0, false).level(), HeatLevel::Off);
    assert_eq!(cell(3.0, 8.0, true).level(), HeatLevel::Light);
    assert_eq!(cell(4.0, 8.0, true).level(), HeatLevel::Medium);
    assert_eq!(cell(8.0, 8.0, true).level(), HeatLevel::Full);
    assert_eq!(cell(8.5, 8.0, true).level(), HeatLevel::Over);
    assert_eq!(cell(1.0, 8.0, false).share(), None);
    assert_eq!(share(4.0, 0.0), None);
    assert_eq!(share(4.0, 8.0), Some(0.5));
}

#[test]
fn streaks_skip_days_off_and_break_on_normal_days() {
    let over = cell(9.0, 8.0, true);
    let ok = cell(4.0, 8.0, true);
    let off = cell(0.0, 0.0, false);
    assert_eq!(overload_streak(&[over, over, off, off, over, ok, over]), 3);
    assert_eq!(overload_streak(&[ok, over, ok, over, ok]), 1);
    assert_eq!(overload_streak(&[off, ok]), 0);
}

fn plans() -> Vec<AgentPlan> {
    let mut off_week = weekdays(14);
    off_week[7..12].iter_mut().for_each(|x| *x = false); // out of office in week 2
    vec![
        AgentPlan {
            agent_id: 1,
            name: "李娜".into(),
            day_capacity: 8.0,
            available: weekdays(14),
            items: vec![
                // 3 urgent tickets due Wednesday: 12 h over Mon–Wed = 4 h a day
                ticket(12.0, START, "2026-11-25"),
                // an upgrade task of 30 h over the first week = 6 h a day
                task(30.0, START, "2026-11-27"),
            ],
        },
        AgentPlan {
            agent_id: 2,
            name: "Tom Baker".into(),
            day_capacity: 8.0,
            available: off_week,
            items: vec![task(20.0, "2026-11-30", "2026-12-06")],
        },
        AgentPlan {
            agent_id: 3,
            name: "王芳".into(),
            day_capacity: 6.0,
            available: weekdays(14),
            items: vec![ticket(2.0, START, "2026-12-04")],
        },
    ]
}

#[test]
fn grid_flags_long_overload_streaks() {
    let g = build_grid(d(START), 14, &plans(), 3);
    assert_eq!(g.days.len(), 14);
    assert_eq!(g.days[13], d("2026-12-06"));
    let li = &g.rows[0];
    assert!(close(li.cells[0].load_hours(), 10.0));
    assert!(close(li.cells[3].load_hours(), 6.0));
    assert_eq!(li.overload_streak, 3);
    assert!(li.flagged);
    assert_eq!(li.over_days(), 3);
    let (tk, ts, cap) = li.totals(7);
    assert!(close(tk, 12.0) && close(ts, 30.0) && close(cap, 40.0));
    // Tom is out on every working day of his task's window, and the next one is past the grid.
    let tom = &g.rows[1];
    assert!(close(
        tom.cells.iter().map(DayCell::load_hours).sum::<f64>(),
        0.0
    ));
    assert!(!tom.flagged);
    assert!(!g.rows[2].flagged);
    assert!(close(g.rows[2].cells[0].capacity_hours, 6.0));
    // No flag when the streak setting is 0.
    assert!(!build_grid(d(START), 14, &plans(), 0).rows[0].flagged);
}

#[test]
fn heatmap_snapshot() {
    let g = build_grid(d(START), 14, &plans(), 3);
    insta::assert_snapshot!(render_text(&g));
}

fn candidate(id: i64, name: &str, skills: &[&str], share: Option<f64>) -> Candidate {
    Candidate {
        agent_id: id,
        name: name.into(),
        skills: parse_skills(skills).unwrap(),
        groups: vec![],
        load_share: share,
        open_tickets: 0,
        today: DayStatus::Working,
        back_on: None,
    }
}

fn names(r: &[Ranked]) -> Vec<&str> {
    r.iter().map(|x| x.name.as_str()).collect()
}

#[test]
fn ranking_prefers_skill_then_free_capacity() {
    let needs = TicketNeeds {
        type_names: vec!["technical", "Technical support", "技术支持"],
        text: "打印机卡纸 Printer jams every morning",
        ..Default::default()
    };
    let cands = vec![
        candidate(1, "idle generalist", &[], Some(0.0)),
        candidate(2, "printer expert", &["printer:5"], Some(0.5)),
        candidate(3, "busy expert", &["printer:5", "打印机:4"], Some(1.4)),
        candidate(4, "tech", &["technical:2"], Some(0.2)),
    ];
    let r = rank(&needs, &cands);
    // printer expert: .6*1.0 + .4*.5 = .8; tech: .6*.4 + .4*.8 = .56;
    // busy: .6*1 + .4*(1-1.4) = .44, the overload counting against the skill; idle: .4.
    assert_eq!(
        names(&r),
        ["printer expert", "tech", "busy expert", "idle generalist"]
    );
    assert!(close(r[0].score, 0.8));
    assert!(r[0].reasons.iter().any(|x| x.contains("printer:5")));
    let busy = &r[2];
    assert_eq!(busy.matched.len(), 2, "Latin word and Chinese substring");
    assert!(close(busy.skill_score, 1.0));
    assert!(close(busy.load_score, -0.4));
    assert!(close(busy.score, 0.44));
    assert!(busy
        .reasons
        .iter()
        .any(|x| x.contains("over capacity (140%)")));
    assert!(r[3].reasons.contains(&"no matching skill".to_string()));
    // Far over capacity, even a perfect match falls below an idle colleague.
    let swamped = candidate(5, "swamped expert", &["printer:5"], Some(3.0));
    let r = rank(&needs, &[swamped, candidate(6, "idle", &[], Some(0.0))]);
    assert_eq!(names(&r), ["idle", "swamped expert"]);
}

#[test]
fn ranking_puts_absent_agents_last_and_drops_inactive() {
    let needs = TicketNeeds::default();
    let mut away = candidate(1, "away", &[], Some(0.0));
    away.today = DayStatus::OutOfOffice;
    away.back_on = Some(d("2026-12-06"));
    let mut weekend = candidate(2, "weekend", &[], Some(0.0));
    weekend.today = DayStatus::DayOff;
    let mut gone = candidate(3, "gone", &[], Some(0.0));
    gone.today = DayStatus::Inactive;
    let busy = candidate(4, "busy", &[], Some(0.9));
    let r = rank(&needs, &[away, weekend, gone, busy]);
    assert_eq!(names(&r), ["busy", "weekend", "away"]);
    assert!(!r[2].available && r[1].available);
    assert!(r[2]
        .reasons
        .contains(&"out of office, back 2026-12-06".to_string()));
}

#[test]
fn ranking_keeps_to_the_group_when_it_has_members() {
    let mut a = candidate(1, "a", &[], Some(0.0));
    let mut b = candidate(2, "b", &[], Some(0.5));
    b.groups = vec!["Logistics".into()];
    let needs = TicketNeeds {
        group: Some("logistics"),
        ..Default::default()
    };
    let r = rank(&needs, &[a.clone(), b.clone()]);
    assert_eq!(names(&r), ["b"]);
    assert!(r[0].in_group);
    // Nobody in the group: everyone is a candidate.
    b.groups.clear();
    a.open_tickets = 3;
    assert_eq!(names(&rank(&needs, &[a, b])), ["a", "b"]);
}

#[test]
fn ties_go_to_fewer_open_tickets_then_name() {
    let mut x = candidate(1, "x", &[], Some(0.5));
    x.open_tickets = 5;
    let y = candidate(2, "y", &[], Some(0.5));
    let z = candidate(3, "w", &[], Some(0.5));
    assert_eq!(
        names(&rank(&TicketNeeds::default(), &[x, y, z])),
        ["w", "y", "x"]
    );
}

#[test]
fn tags_match_skills() {
    let needs = TicketNeeds {
        tags: vec!["Invoice".into()],
        ..Default::default()
    };
    let r = rank(&needs, &[candidate(1, "a", &["invoice:4"], Some(0.0))]);
    assert!(close(r[0].skill_score, 0.8));
    assert!(r[0].reasons[0].contains("tag invoice"));
}

#[test]
fn mentions_whole_words_and_cjk_substrings() {
    assert!(rank::mentions("the printer jams", "printer"));
    assert!(rank::mentions("printer", "printer"));
    assert!(rank::mentions("打印机printer坏了", "printer"));
    assert!(!rank::mentions("printers", "printer"));
    assert!(!rank::mentions("building", "ui"));
    assert!(rank::mentions("一个退款申请", "退款"));
    assert!(!rank::mentions("anything", ""));
}

#[test]
fn round_robin_takes_turns_and_skips_the_absent() {
    let m = [(3, true), (1, true), (2, false)];
    assert_eq!(round_robin_next(&m, None), Some(1));
    assert_eq!(round_robin_next(&m, Some(1)), Some(3), "2 is away");
    assert_eq!(round_robin_next(&m, Some(3)), Some(1), "wraps around");
    assert_eq!(round_robin_next(&m, Some(99)), Some(1));
    assert_eq!(round_robin_next(&[(1, false)], None), None);
}
