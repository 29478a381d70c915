//! The store's own value types: what crosses the store boundary where a column's type
//! is only known at run time (export/import rows, bulk audit values), and the two
//! conversions every engine shares — a Rust value into a bound parameter (`Param`)
//! and a column of a result row into a Rust value (`FromCell`).

/// One database value, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One database value, borrowed (for bulk loads that must not copy).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Integer(i64),
    Text(&'a str),
}

/// A bound parameter or a column value as every engine sees it: SQLite's five storage
/// classes. Booleans are integers (0/1) on both engines, as SQLite stores them; a
/// calendar day is bound as its YYYY-MM-DD text (it is read back as text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    Date(chrono::NaiveDate),
}

impl Arg<'_> {
    /// The owned value.
    pub fn to_value(self) -> Value {
        match self {
            Arg::Null => Value::Null,
            Arg::Int(i) => Value::Integer(i),
            Arg::Real(f) => Value::Real(f),
            Arg::Text(s) => Value::Text(s.to_string()),
            Arg::Blob(b) => Value::Blob(b.to_vec()),
            Arg::Date(d) => Value::Text(day(d)),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Arg::Null => "NULL",
            Arg::Int(_) => "an integer",
            Arg::Real(_) => "a real number",
            Arg::Text(_) => "text",
            Arg::Blob(_) => "a blob",
            Arg::Date(_) => "a date",
        }
    }
}

/// Something that can be bound to a `?N` placeholder.
pub trait Param {
    /// The value to bind.
    fn arg(&self) -> Arg<'_>;
}

impl<T: Param + ?Sized> Param for &T {
    fn arg(&self) -> Arg<'_> {
        (**self).arg()
    }
}

impl<T: Param> Param for Option<T> {
    fn arg(&self) -> Arg<'_> {
        match self {
            Some(v) => v.arg(),
            None => Arg::Null,
        }
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn arg(&self) -> Arg<'_> {
                Arg::Int(*self as i64)
            }
        }
    )*};
}
int_param!(i64, i32, i16, i8, u8, u16, u32);

impl Param for u64 {
    fn arg(&self) -> Arg<'_> {
        Arg::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl Param for usize {
    fn arg(&self) -> Arg<'_> {
        Arg::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl Param for bool {
    fn arg(&self) -> Arg<'_> {
        Arg::Int(i64::from(*self))
    }
}

impl Param for f64 {
    fn arg(&self) -> Arg<'_> {
        Arg::Real(*self)
    }
}

impl Param for str {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl Param for [u8] {
    fn arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}

impl Param for Vec<u8> {
    fn arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}

impl Param for String {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl Param for std::borrow::Cow<'_, str> {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl Param for Value {
    fn arg(&self) -> Arg<'_> {
        match self {
            Value::Null => Arg::Null,
            Value::Integer(i) => Arg::Int(*i),
            Value::Real(f) => Arg::Real(*f),
            Value::Text(s) => Arg::Text(s),
            Value::Blob(b) => Arg::Blob(b),
        }
    }
}

impl Param for Cell<'_> {
    fn arg(&self) -> Arg<'_> {
        match *self {
            Cell::Null => Arg::Null,
            Cell::Integer(i) => Arg::Int(i),
            Cell::Text(s) => Arg::Text(s),
        }
    }
}

/// A day as stored: YYYY-MM-DD.
pub(crate) fn day(d: chrono::NaiveDate) -> String {
    d.format(crate::domain::time::DAY_FORMAT).to_string()
}

impl Param for chrono::NaiveDate {
    fn arg(&self) -> Arg<'_> {
        Arg::Date(*self)
    }
}

impl Param for Arg<'_> {
    fn arg(&self) -> Arg<'_> {
        *self
    }
}

/// The parameters of one statement.
pub type Params<'a> = &'a [&'a dyn Param];

/// `&[&dyn Param]` from a list of expressions: `params![id, name]`, `params![]`.
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::Param]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::store::Param),+] as &[&dyn $crate::store::Param]
    };
}
pub(crate) use params;

/// Borrows a list of owned values as parameters.
pub fn dyn_params(values: &[Value]) -> Vec<&dyn Param> {
    values.iter().map(|v| v as &dyn Param).collect()
}

/// A column value read as a Rust type. The error names what was found instead.
pub trait FromCell: Sized {
    /// Converts one column value.
    fn from_cell(a: Arg<'_>) -> Result<Self, String>;
}

fn wrong(want: &str, got: Arg<'_>) -> String {
    format!("expected {want}, found {}", got.kind())
}

impl FromCell for i64 {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Int(i) => Ok(i),
            // SUM/AVG of integers on PostgreSQL arrive as NUMERIC (read as real).
            Arg::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
            other => Err(wrong("an integer", other)),
        }
    }
}

macro_rules! int_from_cell {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            fn from_cell(a: Arg<'_>) -> Result<Self, String> {
                let i = i64::from_cell(a)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range"))
            }
        }
    )*};
}
int_from_cell!(i32, u8, u16, u32, u64, usize);

impl FromCell for bool {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        Ok(i64::from_cell(a)? != 0)
    }
}

impl FromCell for f64 {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Real(f) => Ok(f),
            Arg::Int(i) => Ok(i as f64),
            other => Err(wrong("a number", other)),
        }
    }
}

impl FromCell for String {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Text(s) => Ok(s.to_string()),
            other => Err(wrong("text", other)),
        }
    }
}

impl FromCell for Vec<u8> {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Blob(b) => Ok(b.to_vec()),
            other => Err(wrong("a blob", other)),
        }
    }
}

impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

impl FromCell for Value {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        Ok(a.to_value())
    }
}

impl FromCell for chrono::NaiveDate {
    fn from_cell(a: Arg<'_>) -> Result<Self, String> {
        match a {
            Arg::Text(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| format!("'{s}' is not a YYYY-MM-DD date: {e}")),
            other => Err(wrong("a date", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_sums_read_as_integers_when_whole() {
        assert_eq!(i64::from_cell(Arg::Real(42.0)), Ok(42));
        assert!(i64::from_cell(Arg::Real(4.5)).is_err());
        assert_eq!(bool::from_cell(Arg::Int(1)), Ok(true));
        assert_eq!(Option::<i64>::from_cell(Arg::Null), Ok(None));
        assert!(String::from_cell(Arg::Int(3)).is_err());
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Integer(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Real(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Integer(v.into())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

impl From<chrono::NaiveDate> for Value {
    fn from(d: chrono::NaiveDate) -> Value {
        Value::Text(d.format(crate::domain::time::DAY_FORMAT).to_string())
    }
}

/// Statuses are stored by their stable names; a name this version does not know is a
/// read error, never a silent default (a later save would overwrite it).
macro_rules! stored_by_name {
    ($($t:ty),+) => {$(
        impl Param for $t {
            fn arg(&self) -> Arg<'_> {
                Arg::Text(self.as_str())
            }
        }

        impl FromCell for $t {
            fn from_cell(a: Arg<'_>) -> Result<Self, String> {
                match a {
                    Arg::Text(s) => s.parse(),
                    other => Err(wrong("a status name", other)),
                }
            }
        }

        impl From<$t> for Value {
            fn from(s: $t) -> Value {
                Value::Text(s.as_str().to_string())
            }
        }
    )+};
}

use crate::domain::status::{ArticleStatus, IssueStatus, ProjectStatus, RiskStatus, TaskStatus};
stored_by_name!(
    ProjectStatus,
    TaskStatus,
    RiskStatus,
    IssueStatus,
    ArticleStatus
);
