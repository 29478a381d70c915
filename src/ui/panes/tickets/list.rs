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

/// Which columns fit in `width`, with their widths; the title takes the rest.
fn columns(width: u16) -> Vec<(Col, usize)> {
    let wide = width >= 110;
    let mut cols = vec![
        (Col::Id, if wide { 7 } else { 6 }),
        (Col::Sla, 7),
        (Col::Priority, 6),
    ];
    if wide {
        cols.push((Col::Type, 12));
    }
    cols.push((Col::Stage, if wide { 12 } else { 10 }));
    cols.push((Col::Customer, if wide { 14 } else { 10 }));
    cols.push((Col::Assignee, if wide { 8 } else { 6 }));
    // Two columns for the cursor and the selection mark, one space after each column.
    let used: usize = 2 + cols.iter().map(|(_, w)| w + 1).sum::<usize>();
    cols.push((Col::Title, (width as usize).saturating_sub(used + 1).max(4)));
    cols
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
    let cols = columns(area.width);
    let list = &s.tickets.list;
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
    let height = area.height.saturating_sub(1) as usize;
    let end = (list.offset + height).min(list.rows.len());
    for i in list.offset..end {
        let v = &list.rows[i];
        let marked = list.marked.contains_key(&v.ticket.id);
        lines.push(row(s, v, &cols, i == list.selected, marked, th));
    }
    if list.rows.is_empty() {
        let msg = if list.loading || s.starting {
            t.loading
        } else {
            t.no_tickets
        };
        lines.push(Line::styled(format!("  {msg}"), th.dim));
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn row(
    s: &State,
    v: &TicketView,
    cols: &[(Col, usize)],
    selected: bool,
    marked: bool,
    th: &Theme,
) -> Line<'static> {
    let t = &v.ticket;
    let base = if selected { th.selected } else { th.base };
    let over = |st: Style| if selected { th.selected.patch(st) } else { st };
    // The cursor and mark are characters too, so they show without colour.
    let mut spans = vec![
        Span::styled(if selected { ">" } else { " " }, base),
        Span::styled(
            if marked { "*" } else { " " },
            if marked { over(th.marked) } else { base },
        ),
    ];
    let nobody = strings(s.lang).nobody;
    for (c, w) in cols {
        let (text, style) = match c {
            Col::Id => (fit_right(&t.id.to_string(), *w), base),
            Col::Sla => (fit_right(&sla_cell(v, s.now), *w), over(th.sla(v.sla))),
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
            Col::Title => (fit(&t.title, *w), base),
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
        for w in [80u16, 100, 120, 200] {
            let cols = columns(w);
            let total: usize = 2 + cols.iter().map(|(_, w)| w + 1).sum::<usize>();
            assert_eq!(total, w as usize, "{w}");
        }
        assert!(!columns(80).iter().any(|(c, _)| *c == Col::Type));
        assert!(columns(120).iter().any(|(c, _)| *c == Col::Type));
    }
}
