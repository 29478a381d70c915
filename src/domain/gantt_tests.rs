use super::*;
use crate::domain::text::width;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn weekday(x: NaiveDate) -> bool {
    x.weekday().num_days_from_monday() < 5
}

fn task(id: i64, name: &str, start: &str, end: &str) -> GanttTask {
    GanttTask {
        id,
        name: name.into(),
        start: d(start),
        end: d(end),
        ..Default::default()
    }
}

/// A small upgrade project: done, slipping, parallel and lagged tasks, one milestone.
fn items() -> Vec<GanttItem> {
    let mut survey = task(1, "需求调研", "2026-03-02", "2026-03-04");
    survey.done = true;
    survey.percent_done = 100;
    survey.critical = true;
    let mut upgrade = task(2, "服务器升级 server upgrade", "2026-03-05", "2026-03-11");
    upgrade.percent_done = 40;
    upgrade.critical = true;
    upgrade.forecast_end = Some(d("2026-03-13"));
    upgrade.after = vec![1];
    let mut drivers = task(3, "打印机驱动测试", "2026-03-09", "2026-03-10");
    drivers.after = vec![1];
    let mut training = task(4, "客户培训 training", "2026-03-16", "2026-03-18");
    training.critical = true;
    training.after = vec![2];
    vec![
        GanttItem::Task(survey),
        GanttItem::Task(upgrade),
        GanttItem::Task(drivers),
        GanttItem::Milestone(GanttMilestone {
            id: 7,
            name: "上线验收".into(),
            date: d("2026-03-13"),
            done: false,
        }),
        GanttItem::Task(training),
    ]
}

fn view(zoom: Zoom, width: usize) -> GanttView {
    let items = items();
    GanttView {
        start: fit_start(&items, zoom, d("2026-03-09")),
        today: d("2026-03-09"),
        zoom,
        width,
        label_width: None,
    }
}

#[test]
fn day_zoom_snapshot() {
    let l = layout(&items(), &view(Zoom::Day, 80), &weekday);
    insta::assert_snapshot!("gantt_day_80", l.lines().join("\n"));
}

#[test]
fn week_zoom_snapshot() {
    let l = layout(&items(), &view(Zoom::Week, 64), &weekday);
    insta::assert_snapshot!("gantt_week_64", l.lines().join("\n"));
}

#[test]
fn month_zoom_header_labels_months() {
    let v = GanttView {
        start: d("2026-01-05"),
        ..view(Zoom::Month, 50)
    };
    let l = layout(&items(), &v, &weekday);
    assert!(l.header[0].starts_with("2026"), "{:?}", l.header);
    assert!(l.header[1].starts_with("Jan Feb"), "{:?}", l.header);
    assert!(l.header[1].contains("Mar"));
    // One column a week: the four-day survey is one cell, the milestone one marker.
    let survey = &l.rows[0];
    assert_eq!(
        survey
            .cells
            .iter()
            .filter(|c| c.kind == CellKind::Done)
            .count(),
        1
    );
    assert_eq!(l.columns_of(d("2026-03-02")), Some((8, 8)));
    assert_eq!(l.date_at(8), d("2026-03-02"));
}

#[test]
fn chinese_labels_align_and_truncate_by_display_width() {
    for zoom in [Zoom::Day, Zoom::Week, Zoom::Month] {
        for w in [40, 80, 120] {
            let l = layout(&items(), &view(zoom, w), &weekday);
            for line in l.lines() {
                assert_eq!(width(&line), w, "{zoom:?} {w}: {line}");
            }
            for r in &l.rows {
                assert_eq!(width(&r.label), l.label_width);
                assert_eq!(r.cells.len(), l.timeline_width);
            }
        }
    }
    let narrow = GanttView {
        label_width: Some(9),
        ..view(Zoom::Day, 60)
    };
    let l = layout(&items(), &narrow, &weekday);
    // "#1 需求调研" is 11 columns: cut to 8 + "…" without splitting a character.
    assert_eq!(
        l.rows[0].label, "#1 需求… ",
        "a wide character that does not fit is left out"
    );
    assert_eq!(l.rows[2].label, "#3 打印… ");
    assert_eq!(width(&l.rows[2].label), 9);
}

