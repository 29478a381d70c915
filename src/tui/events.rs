//! Terminal events → console messages.

use crate::app::keys::{Key, KeyCode};
use crate::app::msg::{Mouse, Msg};
use crossterm::event::{
    Event, KeyCode as CKey, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

/// The message for a terminal event, if it means anything to the console.
pub fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(k).map(Msg::Key),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Mouse(Mouse::Click {
                column: m.column,
                row: m.row,
            })),
            MouseEventKind::ScrollDown => Some(Msg::Mouse(Mouse::ScrollDown)),
            MouseEventKind::ScrollUp => Some(Msg::Mouse(Mouse::ScrollUp)),
            _ => None,
        },
        _ => None,
    }
}

/// A crossterm key as a console key.
pub fn key(k: KeyEvent) -> Option<Key> {
    let code = match k.code {
        CKey::Char(c) => KeyCode::Char(c),
        CKey::Enter => KeyCode::Enter,
        CKey::Esc => KeyCode::Esc,
        CKey::Tab => KeyCode::Tab,
        CKey::BackTab => KeyCode::BackTab,
        CKey::Backspace => KeyCode::Backspace,
        CKey::Delete => KeyCode::Delete,
        CKey::Insert => KeyCode::Insert,
        CKey::Up => KeyCode::Up,
        CKey::Down => KeyCode::Down,
        CKey::Left => KeyCode::Left,
        CKey::Right => KeyCode::Right,
        CKey::Home => KeyCode::Home,
        CKey::End => KeyCode::End,
        CKey::PageUp => KeyCode::PageUp,
        CKey::PageDown => KeyCode::PageDown,
        CKey::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(
        Key {
            code,
            ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
            alt: k.modifiers.contains(KeyModifiers::ALT),
            shift: k.modifiers.contains(KeyModifiers::SHIFT),
        }
        .normalized(),
    )
}
