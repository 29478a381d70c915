//! `aftercare search …` and `aftercare db reindex`.

use super::output::{self, ts, Record};
use super::{Format, SearchArgs};
use crate::domain::search::{Kind, Snippet};
use crate::error::{Error, Result};
use crate::ops::{Desk, SearchHit, SearchOptions};
use serde_json::{json, Value};

/// How a match is marked in table and CSV output.
const OPEN: &str = "[";
const CLOSE: &str = "]";

fn marks(m: &[(usize, usize)]) -> Value {
    m.iter().map(|(s, e)| json!([s, e])).collect()
}

impl Record for SearchHit {
    fn headers() -> Vec<&'static str> {
        vec!["kind", "id", "score", "context", "title", "snippet"]
    }
    fn cells(&self) -> Vec<String> {
        let title = Snippet {
            text: self.title.clone(),
            marks: self.title_marks.clone(),
        };
        vec![
            self.kind.as_str().into(),
            self.id.to_string(),
            format!("{:.2}", self.score),
            self.context.clone().unwrap_or_default(),
            title.marked(OPEN, CLOSE),
            self.snippet.marked(OPEN, CLOSE),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "id": self.id,
            "title": self.title,
            "title_highlights": marks(&self.title_marks),
            "snippet": self.snippet.text,
            "highlights": marks(&self.snippet.marks),
            "score": self.score,
            "context": self.context,
            "updated_at": ts(Some(self.updated_at)),
        })
    }
}

/// Parses `--kind` values.
pub fn kinds(names: &[String]) -> Result<Vec<Kind>> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            Kind::parse(n).ok_or_else(|| {
                Error::invalid(
                    format!("unknown kind '{n}'"),
                    "use ticket, customer, article or project",
                )
            })
        })
        .collect()
}

/// Runs `aftercare search`.
pub fn run(desk: &Desk, a: &SearchArgs, f: Format) -> Result<()> {
    let query = a.query.join(" ");
    let opts = SearchOptions {
        limit: a.limit.max(1),
        kinds: kinds(&a.kind)?,
        ..Default::default()
    };
    let hits = desk.search(&query, &opts)?;
    if desk.search_index_stale()? {
        eprintln!("warning: the search index is out of date; run: aftercare db reindex");
    }
    if f == Format::Table && hits.is_empty() {
        eprintln!("no matches for '{query}'");
        return Ok(());
    }
    output::list(f, &hits)
}

/// Runs `aftercare db reindex`, with a progress bar on a terminal: the word index,
/// then the data reports keep beside the tickets (SLA outcomes).
pub fn reindex(desk: &mut Desk, f: Format) -> Result<()> {
    let pb = super::output::progress_bar("reindex");
    let r = desk.reindex(&mut |done, total| {
        pb.set_length(total);
        pb.set_position(done);
    })?;
    pb.finish_and_clear();
    let pb = super::output::progress_bar("report data");
    let d = desk.rebuild_report_data(&mut |done, total| {
        pb.set_length(total);
        pb.set_position(done);
    })?;
    pb.finish_and_clear();
    match f {
        Format::Json => {
            let mut v = serde_json::to_value(&r).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "report_data".into(),
                    serde_json::to_value(&d).unwrap_or(Value::Null),
                );
            }
            output::json(&v)
        }
        _ => output::emit(&format!(
            "search index rebuilt: {} tickets, {} comments, {} customers, {} articles, {} projects in {:.1} s\nreport data rebuilt: {} tickets in {:.1} s\n",
            r.tickets, r.comments, r.customers, r.articles, r.projects, r.seconds, d.tickets, d.seconds
        )),
    }
}
