//! Statements and values on PostgreSQL: SQLite-style placeholders rewritten to `$N`,
//! parameters bound as the statement's types want them, columns read back as
//! SQLite's storage classes, and server errors mapped to the library's.

use crate::error::{Error, Result};
use crate::store::value::{Arg, FromCell, Param, Params};
use crate::store::DbError;
use bytes::{BufMut, BytesMut};
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};

/// Rewrites `?N` (and bare `?`) placeholders as `$N`, leaving strings, quoted names
/// and comments alone.
pub(crate) fn translate(sql: &str) -> String {
    placeholders(sql, &mut |out, n| {
        out.push('$');
        out.push_str(&n.to_string());
    })
}

/// Writes the parameters' values into `sql` in place of its placeholders, as
/// constants without a type (quoted, as a parameter the server gives the type its
/// place wants): for a statement sent once, unprepared.
pub(super) fn inline(sql: &str, p: Params<'_>) -> String {
    placeholders(sql, &mut |out, n| {
        let arg = p.get(n.wrapping_sub(1)).map_or(Arg::Null, |x| x.arg());
        let text = match arg {
            Arg::Int(i) => format!("'{i}'"),
            Arg::Real(r) => format!("'{r:?}'"),
            Arg::Date(d) => format!("'{d}'"),
            other => literal(other),
        };
        out.push_str(&text);
    })
}

/// `sql` with each placeholder (`?N`, or bare `?` counted from 1) replaced by what
/// `put` writes for its number; strings, quoted names and comments left alone.
fn placeholders(sql: &str, put: &mut dyn FnMut(&mut String, usize)) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut bare = 0;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let n = if chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    let mut digits = String::new();
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(d);
                        chars.next();
                    }
                    digits.parse().unwrap_or(0)
                } else {
                    bare += 1;
                    bare
                };
                put(&mut out, n);
            }
            // SQLite's index hints (`INDEXED BY name`, `NOT INDEXED`): PostgreSQL
            // plans by itself, so shared SQL may carry them and they are dropped here.
            'I' | 'N' if !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') => {
                let rest: String = std::iter::once(c).chain(chars.clone()).take(40).collect();
                if let Some(skip) = index_hint(&rest) {
                    for _ in 1..skip {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The length of an index hint at the start of `s` (with the name after INDEXED BY),
/// or None.
fn index_hint(s: &str) -> Option<usize> {
    let words: Vec<&str> = s.split_ascii_whitespace().take(3).collect();
    let starts = |w: &str, t: &str| w.eq_ignore_ascii_case(t);
    match words.as_slice() {
        [a, b, name, ..] if starts(a, "INDEXED") && starts(b, "BY") => {
            let at = s.find(name).unwrap_or(0);
            let len: usize = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum();
            Some(at + len)
        }
        [a, b, ..] if starts(a, "NOT") && b.len() >= 7 && starts(&b[..7], "INDEXED") => {
            let after_not = s.find(b).unwrap_or(0);
            Some(after_not + 7)
        }
        _ => None,
    }
}

/// A parameter as the server's type wants it: integers become booleans, smaller
/// integers, floats or text where the statement says so.
#[derive(Debug)]
pub(super) struct Bind<'a>(Arg<'a>);

pub(super) fn binds<'a>(p: Params<'a>) -> Vec<Bind<'a>> {
    p.iter().map(|x: &&dyn Param| Bind(x.arg())).collect()
}

