//! `aftercare import …`, `aftercare export …` and `aftercare route ID`.

use super::output::{self, Record};
use super::{ExportCmd, Format, ImportCmd, ImportTableArgs};
use crate::domain::intake::ImportSummary;
use crate::error::{Cause, Error, Result};
use crate::import::table::{self, Mapping, TextEncoding};
use crate::ops::{Desk, MailSource, EXPORT_FORMAT};
use serde_json::{json, Value};

impl Record for ImportSummary {
    fn headers() -> Vec<&'static str> {
        vec![
            "kind",
            "source",
            "read",
            "tickets",
            "replies",
            "duplicates",
            "skipped",
            "customers_created",
            "attachments",
            "dry_run",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.source.clone(),
            self.read.to_string(),
            self.tickets.len().to_string(),
            self.replies.to_string(),
            self.duplicates.to_string(),
            self.skipped.len().to_string(),
            self.customers_created.to_string(),
            self.attachments.to_string(),
            self.dry_run.to_string(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "kind": self.kind,
            "source": self.source,
            "read": self.read,
            "tickets": self.tickets.len(),
            "ticket_ids": self.tickets,
            "replies": self.replies,
            "duplicates": self.duplicates,
            "bounces": self.bounces,
            "skipped": self.skipped.len(),
            "skipped_by_reason": self.skipped_by_reason(),
            "skipped_items": self.skipped.iter().map(|s| json!({
                "origin": s.origin,
                "reason": s.reason,
                "detail": s.detail,
            })).collect::<Vec<_>>(),
            "customers_created": self.customers_created,
            "attachments": self.attachments,
            "dry_run": self.dry_run,
        })
    }
}

pub(crate) fn summary_text(s: &ImportSummary) -> String {
    let mut out = format!("{} import of {}\n", s.kind, s.source);
    let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<18} {v}\n"));
    line("read", s.read.to_string());
    line("new tickets", s.tickets.len().to_string());
    line("threaded replies", s.replies.to_string());
    line("duplicates", s.duplicates.to_string());
    if s.bounces > 0 {
        line("bounces", s.bounces.to_string());
    }
    line("skipped", s.skipped.len().to_string());
    for (reason, n) in s.skipped_by_reason() {
        out.push_str(&format!("    {n:>4}  {reason}\n"));
        for item in s.skipped.iter().filter(|i| i.reason == reason).take(5) {
            let detail = if item.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", crate::domain::text::one_line(&item.detail))
            };
            out.push_str(&format!("          {}{detail}\n", item.origin));
        }
    }
    let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<18} {v}\n"));
    line("customers created", s.customers_created.to_string());
    line("attachments", s.attachments.to_string());
    if s.dry_run {
        out.push_str("dry run: nothing was saved\n");
    }
    out
}

fn print_summary(s: &ImportSummary, f: Format) -> Result<()> {
    match f {
        Format::Json | Format::Csv => output::one(f, s),
        _ => output::emit(&summary_text(s)),
    }
}

fn delimiter(s: &str) -> Result<u8> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        d if d.len() == 1 => Ok(d.as_bytes()[0]),
        d => Err(Error::invalid(
            format!("--delimiter '{d}' is not one character"),
            "e.g. --delimiter ';' or --delimiter tab",
        )),
    }
}

fn import_table(desk: &mut Desk, kind: &str, a: &ImportTableArgs, f: Format) -> Result<()> {
    let name = a.path.display().to_string();
    let enc = TextEncoding::parse(&a.encoding)?;
    let mapping = a.map.as_deref().map(Mapping::parse).transpose()?;
    let t = if kind == "csv" {
        table::read_csv(&a.path, enc, delimiter(&a.delimiter)?)?
    } else {
        let bytes = crate::import::read_file(&a.path)?;
        let text = table::decode(&bytes, enc, &name)?;
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| Error::invalid(format!("'{name}' is not JSON: {e}"), "check the file"))?;
        if doc.get("format").and_then(Value::as_str) == Some(EXPORT_FORMAT) {
            return restore(desk, &doc, a, f);
        }
        table::json_rows(&doc, &name)?
    };
    let s = desk.import_table(kind, &name, &t, mapping.as_ref(), a.dry_run)?;
    print_summary(&s, f)
}

