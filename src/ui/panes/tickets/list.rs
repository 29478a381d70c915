//! The Tickets pane: a virtual table that draws only the visible rows of the window.

use crate::app::State;
use crate::ops::TicketView;
use crate::store::tickets::SortKey;
use crate::ui::i18n::{strings, Strings};
use crate::ui::labels::{priority_label, sla_cell, stage_label, type_label};
use crate::ui::text::{fit, fit_right};
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Sla,
    Priority,
    Type,
    Stage,
    Customer,
    Assignee,
    Title,
}

/// Which columns fit in `width`, with their widths. The id and the SLA countdown are
/// always whole (`id_w`, `sla_w` columns: the widest in the window); the title gives
/// way first, then customer, stage and agent down to a few columns; on wide
/// terminals the text columns widen.
fn columns(width: u16, id_w: usize, sla_w: usize) -> Vec<(Col, usize)> {
    let width = width as usize;
    let wide = width >= 110;
    let roomy = width >= 140;
    let pick = |narrow: usize, w: usize, r: usize| {
        if roomy {
            r
        } else if wide {
            w
        } else {
            narrow
        }
    };
    let mut cols = vec![(Col::Id, id_w), (Col::Sla, sla_w), (Col::Priority, 6)];
    if wide {
        cols.push((Col::Type, pick(12, 12, 14)));
    }
    cols.push((Col::Stage, pick(10, 12, 14)));
    cols.push((Col::Customer, pick(10, 14, 20)));
    cols.push((Col::Assignee, pick(6, 8, 10)));
    // Two columns for the cursor and the selection mark, one space after each column.
    let used = |cols: &[(Col, usize)]| 2 + cols.iter().map(|(_, w)| w + 1).sum::<usize>();
    const MIN_TITLE: usize = 8;
    // Narrow the text columns (customer first) until the title has its minimum.
    for (col, min) in [(Col::Customer, 6), (Col::Stage, 6), (Col::Assignee, 4)] {
        let over = (used(&cols) + 1 + MIN_TITLE).saturating_sub(width);
        if over == 0 {
            break;
        }
        if let Some((_, w)) = cols.iter_mut().find(|(c, _)| *c == col) {
            *w -= over.min(w.saturating_sub(min));
        }
    }
    let title = width.saturating_sub(used(&cols) + 1).max(1);
    cols.push((Col::Title, title));
    cols
}

/// The widths the id and SLA columns need for `rows` (at least their headings).
fn fixed_widths(s: &State, rows: &[TicketView], t: &Strings) -> (usize, usize) {
    use crate::domain::text::width;
    // The heading carries the sort arrow.
    let mut id_w = width(t.col_id) + 1;
    let mut sla_w = width(t.col_sla) + 1;
    for v in rows {
        // One more than the digits, so the selection mark never touches the id.
        id_w = id_w.max(digits(v.ticket.id) + 1);
        sla_w = sla_w.max(width(&sla_cell(v, s)));
    }
    (id_w, sla_w)
}

fn digits(id: i64) -> usize {
    id.to_string().len()
}

fn sort_col(k: SortKey) -> Option<Col> {
    Some(match k {
        SortKey::Id | SortKey::Created => Col::Id,
        SortKey::Due => Col::Sla,
        SortKey::Priority => Col::Priority,
        SortKey::Type => Col::Type,
        SortKey::Stage => Col::Stage,
        SortKey::Customer => Col::Customer,
        SortKey::Assignee => Col::Assignee,
        SortKey::Title => Col::Title,
        SortKey::Channel | SortKey::Updated => return None,
    })
}

fn title(c: Col, t: &Strings) -> &'static str {
    match c {
        Col::Id => t.col_id,
        Col::Sla => t.col_sla,
        Col::Priority => t.col_priority,
        Col::Type => t.col_type,
        Col::Stage => t.col_stage,
        Col::Customer => t.col_customer,
        Col::Assignee => t.col_assignee,
        Col::Title => t.col_title,
    }
}

/// Draws the list into `area` (header row, then rows).
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let list = &s.tickets.list;
    let height = area.height.saturating_sub(1) as usize;
    let end = (list.offset + height).min(list.rows.len());
    let (id_w, sla_w) = fixed_widths(s, &list.rows[list.offset.min(end)..end], t);
    let cols = columns(area.width, id_w, sla_w);
    let arrow = if list.descending { "▼" } else { "▲" };
    let sorted = sort_col(list.sort);
    let mut header = vec![Span::styled("  ", th.header)];
    for (c, w) in &cols {
        let mut name = title(*c, t).to_string();
        if Some(*c) == sorted {
            name.push_str(arrow);
        }
        let cell = if *c == Col::Id {
            fit_right(&name, *w)
        } else {
            fit(&name, *w)
        };
        header.push(Span::styled(cell + " ", th.header));
    }
    let mut lines = vec![Line::from(header)];
    for i in list.offset..end {
        let v = &list.rows[i];
        let id = v.ticket.id;
        let mark = if list.marked.contains_key(&id) {
            Mark::Marked
        } else if list.unread.contains(&id) {
            Mark::Unread
        } else {
            Mark::None
        };
        lines.push(row(s, v, &cols, i == list.selected, mark, th));
    }
    if list.rows.is_empty() {
        let msg = if list.loading || s.starting {
            t.loading.to_string()
        } else if asks_for_me(list) && s.agents_loaded && !s.is_agent() {
            // Empty for a reason the user can fix: say it.
            crate::ui::i18n::fill(t.me_not_agent, &[("name", &s.actor)])
        } else {
            t.no_tickets.to_string()
        };
        lines.push(Line::styled(format!("  {msg}"), th.dim));
    }
    f.render_widget(Paragraph::new(lines), area);
    if list.fresh > 0 {
        fresh_line(s, f, area, th);
    }
}

