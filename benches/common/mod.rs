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

/// A copy of the benchmark database that benchmarks which write may change: the
/// cached file itself stays as built, so later runs measure the same data.
/// Removed when dropped.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    /// Copies the benchmark database (a few seconds for 2 GB).
    pub fn new(name: &str) -> Scratch {
        let src = bench_db();
        // Opening it once first brings an old cached file to the current schema, so
        // each copy does not migrate again.
        drop(Desk::open(&src, Config::builtin(), "bench").expect("open bench db"));
        let path = src.with_file_name(format!("scratch-{name}-{}.db", std::process::id()));
        std::fs::copy(&src, &path).expect("copy the bench db");
        // On disk before any write is timed: otherwise the first sync of the copy
        // (the first checkpoint) waits for all its gigabytes to be written back, and
        // that write alone took 0.9-1.0 s at 1M (session 7, in whichever run came first).
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .expect("sync the copy");
        // A copy of a read-only file (the shared demo) is read-only too: make it
        // writable (by its owner only), or every write the bench makes is refused.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .expect("make the copy writable");
        }
        Scratch { path }
    }

    /// Opens the copy.
    pub fn open(&self) -> Desk {
        Desk::open(&self.path, Config::builtin(), "bench").expect("open scratch db")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.path.display()));
        }
    }
}

/// p50, p99 and max of durations, in milliseconds.
pub fn tail(times: &mut [std::time::Duration]) -> (f64, f64, f64) {
    times.sort();
    let n = times.len();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    (
        ms(times[n / 2]),
        ms(times[((n * 99) / 100).min(n - 1)]),
        ms(times[n - 1]),
    )
}
