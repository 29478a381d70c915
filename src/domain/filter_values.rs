//! Values of the filter language's calendar and outcome fields: whole-day ranges
//! (`created:2026-11-01..2026-11-07`), hours and weekdays of creation
//! (`hour:9..11`, `weekday:mon,周二`), SLA outcomes (`response:met`) and scores.

use super::filter::Cmp;
use chrono::{Duration, NaiveDate, Weekday};

/// What is wrong with a value of these fields (said in English by `Display`; the
/// console's other languages in ui/i18n/errors.rs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueProblem {
    NotADay(String),
    /// A range whose end (second) is before its start (first).
    Backwards(String, String),
    /// `..` with no day on either side.
    OpenBothEnds,
    /// `>=2026-11-01..2026-11-07`.
    RangeWithComparison,
    NotAnHour(String),
    NotAWeekday(String),
    /// `sun..mon`: the week starts on Monday.
    WeekdaysBackwards(String),
    NotAScore(String),
    UnknownOutcome(String),
    /// `created:`/`resolved:` with neither a duration nor a day.
    NotAWhen(String),
    /// `assignee:=` without a name.
    NeedsName,
}

impl std::fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueProblem::NotADay(v) => write!(f, "'{v}' is not a day like 2026-11-01"),
            ValueProblem::Backwards(a, b) => write!(f, "{b} is before {a}"),
            ValueProblem::OpenBothEnds => f.write_str("'..' needs a day on at least one side"),
            ValueProblem::RangeWithComparison => f.write_str("a day range takes no comparison"),
            ValueProblem::NotAnHour(v) => write!(f, "'{v}' is not an hour 0–23"),
            ValueProblem::NotAWeekday(v) => write!(f, "'{v}' is not a weekday (mon … sun)"),
            ValueProblem::WeekdaysBackwards(v) => {
                write!(f, "'{v}' runs backwards (the week starts on Monday)")
            }
            ValueProblem::NotAScore(v) => write!(f, "'{v}' is not a score 1–5"),
            ValueProblem::UnknownOutcome(v) => {
                write!(f, "unknown outcome '{v}' (use met, breached or pending)")
            }
            ValueProblem::NotAWhen(v) => {
                write!(
                    f,
                    "'{v}' is not a duration like 2d or a day like 2026-11-01"
                )
            }
            ValueProblem::NeedsName => f.write_str("'assignee:=' needs a name"),
        }
    }
}

