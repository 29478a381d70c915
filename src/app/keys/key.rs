//! Keys as the console sees them, independent of the terminal library: parsing
//! (`ctrl-s`, `C-s`, `g g`, `space`, `S-tab`) and display.

use std::fmt;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character; its case carries Shift.
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// One key press: a code plus Ctrl / Alt (Shift only for non-character keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A printable character with no modifiers.
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A normalised key: Shift is folded into characters and `S-tab` into BackTab,
    /// so `G`, `shift-g` and a terminal's (Char('G'), SHIFT) all compare equal.
    pub fn normalized(mut self) -> Key {
        match self.code {
            KeyCode::Char(c) if self.shift => {
                self.code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                self.shift = false;
            }
            KeyCode::Char(_) => self.shift = false,
            KeyCode::Tab if self.shift => {
                self.code = KeyCode::BackTab;
                self.shift = false;
            }
            KeyCode::BackTab => self.shift = false,
            _ => {}
        }
        self
    }

    /// The character this key types into a text field, if it is one.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Parses one key: `a`, `G`, `?`, `space`, `enter`, `C-s`, `ctrl-s`, `alt-x`, `S-tab`, `f5`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let s = s.trim();
        let s = s
            .strip_prefix('<')
            .and_then(|x| x.strip_suffix('>'))
            .unwrap_or(s);
        if s.is_empty() {
            return Err("an empty key".into());
        }
        let mut key = Key::plain(KeyCode::Char(' '));
        let mut rest = s;
        // Modifiers are `X-` or `word-` prefixes; a lone `-` is the minus key.
        while let Some((head, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            match head.to_ascii_lowercase().as_str() {
                "c" | "ctrl" | "control" => key.ctrl = true,
                "a" | "alt" | "m" | "meta" => key.alt = true,
                "s" | "shift" => key.shift = true,
                _ => return Err(format!("unknown modifier '{head}' in '{s}'")),
            }
            rest = tail;
        }
        key.code = parse_code(rest).ok_or_else(|| format!("unknown key '{rest}'"))?;
        Ok(key.normalized())
    }

    /// Parses a space-separated key sequence such as `g g`.
    pub fn parse_seq(s: &str) -> Result<Vec<Key>, String> {
        let keys: Vec<Key> = s
            .split_whitespace()
            .map(Key::parse)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err("an empty key".into());
        }
        Ok(keys)
    }
}

fn parse_code(s: &str) -> Option<KeyCode> {
    let mut chars = s.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = s.to_ascii_lowercase();
    Some(match lower.as_str() {
        "space" | "spc" => KeyCode::Char(' '),
        "enter" | "ret" | "return" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "minus" => KeyCode::Char('-'),
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        f if f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=24) => KeyCode::F(n),
            _ => return None,
        },
        _ => return None,
    })
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        if self.shift {
            f.write_str("S-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("S-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

/// A key sequence written the way the config file writes it: `g g`.
pub fn seq_to_string(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_named_and_modified_keys() {
        assert_eq!(Key::parse("j").unwrap(), Key::ch('j'));
        assert_eq!(Key::parse("G").unwrap(), Key::ch('G'));
        assert_eq!(Key::parse("shift-g").unwrap(), Key::ch('G'));
        assert_eq!(Key::parse("space").unwrap(), Key::ch(' '));
        assert_eq!(Key::parse("-").unwrap(), Key::ch('-'));
        assert_eq!(Key::parse("enter").unwrap(), Key::plain(KeyCode::Enter));
        let cs = Key::parse("C-s").unwrap();
        assert!(cs.ctrl && cs.code == KeyCode::Char('s'));
        assert_eq!(Key::parse("ctrl-s").unwrap(), cs);
        assert_eq!(Key::parse("<C-s>").unwrap(), cs);
        assert_eq!(Key::parse("S-tab").unwrap(), Key::plain(KeyCode::BackTab));
        assert_eq!(Key::parse("f5").unwrap(), Key::plain(KeyCode::F(5)));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("bogus").is_err());
        assert!(Key::parse("f99").is_err());
    }

    #[test]
    fn sequences_and_display_round_trip() {
        let seq = Key::parse_seq("g  g").unwrap();
        assert_eq!(seq, vec![Key::ch('g'), Key::ch('g')]);
        assert_eq!(seq_to_string(&seq), "g g");
        for s in ["C-s", "A-x", "space", "S-tab", "pgdn", "F2", "?"] {
            let k = Key::parse(s).unwrap();
            assert_eq!(Key::parse(&k.to_string()).unwrap(), k, "{s}");
        }
        assert!(Key::parse_seq("  ").is_err());
    }

    #[test]
    fn typed_chars_exclude_control_combinations() {
        assert_eq!(Key::ch('李').typed_char(), Some('李'));
        assert_eq!(Key::parse("C-a").unwrap().typed_char(), None);
    }
}
