//! The filter language shared by every pane and the CLI `--query`:
//! `stage:new assignee:me priority:>=high type:complaint -stage:closed
//! customer:"华为" due:<2d 退款 printer`.
//!
//! terms.rs holds what a filter is (clauses of terms), cmp.rs the comparisons,
//! parse.rs reads the text, display.rs writes it back (parse reads it again),
//! fields.rs the field names and suggestions for a misspelt one, problem.rs what
//! can be wrong and the size limits.

mod cmp;
mod display;
mod fields;
mod parse;
mod problem;
mod terms;
#[cfg(test)]
mod tests;

pub use cmp::Cmp;
pub use fields::FIELDS;
pub use problem::{FilterError, FilterProblem, MAX_CHARS, MAX_CLAUSES, MAX_LOOKUPS, TOO_BIG_HINT};
pub use terms::{Clause, Filter, Is, Term, Who};
