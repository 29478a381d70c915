//! The hook that keeps the dashboard's facts (`ticket_facts`) at the end of every
//! write transaction, for the tickets its audit events name. Apart from `Desk` so
//! the store's opening and the SLA recompute can call it without a cycle.

use crate::config::Config;
use crate::domain::service::ProblemCategory;
use crate::error::Result;
use crate::report::dashboard::Categorizer;
use crate::store::dashboard_facts::{self as facts, Fact};
use crate::store::{reports, AfterWrite, Conn};
use std::sync::Arc;

/// More tickets than this changed in one transaction is a bulk load (a demo, an
/// import): the facts are marked stale for `db reindex` instead of kept one by one.
const BULK: usize = 20_000;

/// The fingerprint of the settings the facts depend on (the problem categories):
/// FNV-1a of their `Debug` text, hashed as it is written (no string is built).
/// Stored in every database, so its value must never change.
pub fn facts_fingerprint(cats: &[ProblemCategory]) -> i64 {
    use std::fmt::Write;
    let mut h = Fnv1a(0xcbf2_9ce4_8422_2325);
    // Writing into the hash cannot fail.
    let _ = write!(h, "{cats:?}");
    ((h.0 >> 1) as i64).max(1)
}

/// A 64-bit FNV-1a hash that text is formatted into.
struct Fnv1a(u64);

impl std::fmt::Write for Fnv1a {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(())
    }
}

/// Recomputes and stores the facts of the tickets `ids` (forgetting those of
/// tickets that are gone).
pub(crate) fn refresh_facts(c: &Conn, matcher: &Categorizer, ids: &[i64]) -> Result<()> {
    let out = facts_of(matcher, facts::sources(c, ids)?);
    if out.len() < ids.len() {
        facts::forget_missing(c, ids)?;
    }
    facts::put(c, &out)
}

/// The facts of the given sources (their titles' problem categories).
fn facts_of(matcher: &Categorizer, sources: Vec<facts::FactSource>) -> Vec<Fact> {
    let mut lower = String::new();
    sources
        .into_iter()
        .map(|s| {
            let cat = matcher.of_into(&s.title, &mut lower).map(|i| i as i64);
            Fact::of(s, cat)
        })
        .collect()
}

/// The hook that keeps the facts of the tickets a write transaction changed. What
/// changed, the stored fingerprint and the sources come in one read on a server, and
/// the new facts go with the COMMIT (`dashboard_facts::changes`).
pub(crate) fn keeper(cfg: &Config) -> AfterWrite {
    // Built at the first write that needs it: a read command never does (building
    // it was a tenth of `search 退`'s process CPU).
    let categories = cfg.service.categories.clone();
    let matcher: std::sync::OnceLock<Categorizer> = std::sync::OnceLock::new();
    // Likewise the fingerprint: at the first write that changes a ticket.
    let fingerprint: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    Arc::new(move |c: &Conn, mark: i64| {
        let changed = facts::changes(c, mark, BULK)?;
        if changed.count == 0 {
            return Ok(());
        }
        let fp = *fingerprint.get_or_init(|| facts_fingerprint(&categories));
        match changed.fingerprint {
            // A new database: its facts are this writer's, unless tickets came in
            // some other way (a copy, an import) before its first write.
            reports::FINGERPRINT_EMPTY => {
                let fresh = reports::at_most_tickets(c, changed.count)?;
                facts::set_fingerprint(c, if fresh { fp } else { 0 })?
            }
            // Stale until rebuilt; kept all the same, so a rebuild running meanwhile
            // ends with every fact current.
            0 => {}
            stored if stored != fp => {
                // Other problem categories than the stored facts': the dashboard
                // reads the sources until `db reindex`.
                return facts::set_fingerprint(c, 0);
            }
            _ => {}
        }
        if changed.count > BULK {
            // A bulk load: the stored outcomes may have come with the rows, too.
            facts::set_fingerprint(c, 0)?;
            return reports::set_outcomes_fingerprint(c, 0);
        }
        let matcher = matcher.get_or_init(|| Categorizer::for_few_titles(&categories));
        let out = facts_of(matcher, changed.sources);
        if out.len() < changed.ids.len() {
            facts::forget_missing(c, &changed.ids)?;
        }
        facts::put_with_commit(c, &out)
    })
}

#[cfg(test)]
mod tests {
    use super::facts_fingerprint;
    use crate::config::Config;

    /// The fingerprint as first written (sessions 4–7): FNV-1a over a `Debug` string.
    /// Databases store it, so hashing while formatting must give the same value.
    fn as_stored_before(cats: &[crate::domain::service::ProblemCategory]) -> i64 {
        let text = format!("{cats:?}");
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        ((h >> 1) as i64).max(1)
    }

    #[test]
    fn the_fingerprint_keeps_its_stored_value() {
        let cats = Config::builtin().service.categories;
        assert!(cats.len() > 1);
        assert_eq!(facts_fingerprint(&cats), as_stored_before(&cats));
        assert_eq!(facts_fingerprint(&cats[..1]), as_stored_before(&cats[..1]));
        assert_eq!(facts_fingerprint(&[]), as_stored_before(&[]));
        assert_ne!(facts_fingerprint(&cats), facts_fingerprint(&cats[..1]));
    }
}
