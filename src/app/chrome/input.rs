//! A one-line text field with a cursor, edited by commands (never by raw keys).

use crate::app::command::Command;
use crate::domain::text::width;

/// Text and a cursor position (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Cursor as a character index, 0..=chars.
    pub cursor: usize,
}

impl LineInput {
    /// A field holding `text`, cursor at the end.
    pub fn with(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Types one character at the cursor.
    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Replaces the whole text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        *self = LineInput::with(text);
    }

    /// Applies an editing command; returns false if it is not one.
    pub fn edit(&mut self, cmd: &Command) -> bool {
        let len = self.len();
        match cmd {
            Command::DeleteBack => {
                if self.cursor > 0 {
                    let at = self.byte_at(self.cursor - 1);
                    self.text.remove(at);
                    self.cursor -= 1;
                }
            }
            Command::DeleteForward => {
                if self.cursor < len {
                    let at = self.byte_at(self.cursor);
                    self.text.remove(at);
                }
            }
            Command::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Command::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Command::LineStart => self.cursor = 0,
            Command::LineEnd => self.cursor = len,
            Command::ClearLine => *self = LineInput::default(),
            Command::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor.min(chars.len());
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
            }
            _ => return false,
        }
        true
    }

    /// Display columns before the cursor (newlines count as one column, drawn as ⏎).
    pub fn cursor_column(&self) -> usize {
        let before: String = self.text.chars().take(self.cursor).collect();
        width(&before.replace(['\n', '\t'], " "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_mixed_width_text() {
        let mut i = LineInput::default();
        for c in "退款 ok".chars() {
            i.insert(c);
        }
        assert_eq!(i.text, "退款 ok");
        assert_eq!(i.cursor_column(), 7);
        i.edit(&Command::CursorLeft);
        i.edit(&Command::CursorLeft);
        i.edit(&Command::CursorLeft);
        i.edit(&Command::DeleteBack);
        assert_eq!(i.text, "退 ok");
        assert_eq!(i.cursor_column(), 2);
        i.edit(&Command::LineEnd);
        i.edit(&Command::DeleteWord);
        assert_eq!(i.text, "退 ");
        i.edit(&Command::LineStart);
        i.edit(&Command::DeleteForward);
        assert_eq!(i.text, " ");
        assert!(!i.edit(&Command::Quit));
    }
}