/// Whole days in the business calendar's time zone, both ends included; an open end
/// is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl Days {
    /// From `from` to `to`, both included.
    pub fn between(from: NaiveDate, to: NaiveDate) -> Days {
        Days {
            from: Some(from),
            to: Some(to),
        }
    }

    /// Parses `2026-11-01`, `2026-11-01..2026-11-07`, `2026-11-01..`, `..2026-11-07`
    /// after a comparison (`>=2026-11-01`). `None` when `v` is not written as a date
    /// at all (the caller then tries a duration); `Some(Err)` when it is, but wrongly.
    pub fn parse(cmp: Cmp, v: &str) -> Option<Result<Days, ValueProblem>> {
        if let Some((a, b)) = v.split_once("..") {
            let looks = |s: &str| s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit());
            if !looks(a) || !looks(b) {
                return None;
            }
            let side = |s: &str| -> Result<Option<NaiveDate>, ValueProblem> {
                if s.is_empty() {
                    return Ok(None);
                }
                date(s)
                    .map(Some)
                    .ok_or_else(|| ValueProblem::NotADay(s.to_string()))
            };
            let (from, to) = match (side(a), side(b)) {
                (Ok(f), Ok(t)) => (f, t),
                (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
            };
            if from.is_none() && to.is_none() {
                return Some(Err(ValueProblem::OpenBothEnds));
            }
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    return Some(Err(ValueProblem::Backwards(f.to_string(), t.to_string())));
                }
            }
            if cmp != Cmp::Eq {
                return Some(Err(ValueProblem::RangeWithComparison));
            }
            return Some(Ok(Days { from, to }));
        }
        // A date starts with a digit and has dashes; durations (2d, 4h) never have
        // dashes, and a signed one (`-infd`) is no date either.
        if !v.contains('-') || !v.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let Some(d) = date(v) else {
            return Some(Err(ValueProblem::NotADay(v.to_string())));
        };
        let next = d + Duration::days(1);
        let prev = d - Duration::days(1);
        Some(Ok(match cmp {
            Cmp::Eq => Days::between(d, d),
            Cmp::Ge => Days {
                from: Some(d),
                to: None,
            },
            Cmp::Gt => Days {
                from: Some(next),
                to: None,
            },
            Cmp::Le => Days {
                from: None,
                to: Some(d),
            },
            Cmp::Lt => Days {
                from: None,
                to: Some(prev),
            },
        }))
    }

    /// The filter text of the range: `2026-11-01`, `2026-11-01..2026-11-07`,
    /// `2026-11-01..` or `..2026-11-07`.
    pub fn text(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) if f == t => f.to_string(),
            (f, t) => format!(
                "{}..{}",
                f.map(|d| d.to_string()).unwrap_or_default(),
                t.map(|d| d.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// Parses `9`, `9,14` or `9..11` (both ends included) into hours 0–23.
pub fn parse_hours(v: &str) -> Result<Vec<u32>, ValueProblem> {
    let hour = |s: &str| -> Result<u32, ValueProblem> {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|h| *h < 24)
            .ok_or_else(|| ValueProblem::NotAnHour(s.to_string()))
    };
    let mut out = Vec::new();
    for part in v.split(',').filter(|s| !s.is_empty()) {
        match part.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (hour(a)?, hour(b)?);
                if b < a {
                    return Err(ValueProblem::Backwards(a.to_string(), b.to_string()));
                }
                out.extend(a..=b);
            }
            None => out.push(hour(part)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The weekday of an English or Chinese name (`mon`, `monday`, `周一`, `星期一`).
pub fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    let zh = s
        .strip_prefix("星期")
        .or_else(|| s.strip_prefix("周"))
        .or_else(|| s.strip_prefix("礼拜"));
    if let Some(d) = zh {
        return match d {
            "一" => Some(Weekday::Mon),
            "二" => Some(Weekday::Tue),
            "三" => Some(Weekday::Wed),
            "四" => Some(Weekday::Thu),
            "五" => Some(Weekday::Fri),
            "六" => Some(Weekday::Sat),
            "日" | "天" => Some(Weekday::Sun),
            _ => None,
        };
    }
    match s.get(..3)? {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

/// The short English name used in filter text (`mon` … `sun`).
pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// Parses `mon`, `mon,wed` or `mon..fri` (Monday first) into weekdays.
pub fn parse_weekdays(v: &str) -> Result<Vec<Weekday>, ValueProblem> {
    let day = |s: &str| weekday(s).ok_or_else(|| ValueProblem::NotAWeekday(s.to_string()));
    let mut out = Vec::new();
    for part in v.split(',').filter(|s| !s.is_empty()) {
        match part.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
                if b < a {
                    return Err(ValueProblem::WeekdaysBackwards(part.to_string()));
                }
                out.extend((a..=b).filter_map(|i| weekday_of_index(i as u8)));
            }
            None => out.push(day(part)?),
        }
    }
    out.sort_by_key(|d| d.num_days_from_monday());
    out.dedup();
    Ok(out)
}

/// Monday = 0 … Sunday = 6.
pub fn weekday_of_index(i: u8) -> Option<Weekday> {
    Some(match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        6 => Weekday::Sun,
        _ => return None,
    })
}

/// Where an SLA clock ended up, in `response:` and `resolution:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stopped (answered / resolved) by its due time.
    Met,
    /// Stopped after its due time, or still running past it.
    Breached,
    /// Still running (or paused) and not past its due time.
    Pending,
}

impl Outcome {
    /// Parses `met`, `breached` or `pending` (also 达标, 超时, 进行中).
    pub fn parse(s: &str) -> Result<Outcome, ValueProblem> {
        match s.trim().to_lowercase().as_str() {
            "met" | "达标" => Ok(Outcome::Met),
            "breached" | "missed" | "超时" => Ok(Outcome::Breached),
            "pending" | "进行中" => Ok(Outcome::Pending),
            other => Err(ValueProblem::UnknownOutcome(other.to_string())),
        }
    }

    /// The outcome of a clock that stopped at `stop` (if it did) against its stored
    /// due time, at `now`: the rule `response:` and `resolution:` select by.
    pub fn of(stop: Option<i64>, due: Option<i64>, now: i64) -> Outcome {
        match (stop, due) {
            (Some(s), Some(d)) if s <= d => Outcome::Met,
            (Some(_), Some(_)) => Outcome::Breached,
            (None, Some(d)) if d <= now => Outcome::Breached,
            _ => Outcome::Pending,
        }
    }

