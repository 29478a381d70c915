//! `aftercare report sla|volume|csat|stages [--since] [--until]`.

use super::output::{self, Record};
use super::{Format, ReportPeriodArgs};
use crate::error::Result;
use crate::ops::Desk;
use crate::report::csat::CsatLine;
use crate::report::sla::{SlaLine, Tally};
use crate::report::stages::StageLine;
use crate::report::volume::VolumeLine;
use serde_json::{json, Value};

/// Which service report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Sla,
    Volume,
    Csat,
    Stages,
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "-".into())
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into())
}

fn r3(x: Option<f64>) -> Value {
    x.map(|v| json!((v * 1000.0).round() / 1000.0))
        .unwrap_or(Value::Null)
}

fn tally(t: &Tally) -> [String; 4] {
    [
        t.met.to_string(),
        t.breached.to_string(),
        t.pending.to_string(),
        pct(t.met_rate()),
    ]
}

impl Record for SlaLine {
    fn headers() -> Vec<&'static str> {
        vec![
            "priority",
            "type",
            "tickets",
            "fr_met",
            "fr_breached",
            "fr_pending",
            "fr_met_rate",
            "res_met",
            "res_breached",
            "res_pending",
            "res_met_rate",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let mut v = vec![
            self.priority.map_or("all".into(), |p| p.to_string()),
            self.ty.clone().unwrap_or_else(|| "all".into()),
            self.tickets.to_string(),
        ];
        v.extend(tally(&self.first_response));
        v.extend(tally(&self.resolution));
        v
    }
    fn json(&self) -> Value {
        let t = |x: &Tally| json!({"met": x.met, "breached": x.breached, "pending": x.pending, "met_rate": r3(x.met_rate())});
        json!({
            "priority": self.priority.map_or("all", |p| p.as_str()),
            "type": self.ty.as_deref().unwrap_or("all"),
            "tickets": self.tickets,
            "first_response": t(&self.first_response),
            "resolution": t(&self.resolution),
        })
    }
}

impl Record for VolumeLine {
    fn headers() -> Vec<&'static str> {
        vec!["dimension", "key", "label", "tickets", "share"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.dimension.into(),
            self.key.clone(),
            self.label.clone(),
            self.tickets.to_string(),
            pct(self.share),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "dimension": self.dimension,
            "key": self.key,
            "label": self.label,
            "tickets": self.tickets,
            "share": r3(self.share),
        })
    }
}

impl Record for CsatLine {
    fn headers() -> Vec<&'static str> {
        vec![
            "dimension",
            "key",
            "resolved",
            "rated",
            "response_rate",
            "mean",
            "satisfied",
            "s1",
            "s2",
            "s3",
            "s4",
            "s5",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let mut v = vec![
            self.dimension.into(),
            self.key.clone(),
            self.resolved.to_string(),
            self.rated.to_string(),
            pct(self.response_rate()),
            self.mean()
                .map(|m| format!("{m:.2}"))
                .unwrap_or_else(|| "-".into()),
            pct(self.satisfied()),
        ];
        v.extend(self.scores.iter().map(|n| n.to_string()));
        v
    }
    fn json(&self) -> Value {
        json!({
            "dimension": self.dimension,
            "key": self.key,
            "resolved": self.resolved,
            "rated": self.rated,
            "response_rate": r3(self.response_rate()),
            "mean": r3(self.mean()),
            "satisfied": r3(self.satisfied()),
            "scores": self.scores,
        })
    }
}

impl Record for StageLine {
    fn headers() -> Vec<&'static str> {
        vec![
            "stage",
            "label",
            "kind",
            "limit_h",
            "visits",
            "mean_h",
            "p90_h",
            "mean_wall_h",
            "p90_wall_h",
            "over_limit",
            "waiting_now",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.stage.clone(),
            self.label.clone(),
            self.kind.clone(),
            if self.limit_hours > 0.0 {
                format!("{}", self.limit_hours)
            } else {
                "-".into()
            },
            self.visits.to_string(),
            num(self.mean_hours),
            num(self.p90_hours),
            num(self.mean_wall_hours),
            num(self.p90_wall_hours),
            self.over_limit.to_string(),
            self.waiting_now.to_string(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "stage": self.stage,
            "label": self.label,
            "kind": self.kind,
            "limit_hours": self.limit_hours,
            "visits": self.visits,
            "mean_hours": r3(self.mean_hours),
            "p90_hours": r3(self.p90_hours),
            "mean_wall_hours": r3(self.mean_wall_hours),
            "p90_wall_hours": r3(self.p90_wall_hours),
            "over_limit": self.over_limit,
            "waiting_now": self.waiting_now,
        })
    }
}

/// Runs a service report; the period defaults to the last 30 days.
pub fn run(desk: &Desk, which: Which, a: &ReportPeriodArgs, f: Format) -> Result<()> {
    let since = a.since.as_deref().unwrap_or("30d");
    let (since, until) = desk.parse_period(Some(since), a.until.as_deref())?;
    let (since, until) = (since.unwrap_or(0), until.unwrap_or_else(|| desk.now() + 1));
    let (c, cfg) = (desk.store.conn(), &desk.config);
    match which {
        Which::Sla => output::list(
            f,
            &crate::report::sla::report(c, cfg, since, until, desk.now())?,
        ),
        Which::Volume => output::list(f, &crate::report::volume::report(c, cfg, since, until)?),
        Which::Csat => output::list(f, &crate::report::csat::report(c, cfg, since, until)?),
        Which::Stages => output::list(f, &crate::report::stages::report(c, cfg, since, until)?),
    }
}
