use super::*;
use chrono::NaiveTime;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Monday to Friday, 9 hours a day, with optional holidays and extra working days
/// (built from the default calendar so new calendar fields need no change here).
fn weekdays(holidays: &[&str], extra: &[&str]) -> Calendar {
    let mut c = crate::config::Config::builtin().sla.calendar;
    c.workdays = [true, true, true, true, true, false, false];
    c.day_start = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    c.day_end = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
    c.holidays = holidays.iter().map(|s| d(s)).collect();
    c.extra_workdays = extra.iter().map(|s| d(s)).collect();
    c
}

/// Every day a working day (the textbook examples count calendar days).
fn every_day() -> Calendar {
    Calendar {
        workdays: [true; 7],
        ..weekdays(&[], &[])
    }
}

/// A task of `days` working days (9 hours each), no stored dates.
fn t(id: i64, days: i64) -> TaskPlan {
    TaskPlan {
        id,
        estimate_hours: days as f64 * 9.0,
        ..Default::default()
    }
}

fn dated(id: i64, start: &str, end: &str) -> TaskPlan {
    TaskPlan {
        id,
        planned_start: Some(d(start)),
        planned_end: Some(d(end)),
        ..Default::default()
    }
}

fn link(task: i64, after: i64, lag: i64) -> Link {
    Link { task, after, lag }
}

fn run(cal: &Calendar, tasks: &[TaskPlan], links: &[Link], today: &str) -> Schedule {
    schedule(
        cal,
        &ScheduleInput {
            tasks,
            links,
            milestones: &[],
            project_due: None,
            today: d(today),
        },
    )
    .unwrap()
}

#[test]
fn workday_arithmetic_skips_weekends_and_holidays() {
    let cal = weekdays(&["2026-03-09"], &["2026-03-14"]);
    // Fri + 1 working day = Mon, but Mon 9th is a holiday.
    assert_eq!(add_workdays(&cal, d("2026-03-06"), 1), d("2026-03-10"));
    // The extra working Saturday counts.
    assert_eq!(add_workdays(&cal, d("2026-03-13"), 1), d("2026-03-14"));
    assert_eq!(add_workdays(&cal, d("2026-03-10"), -1), d("2026-03-06"));
    // A weekend start snaps to the next working day.
    assert_eq!(add_workdays(&cal, d("2026-03-07"), 0), d("2026-03-10"));
    assert_eq!(workdays_between(&cal, d("2026-03-06"), d("2026-03-10")), 1);
    assert_eq!(workdays_between(&cal, d("2026-03-10"), d("2026-03-06")), -1);
    assert_eq!(span_workdays(&cal, d("2026-03-02"), d("2026-03-13")), 9);
}

#[test]
fn textbook_critical_path() {
    // A(3) → B(4) → D(5) → F(2); A → C(2) → E(1) → F. Critical: A B D F, 14 days;
    // C and E have 6 days of float.
    let cal = every_day();
    let mut a = t(1, 3);
    a.planned_start = Some(d("2026-03-02"));
    let tasks = [a, t(2, 4), t(3, 2), t(4, 5), t(5, 1), t(6, 2)];
    let links = [
        link(2, 1, 0),
        link(3, 1, 0),
        link(4, 2, 0),
        link(5, 3, 0),
        link(6, 4, 0),
        link(6, 5, 0),
    ];
    let s = run(&cal, &tasks, &links, "2026-03-01");
    assert_eq!(s.critical_path, vec![1, 2, 4, 6]);
    assert_eq!(s.start, Some(d("2026-03-02")));
    assert_eq!(s.planned_end, Some(d("2026-03-15")));
    let c = s.task(3).unwrap();
    assert_eq!(
        (c.early_start, c.late_start),
        (d("2026-03-05"), d("2026-03-11"))
    );
    assert_eq!(c.total_float, 6);
    assert_eq!(s.task(5).unwrap().total_float, 6);
    let f = s.task(6).unwrap();
    assert_eq!(
        (f.early_start, f.early_finish),
        (d("2026-03-14"), d("2026-03-15"))
    );
    assert_eq!(f.total_float, 0);
    assert_eq!(s.health, Health::OnTrack);
}

