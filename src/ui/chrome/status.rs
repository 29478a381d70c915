//! The status bar: mode, filter, position, SLA counts, database sharing; or the
//! prompt line while a prompt is open.

use crate::app::chrome::{Overlay, Prompt, PromptKind};
use crate::app::keys::seq_to_string;
use crate::app::msg::Job;
use crate::app::{Pane, State};
use crate::domain::text::width;
use crate::ui::i18n::team::{team_strings, work};
use crate::ui::i18n::{fill, strings};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The mode name shown at the left.
pub fn mode(s: &State) -> &'static str {
    let t = strings(s.lang);
    match &s.overlay {
        Overlay::Help { .. } => t.mode_help,
        Overlay::Palette(_) => t.mode_palette,
        Overlay::Prompt(p) if p.kind == PromptKind::Filter => t.mode_filter,
        Overlay::Prompt(_) => t.mode_comment,
        Overlay::Picker(_) => t.mode_pick,
        Overlay::Form(_) => t.mode_form,
        Overlay::Conflict(_) => t.mode_conflict,
        Overlay::Confirm(_) => t.mode_confirm,
        Overlay::Panel { .. } => t.mode_detail,
        Overlay::None if s.place() == crate::app::Place::Detail => t.mode_detail,
        Overlay::None => t.mode_normal,
    }
}

/// Draws the bar (or the prompt) into the last screen row.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    if let Overlay::Prompt(p) = &s.overlay {
        prompt(s, p, f, area, th);
        return;
    }
    let t = strings(s.lang);
    let list = &s.tickets.list;
    let mut left = vec![Span::styled(format!(" {} ", mode(s)), th.tab_active)];
    if !s.pending.is_empty() {
        left.push(Span::styled(
            format!(" {} ", seq_to_string(&s.pending)),
            th.accent,
        ));
    }
    if s.pane == Pane::Tickets {
        let filter = if list.filter_text.is_empty() {
            t.all_tickets.to_string()
        } else {
            list.filter_text.clone()
        };
        left.push(Span::styled(
            format!(" {} ", fit(&filter, 30).trim_end()),
            th.status,
        ));
        let total = list
            .total
            .map(|n| n.to_string())
            .unwrap_or_else(|| "…".into());
        let pos = if list.rows.is_empty() {
            0
        } else {
            list.position()
        };
        left.push(Span::styled(
            fill(t.position, &[("pos", &pos.to_string()), ("total", &total)]) + " ",
            th.status,
        ));
        if !list.marked.is_empty() {
            left.push(Span::styled(
                fill(t.marked, &[("n", &list.marked.len().to_string())]) + " ",
                th.marked,
            ));
        }
    }
    if let Some(span) = timer_span(s, th) {
        left.push(span);
    }
    let st = &s.status;
    let mut right = Vec::new();
    if let Some(text) = working(s) {
        right.push(Span::styled(format!("{text} "), th.accent));
    }
    if st.near > 0 {
        right.push(Span::styled(
            fill(t.near_sla, &[("n", &st.near.to_string())]),
            th.warn,
        ));
        right.push(Span::styled(" ", th.status));
    }
    if st.breached > 0 {
        right.push(Span::styled(
            fill(t.breached, &[("n", &st.breached.to_string())]),
            th.bad,
        ));
        right.push(Span::styled(" ", th.status));
    }
    let journal = if st.journal_mode.is_empty() {
        String::new()
    } else {
        let tpl = if st.server {
            t.journal_server
        } else if st.shared {
            t.journal_shared
        } else {
            t.journal_local
        };
        fill(tpl, &[("mode", &st.journal_mode.to_uppercase())])
    };
    let mut db = journal;
    if st.read_only {
        db.push_str(" · ");
        db.push_str(t.read_only);
    }
    if !st.others.is_empty() {
        db.push_str(" · ");
        let names = crate::domain::text::one_line(&st.others.join(", "));
        db.push_str(&fill(t.others, &[("names", &names)]));
    }
    right.push(Span::styled(format!("{db} "), th.status));
    let used = |v: &Vec<Span>| v.iter().map(|s| width(&s.content)).sum::<usize>();
    let w = area.width as usize;
    // The right side gives way first: a narrow screen keeps mode, filter and position.
    while used(&left) + used(&right) > w && !right.is_empty() {
        right.remove(right.len() - 1);
    }
    let gap = w.saturating_sub(used(&left) + used(&right));
    let mut spans = left;
    spans.push(Span::styled(" ".repeat(gap), th.status));
    spans.extend(right);
    f.render_widget(Paragraph::new(Line::from(spans)).style(th.status), area);
}

