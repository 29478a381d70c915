//! Shared by the benchmarks: a large demo database, built once and cached.
#![allow(dead_code)]

use aftercare::config::Config;
use aftercare::ops::Desk;
use std::path::PathBuf;

/// Tickets in the benchmark database: `AFTERCARE_BENCH_TICKETS`, default 1,000,000.
pub fn bench_tickets() -> u64 {
    std::env::var("AFTERCARE_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// The database: `AFTERCARE_BENCH_DB` if set, else a cached demo database under target/.
pub fn bench_db() -> PathBuf {
    if let Ok(p) = std::env::var("AFTERCARE_BENCH_DB") {
        return PathBuf::from(p);
    }
    let n = bench_tickets();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("demo-{n}.db"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("bench dir");
        let tmp = dir.join(format!("demo-{n}.building.db"));
        let _ = std::fs::remove_file(&tmp);
        let mut desk = Desk::open(&tmp, Config::builtin(), "bench").expect("open");
        eprintln!("building a {n}-ticket demo database (once) …");
        let s = aftercare::demo::generate(
            &mut desk,
            &aftercare::demo::DemoOptions {
                tickets: n,
                seed: 42,
            },
            &mut |_, _| {},
        )
        .expect("demo");
        eprintln!("built in {:.1} s", s.seconds);
        drop(desk);
        std::fs::rename(&tmp, &path).expect("rename");
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("demo-{n}.building.db{ext}")));
        }
    }
    path
}

/// Opens the benchmark database.
pub fn open() -> Desk {
    Desk::open(&bench_db(), Config::builtin(), "bench").expect("open bench db")
}
