//! The same work on a PostgreSQL server: the ticket list's first page, search top 50,
//! one write (comment with its audit event and word index) and the console's first
//! page, each as p50 / p95 / p99, then criterion's report.
//!
//! Runs only when AFTERCARE_BENCH_PG_URL names a database (scripts/pg.sh prints one);
//! otherwise it says so in one line and does nothing. An empty database is first
//! filled with the demo data set (AFTERCARE_BENCH_TICKETS, default 1,000,000; seed 42).
//! The writes add comments to existing tickets: use a throw-away database.

use aftercare::config::Config;
use aftercare::domain::filter::Filter;
use aftercare::ops::{Desk, SearchOptions};
use aftercare::store::tickets::SortKey;
use aftercare::tui::headless::Headless;
use criterion::Criterion;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SEARCHES: &[&str] = &[
    "退款",
    "增值税发票",
    "printer",
    "打印机 jam",
    "type:complaint 退款",
    "退",
];

const FILTERS: &[&str] = &[
    "",
    "stage:new priority:>=high",
    "type:complaint -stage:closed",
    "is:open",
];

fn url() -> Option<PathBuf> {
    std::env::var("AFTERCARE_BENCH_PG_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .map(PathBuf::from)
}

fn open(db: &Path) -> Desk {
    Desk::open(db, Config::builtin(), "bench").expect("open the bench database")
}

/// p50, p95 and p99 of `runs` timed calls, in milliseconds.
fn percentiles(runs: usize, mut f: impl FnMut()) -> [f64; 3] {
    f(); // warm caches and prepared statements
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((runs as f64 * q) as usize).min(runs - 1)];
    [at(0.50), at(0.95), at(0.99)]
}

fn line(name: &str, p: [f64; 3]) {
    eprintln!(
        "  {name:<40} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms",
        p[0], p[1], p[2]
    );
}

fn fill(desk: &mut Desk) {
    if desk.ticket_total().expect("count") > 0 {
        return;
    }
    let n: u64 = std::env::var("AFTERCARE_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    eprintln!("loading {n} demo tickets into the server (once) …");
    let opts = aftercare::demo::DemoOptions {
        tickets: n,
        seed: 42,
    };
    let s = aftercare::demo::generate(desk, &opts, &mut |_, _| {}).expect("demo");
    eprintln!("loaded in {:.1} s", s.seconds);
}

fn report(db: &Path, desk: &mut Desk) {
    eprintln!(
        "postgres bench: {} tickets",
        desk.ticket_total().expect("count")
    );
    for q in FILTERS {
        let f = Filter::parse(q).expect("filter");
        line(
            &format!("list first page `{q}`"),
            percentiles(200, || {
                black_box(
                    desk.list_tickets(&f, SortKey::Id, true, None, 50)
                        .expect("list"),
                );
            }),
        );
    }
    let opts = SearchOptions {
        limit: 50,
        ..Default::default()
    };
    for q in SEARCHES {
        line(
            &format!("search top 50 `{q}`"),
            percentiles(200, || {
                black_box(desk.search(q, &opts).expect("search"));
            }),
        );
    }
    let max = desk
        .list_tickets(&Filter::default(), SortKey::Id, true, None, 1)
        .expect("list")
        .rows[0]
        .id;
    let mut i: i64 = 0;
    line(
        "write: comment (audit, word index)",
        percentiles(500, || {
            i = (i * 7919 + 13) % max + 1;
            desk.comment(i, "基准测试 benchmark 打印机卡纸 printer jam", true, None)
                .expect("comment");
        }),
    );
    line(
        "console: start to first page drawn",
        percentiles(50, || {
            let mut h = Headless::new(open(db), 120, 40);
            h.start();
            h.draw();
            black_box(&h.state);
        }),
    );
}

fn benches(c: &mut Criterion, db: &Path, desk: &mut Desk) {
    let f = Filter::default();
    c.bench_function("pg list first page", |b| {
        b.iter(|| {
            black_box(
                desk.list_tickets(&f, SortKey::Id, true, None, 50)
                    .expect("list"),
            )
        })
    });
    let opts = SearchOptions {
        limit: 50,
        ..Default::default()
    };
    c.bench_function("pg search top 50 退款", |b| {
        b.iter(|| black_box(desk.search("退款", &opts).expect("search")))
    });
    c.bench_function("pg comment", |b| {
        b.iter(|| desk.comment(1, "基准 bench", true, None).expect("comment"))
    });
    c.bench_function("pg console first page", |b| {
        b.iter(|| {
            let mut h = Headless::new(open(db), 120, 40);
            h.start();
            h.draw();
            black_box(h.state.size)
        })
    });
}

fn main() {
    let Some(db) = url() else {
        eprintln!("postgres bench skipped: set AFTERCARE_BENCH_PG_URL (scripts/pg.sh prints one)");
        return;
    };
    let mut desk = open(&db);
    fill(&mut desk);
    report(&db, &mut desk);
    let mut c = Criterion::default().sample_size(20).configure_from_args();
    benches(&mut c, &db, &mut desk);
    c.final_summary();
}
