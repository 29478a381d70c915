//! The console at scale: `update` + `render` on a ratatui TestBackend over a demo
//! database. Start-up until the first page of rows is drawn (worst of 20; goal
//! ≤ 50 ms), first frame, a navigation keystroke to its frame, a new filter to its
//! first page. Prints p50/p99 as well as criterion's report.
//!
//! AFTERCARE_BENCH_TICKETS sets the database size (default here 100,000, so a run
//! takes minutes; the documented figures use 1,000,000). The database is built once
//! with the demo generator and cached under target/bench-data/.

mod common;

use aftercare::app::keys::Key;
use aftercare::app::msg::{Effect, Msg, TicketsFx};
use aftercare::app::{handle, start, update, Command};
use aftercare::tui::effects;
use aftercare::tui::headless::Headless;
use criterion::Criterion;
use std::collections::VecDeque;
use std::hint::black_box;
use std::time::{Duration, Instant};

const W: u16 = 120;
const H: u16 = 40;

const FILTERS: &[&str] = &[
    "stage:new",
    "type:complaint priority:>=high",
    "is:open assignee:李娜",
    "customer:华为",
    "退款",
    "is:breached",
];

fn console() -> Headless {
    let mut h = Headless::new(common::open(), W, H);
    h.start();
    h.draw();
    h
}

/// Runs `f` `n` times and prints its p50, p95, p99 and max.
fn percentiles(name: &str, n: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let p = |q: f64| times[((n as f64 * q) as usize).min(n - 1)];
    println!(
        "{name:<34} p50 {:>9.3} ms   p95 {:>9.3} ms   p99 {:>9.3} ms   max {:>9.3} ms   (n={n})",
        p(0.50).as_secs_f64() * 1e3,
        p(0.95).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        times[n - 1].as_secs_f64() * 1e3
    );
}

/// From nothing to the first page of rows on screen, as the event loop does it: open
/// the database, draw the first (empty) frame, run the start-up effects in their
/// order and draw as soon as rows are there.
fn start_to_rows() -> Duration {
    let t = Instant::now();
    let mut h = Headless::new(common::open(), W, H);
    h.draw();
    let mut queue: VecDeque<Effect> = start(&mut h.state).into();
    while let Some(e) = queue.pop_front() {
        for m in effects::run(&mut h.desk, e) {
            queue.extend(handle(&mut h.state, m));
        }
        if !h.state.tickets.list.rows.is_empty() {
            h.draw();
            return t.elapsed();
        }
    }
    panic!("no rows after start-up");
}

/// A new filter: the time to its first page on screen, then the time of its count
/// (the console draws the page before it runs the count).
fn filter(h: &mut Headless, q: &str) -> (Duration, Duration) {
    let t = Instant::now();
    let fx = update(&mut h.state, Command::Filter(Some(q.to_string())));
    let (pages, rest): (Vec<Effect>, Vec<Effect>) = fx
        .into_iter()
        .partition(|e| matches!(e, Effect::Tickets(TicketsFx::LoadPage(_))));
    h.run(pages);
    h.draw();
    let page = t.elapsed();
    let t = Instant::now();
    h.run(rest);
    (page, t.elapsed())
}

fn report() {
    println!(
        "console bench: {} tickets, {W}x{H} screen",
        common::bench_tickets()
    );
    percentiles("first frame (before any query)", 200, || {
        let mut h = Headless::new(common::open(), W, H);
        h.draw();
        black_box(&h.state);
    });
    start_to_rows(); // the page cache warm, as for a second start
    let mut starts: Vec<Duration> = (0..20).map(|_| start_to_rows()).collect();
    starts.sort();
    println!(
        "{:<34} p50 {:>9.3} ms   max {:>9.3} ms   (worst of 20)",
        "start → first page of rows drawn",
        starts[10].as_secs_f64() * 1e3,
        starts[19].as_secs_f64() * 1e3
    );
    let mut h = console();
    let down = Key::ch('j');
    percentiles("keystroke j → frame", 2000, || {
        h.send(Msg::Key(down));
        h.draw();
    });
    let mut counts = Vec::new();
    let mut i = 0;
    percentiles("new filter → first page frame", 60, || {
        let (_, count) = filter(&mut h, FILTERS[i % FILTERS.len()]);
        counts.push(count);
        i += 1;
    });
    counts.sort();
    println!(
        "{:<34} p50 {:>9.3} ms   max {:>9.3} ms",
        "  … then its count (after the frame)",
        counts[counts.len() / 2].as_secs_f64() * 1e3,
        counts[counts.len() - 1].as_secs_f64() * 1e3
    );
    for q in FILTERS {
        let (page, count) = filter(&mut h, q);
        println!(
            "  {q:<32} page+frame {:>8.3} ms   count {:>8.3} ms",
            page.as_secs_f64() * 1e3,
            count.as_secs_f64() * 1e3
        );
    }
    percentiles("status bar refresh (SLA counts)", 20, || {
        black_box(aftercare::tui::effects::status(&h.desk).expect("status"));
    });
}

fn benches(c: &mut Criterion) {
    c.bench_function("console first frame", |b| {
        b.iter(|| {
            let mut h = Headless::new(common::open(), W, H);
            h.draw();
            black_box(h.state.size)
        })
    });
    let mut h = console();
    c.bench_function("console keystroke j to frame", |b| {
        b.iter(|| {
            h.send(Msg::Key(Key::ch('j')));
            h.draw();
        })
    });
    let mut i = 0;
    c.bench_function("console new filter to first page frame", |b| {
        b.iter(|| {
            filter(&mut h, FILTERS[i % FILTERS.len()]);
            i += 1;
        })
    });
}

fn main() {
    if std::env::var_os("AFTERCARE_BENCH_TICKETS").is_none() {
        // Before any thread exists: the shared helper reads it.
        std::env::set_var("AFTERCARE_BENCH_TICKETS", "100000");
    }
    report();
    let mut c = Criterion::default().sample_size(20).configure_from_args();
    benches(&mut c);
    c.final_summary();
}
