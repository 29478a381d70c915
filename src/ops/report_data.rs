//! What reports keep beside the tickets: each ticket's SLA outcome (`sla_outcome`,
//! kept by every write that changes the ticket's clocks) and the dashboard's facts
//! (`ticket_facts`, kept at the end of every write transaction for the tickets its
//! audit events name). Rebuilt by `db reindex` and at the end of a demo load,
//! checked by `db check`.

use super::facts_keeper::{facts_fingerprint, refresh_facts};
use super::Desk;
use crate::domain::sla_engine::{evaluate, fingerprint, pack, ClockOutcome, History};
use crate::error::Result;
use crate::report::dashboard::Categorizer;
use crate::store::dashboard_facts::{self as facts, Fact};
use crate::store::reports;
use crate::store::service as sv;

/// Tickets checked per read.
const CHECK_BATCH: usize = 5000;

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReportDataRebuilt {
    /// Tickets whose SLA outcome and dashboard facts were recomputed.
    pub tickets: u64,
    pub seconds: f64,
}

impl Desk {
    /// Recomputes every ticket's stored SLA outcome from its history and its
    /// dashboard facts, under the current settings (after an upgrade, a bulk load, an
    /// import or a change of targets, calendar or problem categories; the due columns
    /// are `sla recompute`'s); `progress(done, total)`.
    pub fn rebuild_report_data(
        &mut self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ReportDataRebuilt> {
        let started = std::time::Instant::now();
        let total = sv::count_in_stages(self.store.conn(), None)?;
        let (mut after, mut done) = (0, 0u64);
        while let Some((last, n)) = self.rebuild_report_data_step(after, CHECK_BATCH)? {
            after = last;
            done += n as u64;
            progress(done, total);
        }
        self.finish_report_data_rebuild()?;
        Ok(ReportDataRebuilt {
            tickets: done,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// How many tickets a rebuild goes through (for its progress).
    pub fn report_data_total(&self) -> Result<u64> {
        sv::count_in_stages(self.store.conn(), None)
    }

    /// One step of the rebuild, in its own write transaction: the outcomes and facts
    /// of up to `batch` tickets with ids above `after`; the last id done and how many,
    /// or None when there are no more. Writes between steps keep the facts of what
    /// they change (the keeper works while the data is stale), so a rebuild in steps
    /// ends as current as one in a single go.
    pub fn rebuild_report_data_step(
        &mut self,
        after: i64,
        batch: usize,
    ) -> Result<Option<(i64, usize)>> {
        let now = self.now();
        let cfg = &self.config;
        let matcher = Categorizer::new(&cfg.service.categories);
        self.store.write(|c| {
            let rows = sv::sla_rows_after(c, after, batch, None)?;
            let (Some(lo), Some(hi)) = (rows.first(), rows.last()) else {
                return Ok(None);
            };
            let events = sv::stage_events_between(c, lo.id, hi.id)?;
            let stored = reports::stored_outcomes(c, lo.id, hi.id)?;
            // Written together below (one statement per 250 tickets, not one each).
            let mut counting = Vec::new();
            for r in &rows {
                let ev = events.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
                let h = History::of(r, ev);
                let s = evaluate(&cfg.sla, &cfg.workflow, &h, now);
                let (fr, res) = (
                    ClockOutcome::of(s.first_response.as_ref()),
                    ClockOutcome::of(s.resolution.as_ref()),
                );
                if fr == ClockOutcome::Counting || res == ClockOutcome::Counting {
                    // A counting clock's result follows from its due column:
                    // both are stored together, as the write path does.
                    let entered = h.stages.last().map(|x| x.0);
                    counting.push((r.id, super::sla::columns(&s, entered)));
                } else if stored.get(&r.id) != Some(&Some(pack(fr, res))) {
                    // Stopped clocks: the outcome alone (a demo's closed tickets
                    // keep the due times they were given).
                    reports::set_outcome(c, r.id, pack(fr, res))?;
                }
            }
            sv::set_sla_many(c, &counting)?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            refresh_facts(c, &matcher, &ids)?;
            Ok(Some((hi.id, rows.len())))
        })
    }

    /// Ends a rebuild whose steps went through every ticket: the stored outcomes and
    /// facts are now those of the current settings.
    pub fn finish_report_data_rebuild(&mut self) -> Result<()> {
        let cfg = &self.config;
        let (sla_fp, facts_fp) = (
            fingerprint(&cfg.sla, &cfg.workflow),
            facts_fingerprint(&cfg.service.categories),
        );
        self.store.write(|c| {
            reports::set_outcomes_fingerprint(c, sla_fp)?;
            facts::set_fingerprint(c, facts_fp)
        })
    }

    /// Whether the stored outcomes and facts were computed under the current settings
    /// (otherwise reports read the sources, correctly but slower, until a rebuild).
    pub fn report_data_current(&self) -> Result<bool> {
        let conn = self.store.conn();
        let cfg = &self.config;
        Ok(
            reports::outcomes_fingerprint(conn)? == fingerprint(&cfg.sla, &cfg.workflow)
                && facts::fingerprint(conn)? == facts_fingerprint(&cfg.service.categories),
        )
    }

    /// Where the stored report data disagrees with what it is kept from: tickets whose
    /// stored SLA outcome is not the engine's (when they were computed under the
    /// current settings). Empty when consistent.
    pub fn report_data_problems(&self) -> Result<Vec<String>> {
        let conn = self.store.conn();
        let cfg = &self.config;
        let mut problems = self.facts_problems()?;
        if reports::outcomes_fingerprint(conn)? != fingerprint(&cfg.sla, &cfg.workflow) {
            // Not claimed to be current: reports compute from history, nothing to check.
            return Ok(problems);
        }
        let now = self.now();
        let (mut after, mut wrong, mut first) = (0, 0u64, None);
        loop {
            let rows = sv::sla_rows_after(conn, after, CHECK_BATCH, None)?;
            let (Some(lo), Some(hi)) = (rows.first(), rows.last()) else {
                break;
            };
            let events = sv::stage_events_between(conn, lo.id, hi.id)?;
            let stored = reports::stored_outcomes(conn, lo.id, hi.id)?;
            for r in &rows {
                let ev = events.get(&r.id).map(Vec::as_slice).unwrap_or(&[]);
                let s = evaluate(&cfg.sla, &cfg.workflow, &History::of(r, ev), now);
                let want = pack(
                    ClockOutcome::of(s.first_response.as_ref()),
                    ClockOutcome::of(s.resolution.as_ref()),
                );
                // A missing outcome is computed when read; only a wrong one is a problem.
                if let Some(Some(got)) = stored.get(&r.id) {
                    if *got != want {
                        wrong += 1;
                        first.get_or_insert(r.id);
                    }
                }
            }
            after = hi.id;
        }
        if let Some(id) = first {
            problems.push(format!(
                "report data: {wrong} ticket(s) have a stored SLA outcome that differs from their history (first #{id}); aftercare db reindex rebuilds it"
            ));
        }
        Ok(problems)
    }
}

impl Desk {
    /// Tickets whose stored dashboard facts differ from what they are made of, when
    /// the facts claim to be current.
    fn facts_problems(&self) -> Result<Vec<String>> {
        let conn = self.store.conn();
        let cats = &self.config.service.categories;
        if facts::fingerprint(conn)? != facts_fingerprint(cats) {
            return Ok(Vec::new());
        }
        let matcher = Categorizer::new(cats);
        let mut lower = String::new();
        let (mut after, mut wrong, mut first) = (0, 0u64, None);
        loop {
            let rows = sv::sla_rows_after(conn, after, CHECK_BATCH, None)?;
            let (Some(lo), Some(hi)) = (rows.first(), rows.last()) else {
                break;
            };
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let stored = facts::stored(conn, lo.id, hi.id)?;
            for s in facts::sources(conn, &ids)? {
                let cat = matcher.of_into(&s.title, &mut lower).map(|i| i as i64);
                let want = Fact::of(s, cat);
                if stored.get(&want.id) != Some(&want) {
                    wrong += 1;
                    first.get_or_insert(want.id);
                }
            }
            after = hi.id;
        }
        let (tickets, stored) = facts::counts(conn)?;
        let mut out = Vec::new();
        if let Some(id) = first {
            out.push(format!(
                "report data: {wrong} ticket(s) have dashboard facts that differ from the ticket (first #{id}); aftercare db reindex rebuilds them"
            ));
        }
        if stored > tickets {
            out.push(format!(
                "report data: {} dashboard facts belong to no ticket; aftercare db reindex rebuilds them",
                stored - tickets
            ));
        }
        Ok(out)
    }
}
