//! The filter language shared by every pane and the CLI `--query`:
//! `stage:new assignee:me priority:>=high type:complaint -stage:closed
//! customer:"华为" due:<2d 退款 printer`.

use super::filter_values::{parse_hours, parse_score, parse_weekdays, Days, Outcome, ValueProblem};
use super::ticket::{Channel, Priority};
use super::time::parse_duration;
use chrono::Weekday;

/// A comparison in `priority:>=high` or `due:<2d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    /// The SQL operator.
    pub fn sql(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

/// Who a ticket is assigned to, in `assignee:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The acting user.
    Me,
    /// Nobody.
    Nobody,
    /// An agent whose name contains this text.
    Name(String),
    /// The agent with exactly this name (`assignee:=李娜`).
    Exact(String),
}

/// A state selected by `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    /// Stages of kind open or waiting.
    Open,
    /// Stages of kind waiting.
    Waiting,
    /// Stages of kind resolved or closed.
    Done,
    /// Past the resolution due time and not done.
    Breached,
    /// Not assigned.
    Unassigned,
}

/// One condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Id(Cmp, i64),
    /// Any of these stages.
    Stage(Vec<String>),
    /// Any of these types.
    Type(Vec<String>),
    Priority(Cmp, Priority),
    Channel(Vec<Channel>),
    Assignee(Who),
    /// Customer name contains this text.
    Customer(String),
    /// Resolution due, compared with now plus this many seconds.
    Due(Cmp, i64),
    /// Created, compared with now plus this many seconds (negative: in the past).
    Created(Cmp, i64),
    Is(Is),
    /// Free text found in title or body.
    Text(String),
    /// Has any of these tags.
    Tag(Vec<String>),
    /// Routed to any of these groups (`none`: no group).
    Group(Vec<String>),
    /// Created on these days (business calendar's time zone).
    CreatedOn(Days),
    /// Resolved, compared with now plus this many seconds (never matches unresolved).
    Resolved(Cmp, i64),
    /// Resolved on these days (never matches unresolved).
    ResolvedOn(Days),
    /// Created in any of these hours of the day (0–23, business calendar's time zone).
    Hour(Vec<u32>),
    /// Created on any of these weekdays (business calendar's time zone).
    Weekday(Vec<Weekday>),
    /// In any of these problem categories (`[[problem_categories]]` by title;
    /// `other`: none of them).
    Category(Vec<String>),
    /// Satisfaction score compared with this (unrated tickets never match).
    Csat(Cmp, u8),
    /// Where the first-response clock stands.
    Response(Outcome),
    /// Where the resolution clock stands.
    Resolution(Outcome),
    /// Has been in any of these stages (now or before).
    Visited(Vec<String>),
    /// Only these kinds of record: narrows a search, means nothing to a ticket list.
    Kind(Vec<super::search::Kind>),
}

/// A condition, possibly negated with a leading `-`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

/// All conditions; a ticket must meet every one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub clauses: Vec<Clause>,
}

/// A filter that could not be parsed: what, and where (character column, from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct FilterError {
    pub column: usize,
    /// The problem in English (the CLI's words).
    pub message: String,
    /// The same as data, for other languages.
    pub problem: FilterProblem,
}

/// What is wrong with a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterProblem {
    UnclosedQuote,
    /// `field:` without a value.
    NeedsValue(String),
    NotAnId(String),
    BadPriority(String),
    BadChannel(String),
    /// A tag that breaks the tag rules; the rule's own words.
    BadTag(String),
    BadDuration(String),
    UnknownState(String),
    /// `field:` that is no field; the nearest one, if any is near; the whole token.
    UnknownField {
        field: String,
        nearest: Option<&'static str>,
        token: String,
    },
    UnknownKind(String),
    /// A day, hour, weekday, score or outcome that cannot be read.
    BadValue(super::filter_values::ValueProblem),
    /// Longer than [`MAX_CHARS`] characters (how many it has).
    TooLong(usize),
    /// More than [`MAX_CLAUSES`] different conditions.
    TooManyConditions,
    /// More than [`MAX_LOOKUPS`] words or character pairs to look up.
    TooManyLookups,
}

