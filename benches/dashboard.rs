//! The dashboard at scale: the whole computation (every chart, the agent table) for
//! the last 7, 30 and 90 days, and 30 days narrowed to one type, on a 1,000,000-ticket
//! demo database (AFTERCARE_BENCH_TICKETS to change, AFTERCARE_BENCH_DB to point at one).

mod common;

use aftercare::report::dashboard::{Period, Scope};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let desk = common::open();
    let today = desk.today();
    let mut g = c.benchmark_group("dashboard");
    g.sample_size(10);
    for days in [7, 30, 90] {
        g.bench_function(format!("{days} days"), |b| {
            b.iter(|| {
                black_box(
                    desk.dashboard(Period::last_days(today, days), Scope::default())
                        .expect("dashboard"),
                )
            })
        });
    }
    let complaints = Scope {
        ty: Some("complaint".into()),
        ..Default::default()
    };
    g.bench_function("30 days, type:complaint", |b| {
        b.iter(|| {
            black_box(
                desk.dashboard(Period::last_days(today, 30), complaints.clone())
                    .expect("dashboard"),
            )
        })
    });
    g.finish();
}

criterion_group!(dashboard, benches);
criterion_main!(dashboard);
