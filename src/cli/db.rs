//! `aftercare db …` and `aftercare demo`.

use super::output::{self, Record};
use super::{DbCmd, Format};
use crate::error::{Error, Result};
use crate::ops::Desk;
use crate::store::maintenance::Info;
use crate::store::transfer::TableCopy;

use serde_json::{json, Value};

impl Record for Info {
    fn headers() -> Vec<&'static str> {
        vec![
            "path",
            "backend",
            "backend_version",
            "encrypted",
            "schema_version",
            "journal_mode",
            "journal_reason",
            "network_fs",
            "access",
            "size_bytes",
            "tickets",
            "comments",
            "customers",
            "agents",
            "projects",
            "articles",
            "audit_events",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.path.clone(),
            self.backend.clone(),
            self.backend_version.clone(),
            self.encrypted.to_string(),
            self.schema_version.to_string(),
            self.journal_mode.clone(),
            self.journal_reason.clone(),
            self.network_fs.to_string(),
            self.access.clone(),
            self.size_bytes.to_string(),
            self.tickets.to_string(),
            self.comments.to_string(),
            self.customers.to_string(),
            self.agents.to_string(),
            self.projects.to_string(),
            self.articles.to_string(),
            self.audit_events.to_string(),
        ]
    }
    fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Runs a db command.
pub fn run(desk: &mut Desk, cmd: &DbCmd, f: Format) -> Result<()> {
    match cmd {
        DbCmd::Info => output::one(f, &desk.db_info()?),
        DbCmd::Check => {
            let problems = desk.db_check()?;
            if f == Format::Json {
                output::json(&json!({"ok": problems.is_empty(), "problems": problems}))?;
            } else if problems.is_empty() {
                output::emit("ok: integrity, foreign keys and audit log are consistent\n")?;
            }
            if problems.is_empty() {
                Ok(())
            } else {
                if f != Format::Json {
                    for p in &problems {
                        eprintln!("  {p}");
                    }
                }
                Err(Error::invalid(
                    format!("the database has {} problem(s)", problems.len()),
                    "restore from a backup (aftercare db backup makes one) or report the problems",
                ))
            }
        }
        DbCmd::Reindex => super::search::reindex(desk, f),
        DbCmd::Migrate { to } => migrate(desk, to, f),
        DbCmd::Journal { mode, force } => {
            let now = desk.db_journal(mode, *force)?;
            match f {
                Format::Json => output::json(&json!({"journal_mode": now})),
                _ => output::emit(&format!("journal mode: {now}\n")),
            }
        }
        DbCmd::Optimize => {
            let pb = output::progress_bar("merging the search index");
            let r = desk.optimize_index(&mut |steps| pb.set_position(steps))?;
            pb.finish_and_clear();
            match f {
                Format::Json => output::json(&serde_json::to_value(&r).unwrap_or(Value::Null)),
                _ => output::emit(&format!(
                    "search index merged: {} → {} segments in {:.1} s\n",
                    r.segments_before, r.segments_after, r.seconds
                )),
            }
        }
        DbCmd::Backup { path } => {
            let pb = output::progress_bar("backup");
            desk.db_backup(path, &mut |done, total| {
                pb.set_length(total.max(0) as u64);
                pb.set_position(done.max(0) as u64);
            })?;
            pb.finish_and_clear();
            match f {
                Format::Json => output::json(&json!({"backup": path.display().to_string()})),
                _ => output::emit(&format!("backup written to {}\n", path.display())),
            }
        }
    }
}

impl Record for TableCopy {
    fn headers() -> Vec<&'static str> {
        vec!["table", "rows", "checksum"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.table.clone(),
            self.rows.to_string(),
            self.checksum.clone(),
        ]
    }
    fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Runs `aftercare db migrate --to TARGET`.
fn migrate(desk: &mut Desk, to: &std::path::Path, f: Format) -> Result<()> {
    let pb = output::progress_bar("copying");
    let copied = desk.migrate_to(to, &mut |done, total| {
        pb.set_length(total);
        pb.set_position(done);
    });
    pb.finish_and_clear();
    let copied = copied?;
    match f {
        Format::Json => output::json(&serde_json::to_value(&copied).unwrap_or(Value::Null)),
        _ => {
            output::list(f, &copied.tables)?;
            let rows: u64 = copied.tables.iter().map(|t| t.rows).sum();
            if f == Format::Table {
                output::emit(&format!(
                    "copied {rows} rows in {} tables to {} in {:.1} s; counts and checksums match\n",
                    copied.tables.len(),
                    crate::store::server::without_password(&copied.to),
                    copied.seconds
                ))?;
            }
            Ok(())
        }
    }
}

/// Runs `aftercare demo`.
pub fn demo(desk: &mut Desk, tickets: u64, seed: u64, f: Format) -> Result<()> {
    let pb = output::progress_bar("demo data");
    pb.set_length(tickets);
    let summary = crate::demo::generate(
        desk,
        &crate::demo::DemoOptions { tickets, seed },
        &mut |done, total| {
            pb.set_length(total);
            pb.set_position(done);
        },
    )?;
    pb.finish_and_clear();
    match f {
        Format::Json => output::json(&serde_json::to_value(&summary).unwrap_or(Value::Null)),
        _ => output::emit(&format!(
            "demo data: {} tickets, {} customers, {} agents, {} projects, {} articles in {:.1} s\n",
            summary.tickets,
            summary.customers,
            summary.agents,
            summary.projects,
            summary.articles,
            summary.seconds
        )),
    }
}
