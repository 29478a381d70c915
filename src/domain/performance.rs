//! An agent's (or the team's) figures for a period from the sums they are made of:
//! resolution rate, mean first response and resolution in wall-clock hours, mean
//! satisfaction. `report agents` (sums from the store) and the dashboard's agent
//! table (sums over the tickets in scope) both compute them here, so the two agree.

/// Ticket counts and time sums of one agent (or of the team) for a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkSums {
    /// Tickets assigned and created in the period.
    pub received: i64,
    /// Of those, tickets resolved by now.
    pub received_resolved: i64,
    /// Tickets resolved in the period.
    pub handled: i64,
    /// Sum and count of (first response − creation) over received tickets with a response.
    pub first_response_secs: i64,
    pub first_responses: i64,
    /// Sum of (resolution − creation) over handled tickets.
    pub resolution_secs: i64,
    /// Sum and count of satisfaction scores (1–5) of received tickets.
    pub csat_sum: i64,
    pub csat_rated: i64,
}

/// What the sums come to; `None` where there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Share of the received tickets resolved by now.
    pub resolution_rate: Option<f64>,
    /// Mean hours from creation to first response, over received tickets answered.
    pub mean_first_response_hours: Option<f64>,
    /// Mean hours from creation to resolution, over handled tickets.
    pub mean_resolution_hours: Option<f64>,
    /// Mean satisfaction score of the rated received tickets.
    pub csat: Option<f64>,
}

impl WorkSums {
    /// Adds another agent's sums (the team row is every agent's, unassigned included).
    pub fn add(&mut self, o: &WorkSums) {
        self.received += o.received;
        self.received_resolved += o.received_resolved;
        self.handled += o.handled;
        self.first_response_secs += o.first_response_secs;
        self.first_responses += o.first_responses;
        self.resolution_secs += o.resolution_secs;
        self.csat_sum += o.csat_sum;
        self.csat_rated += o.csat_rated;
    }

    /// The sum of several agents' sums.
    pub fn total<'a>(all: impl IntoIterator<Item = &'a WorkSums>) -> WorkSums {
        let mut t = WorkSums::default();
        for s in all {
            t.add(s);
        }
        t
    }

    /// The figures these sums come to.
    pub fn figures(&self) -> Figures {
        let ratio = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
        let hours = |secs: i64, n: i64| ratio(secs, n).map(|s| s / 3600.0);
        Figures {
            resolution_rate: ratio(self.received_resolved, self.received),
            mean_first_response_hours: hours(self.first_response_secs, self.first_responses),
            mean_resolution_hours: hours(self.resolution_secs, self.handled),
            csat: ratio(self.csat_sum, self.csat_rated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_divide_the_sums_and_are_none_without_tickets() {
        let s = WorkSums {
            received: 4,
            received_resolved: 3,
            handled: 2,
            first_response_secs: 3 * 3600,
            first_responses: 2,
            resolution_secs: 9 * 3600,
            csat_sum: 9,
            csat_rated: 2,
        };
        let f = s.figures();
        assert_eq!(f.resolution_rate, Some(0.75));
        assert_eq!(f.mean_first_response_hours, Some(1.5));
        assert_eq!(f.mean_resolution_hours, Some(4.5));
        assert_eq!(f.csat, Some(4.5));
        let none = WorkSums::default().figures();
        assert_eq!(
            (none.resolution_rate, none.mean_first_response_hours),
            (None, None)
        );
        assert_eq!((none.mean_resolution_hours, none.csat), (None, None));
    }

    #[test]
    fn the_total_adds_every_field() {
        let one = WorkSums {
            received: 1,
            received_resolved: 1,
            handled: 1,
            first_response_secs: 10,
            first_responses: 1,
            resolution_secs: 20,
            csat_sum: 5,
            csat_rated: 1,
        };
        let t = WorkSums::total([&one, &one, &WorkSums::default()]);
        assert_eq!(
            t,
            WorkSums {
                received: 2,
                received_resolved: 2,
                handled: 2,
                first_response_secs: 20,
                first_responses: 2,
                resolution_secs: 40,
                csat_sum: 10,
                csat_rated: 2,
            }
        );
    }
}
