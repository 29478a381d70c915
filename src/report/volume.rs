//! `report volume`: tickets by type, channel, priority and day, and the problem
//! categories they fall into (most frequent first).

use crate::config::Config;
use crate::domain::ticket::{Channel, Priority};
use crate::error::Result;
use crate::store::reports;
use crate::store::Conn;
use chrono::{DateTime, Duration, NaiveDate};
use std::collections::BTreeMap;

/// One count of the volume report.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeLine {
    /// `type`, `channel`, `priority`, `day` or `category`.
    pub dimension: &'static str,
    pub key: String,
    pub label: String,
    pub tickets: i64,
    /// Share of all tickets of the period.
    pub share: Option<f64>,
}

/// Days a day series is filled for at most (a longer period lists only days with tickets).
const MAX_FILLED_DAYS: i64 = 366;

/// Volume of the tickets created in `[since, until)`.
pub fn report(conn: &Conn, cfg: &Config, since: i64, until: i64) -> Result<Vec<VolumeLine>> {
    let tickets = reports::tickets_created(conn, since, until)?;
    let total = tickets.len() as i64;
    let lang = cfg.ui.language.as_str();
    let tz = cfg.sla.calendar.tz;
    let day_of = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
            .date_naive()
    };
    let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_channel: BTreeMap<&'static str, i64> = BTreeMap::new();
    let mut by_priority: BTreeMap<std::cmp::Reverse<i64>, i64> = BTreeMap::new();
    let mut by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut by_cat: BTreeMap<String, i64> = BTreeMap::new();
    for t in &tickets {
        *by_type.entry(t.ty.clone()).or_default() += 1;
        *by_channel.entry(t.channel.as_str()).or_default() += 1;
        *by_priority
            .entry(std::cmp::Reverse(t.priority.rank()))
            .or_default() += 1;
        *by_day.entry(day_of(t.created_at)).or_default() += 1;
        let cat = cfg
            .service
            .category_of(&t.title)
            .map(|c| c.id.clone())
            .unwrap_or_else(|| "other".into());
        *by_cat.entry(cat).or_default() += 1;
    }
    // A continuous day series when the period is bounded and not too long.
    if since > 0 && until > since {
        let (first, last) = (day_of(since), day_of(until - 1));
        if (last - first).num_days() < MAX_FILLED_DAYS {
            let mut d = first;
            while d <= last {
                by_day.entry(d).or_default();
                d += Duration::days(1);
            }
        }
    }
    let line = |dimension, key: String, label: String, n: i64| VolumeLine {
        dimension,
        key,
        label,
        tickets: n,
        share: super::share(n, total),
    };
    let mut out = Vec::new();
    let mut types: Vec<(String, i64)> = by_type.into_iter().collect();
    types.sort_by_key(|(k, n)| (-n, k.clone()));
    for (ty, n) in types {
        let label = cfg
            .workflow
            .ticket_type(&ty)
            .map(|t| t.label(lang).to_string())
            .unwrap_or_else(|| ty.clone());
        out.push(line("type", ty, label, n));
    }
    let mut channels: Vec<(&str, i64)> = by_channel.into_iter().collect();
    channels.sort_by_key(|(k, n)| (-n, *k));
    for (ch, n) in channels {
        let label = match ch.parse::<Channel>() {
            Ok(c) if lang == "zh" => c.zh().to_string(),
            _ => ch.to_string(),
        };
        out.push(line("channel", ch.to_string(), label, n));
    }
    for (std::cmp::Reverse(rank), n) in by_priority {
        let p = Priority::from_rank(rank).unwrap_or(Priority::Normal);
        let label = if lang == "zh" { p.zh() } else { p.as_str() };
        out.push(line("priority", p.as_str().into(), label.into(), n));
    }
    for (d, n) in by_day {
        let key = d.to_string();
        out.push(line("day", key.clone(), key, n));
    }
    let mut cats: Vec<(String, i64)> = by_cat.into_iter().collect();
    cats.sort_by_key(|(k, n)| (-n, k == "other", k.clone()));
    for (id, n) in cats {
        let label = match cfg.service.categories.iter().find(|c| c.id == id) {
            Some(c) if lang == "zh" => c.zh.clone(),
            Some(c) => c.en.clone(),
            None if lang == "zh" => "其他".into(),
            None => "Other".into(),
        };
        out.push(line("category", id, label, n));
    }
    Ok(out)
}
