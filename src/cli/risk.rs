//! `aftercare risk …`: the risk register.

use super::output;
use super::{Format, RiskCmd};
use crate::error::Result;
use crate::ops::{Desk, RiskInput, RiskView};
use serde_json::{json, Value};

/// A risk as JSON.
pub fn risk_json(r: &RiskView) -> Value {
    let k = &r.risk;
    json!({
        "id": k.id,
        "project_id": k.project_id,
        "title": k.title,
        "probability": k.probability,
        "impact": k.impact,
        "score": r.score(),
        "level": r.level.as_str(),
        "owner": r.owner,
        "owner_id": k.owner_id,
        "response": k.response,
        "status": k.status,
        "version": k.version,
    })
}

const HEADERS: &[&str] = &[
    "id", "project", "p×i", "level", "status", "owner", "title", "response",
];

fn row(r: &RiskView) -> Vec<String> {
    let k = &r.risk;
    vec![
        k.id.to_string(),
        k.project_id.to_string(),
        format!("{}×{}={}", k.probability, k.impact, r.score()),
        r.level.as_str().into(),
        k.status.to_string(),
        r.owner.clone().unwrap_or_default(),
        k.title.clone(),
        k.response.clone(),
    ]
}

/// Risks as an aligned table.
pub fn risk_table(risks: &[RiskView]) -> String {
    let rows: Vec<Vec<String>> = risks.iter().map(row).collect();
    output::table(HEADERS, &rows)
}

fn print(f: Format, risks: &[RiskView], one: bool) -> Result<()> {
    match f {
        Format::Json if one => output::json(&risks.first().map(risk_json).unwrap_or(Value::Null)),
        Format::Json => output::json(&Value::Array(risks.iter().map(risk_json).collect())),
        Format::Csv => output::csv(HEADERS, risks.iter().map(row)),
        _ => output::emit(&risk_table(risks)),
    }
}

/// Runs a risk command.
pub fn risk(desk: &mut Desk, cmd: &RiskCmd, f: Format) -> Result<()> {
    match cmd {
        RiskCmd::New {
            project,
            title,
            probability,
            impact,
            owner,
            response,
        } => {
            let r = desk.create_risk(
                *project,
                RiskInput {
                    title: Some(title.clone()),
                    probability: Some(*probability),
                    impact: Some(*impact),
                    owner: owner.clone(),
                    response: response.clone(),
                    status: None,
                },
            )?;
            match f {
                Format::Json | Format::Csv => print(f, &[r], true),
                _ => output::emit(&format!("{}\n", r.risk.id)),
            }
        }
        RiskCmd::List {
            project,
            min_score,
            all,
        } => {
            let mut risks = desk.risks(*project)?;
            risks.retain(|r| (*all || r.is_live()) && min_score.is_none_or(|m| r.score() >= m));
            print(f, &risks, false)
        }
        RiskCmd::Show { id } => print(f, &[desk.risk(*id)?], true),
        RiskCmd::Update {
            id,
            status,
            probability,
            impact,
            response,
            owner,
            title,
            guard,
        } => {
            let r = desk.update_risk(
                *id,
                RiskInput {
                    title: title.clone(),
                    probability: *probability,
                    impact: *impact,
                    owner: owner.clone(),
                    response: response.clone(),
                    status: status.clone(),
                },
                guard.if_version,
            )?;
            match f {
                Format::Json | Format::Csv => print(f, &[r], true),
                _ => output::emit(&format!(
                    "risk #{} {}×{} {} (version {})\n",
                    r.risk.id, r.risk.probability, r.risk.impact, r.risk.status, r.risk.version
                )),
            }
        }
    }
}
