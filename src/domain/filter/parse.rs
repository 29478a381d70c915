//! Reading a filter: tokens (quotes keep text together), then one clause per
//! token, within the size limits.

use super::cmp::{split_cmp, Cmp};
use super::fields::{looks_like_field, nearest_field, FIELDS};
use super::problem::{FilterError, FilterProblem, MAX_CHARS, MAX_CLAUSES, MAX_LOOKUPS};
use super::terms::{Clause, Filter, Is, Term, Who};
use crate::domain::filter_values::{
    parse_hours, parse_score, parse_weekdays, Days, Outcome, ValueProblem,
};
use crate::domain::ticket::Channel;
use crate::domain::time::parse_duration;

impl Filter {
    /// Parses the filter language. Identical conditions count once; a filter longer
    /// than [`MAX_CHARS`], with more than [`MAX_CLAUSES`] conditions or more than
    /// [`MAX_LOOKUPS`] words to look up is refused, so no query costs without bound.
    pub fn parse(input: &str) -> Result<Filter, FilterError> {
        let chars = input.chars().count();
        if chars > MAX_CHARS {
            return Err(FilterError::new(
                MAX_CHARS + 1,
                FilterProblem::TooLong(chars),
            ));
        }
        let mut clauses: Vec<Clause> = Vec::new();
        let mut lookups = 0;
        for (column, token, quoted) in tokenize(input)? {
            let clause = if quoted {
                // "error:timeout" in quotes is text to find, whatever it looks like.
                Clause {
                    negated: false,
                    term: Term::Text(token),
                }
            } else {
                parse_clause(&token, column)?
            };
            if clauses.contains(&clause) {
                continue;
            }
            if clauses.len() == MAX_CLAUSES {
                return Err(FilterError::new(column, FilterProblem::TooManyConditions));
            }
            if let Term::Text(t) = &clause.term {
                lookups += crate::domain::search::TextQuery::from_parts(&[t]).lookups();
                if lookups > MAX_LOOKUPS {
                    return Err(FilterError::new(column, FilterProblem::TooManyLookups));
                }
            }
            clauses.push(clause);
        }
        Ok(Filter { clauses })
    }

    /// Whether the filter is within the limits `parse` enforces (a filter may also be
    /// built in code, or from several parts).
    pub fn check_size(&self) -> Result<(), FilterError> {
        if self.clauses.len() > MAX_CLAUSES {
            return Err(FilterError::new(1, FilterProblem::TooManyConditions));
        }
        Ok(())
    }
}

/// Splits on whitespace, keeping `"quoted text"` together; yields (column, token,
/// whether the token began with a quote).
fn tokenize(input: &str) -> Result<Vec<(usize, String, bool)>, FilterError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut quote_col = 0;
    let mut quoted = false;
    for (i, c) in input.chars().enumerate() {
        let col = i + 1;
        if c == '"' {
            if !in_quote {
                quote_col = col;
            }
            in_quote = !in_quote;
            if cur.is_empty() {
                start = col;
                quoted |= in_quote;
            }
            continue;
        }
        if c.is_whitespace() && !in_quote {
            if !cur.is_empty() {
                out.push((start, std::mem::take(&mut cur), quoted));
            }
            quoted = false;
            continue;
        }
        if cur.is_empty() {
            start = col;
        }
        cur.push(c);
    }
    if in_quote {
        return Err(FilterError::new(quote_col, FilterProblem::UnclosedQuote));
    }
    if !cur.is_empty() {
        out.push((start, cur, quoted));
    }
    Ok(out)
}