#[test]
fn bars_progress_critical_slip_and_links() {
    let l = layout(&items(), &view(Zoom::Week, 64), &weekday);
    let start = l.start;
    assert_eq!(start, d("2026-02-23"), "Monday before the first task");
    let col = |s: &str| l.columns_of(d(s)).unwrap().0;
    let upgrade = &l.rows[1];
    assert!(upgrade.critical);
    // 7 days at 40%: 3 done cells, then critical unfinished cells, then 2 slip days.
    let kinds: Vec<CellKind> = (col("2026-03-05")..=col("2026-03-13"))
        .map(|c| upgrade.cells[c].kind)
        .collect();
    use CellKind::*;
    assert_eq!(
        kinds,
        [Done, Done, Done, Remaining, Remaining, Remaining, Remaining, Slip, Slip]
    );
    assert_eq!(
        upgrade.cells[col("2026-03-08")].glyph,
        GLYPH_REMAINING_CRITICAL
    );
    // The drivers task waits after #1 ends on the 4th: a line, then an arrow.
    let drivers = &l.rows[2];
    assert_eq!(drivers.preds, vec![0]);
    assert_eq!(drivers.cells[col("2026-03-05")].kind, Link);
    assert_eq!(drivers.cells[col("2026-03-08")].kind, Arrow);
    assert_eq!(drivers.cells[col("2026-03-09")].glyph, GLYPH_REMAINING);
    // Today's line runs through empty cells and flags the others.
    let tc = l.today_col.unwrap();
    assert_eq!(tc, col("2026-03-09"));
    assert_eq!(l.rows[0].cells[tc].kind, Today);
    assert!(upgrade.cells[tc].today);
    assert_eq!(upgrade.cells[tc].kind, Remaining);
    // Milestone marker on its date; weekends shaded.
    assert_eq!(l.rows[3].item, RowItem::Milestone(7));
    assert_eq!(l.rows[3].cells[col("2026-03-13")].kind, Milestone);
    assert_eq!(l.rows[3].cells[col("2026-03-14")].kind, DayOff);
}

#[test]
fn clipping_scrolling_and_keeping_a_date_visible() {
    let v = GanttView {
        start: d("2026-03-10"),
        ..view(Zoom::Day, 40)
    };
    let l = layout(&items(), &v, &weekday);
    assert!(l.rows[1].clipped_left);
    assert!(!l.rows[4].clipped_left);
    assert!(l.rows[4].clipped_right, "training ends after the window");
    assert_eq!(l.today_col, None);
    assert_eq!(scroll(d("2026-03-10"), Zoom::Day, -3), d("2026-03-07"));
    assert_eq!(scroll(d("2026-03-09"), Zoom::Week, 1), d("2026-03-16"));
    assert_eq!(scroll(d("2026-03-11"), Zoom::Month, 0), d("2026-03-09"));
    // 30 columns of day zoom show 10 days.
    let s = keep_visible(d("2026-03-01"), Zoom::Day, 30, d("2026-03-20"));
    assert!(
        s <= d("2026-03-20") && s + Duration::days(9) >= d("2026-03-20"),
        "{s}"
    );
    assert_eq!(
        keep_visible(d("2026-03-01"), Zoom::Day, 30, d("2026-03-05")),
        d("2026-03-01")
    );
    assert_eq!(
        keep_visible(d("2026-03-10"), Zoom::Week, 30, d("2026-03-04")),
        d("2026-03-02")
    );
    let far = keep_visible(d("2026-01-05"), Zoom::Month, 10, d("2026-06-01"));
    let (_, b) = Zoom::Month.span(far, d("2026-06-01"));
    assert!((0..10).contains(&b), "{far}");
    assert_eq!(Zoom::parse("Week"), Some(Zoom::Week));
    assert_eq!(Zoom::parse("year"), None);
    assert_eq!(Zoom::Month.next(), Zoom::Day);
}

#[test]
fn tiny_widths_do_not_panic() {
    for w in 0..12 {
        let l = layout(&items(), &view(Zoom::Day, w), &weekday);
        assert!(l.label_width + l.timeline_width <= w.max(1));
        let _ = l.lines();
    }
    let none = layout(&[], &view(Zoom::Week, 40), &weekday);
    assert!(none.rows.is_empty());
}