#[test]
fn lag_counts_working_days_and_moves_the_critical_path() {
    let cal = weekdays(&[], &[]);
    // A Mon–Tue; B after A with 2 days lag starts Friday; C after A without lag has float.
    let tasks = [dated(1, "2026-03-02", "2026-03-03"), t(2, 2), t(3, 1)];
    let s = run(&cal, &tasks, &[link(2, 1, 2), link(3, 1, 0)], "2026-03-01");
    let b = s.task(2).unwrap();
    assert_eq!(b.early_start, d("2026-03-06"));
    assert_eq!(b.early_finish, d("2026-03-09"), "over the weekend");
    assert_eq!(s.critical_path, vec![1, 2]);
    assert_eq!(s.task(3).unwrap().total_float, 3);
}

#[test]
fn weekends_holidays_and_extra_workdays_stretch_tasks() {
    let tasks = [t(1, 3)];
    let mut one = tasks.clone();
    one[0].planned_start = Some(d("2026-03-05")); // Thursday
    let plain = run(&weekdays(&[], &[]), &one, &[], "2026-03-01");
    assert_eq!(plain.task(1).unwrap().early_finish, d("2026-03-09"));
    let holiday = run(&weekdays(&["2026-03-09"], &[]), &one, &[], "2026-03-01");
    assert_eq!(holiday.task(1).unwrap().early_finish, d("2026-03-10"));
    let extra = run(&weekdays(&[], &["2026-03-07"]), &one, &[], "2026-03-01");
    assert_eq!(extra.task(1).unwrap().early_finish, d("2026-03-07"));
    // A planned start on a Saturday begins on Monday.
    one[0].planned_start = Some(d("2026-03-07"));
    let sat = run(&weekdays(&[], &[]), &one, &[], "2026-03-01");
    assert_eq!(sat.task(1).unwrap().early_start, d("2026-03-09"));
}

#[test]
fn cycles_are_found_with_their_path() {
    let ids = [3, 5, 7];
    assert_eq!(
        find_cycle(&ids, &[link(5, 3, 0), link(3, 5, 0)]),
        Some(vec![3, 5, 3])
    );
    let long = [link(5, 3, 0), link(7, 5, 0), link(3, 7, 0)];
    assert_eq!(find_cycle(&ids, &long), Some(vec![3, 5, 7, 3]));
    assert_eq!(find_cycle(&ids, &[link(5, 3, 0), link(7, 5, 0)]), None);
    assert_eq!(find_cycle(&[4], &[link(4, 4, 0)]), Some(vec![4, 4]));
    let err = schedule(
        &every_day(),
        &ScheduleInput {
            tasks: &[t(3, 1), t(5, 1)],
            links: &[link(5, 3, 0), link(3, 5, 1)],
            milestones: &[],
            project_due: None,
            today: d("2026-03-01"),
        },
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "dependency cycle: #3 → #5 → #3");
    // A link to a task outside the list is ignored.
    assert_eq!(
        topo_order(&[1, 2], &[link(2, 9, 0), link(1, 2, 0)]).unwrap(),
        vec![2, 1]
    );
}

