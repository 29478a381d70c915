//! Where a configuration problem is: a file's text and the error at a byte offset
//! of it, as file:line:column.

/// A configuration problem at a place in a file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A config file's name and text, to turn byte offsets into line:column.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// An error at byte offset `at`.
    pub fn error(
        &self,
        at: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> ConfigError {
        let at = at.min(self.text.len());
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = self.text[line_start..at].chars().count() + 1;
        ConfigError {
            file: self.name.clone(),
            line,
            column,
            message: message.into(),
            hint,
        }
    }
}
