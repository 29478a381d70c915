//! Service reports: SLA results, ticket volume, satisfaction and where tickets wait.
//! Each reads through `store::reports` and computes here; the CLI prints the rows.
//! The SLA, volume and satisfaction reports count the tickets created in the period;
//! the stage report counts the stays in a stage that ended in the period.

pub mod csat;
pub mod dashboard;
pub mod html;
pub mod sla;
pub mod stages;
pub mod volume;

/// The mean of `xs`, if there are any.
pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The `q` quantile (0–1) by nearest rank: the smallest value with at least `q` of
/// the values at or below it. Sorts `xs`.
pub fn percentile(xs: &mut [f64], q: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(|a, b| a.total_cmp(b));
    let rank = ((q * xs.len() as f64).ceil() as usize).clamp(1, xs.len());
    Some(xs[rank - 1])
}

/// `part / whole`, if `whole` is not zero.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn statistics() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        v.reverse();
        assert_eq!(percentile(&mut v, 0.9), Some(9.0));
        assert_eq!(percentile(&mut [5.0], 0.9), Some(5.0));
        assert_eq!(percentile(&mut [1.0, 2.0], 0.9), Some(2.0));
        assert_eq!(percentile(&mut [], 0.9), None);
        assert_eq!(share(1, 4), Some(0.25));
        assert_eq!(share(1, 0), None);
    }
}