fn parse_clause(token: &str, column: usize) -> Result<Clause, FilterError> {
    let (negated, body) = match token.strip_prefix('-') {
        Some(rest) if rest.contains(':') => (true, rest),
        _ => (false, token),
    };
    let err = |problem: FilterProblem| FilterError::new(column, problem);
    let bad = |p: ValueProblem| err(FilterProblem::BadValue(p));
    let Some((field, value)) = body.split_once(':') else {
        return Ok(Clause {
            negated: false,
            term: Term::Text(token.to_string()),
        });
    };
    let field = field.to_lowercase();
    if !FIELDS.contains(&field.as_str()) {
        if looks_like_field(&field, value) {
            return Err(err(FilterProblem::UnknownField {
                nearest: nearest_field(&field),
                field,
                token: token.to_string(),
            }));
        }
        // `http://…` or `10:30` are text, not fields.
        return Ok(Clause {
            negated: false,
            term: Term::Text(token.to_string()),
        });
    }
    if value.is_empty() {
        return Err(err(FilterProblem::NeedsValue(field)));
    }
    let list = || -> Vec<String> {
        value
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let term = match field.as_str() {
        "id" => {
            let (cmp, v) = split_cmp(value);
            Term::Id(
                cmp,
                v.trim_start_matches('#')
                    .parse()
                    .map_err(|_| err(FilterProblem::NotAnId(v.to_string())))?,
            )
        }
        "stage" => Term::Stage(list()),
        "type" => Term::Type(list()),
        "priority" => {
            let (cmp, v) = split_cmp(value);
            Term::Priority(
                cmp,
                v.parse().map_err(|_: String| {
                    err(FilterProblem::BadPriority(v.trim().to_lowercase()))
                })?,
            )
        }
        "channel" => Term::Channel(
            list()
                .iter()
                .map(|c| {
                    c.parse::<Channel>()
                        .map_err(|_| err(FilterProblem::BadChannel(c.trim().to_lowercase())))
                })
                .collect::<Result<_, _>>()?,
        ),
        "assignee" => Term::Assignee(match value.to_lowercase().as_str() {
            "me" | "我" => Who::Me,
            "none" | "nobody" | "-" | "无" => Who::Nobody,
            _ => match value.strip_prefix('=') {
                Some("") => return Err(bad(ValueProblem::NeedsName)),
                Some(name) => Who::Exact(name.to_string()),
                None => Who::Name(value.to_string()),
            },
        }),
        "customer" => Term::Customer(value.to_string()),
        "tag" => Term::Tag(
            list()
                .iter()
                .map(|t| crate::domain::relations::normalize_tag(t))
                .collect::<Result<_, _>>()
                .map_err(|m| err(FilterProblem::BadTag(m)))?,
        ),
        "group" => Term::Group(list()),
        "kind" => Term::Kind(
            list()
                .iter()
                .map(|k| {
                    crate::domain::search::Kind::parse(k)
                        .ok_or_else(|| err(FilterProblem::UnknownKind(k.to_string())))
                })
                .collect::<Result<_, _>>()?,
        ),
        "due" | "created" | "resolved" => {
            let (cmp, v) = split_cmp(value);
            if field != "due" {
                if let Some(days) = Days::parse(cmp, v) {
                    let days = days.map_err(|p| err(FilterProblem::BadValue(p)))?;
                    return Ok(Clause {
                        negated,
                        term: if field == "created" {
                            Term::CreatedOn(days)
                        } else {
                            Term::ResolvedOn(days)
                        },
                    });
                }
            }
            let secs = parse_duration(v).ok_or_else(|| {
                err(if field == "due" {
                    FilterProblem::BadDuration(v.to_string())
                } else {
                    FilterProblem::BadValue(ValueProblem::NotAWhen(v.to_string()))
                })
            })?;
            // created:<2d means "less than two days ago".
            let flipped = match cmp {
                Cmp::Lt => Cmp::Gt,
                Cmp::Le => Cmp::Ge,
                Cmp::Gt => Cmp::Lt,
                Cmp::Ge => Cmp::Le,
                Cmp::Eq => Cmp::Ge,
            };
            match field.as_str() {
                "due" => Term::Due(cmp, secs),
                "created" => Term::Created(flipped, -secs),
                _ => Term::Resolved(flipped, -secs),
            }
        }
        "hour" => Term::Hour(parse_hours(value).map_err(bad)?),
        "weekday" => Term::Weekday(parse_weekdays(value).map_err(bad)?),
        "category" => Term::Category(list()),
        "csat" => {
            let (cmp, v) = split_cmp(value);
            Term::Csat(cmp, parse_score(v).map_err(bad)?)
        }
        "response" => Term::Response(Outcome::parse(value).map_err(bad)?),
        "resolution" => Term::Resolution(Outcome::parse(value).map_err(bad)?),
        "visited" => Term::Visited(list()),
        "is" => Term::Is(match value.to_lowercase().as_str() {
            "open" => Is::Open,
            "waiting" => Is::Waiting,
            "done" | "closed" | "resolved" => Is::Done,
            "breached" | "overdue" => Is::Breached,
            "unassigned" => Is::Unassigned,
            other => return Err(err(FilterProblem::UnknownState(other.to_string()))),
        }),
        _ => unreachable!("field list checked above"),
    };
    Ok(Clause { negated, term })
}