pub(super) fn refs<'a>(b: &'a [Bind<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    b.iter().map(|x| x as &(dyn ToSql + Sync)).collect()
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

fn mismatch(ty: &Type, a: &Arg<'_>) -> BoxError {
    format!("cannot send {a:?} as {ty}").into()
}

impl ToSql for Bind<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        let day;
        let a = match self.0 {
            Arg::Null => return Ok(IsNull::Yes),
            Arg::Date(d) => {
                day = crate::store::value::day(d);
                Arg::Text(&day)
            }
            other => other,
        };
        let int = || -> std::result::Result<i64, BoxError> {
            match a {
                Arg::Int(i) => Ok(i),
                Arg::Real(f) if f.fract() == 0.0 => Ok(f as i64),
                Arg::Text(s) => s.trim().parse::<i64>().map_err(|_| mismatch(ty, &a)),
                _ => Err(mismatch(ty, &a)),
            }
        };
        match *ty {
            Type::BOOL => out.put_u8(u8::from(int()? != 0)),
            Type::INT2 => out.put_i16(i16::try_from(int()?)?),
            Type::INT4 => out.put_i32(i32::try_from(int()?)?),
            Type::INT8 => out.put_i64(int()?),
            Type::OID => out.put_u32(u32::try_from(int()?)?),
            Type::FLOAT4 | Type::FLOAT8 => {
                let f = match a {
                    Arg::Int(i) => i as f64,
                    Arg::Real(f) => f,
                    Arg::Text(s) => s.trim().parse::<f64>().map_err(|_| mismatch(ty, &a))?,
                    _ => return Err(mismatch(ty, &a)),
                };
                if *ty == Type::FLOAT4 {
                    out.put_f32(f as f32)
                } else {
                    out.put_f64(f)
                }
            }
            Type::NUMERIC => encode_numeric(int()?, out),
            Type::BYTEA => match a {
                Arg::Blob(b) => out.put_slice(b),
                Arg::Text(s) => out.put_slice(s.as_bytes()),
                _ => return Err(mismatch(ty, &a)),
            },
            Type::JSONB => match a {
                Arg::Text(s) => {
                    out.put_u8(1);
                    out.put_slice(s.as_bytes());
                }
                _ => return Err(mismatch(ty, &a)),
            },
            _ => match a {
                // TEXT, VARCHAR, NAME, JSON, UNKNOWN …: the text itself.
                Arg::Text(s) => out.put_slice(s.as_bytes()),
                Arg::Int(i) => out.put_slice(i.to_string().as_bytes()),
                Arg::Real(f) => out.put_slice(f.to_string().as_bytes()),
                Arg::Blob(b) => out.put_slice(b),
                Arg::Null | Arg::Date(_) => return Ok(IsNull::Yes),
            },
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// NUMERIC's binary form of an integer: base-10000 digits, most significant first.
fn encode_numeric(v: i64, out: &mut BytesMut) {
    let mut digits: Vec<i16> = Vec::new();
    let mut n = v.unsigned_abs();
    while n > 0 {
        digits.push((n % 10_000) as i16);
        n /= 10_000;
    }
    digits.reverse();
    out.put_i16(digits.len() as i16);
    out.put_i16(digits.len().saturating_sub(1) as i16);
    out.put_u16(if v < 0 { 0x4000 } else { 0 });
    out.put_u16(0);
    for d in digits {
        out.put_i16(d);
    }
}

/// A column as one of SQLite's storage classes, borrowed from the row.
struct Cellar<'a>(Arg<'a>);

fn be<const N: usize>(raw: &[u8]) -> std::result::Result<[u8; N], BoxError> {
    raw.get(..N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| "short value".into())
}

impl<'a> FromSql<'a> for Cellar<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Cellar(match *ty {
            Type::BOOL => Arg::Int(i64::from(raw.first().copied().unwrap_or(0) != 0)),
            Type::INT2 => Arg::Int(i16::from_be_bytes(be(raw)?).into()),
            Type::INT4 => Arg::Int(i32::from_be_bytes(be(raw)?).into()),
            Type::INT8 => Arg::Int(i64::from_be_bytes(be(raw)?)),
            Type::OID => Arg::Int(u32::from_be_bytes(be(raw)?).into()),
            Type::FLOAT4 => Arg::Real(f32::from_be_bytes(be(raw)?).into()),
            Type::FLOAT8 => Arg::Real(f64::from_be_bytes(be(raw)?)),
            Type::NUMERIC => decode_numeric(raw)?,
            Type::BYTEA => Arg::Blob(raw),
            Type::JSONB => Arg::Text(std::str::from_utf8(raw.get(1..).unwrap_or_default())?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN | Type::JSON => {
                Arg::Text(std::str::from_utf8(raw)?)
            }
            Type::CHAR => Arg::Text(std::str::from_utf8(raw)?),
            _ => return Err(format!("cannot read a column of type {ty}").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Cellar(Arg::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC (what SUM and AVG of integers return) as an integer when whole, else a real.
fn decode_numeric(raw: &[u8]) -> std::result::Result<Arg<'_>, BoxError> {
    let word = |i: usize| -> std::result::Result<i16, BoxError> {
        Ok(i16::from_be_bytes(be(raw
            .get(i * 2..)
            .unwrap_or_default())?))
    };
    let ndigits = word(0)? as usize;
    let weight = i32::from(word(1)?);
    let sign = word(2)? as u16;
    if sign == 0xC000 {
        return Ok(Arg::Real(f64::NAN));
    }
    let negative = sign == 0x4000;
    let mut whole: Option<i128> = Some(0);
    let mut f = 0f64;
    for k in 0..ndigits {
        let d = word(4 + k)?;
        let power = weight - k as i32;
        f += f64::from(d) * 10_000f64.powi(power);
        if power < 0 {
            if d != 0 {
                whole = None;
            }
        } else {
            whole = whole.and_then(|w| {
                10_000i128
                    .checked_pow(power as u32)
                    .and_then(|p| p.checked_mul(i128::from(d)))
                    .and_then(|x| w.checked_add(x))
            });
        }
    }
    if let Some(i) = whole.and_then(|w| i64::try_from(if negative { -w } else { w }).ok()) {
        return Ok(Arg::Int(i));
    }
    Ok(Arg::Real(if negative { -f } else { f }))
}

pub(in crate::store::conn) fn arg(r: &postgres::Row, i: usize) -> Result<Arg<'_>> {
    match r.try_get::<_, Cellar<'_>>(i) {
        Ok(c) => Ok(c.0),
        Err(e) => Err(Error::Db(DbError::decode(i, e.to_string()))),
    }
}

pub(in crate::store::conn) fn get<T: FromCell>(r: &postgres::Row, i: usize) -> Result<T> {
    let a = arg(r, i)?;
    T::from_cell(a).map_err(|m| Error::Db(DbError::decode(i, m)))
}

/// The library error for a PostgreSQL failure: two transactions that touched the same
/// rows at once are a conflict (exit 1, nothing saved), the rest an engine error.
pub(in crate::store::conn) fn error(e: postgres::Error) -> Error {
    let code = e.code().map(|c| c.code().to_string());
    match code.as_deref() {
        Some("40001") | Some("40P01") => Error::Conflict {
            message: "another change to the same records was being saved at the same moment".into(),
            hint: "nothing of yours was saved; look at the record again and repeat the change"
                .into(),
        },
        _ => Error::Db(DbError::postgres(e)),
    }
}

/// A value as an SQL constant, for statements sent with the simple protocol (which
/// carries no parameters): text as an escaped string, so nothing in it can end it.
pub(in crate::store::conn) fn literal(a: Arg<'_>) -> String {
    match a {
        Arg::Null => "NULL".into(),
        Arg::Int(i) => i.to_string(),
        Arg::Real(r) if r.is_finite() => format!("{r:?}::float8"),
        Arg::Real(r) => format!("'{r}'::float8"),
        Arg::Text(t) => format!("E'{}'", t.replace('\\', "\\\\").replace('\'', "''")),
        Arg::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("'\\x{hex}'::bytea")
        }
        Arg::Date(d) => format!("'{d}'::date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_index_hints_are_dropped() {
        assert_eq!(
            translate("FROM tickets t INDEXED BY tickets_created\n JOIN a NOT INDEXED ON x = ?1"),
            "FROM tickets t \n JOIN a  ON x = $1"
        );
        assert_eq!(
            translate("WHERE NOT x AND INDEXED_y = 1"),
            "WHERE NOT x AND INDEXED_y = 1"
        );
    }

    #[test]
    fn placeholders_become_dollars_outside_strings() {
        assert_eq!(
            translate("SELECT ?1, '?2', \"a?\" FROM t WHERE x = ?12 -- ?3\n AND y = ?2"),
            "SELECT $1, '?2', \"a?\" FROM t WHERE x = $12 -- ?3\n AND y = $2"
        );
        assert_eq!(
            translate("VALUES (?, ?), (?, ?)"),
            "VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn values_written_in_are_constants_outside_strings() {
        use crate::store::Value;
        let p = [
            Value::Integer(-5),
            Value::Text("it's \\ 退款".into()),
            Value::Null,
            Value::Real(1.5),
        ];
        assert_eq!(
            inline(
                "SELECT ?1, '?2', ?2 -- ?3\n FROM t WHERE x = ?3 AND y > ?4",
                &crate::store::dyn_params(&p)
            ),
            "SELECT '-5', '?2', E'it''s \\\\ 退款' -- ?3\n FROM t WHERE x = NULL AND y > '1.5'"
        );
        assert_eq!(literal(Arg::Int(7)), "7");
        assert_eq!(literal(Arg::Text("a'b")), "E'a''b'");
    }

    #[test]
    fn numeric_round_trip() {
        for v in [
            0i64,
            1,
            -1,
            9_999,
            10_000,
            123_456_789,
            -98_765_432_101,
            i64::MAX,
        ] {
            let mut b = BytesMut::new();
            encode_numeric(v, &mut b);
            assert_eq!(decode_numeric(&b).unwrap(), Arg::Int(v), "{v}");
        }
        // 12.5: two digits, weight 0, scale 1.
        let raw = [0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88];
        assert_eq!(decode_numeric(&raw).unwrap(), Arg::Real(12.5));
    }
}