/// "N new — press . to show" at the right of the header row, as mail clients do
/// when mail arrives above where the reader is.
fn fresh_line(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let list = &s.tickets.list;
    let key = s
        .keymap
        .keys_for(
            &[
                crate::app::keys::Context::Tickets,
                crate::app::keys::Context::Global,
            ],
            "show-new",
        )
        .into_iter()
        .next()
        .unwrap_or_else(|| ":show-new".to_string());
    let n = if list.fresh_more {
        format!("{}+", list.fresh)
    } else {
        list.fresh.to_string()
    };
    let text = crate::ui::i18n::fill(t.fresh, &[("n", &n), ("key", &key)]);
    let w = (crate::domain::text::width(&text) as u16).min(area.width);
    let at = Rect {
        x: area.x + area.width - w,
        y: area.y,
        width: w,
        height: 1,
    };
    f.render_widget(Paragraph::new(Line::styled(text, th.accent)), at);
}

/// Whether the filter asks for the user's own tickets (`assignee:me`).
fn asks_for_me(list: &crate::app::panes::tickets::TicketList) -> bool {
    use crate::domain::filter::{Term, Who};
    list.filter
        .clauses
        .iter()
        .any(|c| !c.negated && c.term == Term::Assignee(Who::Me))
}

/// The second cell of a row: marked for a bulk change, or unread customer activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    Marked,
    /// `N`, as mail readers mark new mail; the title is bold too.
    Unread,
}

fn row(
    s: &State,
    v: &TicketView,
    cols: &[(Col, usize)],
    selected: bool,
    mark: Mark,
    th: &Theme,
) -> Line<'static> {
    let t = &v.ticket;
    let base = if selected { th.selected } else { th.base };
    let over = |st: Style| if selected { th.selected.patch(st) } else { st };
    // The cursor and mark are characters too, so they show without colour.
    let (mark_text, mark_style) = match mark {
        Mark::None => (" ", base),
        Mark::Marked => ("*", over(th.marked)),
        Mark::Unread => ("N", over(th.accent)),
    };
    let mut spans = vec![
        Span::styled(if selected { ">" } else { " " }, base),
        Span::styled(mark_text, mark_style),
    ];
    let title_style = if mark == Mark::Unread {
        base.add_modifier(ratatui::style::Modifier::BOLD)
    } else {
        base
    };
    let nobody = strings(s.lang).nobody;
    for (c, w) in cols {
        let (text, style) = match c {
            Col::Id => (fit_right(&t.id.to_string(), *w), base),
            Col::Sla => (fit_right(&sla_cell(v, s), *w), over(th.sla(v.sla))),
            Col::Priority => {
                let st = match t.priority {
                    crate::domain::ticket::Priority::Urgent => over(th.bad),
                    crate::domain::ticket::Priority::High => over(th.warn),
                    _ => base,
                };
                (fit(priority_label(t.priority, s.lang), *w), st)
            }
            Col::Type => (fit(type_label(&s.workflow, &t.ty, s.lang), *w), base),
            Col::Stage => (
                fit(stage_label(&s.workflow, &t.ty, &t.stage, s.lang), *w),
                base,
            ),
            Col::Customer => (fit(t.customer.as_deref().unwrap_or(nobody), *w), base),
            Col::Assignee => (fit(t.assignee.as_deref().unwrap_or(nobody), *w), base),
            Col::Title => (fit(&t.title, *w), title_style),
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::styled(" ", base));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_exactly() {
        for w in [80u16, 100, 120, 160, 200] {
            let cols = columns(w, 7, 8);
            let total: usize = 2 + cols.iter().map(|(_, w)| w + 1).sum::<usize>();
            assert_eq!(total, w as usize, "{w}");
        }
        assert!(!columns(80, 7, 8).iter().any(|(c, _)| *c == Col::Type));
        assert!(columns(120, 7, 8).iter().any(|(c, _)| *c == Col::Type));
    }

    #[test]
    fn ids_and_sla_keep_their_width_and_text_columns_widen() {
        let width_of =
            |cols: &[(Col, usize)], c: Col| cols.iter().find(|(x, _)| *x == c).map(|(_, w)| *w);
        let narrow = columns(80, 7, 9);
        assert_eq!(width_of(&narrow, Col::Id), Some(7));
        assert_eq!(width_of(&narrow, Col::Sla), Some(9));
        assert!(width_of(&narrow, Col::Title) >= Some(8));
        let wide = columns(200, 7, 9);
        assert!(width_of(&wide, Col::Customer) > width_of(&narrow, Col::Customer));
        assert!(width_of(&wide, Col::Stage) > width_of(&narrow, Col::Stage));
    }
}
