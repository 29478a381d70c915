//! The console without a terminal: the same state, effects and drawing on a
//! ratatui `TestBackend`, for benchmarks and tests.

use super::background::Background;
use crate::app::msg::{Effect, Msg};
use crate::app::{handle, start, State};
use crate::ops::Desk;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::collections::VecDeque;

/// A console driven by messages, drawing into memory.
pub struct Headless {
    pub desk: Desk,
    pub state: State,
    pub term: Terminal<TestBackend>,
    /// Inline unless made `with_worker`.
    pub background: Background,
    /// The mail sender/fetcher: none unless started with `start_mail`.
    pub mail: super::mail::ConsoleMail,
}

impl Headless {
    /// A console on `desk` with a `width`×`height` screen; nothing is loaded yet.
    pub fn new(desk: Desk, width: u16, height: u16) -> Headless {
        let state = super::initial_state(&desk, (width, height));
        let term = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
        Headless {
            desk,
            state,
            term,
            background: Background::inline(),
            mail: super::mail::ConsoleMail::none(),
        }
    }

    /// Starts the mail sender/fetcher of the desk's `[mail]`, as the terminal does.
    pub fn start_mail(&mut self) {
        self.mail = super::mail::ConsoleMail::start(&self.desk);
    }

    /// Waits (up to `timeout`) for the mail worker to report, and handles what it
    /// says; returns how many reports came.
    pub fn settle_mail(&mut self, timeout: std::time::Duration) -> usize {
        let msgs = self.mail.wait(timeout);
        let n = msgs.len();
        for m in msgs {
            self.send(m);
        }
        n
    }

    /// A console whose background work (counts, status, demo load) runs on a
    /// worker thread, as in the terminal; `settle` waits for it.
    pub fn with_worker(desk: Desk, width: u16, height: u16) -> Headless {
        let mut h = Headless::new(desk, width, height);
        h.background = Background::start(&h.desk);
        h
    }

    /// Waits (up to `timeout`) until the worker has finished, handling its results
    /// and running what they lead to, as the event loop does between frames.
    pub fn settle(&mut self, timeout: std::time::Duration) {
        loop {
            let msgs = self.background.settle(timeout);
            if msgs.is_empty() {
                return;
            }
            for m in msgs {
                let fx = handle(&mut self.state, m);
                self.run(fx);
            }
        }
    }

    /// Runs the start-up effects to completion.
    pub fn start(&mut self) {
        let fx = start(&mut self.state);
        self.run(fx);
    }

    /// Starts as the terminal does: the first frame, then the start-up until the
    /// first page of rows is drawn (`boot.rs`); returns the effects left for after it
    /// (`run` them to finish the start-up).
    pub fn first_page(&mut self) -> Vec<Effect> {
        self.draw();
        let term = &mut self.term;
        let later = super::boot::first_page(&mut self.desk, &mut self.state, &mut |s| {
            term.draw(|f| crate::ui::render(s, f))
                .expect("drawing into memory cannot fail");
            Ok(())
        })
        .expect("the start-up draws into memory");
        later.into()
    }

    /// Handles one message and runs every effect that follows from it
    /// (`$EDITOR` is skipped: there is no terminal to lend it).
    pub fn send(&mut self, msg: Msg) {
        let fx = handle(&mut self.state, msg);
        self.run(fx);
    }

    /// Applies a command and runs the effects that follow.
    pub fn command(&mut self, cmd: crate::app::Command) {
        let fx = crate::app::update(&mut self.state, cmd);
        self.run(fx);
    }

    /// Runs effects, and every effect their results lead to, to completion.
    pub fn run(&mut self, fx: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = fx.into();
        while let Some(e) = queue.pop_front() {
            if matches!(e, Effect::Editor { .. } | Effect::Quit | Effect::Suspend) {
                continue;
            }
            let kind = e.clone();
            for m in self.background.run(&mut self.desk, e) {
                queue.extend(handle(&mut self.state, m));
            }
            self.mail.after(&kind);
        }
    }

    /// Draws one frame.
    pub fn draw(&mut self) {
        let state = &self.state;
        self.term
            .draw(|f| crate::ui::render(state, f))
            .expect("drawing into memory cannot fail");
    }

    /// The screen as text, one line per row (wide characters take their two cells).
    pub fn screen(&self) -> String {
        buffer_text(self.term.backend().buffer())
    }
}

/// A buffer as plain text: each row's symbols, skipping the cells a wide character covers.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    let w = buf.area.width as usize;
    for row in buf.content.chunks(w.max(1)) {
        let mut skip = 0usize;
        let mut line = String::new();
        for c in row {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            let cw = unicode_width::UnicodeWidthStr::width(c.symbol()).max(1);
            skip = skip.max(cw).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