    /// The name in filter text.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::Breached => "breached",
            Outcome::Pending => "pending",
        }
    }
}

/// Parses a satisfaction score 1–5.
pub fn parse_score(v: &str) -> Result<u8, ValueProblem> {
    v.trim()
        .parse::<u8>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| ValueProblem::NotAScore(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    #[test]
    fn day_ranges_and_comparisons() {
        let p = |c, v| Days::parse(c, v).unwrap().unwrap();
        assert_eq!(
            p(Cmp::Eq, "2026-11-01..2026-11-07"),
            Days::between(d("2026-11-01"), d("2026-11-07"))
        );
        assert_eq!(p(Cmp::Eq, "2026-11-05").text(), "2026-11-05");
        assert_eq!(p(Cmp::Eq, "2026-11-01..").to, None);
        assert_eq!(p(Cmp::Eq, "..2026-11-07").text(), "..2026-11-07");
        assert_eq!(p(Cmp::Gt, "2026-11-07").from, Some(d("2026-11-08")));
        assert_eq!(p(Cmp::Lt, "2026-11-08").to, Some(d("2026-11-07")));
        assert_eq!(p(Cmp::Le, "2026-11-07").to, Some(d("2026-11-07")));
        assert_eq!(p(Cmp::Ge, "2026-11-01").from, Some(d("2026-11-01")));
        assert_eq!(
            p(Cmp::Eq, "2026-11-01..2026-11-07").text(),
            "2026-11-01..2026-11-07"
        );
    }

    #[test]
    fn durations_are_not_days_and_bad_days_are_errors() {
        assert!(Days::parse(Cmp::Lt, "2d").is_none());
        assert!(Days::parse(Cmp::Eq, "4h").is_none());
        assert!(Days::parse(Cmp::Eq, "2026-13-01").unwrap().is_err());
        assert!(Days::parse(Cmp::Eq, "2026-11-07..2026-11-01")
            .unwrap()
            .is_err());
        assert!(Days::parse(Cmp::Eq, "..").unwrap().is_err());
        assert!(Days::parse(Cmp::Ge, "2026-11-01..2026-11-02")
            .unwrap()
            .is_err());
    }

    #[test]
    fn hours_and_weekdays() {
        assert_eq!(parse_hours("9").unwrap(), vec![9]);
        assert_eq!(parse_hours("14,9..11").unwrap(), vec![9, 10, 11, 14]);
        assert!(parse_hours("24").is_err());
        assert!(parse_hours("11..9").is_err());
        assert!(parse_hours("x").is_err());
        assert_eq!(
            parse_weekdays("周二,mon").unwrap(),
            vec![Weekday::Mon, Weekday::Tue]
        );
        assert_eq!(parse_weekdays("fri..sun").unwrap().len(), 3);
        assert_eq!(parse_weekdays("星期日").unwrap(), vec![Weekday::Sun]);
        assert_eq!(parse_weekdays("Monday").unwrap(), vec![Weekday::Mon]);
        assert!(parse_weekdays("sun..mon").is_err());
        assert!(parse_weekdays("someday").is_err());
        for i in 0..7 {
            let w = weekday_of_index(i).unwrap();
            assert_eq!(weekday(weekday_name(w)), Some(w));
        }
    }

    #[test]
    fn outcomes_and_scores() {
        assert_eq!(Outcome::parse("met").unwrap(), Outcome::Met);
        assert_eq!(Outcome::parse("超时").unwrap(), Outcome::Breached);
        assert!(Outcome::parse("late").is_err());
        assert_eq!(Outcome::of(Some(5), Some(5), 0), Outcome::Met);
        assert_eq!(Outcome::of(Some(6), Some(5), 0), Outcome::Breached);
        assert_eq!(Outcome::of(None, Some(5), 5), Outcome::Breached);
        assert_eq!(Outcome::of(None, Some(5), 4), Outcome::Pending);
        assert_eq!(Outcome::of(Some(1), None, 9), Outcome::Pending);
        assert_eq!(parse_score("5").unwrap(), 5);
        assert!(parse_score("0").is_err());
        assert!(parse_score("6").is_err());
    }
}
