//! Demo data for `aftercare demo`: agents, customers with their products, tickets with
//! their whole history (assignments, moves through the workflow, replies and notes),
//! customer projects and knowledge-base articles, in mixed Chinese and English.
//!
//! The same seed gives the same data: everything but absolute times depends only on the
//! seed, and times are fixed offsets from midnight of the current day (in the SLA time
//! zone), so open tickets sit around "now" against their SLA targets.

mod clock;
mod kb;
mod load;
mod load_pg;
mod people;
mod projects;
mod projects_extra;
mod rng;
mod routes;
mod service_extra;
mod summary;
mod team_extra;
mod tickets;
mod words;

pub use summary::DemoSummary;

#[cfg(test)]
mod tests;

use crate::domain::filter::Filter;
use crate::error::{Error, Result};
use crate::ops::Desk;
use crate::store::tickets::FilterContext;
use std::time::Instant;

/// Options for demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    pub tickets: u64,
    pub seed: u64,
}

/// Fills the database; `progress(done, total)` is called every few thousand tickets.
pub fn generate(
    desk: &mut Desk,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary> {
    let started = Instant::now();
    let existing = crate::store::tickets::count(
        desk.store.conn(),
        &Filter::default(),
        &FilterContext::default(),
    )?;
    if existing > 0 {
        return Err(Error::invalid(
            format!("the database already has {existing} tickets"),
            "demo data goes into an empty database; use --db with a new file",
        ));
    }
    let anchor = clock::anchor(desk.now(), desk.config.sla.calendar.tz);
    let mut summary = DemoSummary::default();
    let actor = desk.actor.clone();
    let load = load::Load {
        config: &desk.config,
        actor: &actor,
        seed: opts.seed,
        anchor,
        now: desk.now(),
        tickets: opts.tickets,
        beside: true,
    };
    // Each phase is a span: `--log FILE` shows how long it took.
    let index = tracing::info_span!("demo_load")
        .in_scope(|| load::all(&mut desk.store, &load, &mut summary, progress))?;
    // On PostgreSQL the word index is still being built by its own session meanwhile.
    let rest = (|| -> Result<()> {
        tracing::info_span!("demo_team")
            .in_scope(|| team_extra::fill(desk, opts.seed, anchor, &mut summary))?;
        tracing::info_span!("demo_projects")
            .in_scope(|| projects_extra::fill(desk, opts.seed, anchor, &mut summary))?;
        tracing::info_span!("demo_service")
            .in_scope(|| service_extra::fill(desk, opts.seed, anchor, &mut summary))?;
        // The SLA outcomes and dashboard facts came with the rows, the open tickets'
        // from the SLA recompute above, the scores' with them: they are current.
        tracing::info_span!("demo_report_data").in_scope(|| desk.finish_report_data_rebuild())
    })();
    let indexed = match index {
        Some(index) => tracing::info_span!("demo_word_index").in_scope(|| index.complete(desk)),
        None => Ok(()),
    };
    rest.and(indexed)?;
    // The setup and the phases after the load left the small word indexes in many
    // segments; every search would read through each.
    tracing::info_span!("demo_merge_small_indexes").in_scope(|| {
        desk.store
            .write(crate::store::demo_load::merge_small_word_indexes)
    })?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
