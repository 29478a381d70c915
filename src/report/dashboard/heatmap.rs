//! Arrivals by weekday and hour of the day (for staffing).

use super::counted::Counted;
use super::data::Data;
use crate::domain::filter_values::{weekday_name, weekday_of_index};
use chrono::Datelike;
use serde::Serialize;

/// Tickets created in the period, by weekday (Monday first) and hour (0–23).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heatmap {
    /// `cells[weekday][hour]`.
    pub cells: Vec<Vec<Counted>>,
    /// The busiest cell's count.
    pub max: i64,
}

impl Heatmap {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, out: &mut Vec<(String, &'a Counted)>) {
        for (w, row) in self.cells.iter().enumerate() {
            for (h, c) in row.iter().enumerate() {
                out.push((format!("weekday {w} hour {h}"), c));
            }
        }
    }
}

/// Computes the heatmap.
pub fn compute(d: &Data<'_>) -> Heatmap {
    let mut n = [[0i64; 24]; 7];
    for (day, hour) in &d.at {
        n[day.weekday().num_days_from_monday() as usize][(*hour as usize).min(23)] += 1;
    }
    let base = d.period.created();
    let scope = d.scope.terms();
    let cells = n
        .iter()
        .enumerate()
        .map(|(w, row)| {
            let wd = weekday_of_index(w as u8).map_or("mon", weekday_name);
            row.iter()
                .enumerate()
                .map(|(h, c)| {
                    Counted::new(
                        *c,
                        &[
                            &base,
                            &format!("weekday:{wd}"),
                            &format!("hour:{h}"),
                            &scope,
                        ],
                    )
                })
                .collect()
        })
        .collect();
    Heatmap {
        cells,
        max: n.iter().flatten().copied().max().unwrap_or(0),
    }
}
