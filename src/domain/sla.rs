//! Service levels: a business-hours calendar, targets per priority, due times and state.

use super::ticket::Priority;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet};

/// Longest span the calendar walks (guards against a calendar with no working time).
const MAX_DAYS: i64 = 3 * 366;

/// Entries kept by the `local_to_utc` memo before it starts afresh.
const LOCAL_TO_UTC_MAX: usize = 8_192;

thread_local! {
    /// Opening and closing instants of the same few working days are asked for by
    /// every ticket's clocks (a report evaluates tens of thousands): the time-zone
    /// conversion, a pure function, is remembered per thread.
    static LOCAL_TO_UTC: std::cell::RefCell<std::collections::HashMap<(Tz, NaiveDate, NaiveTime), Option<i64>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Working days and hours in one time zone, with holidays and extra working days.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: Tz,
    /// Monday first.
    pub workdays: [bool; 7],
    pub day_start: NaiveTime,
    pub day_end: NaiveTime,
    pub holidays: BTreeSet<NaiveDate>,
    pub extra_workdays: BTreeSet<NaiveDate>,
    /// Hours of a weekday (Monday first) that differ from `day_start`–`day_end`.
    pub hours: [Option<(NaiveTime, NaiveTime)>; 7],
}

impl Calendar {
    /// Whether `d` is a working day.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if self.extra_workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        self.workdays[d.weekday().num_days_from_monday() as usize]
    }

    /// The working window of day `d` in Unix seconds, if it is a working day.
    fn window(&self, d: NaiveDate) -> Option<(i64, i64)> {
        if !self.is_workday(d) {
            return None;
        }
        let (from, to) = self.hours_of(d);
        let start = self.local_to_utc(d, from)?;
        let end = self.local_to_utc(d, to)?;
        (end > start).then_some((start, end))
    }

    /// Opening and closing time of day `d` (an extra working day keeps the usual hours).
    pub fn hours_of(&self, d: NaiveDate) -> (NaiveTime, NaiveTime) {
        let own = self.hours[d.weekday().num_days_from_monday() as usize];
        match own {
            Some(h) if !self.extra_workdays.contains(&d) => h,
            _ => (self.day_start, self.day_end),
        }
    }

    fn local_to_utc(&self, d: NaiveDate, t: NaiveTime) -> Option<i64> {
        let key = (self.tz, d, t);
        if let Some(hit) = LOCAL_TO_UTC.with(|c| c.borrow().get(&key).copied()) {
            return hit;
        }
        let utc = self.local_to_utc_uncached(d, t);
        LOCAL_TO_UTC.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= LOCAL_TO_UTC_MAX {
                c.clear();
            }
            c.insert(key, utc);
        });
        utc
    }

    fn local_to_utc_uncached(&self, d: NaiveDate, t: NaiveTime) -> Option<i64> {
        let naive = d.and_time(t);
        // A time skipped by a DST jump takes the later valid instant.
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| {
                self.tz
                    .from_local_datetime(&(naive + Duration::hours(1)))
                    .earliest()
            })
            .map(|dt| dt.timestamp())
    }

    fn local_date(&self, secs: i64) -> NaiveDate {
        DateTime::<Utc>::from_timestamp(secs, 0)
            .unwrap_or_default()
            .with_timezone(&self.tz)
            .date_naive()
    }

    /// The instant `secs` business seconds after `start` (Unix seconds).
    pub fn add_business_secs(&self, start: i64, secs: i64) -> i64 {
        if secs <= 0 {
            return start;
        }
        let mut remaining = secs;
        let mut day = self.local_date(start);
        for _ in 0..MAX_DAYS {
            if let Some((ws, we)) = self.window(day) {
                let cursor = start.max(ws);
                if cursor < we {
                    let available = we - cursor;
                    if remaining <= available {
                        return cursor + remaining;
                    }
                    remaining -= available;
                }
            }
            day = day.succ_opt().unwrap_or(day);
        }
        start + secs
    }

    /// Business seconds between `a` and `b` (negative when `b` is before `a`).
    pub fn business_secs_between(&self, a: i64, b: i64) -> i64 {
        if b < a {
            return -self.business_secs_between(b, a);
        }
        let mut total = 0;
        let mut day = self.local_date(a);
        let last = self.local_date(b);
        for _ in 0..MAX_DAYS {
            if let Some((ws, we)) = self.window(day) {
                let s = a.max(ws);
                let e = b.min(we);
                if e > s {
                    total += e - s;
                }
            }
            if day >= last {
                break;
            }
            day = day.succ_opt().unwrap_or(day);
        }
        total
    }
}

