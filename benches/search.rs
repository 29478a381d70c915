//! Search at scale: top 50 results for a two-character Chinese word, a longer
//! Chinese phrase, an English word and a mixed query, on a 1,000,000-ticket demo
//! database (AFTERCARE_BENCH_TICKETS to change, AFTERCARE_BENCH_DB to use a file).
//! Prints p50/p95 per query first (the goal: p95 within 30 ms), then criterion's report.

mod common;

use aftercare::domain::filter::Filter;
use aftercare::domain::search::{score, Kind};
use aftercare::ops::{split_query, Desk, SearchOptions, CANDIDATES};
use aftercare::store::search::candidates;
use aftercare::store::tickets::SortKey;
use criterion::{criterion_group, Criterion};
use std::hint::black_box;
use std::time::Instant;

const QUERIES: &[(&str, &str)] = &[
    ("two-character Chinese word", "退款"),
    ("Chinese phrase", "增值税发票"),
    ("English word", "printer"),
    ("mixed", "打印机 jam"),
    ("filter and word", "type:complaint 退款"),
    ("one Chinese character", "退"),
];

fn opts() -> SearchOptions {
    SearchOptions {
        limit: 50,
        ..Default::default()
    }
}

/// p50 and p95 over `runs` timed calls, in milliseconds.
fn percentiles(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm the page cache and statement cache
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    (ms[runs / 2], ms[runs * 95 / 100])
}

fn report(desk: &Desk) {
    if desk.search_index_stale().unwrap_or(false) {
        eprintln!("warning: the index is stale; run `aftercare db reindex` on the bench database");
    }
    eprintln!("search, top 50 (p50 / p95 over 200 runs):");
    for (name, q) in QUERIES {
        let n = desk.search(q, &opts()).expect("search").len();
        let (p50, p95) = percentiles(200, || {
            black_box(desk.search(q, &opts()).expect("search"));
        });
        eprintln!("  {name:<28} {q:<20} {n:>3} hits  p50 {p50:>6.2} ms  p95 {p95:>6.2} ms");
    }
    eprintln!("stages for tickets (p50 / p95): fetch the newest candidates, then rank them");
    let ctx = desk.filter_context();
    for (_, q) in QUERIES {
        let (text, _, filter) = split_query(q).expect("query");
        let conn = desk.store.conn();
        let fetch =
            || candidates(conn, Kind::Ticket, &text, &filter, &ctx, CANDIDATES).expect("fetch");
        let got = fetch();
        let (f50, f95) = percentiles(100, || {
            black_box(fetch());
        });
        let now = desk.now();
        let (r50, r95) = percentiles(100, || {
            for c in &got {
                black_box(score(&text, &c.title, &c.body, now - c.updated_at));
            }
        });
        eprintln!(
            "  {q:<20} {:>5} candidates  fetch {f50:>6.2} / {f95:>6.2} ms  rank {r50:>6.2} / {r95:>6.2} ms",
            got.len()
        );
    }
    for q in ["退款", "printer"] {
        let f = Filter::parse(q).expect("filter");
        let (p50, p95) = percentiles(100, || {
            black_box(
                desk.list_tickets(&f, SortKey::Id, true, None, 50)
                    .expect("list"),
            );
        });
        eprintln!(
            "  ticket list --query {q:<12} first page    p50 {p50:>6.2} ms  p95 {p95:>6.2} ms"
        );
    }
}

fn benches(c: &mut Criterion) {
    let desk = common::open();
    report(&desk);
    for (name, q) in QUERIES {
        c.bench_function(&format!("search top 50: {name} ({q})"), |b| {
            b.iter(|| black_box(desk.search(q, &opts()).expect("search")))
        });
    }
}

criterion_group! {
    name = search;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}

/// `AFTERCARE_BENCH_LOAD=N`: times the demo load of N tickets with the index kept
/// by triggers, then with triggers off and one rebuild at the end, and exits.
fn load_timing(n: u64) {
    use aftercare::config::Config;
    use aftercare::demo::{generate, DemoOptions};
    use aftercare::store::search::{begin_bulk, finish_bulk};
    let dir = std::env::temp_dir().join(format!("aftercare-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let opts = DemoOptions {
        tickets: n,
        seed: 42,
    };
    for bulk in [false, true] {
        let path = dir.join(format!("load-{bulk}.db"));
        let mut desk = Desk::open(&path, Config::builtin(), "bench").expect("open");
        let t = Instant::now();
        let cpu = cpu_seconds();
        if bulk {
            desk.store.write(begin_bulk).expect("bulk");
        }
        let s = generate(&mut desk, &opts, &mut |_, _| {}).expect("demo");
        let loaded = t.elapsed().as_secs_f64();
        if bulk {
            desk.store
                .write(|c| finish_bulk(c, &mut |_, _| {}))
                .expect("rebuild");
        }
        eprintln!(
            "{n} tickets, {} comments, {}: {:.1} s, {:.1} s of CPU (load {loaded:.1} s)",
            s.comments,
            if bulk {
                "triggers off + rebuild"
            } else {
                "triggers on"
            },
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// CPU time of this process so far (user + system, all threads).
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the zeroed struct we own.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn main() {
    if let Some(n) = std::env::var("AFTERCARE_BENCH_LOAD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return load_timing(n);
    }
    search();
    Criterion::default().configure_from_args().final_summary();
}