#[test]
fn forecast_from_progress_and_slippage() {
    let cal = weekdays(&[], &[]);
    let mut a = dated(1, "2026-03-02", "2026-03-13"); // 10 working days
    a.actual_start = Some(d("2026-03-02"));
    a.percent_done = 50;
    let b = dated(2, "2026-03-16", "2026-03-17");
    let links = [link(2, 1, 0)];
    // Halfway on the second Monday: on plan.
    let s = run(&cal, &[a.clone(), b.clone()], &links, "2026-03-09");
    assert_eq!(s.task(1).unwrap().forecast_end, d("2026-03-13"));
    assert_eq!(s.task(1).unwrap().slippage, 0);
    assert_eq!(s.slippage, 0);
    // Only 20% by then: 8 days left end on the 18th, 3 days late; B follows.
    a.percent_done = 20;
    let s = run(&cal, &[a.clone(), b.clone()], &links, "2026-03-09");
    assert_eq!(s.task(1).unwrap().forecast_end, d("2026-03-18"));
    assert_eq!(s.task(1).unwrap().slippage, 3);
    let fb = s.task(2).unwrap();
    assert_eq!(
        (fb.forecast_start, fb.forecast_end),
        (d("2026-03-19"), d("2026-03-20"))
    );
    assert_eq!(s.slippage, 3);
    assert_eq!(s.health, Health::AtRisk, "a critical task slips");
    // A task that has not started by its planned start is forecast from today.
    let s = run(&cal, std::slice::from_ref(&b), &[], "2026-03-18");
    assert_eq!(s.task(2).unwrap().forecast_start, d("2026-03-18"));
    assert_eq!(s.task(2).unwrap().slippage, 2);
    // Done tasks keep their actual dates.
    let mut done = dated(1, "2026-03-02", "2026-03-06");
    done.done = true;
    done.actual_start = Some(d("2026-03-02"));
    done.actual_end = Some(d("2026-03-04"));
    let s = run(&cal, &[done], &[], "2026-03-20");
    assert_eq!(s.task(1).unwrap().forecast_end, d("2026-03-04"));
    assert_eq!(s.task(1).unwrap().slippage, -2);
}

#[test]
fn health_from_due_dates_and_buffer() {
    let cal = weekdays(&[], &[]);
    let mut a = dated(1, "2026-03-02", "2026-03-06");
    a.milestone_id = Some(10);
    let b = dated(2, "2026-03-09", "2026-03-13");
    let tasks = [a, b];
    let links = [link(2, 1, 0)];
    let judge = |ms_due: &str, project_due: &str, today: &str| {
        schedule(
            &cal,
            &ScheduleInput {
                tasks: &tasks,
                links: &links,
                milestones: &[MilestonePlan {
                    id: 10,
                    due: Some(d(ms_due)),
                    done: false,
                }],
                project_due: Some(d(project_due)),
                today: d(today),
            },
        )
        .unwrap()
    };
    let ok = judge("2026-03-10", "2026-03-20", "2026-03-01");
    assert_eq!(ok.health, Health::OnTrack, "{:?}", ok.reasons);
    assert_eq!(ok.buffer, Some(2));
    let tight = judge("2026-03-09", "2026-03-20", "2026-03-01");
    assert_eq!(tight.health, Health::AtRisk);
    assert!(
        tight.reasons[0].contains("milestone #10"),
        "{:?}",
        tight.reasons
    );
    let late_ms = judge("2026-03-05", "2026-03-20", "2026-03-01");
    assert_eq!(late_ms.health, Health::Late);
    assert_eq!(late_ms.milestone(10).unwrap().slippage, Some(1));
    let late = judge("2026-03-10", "2026-03-12", "2026-03-01");
    assert_eq!(late.health, Health::Late);
    assert!(late.reasons[0].contains("after its due date 2026-03-12"));
    // Nothing started by the 9th pushes everything a week: late.
    assert_eq!(
        judge("2026-03-10", "2026-03-20", "2026-03-09").health,
        Health::Late
    );
}

#[test]
fn shifting_a_task_keeps_its_working_days_whatever_day_it_starts() {
    let cal = weekdays(&["2026-10-01", "2026-10-02"], &["2026-10-10"]);
    let mut day = d("2026-09-20");
    for _ in 0..40 {
        for len in 0..8 {
            let end = day + chrono::Duration::days(len);
            let before = span_workdays(&cal, day, end);
            for n in [-3, -1, 1, 2, 5] {
                let (s, e) = shift(&cal, day, end, n);
                assert_eq!(
                    span_workdays(&cal, s, e),
                    before,
                    "{day}..{end} by {n} → {s}..{e}"
                );
                assert!(cal.is_workday(s), "{day}..{end} by {n} starts on {s}");
            }
        }
        day = day.succ_opt().unwrap();
    }
}
