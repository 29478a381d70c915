//! The reports at scale on a 1,000,000-ticket demo database (AFTERCARE_BENCH_TICKETS
//! to change, AFTERCARE_BENCH_DB to point at one): `report sla` over the last 30 days
//! from the stored outcomes and, for comparison, from every ticket's history; the
//! dashboard's 30 and 90 days from the stored facts and from the tickets themselves.
//! A database without its report data (an older file) gets it once, first.

mod common;

use aftercare::report::dashboard::{Period, Scope};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let mut desk = common::open();
    if !desk.report_data_current().expect("report data") {
        eprintln!("filling the report data (once) …");
        let r = desk
            .rebuild_report_data(&mut |_, _| {})
            .expect("rebuild report data");
        eprintln!("{} tickets in {:.1} s", r.tickets, r.seconds);
    }
    let now = desk.now();
    let (since, until) = (now - 30 * 86_400, now);
    let conn = desk.store.conn();
    let cfg = &desk.config;
    let mut g = c.benchmark_group("reports");
    g.sample_size(10);
    g.bench_function("report sla 30 days (stored outcomes)", |b| {
        b.iter(|| {
            black_box(aftercare::report::sla::report(conn, cfg, since, until, now).expect("sla"))
        })
    });
    g.bench_function("report sla 30 days (from history)", |b| {
        b.iter(|| {
            black_box(
                aftercare::report::sla::from_history(conn, cfg, since, until, now).expect("sla"),
            )
        })
    });
    let today = desk.today();
    for days in [30, 90] {
        let p = Period::last_days(today, days);
        g.bench_function(format!("dashboard {days} days (facts)"), |b| {
            b.iter(|| black_box(desk.dashboard(p, Scope::default()).expect("dashboard")))
        });
        g.bench_function(format!("dashboard {days} days (from the tickets)"), |b| {
            b.iter(|| {
                black_box(
                    desk.dashboard_from_sources(p, Scope::default())
                        .expect("dashboard"),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(reports, benches);
criterion_main!(reports);
