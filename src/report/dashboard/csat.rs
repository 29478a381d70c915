//! Satisfaction of the period's tickets: how many gave each score 1–5, and the mean
//! per week of creation.

use super::counted::Counted;
use super::data::Data;
use super::scope::days_text;
use super::sla::weeks;
use chrono::NaiveDate;
use serde::Serialize;

/// One week's satisfaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatWeek {
    pub week: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rated: Counted,
    pub mean: Option<f64>,
}

/// The satisfaction chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatPart {
    /// Tickets that gave 1, 2, 3, 4 and 5.
    pub scores: Vec<Counted>,
    pub rated: Counted,
    pub mean: Option<f64>,
    pub weeks: Vec<CsatWeek>,
}

impl CsatPart {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, out: &mut Vec<(String, &'a Counted)>) {
        for (i, c) in self.scores.iter().enumerate() {
            out.push((format!("csat {}", i + 1), c));
        }
        out.push(("csat rated".into(), &self.rated));
        for w in &self.weeks {
            out.push((format!("csat week {}", w.week), &w.rated));
        }
    }
}

fn mean(sum: i64, n: i64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

/// Computes the chart.
pub fn compute(d: &Data<'_>) -> CsatPart {
    let base = d.period.created();
    let scope = d.scope.terms();
    let rated: Vec<(NaiveDate, u8)> = d
        .current
        .iter()
        .zip(&d.at)
        .filter_map(|(t, (day, _))| Some((*day, t.score?)))
        .filter(|(_, s)| (1..=5).contains(s))
        .collect();
    let mut n = [0i64; 5];
    for (_, s) in &rated {
        n[*s as usize - 1] += 1;
    }
    let sum: i64 = rated.iter().map(|(_, s)| i64::from(*s)).sum();
    let weeks = weeks(d.period.from, d.period.to)
        .into_iter()
        .map(|(week, from, to)| {
            let of: Vec<i64> = rated
                .iter()
                .filter(|(day, _)| *day >= from && *day <= to)
                .map(|(_, s)| i64::from(*s))
                .collect();
            let created = format!("created:{}", days_text(from, to));
            CsatWeek {
                week,
                from,
                to,
                rated: Counted::new(of.len() as i64, &[&created, "csat:>=1", &scope]),
                mean: mean(of.iter().sum(), of.len() as i64),
            }
        })
        .collect();
    CsatPart {
        scores: (1..=5)
            .map(|s| Counted::new(n[s - 1], &[&base, &format!("csat:{s}"), &scope]))
            .collect(),
        rated: Counted::new(rated.len() as i64, &[&base, "csat:>=1", &scope]),
        mean: mean(sum, rated.len() as i64),
        weeks,
    }
}