/// First-response and resolution targets, in business hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub first_response_hours: f64,
    pub resolution_hours: f64,
}

/// Where a ticket stands against a due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlaState {
    /// No clock (no due time, or already met).
    None,
    Ok,
    Warning,
    Breached,
}

impl SlaState {
    /// The name used in JSON and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::None => "none",
            SlaState::Ok => "ok",
            SlaState::Warning => "warning",
            SlaState::Breached => "breached",
        }
    }
}

/// The service-level policy: calendar, targets per priority, warning threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaPolicy {
    pub calendar: Calendar,
    pub targets: BTreeMap<Priority, Target>,
    /// Share of a target after which a ticket is in warning (0–1).
    pub warn_at: f64,
    /// Share of tickets that should meet their targets (0–1): the dashboard's target line.
    pub goal: f64,
}

impl SlaPolicy {
    /// The target for `p` (a missing one counts as no limit).
    pub fn target(&self, p: Priority) -> Option<Target> {
        self.targets.get(&p).copied()
    }

    /// First-response and resolution due times for a ticket created at `created_at`.
    pub fn due_times(&self, p: Priority, created_at: i64) -> (Option<i64>, Option<i64>) {
        let Some(t) = self.target(p) else {
            return (None, None);
        };
        let due = |hours: f64| {
            (hours > 0.0).then(|| {
                self.calendar
                    .add_business_secs(created_at, (hours * 3600.0).round() as i64)
            })
        };
        (due(t.first_response_hours), due(t.resolution_hours))
    }

    /// State of a clock that started at `start`, is due at `due`, seen at `now`.
    pub fn state(&self, start: i64, due: Option<i64>, now: i64) -> SlaState {
        let Some(due) = due else {
            return SlaState::None;
        };
        if now >= due {
            return SlaState::Breached;
        }
        let total = self.calendar.business_secs_between(start, due).max(1);
        let used = self.calendar.business_secs_between(start, now);
        if used as f64 >= self.warn_at * total as f64 {
            SlaState::Warning
        } else {
            SlaState::Ok
        }
    }
}

