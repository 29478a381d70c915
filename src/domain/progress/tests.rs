//! A two-task project on a Monday–Friday calendar, March 2026; today is Wednesday 11.
//! A: planned Mon 2 – Fri 6, progress recorded 20% on Tue 3, 60% Thu 5, done Mon 9.
//! B: planned Mon 9 – Fri 13, started Tue 10, 30% today, nothing recorded on the way.
//! Both weigh 16 hours. Forecast end Tue 17, due Mon 16.

use super::*;
use std::collections::BTreeSet;

/// The tests' calendar without its holiday and extra workday.
fn cal() -> Calendar {
    Calendar {
        holidays: BTreeSet::new(),
        extra_workdays: BTreeSet::new(),
        ..Calendar::test_shanghai()
    }
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
}

fn tasks() -> Vec<CurveTask> {
    vec![
        CurveTask {
            planned_weight: 16.0,
            done_weight: 16.0,
            planned_start: d(2),
            planned_end: d(6),
            duration: 5,
            history: vec![(d(3), 20), (d(5), 60), (d(9), 100)],
            actual_start: Some(d(3)),
            percent_now: 100,
        },
        CurveTask {
            planned_weight: 16.0,
            done_weight: 16.0,
            planned_start: d(9),
            planned_end: d(13),
            duration: 5,
            history: vec![],
            actual_start: Some(d(10)),
            percent_now: 30,
        },
    ]
}

fn one() -> ProgressCurve {
    let t = tasks();
    curve(
        &cal(),
        &CurveInput {
            tasks: &t,
            today: d(11),
            planned_end: Some(d(13)),
            forecast_end: Some(d(17)),
            due: Some(d(16)),
            slippage_days: 2,
        },
    )
}

fn point(c: &ProgressCurve, day: u32) -> &CurvePoint {
    c.points.iter().find(|p| p.day == d(day)).unwrap()
}

#[test]
fn planned_actual_and_forecast_by_day() {
    let c = one();
    assert_eq!(c.start, Some(d(2)));
    assert_eq!(c.points.len(), 16, "2 to 17 March");
    // Wed 4: A three of five planned days; recorded 20%.
    assert_eq!(point(&c, 4).planned, 30.0);
    assert_eq!(point(&c, 4).actual, Some(10.0));
    // Sat 7: A planned done, B not begun; A at 60%.
    assert_eq!(point(&c, 7).planned, 50.0);
    assert_eq!(point(&c, 7).actual, Some(30.0));
    // Tue 10: B counts up from its start to today's 30%: half of it on its first day.
    assert_eq!(point(&c, 10).actual, Some(57.5));
    // Today: B three of five planned days (80% planned), 65% done.
    assert_eq!((c.planned_now, c.actual_now), (80.0, 65.0));
    assert_eq!(point(&c, 11).forecast, Some(65.0));
    assert_eq!(point(&c, 14).forecast, Some(82.5));
    assert_eq!(point(&c, 17).forecast, Some(100.0));
    assert_eq!(point(&c, 12).actual, None);
    assert_eq!(point(&c, 10).forecast, None);
    assert_eq!(point(&c, 17).planned, 100.0);
    // One working day after the due date.
    assert_eq!((c.late_days, c.slippage_days), (Some(1), 2));
}

#[test]
fn without_estimates_tasks_count_the_same_and_empty_plans_have_no_curve() {
    let mut t = tasks();
    t[0].done_weight = 0.0;
    t[1].done_weight = 0.0;
    t[0].planned_weight = 1.0;
    t[1].planned_weight = 1.0;
    let c = curve(
        &cal(),
        &CurveInput {
            tasks: &t,
            today: d(11),
            planned_end: Some(d(13)),
            forecast_end: Some(d(13)),
            due: None,
            slippage_days: 0,
        },
    );
    assert_eq!(
        (c.planned_now, c.actual_now, c.late_days),
        (80.0, 65.0, None)
    );
    let none = curve(
        &cal(),
        &CurveInput {
            tasks: &[],
            today: d(11),
            planned_end: None,
            forecast_end: None,
            due: None,
            slippage_days: 0,
        },
    );
    assert!(none.points.is_empty());
    assert_eq!((none.start, none.actual_now), (None, 0.0));
}

#[test]
fn several_projects_make_one_curve() {
    let a = one();
    let t = vec![CurveTask {
        planned_weight: 8.0,
        done_weight: 8.0,
        planned_start: d(9),
        planned_end: d(10),
        duration: 2,
        history: vec![(d(10), 100)],
        actual_start: Some(d(9)),
        percent_now: 100,
    }];
    let b = curve(
        &cal(),
        &CurveInput {
            tasks: &t,
            today: d(11),
            planned_end: Some(d(10)),
            forecast_end: Some(d(10)),
            due: Some(d(20)),
            slippage_days: 0,
        },
    );
    let all = combine(&[a, b], d(11));
    assert_eq!(all.start, Some(d(2)));
    assert_eq!(all.forecast_end, Some(d(17)));
    assert_eq!(all.due, Some(d(20)));
    assert_eq!(all.late_days, Some(1));
    assert_eq!((all.planned_now, all.actual_now), (90.0, 82.5));
    // Before B begins it counts as nothing; Wed 4: (30 + 0) / 2.
    let p4 = all.points.iter().find(|p| p.day == d(4)).unwrap();
    assert_eq!((p4.planned, p4.actual), (15.0, Some(5.0)));
    // Sat 14: A forecast 82.5, B finished.
    let p14 = all.points.iter().find(|p| p.day == d(14)).unwrap();
    assert_eq!(p14.forecast, Some(91.25));
    assert!(combine(&[], d(11)).points.is_empty());
}
