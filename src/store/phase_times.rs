//! Where one process's time goes, phase by phase: with `AFTERCARE_TIMING=1` the
//! program prints one line on stderr as it exits (each phase's wall and CPU
//! milliseconds, `name wall/cpu`, and counts), so the slow few of a series of whole
//! processes can be told apart by phase (start-up, the write, the merge step, the
//! commit, the close) and by waiting versus working.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

static MARKS: OnceLock<Option<Mutex<Marks>>> = OnceLock::new();

#[derive(Default)]
struct Marks {
    at: Vec<(&'static str, Instant, f64)>,
    counts: Vec<(&'static str, u64)>,
}

fn marks() -> Option<&'static Mutex<Marks>> {
    MARKS
        .get_or_init(|| {
            std::env::var_os("AFTERCARE_TIMING")
                .filter(|v| !v.is_empty() && v != "0")
                .map(|_| Mutex::new(Marks::default()))
        })
        .as_ref()
}

/// Notes that the phase `name` ends now (nothing unless AFTERCARE_TIMING is set).
pub fn mark(name: &'static str) {
    if let Some(m) = marks() {
        let (now, cpu) = (Instant::now(), cpu_ms());
        if let Ok(mut m) = m.lock() {
            m.at.push((name, now, cpu));
        }
    }
}

/// Adds `n` to the count `name` (merge calls, frames checkpointed).
pub fn count(name: &'static str, n: u64) {
    if let Some(m) = marks() {
        if let Ok(mut m) = m.lock() {
            match m.counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, v)) => *v += n,
                None => m.counts.push((name, n)),
            }
        }
    }
}

/// The line to print: `timing: parse 0.41/0.40 … total 5.80/5.10 ms; merge_calls 3`
/// (None unless AFTERCARE_TIMING is set and a mark was made). The process's CPU
/// before the first mark (the loader, libc) is `start`'s.
pub fn report() -> Option<String> {
    let m = marks()?.lock().ok()?;
    let (_, first, cpu0) = *m.at.first()?;
    let mut out = format!("timing: start 0/{cpu0:.2}");
    let (mut prev, mut prev_cpu) = (first, cpu0);
    for (name, at, cpu) in m.at.iter().skip(1) {
        out.push_str(&format!(
            " {name} {:.2}/{:.2}",
            ms(*at - prev),
            cpu - prev_cpu
        ));
        (prev, prev_cpu) = (*at, *cpu);
    }
    out.push_str(&format!(" total {:.2}/{prev_cpu:.2} ms", ms(prev - first)));
    for (name, n) in &m.counts {
        out.push_str(&format!("; {name} {n}"));
    }
    Some(out)
}

/// The process's CPU time so far (user + system), in milliseconds.
#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    0.0
}

/// The process's CPU time so far (user + system), in milliseconds.
#[cfg(unix)]
fn cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, ours.
    if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } != 0 {
        return 0.0;
    }
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