impl FilterProblem {
    /// Whether the filter was refused for its size: it parses, but costs too much.
    pub fn too_big(&self) -> bool {
        matches!(
            self,
            FilterProblem::TooLong(_)
                | FilterProblem::TooManyConditions
                | FilterProblem::TooManyLookups
        )
    }
}

impl FilterError {
    fn new(column: usize, problem: FilterProblem) -> FilterError {
        FilterError {
            column,
            message: problem.to_string(),
            problem,
        }
    }
}

impl std::fmt::Display for FilterProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilterProblem::UnclosedQuote => f.write_str("unclosed quote"),
            FilterProblem::NeedsValue(field) => write!(f, "'{field}:' needs a value"),
            FilterProblem::NotAnId(v) => write!(f, "'{v}' is not a ticket id"),
            FilterProblem::BadPriority(v) => write!(
                f,
                "unknown priority '{v}' (use low, normal, high or urgent)"
            ),
            FilterProblem::BadChannel(v) => write!(f, "unknown channel '{v}'"),
            FilterProblem::BadTag(m) => f.write_str(m),
            FilterProblem::BadDuration(v) => {
                write!(f, "'{v}' is not a duration like 4h, 2d or 1w")
            }
            FilterProblem::UnknownState(v) => write!(
                f,
                "unknown state 'is:{v}' (use open, waiting, done, breached, unassigned)"
            ),
            FilterProblem::UnknownField {
                field,
                nearest,
                token,
            } => {
                let hint = match nearest {
                    Some(n) => format!("did you mean {n}:?"),
                    None => format!("known fields: {}", FIELDS.join(", ")),
                };
                write!(
                    f,
                    "unknown field '{field}:' ({hint} To find the text itself, quote it: \"{token}\")"
                )
            }
            FilterProblem::BadValue(p) => p.fmt(f),
            FilterProblem::UnknownKind(k) => write!(
                f,
                "unknown kind '{k}' (use ticket, article, customer or project)"
            ),
            FilterProblem::TooLong(n) => {
                write!(f, "the filter is {n} characters long; at most {MAX_CHARS}")
            }
            FilterProblem::TooManyConditions => {
                write!(f, "more than {MAX_CLAUSES} different conditions")
            }
            FilterProblem::TooManyLookups => write!(
                f,
                "more than {MAX_LOOKUPS} words (or pairs of Chinese characters) to look up"
            ),
        }
    }
}

/// What to do about a filter refused for its size.
pub const TOO_BIG_HINT: &str =
    "shorten it (the same word twice counts once), or narrow it with stage:, assignee: or created:";

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "filter column {}: {}", self.column, self.message)
    }
}

/// The longest filter accepted, in characters.
pub const MAX_CHARS: usize = 1_000;
/// Most conditions in one filter (after identical ones are merged).
pub const MAX_CLAUSES: usize = 32;
/// Most words and character pairs the free text of one filter may look up in the
/// word index (each costs a pass over its list of records).
pub const MAX_LOOKUPS: usize = 64;

/// Field names the language knows, for help and completion.
pub const FIELDS: &[&str] = &[
    "id",
    "stage",
    "type",
    "priority",
    "channel",
    "assignee",
    "customer",
    "due",
    "created",
    "is",
    "tag",
    "group",
    "resolved",
    "hour",
    "weekday",
    "category",
    "csat",
    "response",
    "resolution",
    "visited",
    "kind",
];

impl Filter {
    /// Adds a clause.
    pub fn and(mut self, term: Term) -> Self {
        self.clauses.push(Clause {
            negated: false,
            term,
        });
        self
    }

