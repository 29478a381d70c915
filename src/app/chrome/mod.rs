//! Shared chrome: the dialogs over every pane (prompt, picker, palette, form,
//! conflict, help, panels), toasts, text fields, list cursors and fuzzy ranking.
//! Panes ask for a dialog through their `Outcome`; what a dialog decides comes back
//! as a command or an effect. No pane logic here.

pub mod cursor;
pub mod dialog;
pub mod form;
pub mod form_edit;
pub mod fuzzy;
pub mod input;
pub mod overlay;
pub mod palette;
pub mod picker;
pub mod toast;

pub use cursor::Cursor;
pub use form::{Form, FormField};
pub use input::LineInput;
pub use overlay::{Confirm, ConfirmKind, Conflict, Overlay, Palette, Prompt, PromptKind};
pub use picker::Picker;
pub use toast::Toast;
