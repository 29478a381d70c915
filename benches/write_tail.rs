//! The write tail: 1,000 consecutive comments (`ticket comment`: transaction, CAS,
//! audit, SLA first-response, word index) on a copy of the 1,000,000-ticket demo
//! database, p50 / p99 / max. Goal: p99 ≤ 10 ms, worst ≤ 50 ms. Run three times, one
//! after the other on the same copy: as the CLI or mail intake write (each write
//! ends with a bounded merge step of the word index, SQLite's checkpoint every 1,000
//! WAL pages in the write that reaches them); the same with nobody merging at all
//! (as before session 7: FTS5's crisis merges in the writes); then as the console
//! does: checkpoints deferred, one idle merge step and WAL checkpoint after each
//! write, whose own cost is shown too. AFTERCARE_BENCH_WRITES changes the count,
//! AFTERCARE_BENCH_MODES=nobody,lone,console picks and orders the runs,
//! AFTERCARE_BENCH_REPORT_ONLY=1 skips the criterion part.

mod common;

use aftercare::store::search::merge;
use criterion::Criterion;
use std::time::{Duration, Instant};

fn writes() -> usize {
    std::env::var("AFTERCARE_BENCH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

const TEXTS: &[&str] = &[
    "已联系客户，确认打印机卡纸问题，明天上门更换搓纸轮。",
    "Customer confirmed the refund was received, closing after CSAT.",
    "客户要求开具增值税专用发票，已转财务处理。",
    "Replaced the fuser unit; test print OK. 已测试打印正常。",
];

fn report() {
    let n = writes();
    let scratch = common::Scratch::new("write-tail");
    let mut desk = scratch.open();
    let max_id = desk.ticket_total().expect("total");
    println!(
        "write tail: {n} comments on {max_id} tickets; index segments per level {:?}",
        merge::levels(&desk.store).expect("levels")
    );
    for mode in modes() {
        // Each run on a connection of its own, opened as a CLI process opens it.
        drop(desk);
        desk = scratch.open();
        let with_merges = mode == Mode::Console;
        match mode {
            Mode::Lone => {}
            // Writes that only add segments: FTS5's crisis merges do the merging.
            Mode::NobodyMerging => desk.store.leave_merging_to_worker(),
            // As the console: its worker checkpoints and merges when idle.
            Mode::Console => desk.defer_checkpoints().expect("defer checkpoints"),
        }
        let mut times = Vec::with_capacity(n);
        let mut merges = Vec::new();
        // The merge step alone: what holds the write lock.
        let mut steps = Vec::new();
        let mut id: i64 = 12_345;
        for i in 0..n {
            // Spread over the whole history, old tickets and new.
            id = (id * 7919 + 104_729) % max_id + 1;
            let t = Instant::now();
            desk.comment(id, TEXTS[i % TEXTS.len()], i % 3 == 0, None)
                .expect("comment");
            times.push(t.elapsed());
            if with_merges {
                let t = Instant::now();
                merge::step(&mut desk.store, merge::STEP_PAGES).expect("merge step");
                steps.push(t.elapsed());
                desk.checkpoint_step().expect("checkpoint step");
                merges.push(t.elapsed());
            }
        }
        let (p50, p99, max) = common::tail(&mut times);
        println!(
            "  {:<34} p50 {p50:>7.2} ms   p99 {p99:>7.2} ms   max {max:>8.2} ms",
            match mode {
                Mode::Lone => "comments, CLI (merge step in each)",
                Mode::NobodyMerging => "comments, nobody merging (before)",
                Mode::Console => "comments, console's idle upkeep",
            }
        );
        if with_merges {
            let (m50, m99, mmax) = common::tail(&mut merges);
            println!(
                "  {:<34} p50 {m50:>7.2} ms   p99 {m99:>7.2} ms   max {mmax:>8.2} ms",
                "  … each merge + checkpoint"
            );
            let (s50, s99, smax) = common::tail(&mut steps);
            println!(
                "  {:<34} p50 {s50:>7.2} ms   p99 {s99:>7.2} ms   max {smax:>8.2} ms",
                "  … of which the merge step"
            );
        }
        println!(
            "  index segments per level now {:?}",
            merge::levels(&desk.store).expect("levels")
        );
    }
}

/// The runs, in order: `AFTERCARE_BENCH_MODES` (lone, nobody, console), else all
/// three in that order.
fn modes() -> Vec<Mode> {
    let names =
        std::env::var("AFTERCARE_BENCH_MODES").unwrap_or_else(|_| "lone,nobody,console".into());
    names
        .split(',')
        .map(|m| match m.trim() {
            "lone" => Mode::Lone,
            "nobody" => Mode::NobodyMerging,
            "console" => Mode::Console,
            other => panic!("AFTERCARE_BENCH_MODES: unknown run {other:?}"),
        })
        .collect()
}

/// Who merges the word index's segments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Each write ends with a bounded merge step (CLI, mail intake).
    Lone,
    /// Nobody: FTS5's crisis merges only.
    NobodyMerging,
    /// The console's worker, between writes.
    Console,
}

fn benches(c: &mut Criterion) {
    let scratch = common::Scratch::new("write-tail-criterion");
    let mut desk = scratch.open();
    let max_id = desk.ticket_total().expect("total");
    let mut id: i64 = 777;
    c.bench_function("ticket comment (1M tickets)", |b| {
        b.iter(|| {
            id = (id * 7919 + 104_729) % max_id + 1;
            desk.comment(id, TEXTS[0], false, None).expect("comment")
        })
    });
}

fn main() {
    report();
    if std::env::var_os("AFTERCARE_BENCH_REPORT_ONLY").is_some() {
        return;
    }
    let mut c = Criterion::default()
        .sample_size(50)
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