#[cfg(test)]
impl Calendar {
    /// The tests' calendar: Shanghai, Monday to Friday 9:00–18:00, National Day
    /// 2026-10-01 off and Sunday 2026-09-27 worked in its place.
    pub(crate) fn test_shanghai() -> Calendar {
        Calendar {
            tz: chrono_tz::Asia::Shanghai,
            workdays: [true, true, true, true, true, false, false],
            day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            day_end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            holidays: BTreeSet::from([NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()]),
            extra_workdays: BTreeSet::from([NaiveDate::from_ymd_opt(2026, 9, 27).unwrap()]),
            hours: [None; 7],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        Calendar::test_shanghai()
    }

    /// Unix seconds of a Shanghai local time.
    fn sh(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .timestamp()
    }

    #[test]
    fn adds_within_one_day() {
        // Monday 2026-11-23 10:00 + 2h = 12:00
        assert_eq!(
            cal().add_business_secs(sh(2026, 11, 23, 10, 0), 7200),
            sh(2026, 11, 23, 12, 0)
        );
    }

    #[test]
    fn carries_over_the_night() {
        // 17:00 + 2h = next day 10:00
        assert_eq!(
            cal().add_business_secs(sh(2026, 11, 23, 17, 0), 7200),
            sh(2026, 11, 24, 10, 0)
        );
    }

    #[test]
    fn skips_the_weekend_and_starts_before_opening() {
        // Friday 17:30 + 1h = Monday 09:30
        assert_eq!(
            cal().add_business_secs(sh(2026, 11, 27, 17, 30), 3600),
            sh(2026, 11, 30, 9, 30)
        );
        // Saturday 03:00 + 1h = Monday 10:00
        assert_eq!(
            cal().add_business_secs(sh(2026, 11, 28, 3, 0), 3600),
            sh(2026, 11, 30, 10, 0)
        );
    }

    #[test]
    fn skips_holidays_and_honours_extra_workdays() {
        // Wed 2026-09-30 17:00 + 2h: Oct 1 is a holiday → Fri Oct 2 10:00
        assert_eq!(
            cal().add_business_secs(sh(2026, 9, 30, 17, 0), 7200),
            sh(2026, 10, 2, 10, 0)
        );
        // Sunday 2026-09-27 is an extra working day
        assert_eq!(
            cal().add_business_secs(sh(2026, 9, 27, 9, 0), 3600),
            sh(2026, 9, 27, 10, 0)
        );
    }

    #[test]
    fn between_is_the_inverse_of_add() {
        let c = cal();
        let start = sh(2026, 11, 20, 16, 15);
        for secs in [0, 60, 3600, 9 * 3600, 40 * 3600, 100 * 3600] {
            let end = c.add_business_secs(start, secs);
            assert_eq!(c.business_secs_between(start, end), secs, "secs={secs}");
        }
        assert_eq!(
            c.business_secs_between(sh(2026, 11, 24, 10, 0), sh(2026, 11, 23, 10, 0)),
            -9 * 3600
        );
    }

    #[test]
    fn weekday_hours_override_the_default_day() {
        let mut c = cal();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        c.hours[4] = Some((t(9, 0), t(12, 0))); // Friday mornings only
                                                // Friday 11:00 + 2h = Monday 10:00 (one hour left on Friday)
        assert_eq!(
            c.add_business_secs(sh(2026, 11, 27, 11, 0), 7200),
            sh(2026, 11, 30, 10, 0)
        );
        assert_eq!(
            c.business_secs_between(sh(2026, 11, 27, 8, 0), sh(2026, 11, 27, 20, 0)),
            3 * 3600
        );
        // An extra working day keeps the usual hours even with an override for its weekday.
        c.hours[6] = Some((t(13, 0), t(14, 0)));
        assert_eq!(
            c.hours_of(NaiveDate::from_ymd_opt(2026, 9, 27).unwrap()),
            (t(9, 0), t(18, 0))
        );
    }

    #[test]
    fn state_warns_then_breaches() {
        let policy = SlaPolicy {
            calendar: cal(),
            targets: BTreeMap::from([(
                Priority::High,
                Target {
                    first_response_hours: 4.0,
                    resolution_hours: 8.0,
                },
            )]),
            warn_at: 0.75,
            goal: 0.9,
        };
        let start = sh(2026, 11, 23, 9, 0);
        let (fr, res) = policy.due_times(Priority::High, start);
        assert_eq!(fr, Some(sh(2026, 11, 23, 13, 0)));
        assert_eq!(res, Some(sh(2026, 11, 23, 17, 0)));
        assert_eq!(
            policy.state(start, fr, sh(2026, 11, 23, 10, 0)),
            SlaState::Ok
        );
        assert_eq!(
            policy.state(start, fr, sh(2026, 11, 23, 12, 30)),
            SlaState::Warning
        );
        assert_eq!(
            policy.state(start, fr, sh(2026, 11, 23, 13, 0)),
            SlaState::Breached
        );
        assert_eq!(policy.due_times(Priority::Low, start), (None, None));
    }
}
