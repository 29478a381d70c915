//! The terminal: raw mode, alternate screen, mouse and paste, and putting it all
//! back on quit, on error and on panic.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::Once;

/// The terminal type the console draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the console runs; dropping it restores the terminal.
pub struct Guard {
    pub term: Term,
}

static HOOK: Once = Once::new();

/// Puts the terminal into full-screen mode and installs the panic hook.
pub fn enter() -> io::Result<Guard> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first, so the panic message lands on a usable screen.
            restore();
            previous(info);
        }));
    });
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e);
    }
    match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(term) => {
            let mut guard = Guard { term };
            let _ = guard.term.hide_cursor();
            let _ = guard.redraw_all();
            Ok(guard)
        }
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Leaves full-screen mode; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
}

impl Guard {
    /// Runs `f` with the terminal handed back to the shell (for $EDITOR), then
    /// takes it again and forces a full redraw.
    pub fn suspended<T>(&mut self, f: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        // The editor shares our process group: its `C-z` must stop us too, as a
        // job, and its SIGINT is its own business.
        super::signals::uninstall();
        let out = f();
        super::signals::install();
        self.retake()?;
        Ok(out)
    }

    /// Gives the terminal back and stops like any job on `C-z`; `fg` continues
    /// here, and the console takes the terminal again and redraws all of it.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        super::signals::stop_until_continued();
        self.retake()
    }

    /// Takes the terminal (again): raw mode, alternate screen, mouse, paste, and a
    /// full redraw on the next frame.
    pub fn retake(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        self.redraw_all()?;
        let _ = self.term.hide_cursor();
        Ok(())
    }

    /// Blanks the screen and makes the next frame draw every cell. (Not ratatui's
    /// `clear`: that asks the terminal where its cursor is, and a terminal that does
    /// not answer — or not within two seconds — would fail or stall it.)
    pub fn redraw_all(&mut self) -> io::Result<()> {
        execute!(io::stdout(), Clear(ClearType::All))?;
        // Both buffers blank: the next draw sends everything that is not blank.
        self.term.swap_buffers();
        self.term.swap_buffers();
        Ok(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
