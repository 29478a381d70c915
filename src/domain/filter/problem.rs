//! What can be wrong with a filter, said in English (the console's other
//! languages in ui/i18n/errors.rs), and the sizes past which one is refused.

use super::fields::FIELDS;
use crate::domain::filter_values::ValueProblem;

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
    BadValue(ValueProblem),
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
    pub(super) fn new(column: usize, problem: FilterProblem) -> FilterError {
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
