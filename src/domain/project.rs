//! Project follow-through records (issue log, documents, acceptance, retrospective) and
//! the rules for statuses and risk ratings.

use super::status::IssueStatus;
use chrono::NaiveDate;
use serde::Serialize;

/// Issue severities, least first.
pub const ISSUE_SEVERITIES: &[&str] = &["low", "medium", "high", "critical"];
/// Document kinds.
pub const DOCUMENT_KINDS: &[&str] = &["plan", "report", "minutes", "feedback", "other"];
/// The knowledge-base category of published retrospectives.
pub const RETRO_CATEGORY: &str = "项目复盘";

/// An entry in a project's issue log.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Issue {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub detail: String,
    /// low | medium | high | critical
    pub severity: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub status: IssueStatus,
    pub resolution: String,
    pub due_on: Option<NaiveDate>,
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
    pub updated_at: i64,
    pub version: i64,
}

impl Issue {
    /// Whether the issue still needs work.
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

/// A document kept with a project: a path or a URL.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Document {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub location: String,
    /// plan | report | minutes | feedback | other
    pub kind: String,
    pub added_by: String,
    pub created_at: i64,
    pub version: i64,
}

/// The customer's acceptance of a project.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Acceptance {
    pub id: i64,
    pub project_id: i64,
    /// Who accepted, on the customer's side.
    pub accepted_by: String,
    pub accepted_at: i64,
    pub notes: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// What a closed project taught.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Retro {
    pub project_id: i64,
    pub went_well: String,
    pub went_badly: String,
    pub lessons: String,
    /// The knowledge-base article it was published as.
    pub article_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// A risk's rating band by probability × impact (each 1–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

impl RiskLevel {
    /// The band of a score: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical.
    pub fn of(probability: i64, impact: i64) -> RiskLevel {
        match probability * impact {
            ..=4 => RiskLevel::Low,
            5..=9 => RiskLevel::Medium,
            10..=16 => RiskLevel::High,
            _ => RiskLevel::Critical,
        }
    }

    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::Critical => "critical",
        }
    }
}

/// Counts of risks per cell of the 5×5 matrix: `[probability - 1][impact - 1]`.
/// Only risks that still matter (open or occurred) are counted.
pub fn risk_heatmap(risks: &[super::records::Risk]) -> [[usize; 5]; 5] {
    let mut m = [[0; 5]; 5];
    for r in risks
        .iter()
        .filter(|r| matches!(r.status.as_str(), "open" | "occurred"))
    {
        let p = (r.probability.clamp(1, 5) - 1) as usize;
        let i = (r.impact.clamp(1, 5) - 1) as usize;
        m[p][i] += 1;
    }
    m
}

/// Checks `value` against a list of allowed names, naming them in the error.
pub fn check_one_of(what: &str, value: &str, allowed: &[&str]) -> Result<(), String> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "unknown {what} '{value}' (use {})",
            allowed.join(", ")
        ))
    }
}

/// Checks a probability or impact rating (1–5).
pub fn check_rating(what: &str, v: i64) -> Result<(), String> {
    if (1..=5).contains(&v) {
        Ok(())
    } else {
        Err(format!("{what} must be 1–5, not {v}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::Risk;

    #[test]
    fn risk_levels_and_heatmap() {
        assert_eq!(RiskLevel::of(1, 4), RiskLevel::Low);
        assert_eq!(RiskLevel::of(3, 3), RiskLevel::Medium);
        assert_eq!(RiskLevel::of(4, 4), RiskLevel::High);
        assert_eq!(RiskLevel::of(4, 5), RiskLevel::Critical);
        let r = |p, i, s: &str| Risk {
            probability: p,
            impact: i,
            status: s.parse().unwrap(),
            ..Default::default()
        };
        let m = risk_heatmap(&[
            r(5, 4, "open"),
            r(5, 4, "occurred"),
            r(1, 1, "closed"),
            r(9, 0, "open"),
        ]);
        assert_eq!(m[4][3], 2);
        assert_eq!(m[4][0], 1, "out-of-range ratings are clamped");
        assert_eq!(m[0][0], 0, "closed risks are left out");
        assert_eq!(m.iter().flatten().sum::<usize>(), 3);
    }

    #[test]
    fn checks_name_the_allowed_values() {
        assert!(check_one_of("kind", "plan", DOCUMENT_KINDS).is_ok());
        let e = check_one_of("kind", "memo", DOCUMENT_KINDS).unwrap_err();
        assert!(e.contains("plan, report, minutes, feedback, other"), "{e}");
        assert!(check_rating("impact", 6).is_err());
        assert!(check_rating("impact", 5).is_ok());
    }
}
