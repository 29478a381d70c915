//! The demo's notion of "now": the start of today in the SLA time zone. Generated
//! times are offsets from it that depend only on the seed, so two runs on the same
//! day produce the same timestamps, and nothing generated lies in the future.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// Seconds in an hour.
pub const HOUR: i64 = 3_600;

/// Midnight (local to `tz`) at the start of the day that contains `now`.
pub fn anchor(now: i64, tz: Tz) -> i64 {
    let date = DateTime::<Utc>::from_timestamp(now, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive();
    tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|d| d.timestamp())
        .unwrap_or(now - now.rem_euclid(DAY))
}

/// The local date of `anchor` moved by `days`.
pub fn date(anchor: i64, tz: Tz, days: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(anchor, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
        + Duration::days(days)
}

/// Unix seconds of `hour`:00 local time on the day `days` from the anchor's.
pub fn at_hour(anchor: i64, tz: Tz, days: i64, hour: u32) -> i64 {
    let d = date(anchor, tz, days);
    tz.from_local_datetime(&d.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or(anchor + days * DAY + hour as i64 * HOUR)
}

/// A rough conversion of business time into calendar time: short spans fall within
/// one working day; longer ones stretch by the ratio of a week (168 h) to 45 working hours.
pub fn business_to_calendar(secs: i64) -> i64 {
    let same_day = 6 * HOUR;
    if secs <= same_day {
        secs
    } else {
        same_day + (secs - same_day) * 168 / 45
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_is_local_midnight() {
        let tz = chrono_tz::Asia::Shanghai;
        // 2026-11-23 14:02 in Shanghai.
        let now = tz
            .with_ymd_and_hms(2026, 11, 23, 14, 2, 0)
            .unwrap()
            .timestamp();
        let a = anchor(now, tz);
        assert_eq!(
            a,
            tz.with_ymd_and_hms(2026, 11, 23, 0, 0, 0)
                .unwrap()
                .timestamp()
        );
        assert_eq!(date(a, tz, -1).to_string(), "2026-11-22");
        assert_eq!(at_hour(a, tz, 1, 9), a + DAY + 9 * HOUR);
        assert_eq!(business_to_calendar(HOUR), HOUR);
    }
}
