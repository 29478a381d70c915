//! Ranking agents for a ticket by skill match, load and availability; round-robin.

use crate::domain::team::{DayStatus, Skill};
use chrono::NaiveDate;

/// How much the skill match counts in the score; the load counts the rest.
const SKILL_WEIGHT: f64 = 0.6;

/// What a ticket asks of its assignee.
#[derive(Debug, Clone, Default)]
pub struct TicketNeeds<'a> {
    /// The ticket type's id and labels (`technical`, `Technical support`, `技术支持`).
    pub type_names: Vec<&'a str>,
    /// Tags of the ticket.
    pub tags: Vec<String>,
    /// Title and body, searched for skill names.
    pub text: &'a str,
    /// The group the ticket's type goes to (`[team.type_groups]`), if any.
    pub group: Option<&'a str>,
}

/// One agent as a candidate.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub agent_id: i64,
    pub name: String,
    pub skills: Vec<Skill>,
    pub groups: Vec<String>,
    /// Load as a share of capacity over the load window; `None`: no capacity at all.
    pub load_share: Option<f64>,
    pub open_tickets: i64,
    /// Whether and why the agent works today.
    pub today: DayStatus,
    /// The day an out-of-office agent is back.
    pub back_on: Option<NaiveDate>,
}

/// A candidate with the score and the reasons behind it, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub agent_id: i64,
    pub name: String,
    /// `SKILL_WEIGHT` × skill + the rest × load score: at most 1, below 0 only for
    /// an agent far over capacity.
    pub score: f64,
    /// 0–1: the best matching level / 5, plus 0.1 per further matching skill.
    pub skill_score: f64,
    /// The share of capacity still free: 1 when idle, 0 at capacity, negative over
    /// it (down to −1 at twice the capacity), so an overloaded expert drops below
    /// free colleagues and nobody is buried under more work for a skill.
    pub load_score: f64,
    pub load_share: Option<f64>,
    pub open_tickets: i64,
    /// Skills that match the ticket.
    pub matched: Vec<Skill>,
    /// Can take the ticket now or on the next working day (not out of office).
    pub available: bool,
    pub today: DayStatus,
    /// Member of the ticket's group.
    pub in_group: bool,
    /// Why the agent is placed here, one short phrase each.
    pub reasons: Vec<String>,
}

/// Whether `text` (lower case) mentions `term` (lower case): Latin terms as whole
/// words, terms with CJK or other wide characters as substrings.
pub fn mentions(text: &str, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    if !term.is_ascii() {
        return text.contains(term);
    }
    let mut from = 0;
    while let Some(pos) = text[from..].find(term) {
        let (a, b) = (from + pos, from + pos + term.len());
        let before = text[..a]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let after = text[b..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        if before && after {
            return true;
        }
        from = a + 1; // `term` is ASCII, so a + 1 is a character boundary
    }
    false
}

/// Ranks `candidates` for a ticket. Inactive agents are left out; when the ticket's
/// group has members, only they are ranked. Order: working today, then off today
/// (weekend, holiday), then out of office; within each, by score, fewer open
/// tickets, name.
pub fn rank(needs: &TicketNeeds<'_>, candidates: &[Candidate]) -> Vec<Ranked> {
    let text = needs.text.to_lowercase();
    let group = needs.group.map(str::to_lowercase);
    let member = |c: &Candidate| {
        group
            .as_deref()
            .is_some_and(|g| c.groups.iter().any(|x| x.to_lowercase() == g))
    };
    let group_has_members = candidates
        .iter()
        .any(|c| member(c) && c.today != DayStatus::Inactive);
    let mut out: Vec<Ranked> = candidates
        .iter()
        .filter(|c| c.today != DayStatus::Inactive)
        .filter(|c| !group_has_members || member(c))
        .map(|c| score_one(needs, &text, c, member(c)))
        .collect();
    let tier = |r: &Ranked| match r.today {
        DayStatus::Working => 0,
        DayStatus::DayOff | DayStatus::Holiday => 1,
        DayStatus::OutOfOffice | DayStatus::Inactive => 2,
    };
    out.sort_by(|a, b| {
        tier(a)
            .cmp(&tier(b))
            .then(b.score.total_cmp(&a.score))
            .then(a.open_tickets.cmp(&b.open_tickets))
            .then(a.name.cmp(&b.name))
    });
    out
}

fn score_one(needs: &TicketNeeds<'_>, text: &str, c: &Candidate, in_group: bool) -> Ranked {
    let mut reasons = Vec::new();
    let mut matched: Vec<Skill> = Vec::new();
    for s in &c.skills {
        let why = if needs.type_names.iter().any(|t| t.to_lowercase() == s.name) {
            Some("the ticket type".to_string())
        } else if needs.tags.iter().any(|t| t.to_lowercase() == s.name) {
            Some(format!("tag {}", s.name))
        } else if mentions(text, &s.name) {
            Some("the ticket text".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            reasons.push(format!("skill {s} matches {why}"));
            matched.push(s.clone());
        }
    }
    let best = matched.iter().map(|s| s.level).max().unwrap_or(0);
    let skill_score = if matched.is_empty() {
        reasons.push("no matching skill".into());
        0.0
    } else {
        (f64::from(best) / 5.0 + 0.1 * (matched.len() - 1) as f64).min(1.0)
    };
    let load_score = match c.load_share {
        Some(s) => {
            if s > 1.0 {
                reasons.push(format!("over capacity ({:.0}%)", s * 100.0));
            } else {
                reasons.push(format!("load {:.0}% of capacity", s * 100.0));
            }
            (1.0 - s).clamp(-1.0, 1.0)
        }
        None => {
            reasons.push("no capacity in the load window".into());
            -1.0
        }
    };
    match c.today {
        DayStatus::Working => {}
        DayStatus::DayOff => reasons.push("not working today".into()),
        DayStatus::Holiday => reasons.push("holiday today".into()),
        DayStatus::OutOfOffice => reasons.push(match c.back_on {
            Some(d) => format!("out of office, back {d}"),
            None => "out of office".into(),
        }),
        DayStatus::Inactive => reasons.push("inactive".into()),
    }
    if in_group {
        if let Some(g) = needs.group {
            reasons.push(format!("in group {g}"));
        }
    }
    Ranked {
        agent_id: c.agent_id,
        name: c.name.clone(),
        score: SKILL_WEIGHT * skill_score + (1.0 - SKILL_WEIGHT) * load_score,
        skill_score,
        load_score,
        load_share: c.load_share,
        open_tickets: c.open_tickets,
        matched,
        available: !matches!(c.today, DayStatus::OutOfOffice | DayStatus::Inactive),
        today: c.today,
        in_group,
        reasons,
    }
}

/// The next member to take a ticket in turn: the first available one after `last`
/// (members ordered by id), wrapping around; `None` when nobody is available.
pub fn round_robin_next(members: &[(i64, bool)], last: Option<i64>) -> Option<i64> {
    let mut sorted: Vec<(i64, bool)> = members.to_vec();
    sorted.sort_by_key(|m| m.0);
    let after = last.unwrap_or(i64::MIN);
    sorted
        .iter()
        .filter(|m| m.0 > after)
        .chain(sorted.iter().filter(|m| m.0 <= after))
        .find(|m| m.1)
        .map(|m| m.0)
}
