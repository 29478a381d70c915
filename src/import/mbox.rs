//! mbox files: messages separated by `From ` lines, with `>From ` escapes undone.

use super::{read_file, RawMessage, Read};
use crate::error::{Error, Result};
use std::path::Path;

/// Reads every message of an mbox file.
pub fn read(path: &Path) -> Result<Vec<Read>> {
    let data = read_file(path)?;
    split(&data, &path.display().to_string())
        .map(|msgs| msgs.into_iter().map(Ok).collect())
        .ok_or_else(|| {
            Error::invalid(
                format!(
                    "'{}' is not an mbox file (it does not start with a 'From ' line)",
                    path.display()
                ),
                "a single message is imported with: aftercare import eml FILE",
            )
        })
}

/// Splits mbox data into messages; None when the data does not start with `From `.
/// A separator is a `From ` line at the start or after an empty line (so a body line
/// that happens to start with "From " mid-paragraph stays in its message).
pub fn split(data: &[u8], name: &str) -> Option<Vec<RawMessage>> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let first = data.iter().position(|b| !matches!(b, b'\r' | b'\n'))?;
    // Line numbers count from 1, including blank lines skipped before the first message.
    let mut line_no = data[..first].iter().filter(|b| **b == b'\n').count();
    let data = &data[first..];
    if !data.starts_with(b"From ") {
        return None;
    }
    let mut out = Vec::new();
    let mut cur: Option<(usize, Vec<u8>)> = None;
    let mut prev_blank = true;
    for line in data.split_inclusive(|b| *b == b'\n') {
        line_no += 1;
        let bare = trim_eol(line);
        if bare.starts_with(b"From ") && prev_blank {
            if let Some((at, bytes)) = cur.take() {
                out.push(finish(name, at, bytes));
            }
            cur = Some((line_no, Vec::new()));
            prev_blank = false;
            continue;
        }
        prev_blank = bare.is_empty();
        if let Some((_, bytes)) = cur.as_mut() {
            // mboxrd: ">From ", ">>From " … lose one '>'.
            let gt = line.iter().take_while(|b| **b == b'>').count();
            if gt > 0 && line[gt..].starts_with(b"From ") {
                bytes.extend_from_slice(&line[1..]);
            } else {
                bytes.extend_from_slice(line);
            }
        }
    }
    if let Some((at, bytes)) = cur.take() {
        out.push(finish(name, at, bytes));
    }
    Some(out)
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let l = line.strip_suffix(b"\n").unwrap_or(line);
    l.strip_suffix(b"\r").unwrap_or(l)
}

/// The message without the blank line that precedes the next separator.
fn finish(name: &str, line: usize, mut bytes: Vec<u8>) -> RawMessage {
    for suffix in [&b"\r\n"[..], b"\n"] {
        if bytes.ends_with(suffix) && bytes[..bytes.len() - suffix.len()].ends_with(suffix) {
            bytes.truncate(bytes.len() - suffix.len());
            break;
        }
    }
    RawMessage {
        origin: format!("{name}:{line}"),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_and_unescapes() {
        let data = b"From a@b Mon Mar  2 10:00:00 2026\nFrom: a@b\nSubject: one\n\nline\n>From here\n>>From there\nFrom inside a paragraph stays\n\nFrom c@d Mon Mar  2 11:00:00 2026\nFrom: c@d\n\ntwo\n";
        let m = split(data, "x.mbox").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].origin, "x.mbox:1");
        assert_eq!(
            String::from_utf8_lossy(&m[0].bytes),
            "From: a@b\nSubject: one\n\nline\nFrom here\n>From there\nFrom inside a paragraph stays\n"
        );
        assert_eq!(m[1].origin, "x.mbox:10");
        assert_eq!(String::from_utf8_lossy(&m[1].bytes), "From: c@d\n\ntwo\n");
    }

    #[test]
    fn crlf_and_not_an_mbox() {
        let m = split(
            b"From x\r\nFrom: a@b\r\n\r\nhi\r\n\r\nFrom y\r\nFrom: c@d\r\n\r\nyo\r\n",
            "m",
        )
        .unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].bytes, b"From: a@b\r\n\r\nhi\r\n");
        assert!(split(b"Subject: x\n\nbody", "m").is_none());
        assert!(split(b"", "m").is_none());
    }
}
