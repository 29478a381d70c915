//! Tickets created per day by channel, and the backlog at each day's end.

use super::counted::Counted;
use super::data::Data;
use super::tiles::backlog_at;
use crate::domain::ticket::Channel;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One day of the volume chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayVolume {
    pub day: NaiveDate,
    /// Per channel, in `Volume::channels` order.
    pub by_channel: Vec<Counted>,
    pub total: Counted,
    /// Created by the day's end and not resolved by then.
    pub backlog: Counted,
}

/// The volume chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volume {
    /// The channels shown (stable names), busiest first.
    pub channels: Vec<String>,
    /// The channels' labels in the UI language.
    pub channel_labels: Vec<String>,
    pub days: Vec<DayVolume>,
}

impl Volume {
    /// Every count with its place.
    pub fn counts<'a>(&'a self, out: &mut Vec<(String, &'a Counted)>) {
        for d in &self.days {
            for (c, n) in self.channels.iter().zip(&d.by_channel) {
                out.push((format!("{} {c}", d.day), n));
            }
            out.push((format!("{} total", d.day), &d.total));
            out.push((format!("{} backlog", d.day), &d.backlog));
        }
    }
}

/// The label of a channel name in `lang`.
pub fn channel_label(name: &str, lang: &str) -> String {
    match name.parse::<Channel>() {
        Ok(c) if lang == "zh" => c.zh().to_string(),
        _ => name.to_string(),
    }
}

/// Computes the volume chart.
pub fn compute(d: &Data<'_>) -> Volume {
    let scope = d.scope.terms();
    let mut per: HashMap<(NaiveDate, &str), i64> = HashMap::new();
    let mut by_channel: HashMap<&str, i64> = HashMap::new();
    for (t, (day, _)) in d.current.iter().zip(&d.at) {
        let c = d.channels.name(t.channel);
        *per.entry((*day, c)).or_default() += 1;
        *by_channel.entry(c).or_default() += 1;
    }
    // Every known channel of the scope, busiest first, then the rest by name.
    let mut channels: Vec<String> = match d.scope.channel {
        Some(c) => vec![c.as_str().to_string()],
        None => Channel::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
    };
    for c in by_channel.keys() {
        if !channels.iter().any(|x| x == c) {
            channels.push(c.to_string());
        }
    }
    channels.sort_by_key(|c| (-by_channel.get(c.as_str()).copied().unwrap_or(0), c.clone()));
    let days: Vec<NaiveDate> = d.period.each_day().collect();
    let backlog = backlog_at(d, &days);
    let channel_term = |c: &str| format!("channel:{c}");
    let out = days
        .iter()
        .zip(backlog)
        .map(|(&day, backlog)| {
            let created = format!("created:{day}");
            let by: Vec<Counted> = channels
                .iter()
                .map(|c| {
                    let n = per.get(&(day, c.as_str())).copied().unwrap_or(0);
                    Counted::new(n, &[&created, &channel_term(c), &scope])
                })
                .collect();
            DayVolume {
                day,
                total: Counted::new(by.iter().map(|c| c.n).sum(), &[&created, &scope]),
                by_channel: by,
                backlog,
            }
        })
        .collect();
    Volume {
        channel_labels: channels
            .iter()
            .map(|c| channel_label(c, d.lang()))
            .collect(),
        channels,
        days: out,
    }
}