    /// Whether there are no conditions.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

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
                lookups += super::search::TextQuery::from_parts(&[t]).lookups();
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

/// Whether `field:value` is meant as a field: a word of letters before the colon,
/// not a URL (`http://…`) or a time (`10:30`).
fn looks_like_field(field: &str, value: &str) -> bool {
    field.len() >= 2
        && field.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        && !value.starts_with("//")
}

/// The known field closest to a misspelt one, if any is close.
fn nearest_field(field: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| (super::text::edit_distance(field, f), *f))
        .filter(|(d, f)| *d <= 2.max(f.len() / 3) && *d < f.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
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
                .map(|t| super::relations::normalize_tag(t))
                .collect::<Result<_, _>>()
                .map_err(|m| err(FilterProblem::BadTag(m)))?,
        ),
        "group" => Term::Group(list()),
        "kind" => Term::Kind(
            list()
                .iter()
                .map(|k| {
                    super::search::Kind::parse(k)
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

impl Cmp {
    /// The operator as written in a filter (`=` is left out).
    fn prefix(self) -> &'static str {
        match self {
            Cmp::Eq => "",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    /// `created:<2d` is stored as "after now minus 2d": the operator as written.
    fn unflipped(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            Cmp::Eq => Cmp::Eq,
        }
    }
}

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
        use super::time::format_duration;
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
                    .map(|d| super::filter_values::weekday_name(*d))
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

fn split_cmp(v: &str) -> (Cmp, &str) {
    for (p, c) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ] {
        if let Some(rest) = v.strip_prefix(p) {
            return (c, rest);
        }
    }
    (Cmp::Eq, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_full_example() {
        let f = Filter::parse(
            r#"stage:new assignee:me priority:>=high type:complaint -stage:closed customer:"华为 技术" due:<2d 退款 printer"#,
        )
        .unwrap();
        let terms: Vec<_> = f
            .clauses
            .iter()
            .map(|c| (c.negated, c.term.clone()))
            .collect();
        assert_eq!(
            terms,
            vec![
                (false, Term::Stage(vec!["new".into()])),
                (false, Term::Assignee(Who::Me)),
                (false, Term::Priority(Cmp::Ge, Priority::High)),
                (false, Term::Type(vec!["complaint".into()])),
                (true, Term::Stage(vec!["closed".into()])),
                (false, Term::Customer("华为 技术".into())),
                (false, Term::Due(Cmp::Lt, 172_800)),
                (false, Term::Text("退款".into())),
                (false, Term::Text("printer".into())),
            ]
        );
    }

    #[test]
    fn lists_ids_and_states() {
        let f = Filter::parse("stage:new,analysing id:>100 is:open channel:email,phone").unwrap();
        assert_eq!(f.clauses.len(), 4);
        assert_eq!(f.clauses[2].term, Term::Is(Is::Open));
        assert_eq!(
            f.clauses[3].term,
            Term::Channel(vec![Channel::Email, Channel::Phone])
        );
    }

    #[test]
    fn urls_times_and_quoted_words_are_text() {
        let f = Filter::parse(r#"http://example.com 10:30 -x "error:timeout" 注意:漏水"#).unwrap();
        assert!(f
            .clauses
            .iter()
            .all(|c| matches!(c.term, Term::Text(_)) && !c.negated));
        assert_eq!(f.clauses[3].term, Term::Text("error:timeout".into()));
    }

    #[test]
    fn unknown_fields_are_errors_with_a_suggestion() {
        let e = Filter::parse("is:open priorty:high").unwrap_err();
        assert_eq!(e.column, 9);
        assert!(
            e.message.contains("unknown field 'priorty:'"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("did you mean priority:?"),
            "{}",
            e.message
        );
        let e = Filter::parse("-stagee:closed").unwrap_err();
        assert!(e.message.contains("did you mean stage:?"), "{}", e.message);
        let e = Filter::parse("colour:red").unwrap_err();
        assert!(e.message.contains("known fields"), "{}", e.message);
    }

    #[test]
    fn errors_name_the_column() {
        let e = Filter::parse("stage:new priority:huge").unwrap_err();
        assert_eq!(e.column, 11);
        assert!(e.message.contains("huge"));
        assert_eq!(Filter::parse("a \"open").unwrap_err().column, 3);
        assert!(Filter::parse("due:<soon").is_err());
        assert!(Filter::parse("stage:").is_err());
        assert!(Filter::parse("is:bogus").is_err());
    }

    #[test]
    fn tags_and_groups() {
        let f = Filter::parse("tag:VIP,退款 -group:none").unwrap();
        assert_eq!(
            f.clauses[0].term,
            Term::Tag(vec!["vip".into(), "退款".into()])
        );
        assert!(f.clauses[1].negated);
        assert_eq!(f.clauses[1].term, Term::Group(vec!["none".into()]));
        assert!(Filter::parse("tag:ok,a:b").is_err());
    }

    #[test]
    fn created_flips_into_the_past() {
        let f = Filter::parse("created:<2d").unwrap();
        assert_eq!(f.clauses[0].term, Term::Created(Cmp::Gt, -172_800));
    }

    #[test]
    fn days_hours_weekdays_and_outcomes() {
        use chrono::NaiveDate;
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = Filter::parse(
            "created:2026-11-01..2026-11-07 -resolved:<=2026-11-07 hour:9..10 weekday:mon,周三 category:invoice,other csat:<=2 response:met resolution:breached visited:analysing assignee:=李娜",
        )
        .unwrap();
        let terms: Vec<_> = f
            .clauses
            .iter()
            .map(|c| (c.negated, c.term.clone()))
            .collect();
        assert_eq!(
            terms,
            vec![
                (
                    false,
                    Term::CreatedOn(Days::between(day("2026-11-01"), day("2026-11-07")))
                ),
                (
                    true,
                    Term::ResolvedOn(Days {
                        from: None,
                        to: Some(day("2026-11-07"))
                    })
                ),
                (false, Term::Hour(vec![9, 10])),
                (false, Term::Weekday(vec![Weekday::Mon, Weekday::Wed])),
                (
                    false,
                    Term::Category(vec!["invoice".into(), "other".into()])
                ),
                (false, Term::Csat(Cmp::Le, 2)),
                (false, Term::Response(Outcome::Met)),
                (false, Term::Resolution(Outcome::Breached)),
                (false, Term::Visited(vec!["analysing".into()])),
                (false, Term::Assignee(Who::Exact("李娜".into()))),
            ]
        );
        // Durations keep their meaning; resolved takes them too.
        assert_eq!(
            Filter::parse("resolved:<1w").unwrap().clauses[0].term,
            Term::Resolved(Cmp::Gt, -604_800)
        );
        assert_eq!(
            Filter::parse("created:2026-11-05").unwrap().clauses[0].term,
            Term::CreatedOn(Days::between(day("2026-11-05"), day("2026-11-05")))
        );
    }

    #[test]
    fn bad_calendar_values_name_the_column() {
        for (text, col, needle) in [
            ("type:x created:2026-02-30", 8, "2026-02-30"),
            ("created:2026-11-07..2026-11-01", 1, "before"),
            ("hour:25", 1, "25"),
            ("weekday:someday", 1, "someday"),
            ("csat:9", 1, "score"),
            ("response:late", 1, "late"),
            ("resolved:soon", 1, "soon"),
            ("assignee:=", 1, "name"),
        ] {
            let e = Filter::parse(text).unwrap_err();
            assert_eq!(e.column, col, "{text}");
            assert!(e.message.contains(needle), "{text}: {}", e.message);
        }
    }

    #[test]
    fn calendar_and_outcome_clauses_print_as_they_read() {
        let text = "created:2026-11-01..2026-11-07 resolved:..2026-11-07 -resolved:<2d \
                    hour:9,10,11 weekday:mon,tue category:invoice csat:<=2 response:met \
                    resolution:breached visited:analysing assignee:=李娜";
        let f = Filter::parse(text).unwrap();
        let printed = f.to_string();
        assert_eq!(Filter::parse(&printed).unwrap(), f, "{printed}");
        assert!(printed.contains("hour:9,10,11") && printed.contains("assignee:=李娜"));
    }
}