fn restore(desk: &mut Desk, doc: &Value, a: &ImportTableArgs, f: Format) -> Result<()> {
    if a.map.is_some() || a.dry_run {
        return Err(Error::invalid(
            "an aftercare export is loaded whole: --map and --dry-run do not apply",
            "load it into a new database: aftercare --db NEW.db import json FILE",
        ));
    }
    let counts = desk.restore_export(doc)?;
    match f {
        Format::Json => output::json(&json!({"restored": counts})),
        _ => {
            let total: usize = counts.values().sum();
            let mut s = format!(
                "loaded {total} rows into {} tables from {}\n",
                counts.len(),
                a.path.display()
            );
            for (t, n) in counts.iter().filter(|(_, n)| **n > 0) {
                s.push_str(&format!("  {t:<20} {n}\n"));
            }
            output::emit(&s)
        }
    }
}

/// Runs an import command.
pub fn import(desk: &mut Desk, cmd: &ImportCmd, f: Format) -> Result<()> {
    let mail = |desk: &mut Desk, src, a: &super::ImportMailArgs| {
        let s = desk.import_mail(src, &a.path, a.dry_run)?;
        print_summary(&s, f)
    };
    match cmd {
        ImportCmd::Eml(a) => mail(desk, MailSource::Eml, a),
        ImportCmd::Mbox(a) => mail(desk, MailSource::Mbox, a),
        ImportCmd::Maildir(a) => mail(desk, MailSource::Maildir, a),
        ImportCmd::Csv(a) => import_table(desk, "csv", a, f),
        ImportCmd::Json(a) => import_table(desk, "json", a, f),
    }
}

/// Runs an export command.
pub fn export(desk: &Desk, cmd: &ExportCmd, f: Format) -> Result<()> {
    let (counts, to) = match cmd {
        ExportCmd::Json { out: None } => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match desk.export_json(&mut w) {
                Ok(_) => return Ok(()),
                Err(e) if e.io_cause() == Some(Cause::BrokenPipe) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        ExportCmd::Json { out: Some(path) } => (
            crate::files::write_private(path, |w| desk.export_json(w))?,
            path.display().to_string(),
        ),
        ExportCmd::Csv { out } => (
            desk.export_csv(out, output::csv_mode())?,
            out.display().to_string(),
        ),
    };
    match f {
        Format::Json => output::json(&json!({"out": to, "rows": counts})),
        _ => {
            let total: usize = counts.values().sum();
            output::emit(&format!(
                "exported {total} rows of {} tables to {to}\n",
                counts.len()
            ))
        }
    }
}

/// Runs `route ID`.
pub fn route(desk: &mut Desk, id: i64, if_version: Option<i64>, f: Format) -> Result<()> {
    let r = desk.route_ticket(id, if_version)?;
    match f {
        Format::Json => output::json(&json!({
            "id": r.ticket_id,
            "group": r.new_group,
            "previous_group": r.old_group,
            "changed": r.changed(),
            "lead": r.lead,
            "version": r.version,
        })),
        Format::Csv => output::csv(
            &["id", "group", "previous_group", "changed"],
            [[
                r.ticket_id.to_string(),
                r.new_group.clone().unwrap_or_default(),
                r.old_group.clone().unwrap_or_default(),
                r.changed().to_string(),
            ]],
        ),
        _ => {
            let g = r.new_group.clone().unwrap_or_else(|| "no group".into());
            let lead = r
                .lead
                .as_deref()
                .map(|l| format!(", lead {l}"))
                .unwrap_or_default();
            output::emit(&if r.changed() {
                format!("ticket #{id} routed to {g}{lead} (version {})\n", r.version)
            } else {
                format!("ticket #{id} stays in {g}{lead}\n")
            })
        }
    }
}