fn prompt(s: &State, p: &Prompt, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let label = match &p.kind {
        PromptKind::Filter => t.prompt_filter.to_string(),
        PromptKind::Comment { id, internal, .. } => {
            let tpl = if *internal {
                t.prompt_note
            } else {
                t.prompt_reply
            };
            fill(tpl, &[("id", &id.to_string())])
        }
    };
    let label = format!(" {label}: ");
    let shown = p.input.text.replace('\n', "⏎").replace('\t', " ");
    let shown = crate::domain::text::one_line(&shown);
    let avail = (area.width as usize).saturating_sub(width(&label) + 1);
    let cursor = p.input.cursor_column();
    // Keep the cursor in view on long text by showing the tail.
    let (text, cursor) = if cursor > avail {
        let skip = cursor - avail;
        let mut cut = 0;
        let mut tail = String::new();
        for c in shown.chars() {
            if cut < skip {
                cut += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                continue;
            }
            tail.push(c);
        }
        (tail, avail)
    } else {
        (shown, cursor)
    };
    let mut spans = vec![
        Span::styled(label.clone(), th.tab_active),
        Span::styled(text, th.base),
    ];
    if let Some(e) = &p.error {
        let msg = crate::ui::i18n::filter_error(&e.problem, s.lang);
        spans.push(Span::styled(format!("  ⚠ {}: {msg}", e.column), th.error));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    let x = area.x + (width(&label) + cursor).min(area.width as usize - 1) as u16;
    f.set_cursor_position(Position::new(x, area.y));
}

/// Background work shorter than this shows no spinner (it would only flicker).
const SPIN_AFTER_MS: u64 = 150;
/// Spinner frames, one per `SPIN_FRAME_MS`.
const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPIN_FRAME_MS: u64 = 100;

/// The spinner and what runs in the background, once it has run a moment; index
/// upkeep is the console's own business and shows nothing.
pub fn working(s: &State) -> Option<String> {
    let w = s.working?;
    let t = strings(s.lang);
    let text = match w.job {
        Job::IndexUpkeep => return None,
        _ if w.elapsed_ms < SPIN_AFTER_MS && w.job != Job::Demo => return None,
        Job::Status => t.working_status.to_string(),
        Job::Count => t.working_count.to_string(),
        Job::Dashboard => crate::ui::i18n::dashboard::dash_strings(s.lang)
            .loading
            .to_string(),
        Job::Mail => t.working_mail.to_string(),
        Job::Demo => fill(t.working_demo, &[("pct", &percent(w))])
            .trim_end()
            .to_string(),
        Job::ReportData => fill(t.working_report, &[("pct", &percent(w))])
            .trim_end()
            .to_string(),
    };
    let frame = SPINNER[(w.elapsed_ms / SPIN_FRAME_MS) as usize % SPINNER.len()];
    Some(format!("{frame} {text}"))
}

/// How far a job with a known total got, `42%` (empty while unknown).
fn percent(w: crate::app::msg::Working) -> String {
    (w.done * 100)
        .checked_div(w.total)
        .map(|p| format!("{}%", p.min(100)))
        .unwrap_or_default()
}

/// The running timer for the status bar, if any.
fn timer_span(s: &State, th: &Theme) -> Option<Span<'static>> {
    let timer = s.team.timer.as_ref()?;
    let mins = (s.now - timer.started_at).max(0) / 60;
    let time = format!("{}:{:02}", mins / 60, mins % 60);
    let text = fill(
        team_strings(s.lang).timer,
        &[("work", &work(timer.work, s.lang)), ("time", &time)],
    );
    Some(Span::styled(format!(" {text} "), th.accent))
}
