//! Writing a filter back as the language reads it: `Filter::parse` of the text
//! gives the same filter.

use super::terms::{Clause, Filter, Is, Term, Who};

/// A list value: items joined by commas (`,` alone for an empty list).
fn list_value<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return ",".into();
    }
    items
        .iter()
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join(",")
}

impl std::fmt::Display for Clause {
    /// The clause as the filter language writes it; `Filter::parse` reads it back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::time::format_duration;
        let (field, value) = match &self.term {
            Term::Id(c, n) => ("id", format!("{}{n}", c.prefix())),
            Term::Stage(l) => ("stage", list_value(l)),
            Term::Type(l) => ("type", list_value(l)),
            Term::Priority(c, p) => ("priority", format!("{}{p}", c.prefix())),
            Term::Channel(l) => {
                let names: Vec<&str> = l.iter().map(|c| c.as_str()).collect();
                ("channel", list_value(&names))
            }
            Term::Assignee(Who::Me) => ("assignee", "me".into()),
            Term::Assignee(Who::Nobody) => ("assignee", "none".into()),
            Term::Assignee(Who::Name(n)) => ("assignee", n.clone()),
            Term::Assignee(Who::Exact(n)) => ("assignee", format!("={n}")),
            Term::Customer(n) => ("customer", n.clone()),
            Term::Due(c, s) => ("due", format!("{}{}", c.prefix(), format_duration(*s))),
            Term::Created(c, s) => (
                "created",
                format!("{}{}", c.unflipped().prefix(), format_duration(-*s)),
            ),
            Term::Is(i) => (
                "is",
                match i {
                    Is::Open => "open",
                    Is::Waiting => "waiting",
                    Is::Done => "done",
                    Is::Breached => "breached",
                    Is::Unassigned => "unassigned",
                }
                .into(),
            ),
            Term::Tag(l) => ("tag", list_value(l)),
            Term::Group(l) => ("group", list_value(l)),
            Term::CreatedOn(d) => ("created", d.text()),
            Term::Resolved(c, s) => (
                "resolved",
                format!("{}{}", c.unflipped().prefix(), format_duration(-*s)),
            ),
            Term::ResolvedOn(d) => ("resolved", d.text()),
            Term::Hour(h) => {
                let h: Vec<String> = h.iter().map(u32::to_string).collect();
                ("hour", list_value(&h))
            }
            Term::Weekday(d) => {
                let d: Vec<&str> = d
                    .iter()
                    .map(|d| crate::domain::filter_values::weekday_name(*d))
                    .collect();
                ("weekday", list_value(&d))
            }
            Term::Category(l) => ("category", list_value(l)),
            Term::Csat(c, n) => ("csat", format!("{}{n}", c.prefix())),
            Term::Response(o) => ("response", o.as_str().into()),
            Term::Resolution(o) => ("resolution", o.as_str().into()),
            Term::Visited(l) => ("visited", list_value(l)),
            Term::Kind(l) => {
                let names: Vec<&str> = l.iter().map(|k| k.as_str()).collect();
                ("kind", list_value(&names))
            }
            Term::Text(t) => {
                // Quoted, a token is text whatever it looks like (`"error:timeout"`).
                let plain = !t.contains(':') && !t.starts_with('-');
                return if plain && !t.chars().any(char::is_whitespace) {
                    f.write_str(t)
                } else {
                    write!(f, "\"{t}\"")
                };
            }
        };
        let neg = if self.negated { "-" } else { "" };
        // A value with spaces is quoted after the colon, so the token stays a field.
        if value.chars().any(char::is_whitespace) {
            write!(f, "{neg}{field}:\"{value}\"")
        } else {
            write!(f, "{neg}{field}:{value}")
        }
    }
}

impl std::fmt::Display for Filter {
    /// The filter as text, one clause after another.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.clauses.iter().map(|c| c.to_string()).collect();
        f.write_str(&parts.join(" "))
    }
}
