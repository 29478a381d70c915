//! The Projects pane: projects with health, progress, forecast and due date on top, the
//! selected project's plan below in tabs (Gantt, risks, issues, documents). Before the
//! plan is loaded it shows the plain list and the project's outline.

use crate::app::chrome::cursor::follow;
use crate::app::msg::PlanTab;
use crate::app::panes::projects::list_h;
use crate::app::State;
use crate::domain::records::Project;
use crate::domain::schedule::Health;
use crate::domain::text::{one_line, width};
use crate::ui::i18n::projects::{health as health_label, projects_strings};
use crate::ui::i18n::{status_label, strings};
use crate::ui::text::{clean_lines, fit, fit_right};
use crate::ui::theme::Theme;
use crate::ui::widgets::{list_lines, split, today};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Draws the project list and the selected project.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    if s.projects.planned() {
        return plan_pane(s, f, area, th);
    }
    let t = strings(s.lang);
    let (left, right) = split(area);
    let wide = left.width >= 70;
    // Narrow screens leave owner and customer to the detail on the right.
    let mut cols: Vec<(&str, usize)> = vec![(t.col_status, 9), (t.col_due, 10)];
    if wide {
        cols.push((t.col_owner, 8));
        cols.push((t.col_customer, 14));
    }
    let fixed: usize = cols.iter().map(|(_, w)| w + 1).sum::<usize>() + 1;
    let name_w = (left.width as usize).saturating_sub(fixed + 1).max(6);
    let nobody = t.nobody;
    let today = today(s);
    let row = |p: &Project| -> Vec<(String, ratatui::style::Style)> {
        let late = p.due_on.is_some_and(|d| d.to_string() < today)
            && !matches!(p.status.as_str(), "accepted" | "closed");
        let mut cells = vec![
            (fit(&p.name, name_w), th.base),
            (fit(&status_label(p.status.as_str(), s.lang), 9), th.base),
            (
                fit(&crate::ui::text::day(p.due_on, nobody), 10),
                if late { th.bad } else { th.base },
            ),
        ];
        if wide {
            cells.push((fit(p.owner.as_deref().unwrap_or(nobody), 8), th.base));
            cells.push((fit(p.customer.as_deref().unwrap_or(nobody), 14), th.base));
        }
        cells
    };
    let mut header = vec![(fit(t.col_project, name_w), th.header)];
    header.extend(cols.iter().map(|(n, w)| (fit(n, *w), th.header)));
    let lines = list_lines(
        &s.projects.rows,
        s.projects.cursor,
        header,
        left.height,
        th,
        t.empty_list,
        row,
    );
    f.render_widget(Paragraph::new(lines), left);
    detail(s, f, right, th);
}

fn detail(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(th.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let current = s.projects.selected().map(|p| p.id);
    let Some(d) = s
        .projects
        .outline
        .as_ref()
        .filter(|d| Some(d.project.id) == current)
    else {
        return;
    };
    let p = &d.project;
    let nobody = t.nobody;
    let mut lines = vec![
        Line::styled(one_line(&p.name), th.header),
        Line::from(vec![
            Span::styled(format!("{}: ", t.col_customer), th.dim),
            Span::raw(one_line(p.customer.as_deref().unwrap_or(nobody))),
        ]),
        Line::from(vec![
            Span::styled(format!("{}: ", t.col_owner), th.dim),
            Span::raw(one_line(p.owner.as_deref().unwrap_or(nobody))),
            Span::styled(format!("  {}: ", t.col_due), th.dim),
            Span::raw(one_line(&crate::ui::text::day(p.due_on, nobody))),
        ]),
        Line::styled(format!("{}:", t.project_goal), th.dim),
    ];
    lines.extend(clean_lines(&p.goal).into_iter().map(Line::raw));
    let done = d
        .tasks
        .iter()
        .filter(|x| x.status.as_str() == "done")
        .count();
    let pct = if d.tasks.is_empty() {
        0
    } else {
        d.tasks.iter().map(|x| x.percent_done).sum::<i64>() / d.tasks.len() as i64
    };
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{} ({})", t.project_milestones, d.milestones.len()),
        th.header,
    ));
    for m in &d.milestones {
        let mark = if m.done_at.is_some() { "✓" } else { "·" };
        lines.push(Line::raw(one_line(&format!(
            "{mark} {} {}",
            crate::ui::text::day(m.due_on, ""),
            m.name
        ))));
    }
    lines.push(Line::styled(
        format!("{} {done}/{} · {pct}%", t.project_tasks, d.tasks.len()),
        th.header,
    ));
    for x in d
        .tasks
        .iter()
        .filter(|x| x.status.as_str() != "done")
        .take(6)
    {
        lines.push(Line::raw(one_line(&format!(
            "{:>3}% {} {}",
            x.percent_done,
            status_label(x.status.as_str(), s.lang),
            x.name
        ))));
    }
    lines.push(Line::styled(
        format!("{} ({})", t.project_risks, d.risks.len()),
        th.header,
    ));
    for r in &d.risks {
        let score = r.probability * r.impact;
        let style = if score >= 15 {
            th.bad
        } else if score >= 8 {
            th.warn
        } else {
            th.base
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{score:>2} "), style),
            Span::raw(one_line(&r.title)),
        ]));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The list with health on top, the tab bar, then the open tab.
fn plan_pane(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let pt = projects_strings(s.lang);
    let v = &s.projects;
    // The list gets a third of the height at most, at least a header and two rows.
    let list_h = list_h(s.projects.rows.len(), area.height);
    let list = Rect::new(area.x, area.y, area.width, list_h);
    let wide = area.width >= 110;
    let mut cols: Vec<(&str, usize)> = vec![
        (pt.col_health, 8),
        (pt.col_done, 4),
        (pt.col_forecast, 10),
        (t.col_due, 10),
    ];
    if wide {
        cols.push((t.col_status, 9));
        cols.push((t.col_owner, 8));
        cols.push((t.col_customer, 16));
    }
    let fixed: usize = cols.iter().map(|(_, w)| w + 1).sum::<usize>() + 1;
    let name_w = (area.width as usize).saturating_sub(fixed + 1).max(6);
    let nobody = t.nobody;
    let row = |p: &Project| -> Vec<(String, ratatui::style::Style)> {
        let sum = v.summary(p.id);
        let (health, hs) = match sum.map(|x| x.health) {
            Some(h @ Health::OnTrack) => (health_label(h, s.lang), th.ok),
            Some(h @ Health::AtRisk) => (health_label(h, s.lang), th.warn),
            Some(h @ Health::Late) => (health_label(h, s.lang), th.bad),
            None => ("", th.dim),
        };
        let late = sum.is_some_and(|x| x.slippage > 0);
        let mut cells = vec![
            (fit(&p.name, name_w), th.base),
            (fit(health, 8), hs),
            (
                fit_right(
                    &sum.map(|x| format!("{}%", x.percent_done))
                        .unwrap_or_default(),
                    4,
                ),
                th.base,
            ),
            (
                fit(
                    &sum.and_then(|x| x.forecast_end)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    10,
                ),
                if late { th.bad } else { th.base },
            ),
            (fit(&crate::ui::text::day(p.due_on, nobody), 10), th.base),
        ];
        if wide {
            cells.push((fit(&status_label(p.status.as_str(), s.lang), 9), th.base));
            cells.push((fit(p.owner.as_deref().unwrap_or(nobody), 8), th.base));
            cells.push((fit(p.customer.as_deref().unwrap_or(nobody), 16), th.base));
        }
        cells
    };
    let mut header = vec![(fit(t.col_project, name_w), th.header)];
    header.extend(cols.iter().map(|(n, w)| (fit(n, *w), th.header)));
    // Keep the selected project in view inside the short list.
    let mut cursor = s.projects.cursor;
    cursor.offset = follow(cursor.selected, cursor.offset, list_h as usize - 1);
    let list_style = if v.focus { th.dim } else { th.base };
    let lines = list_lines(
        &s.projects.rows,
        cursor,
        header,
        list_h,
        th,
        t.empty_list,
        row,
    );
    f.render_widget(Paragraph::new(lines).style(list_style), list);
    if area.height <= list_h + 2 {
        return;
    }
    let bar = Rect::new(area.x, area.y + list_h, area.width, 1);
    tab_bar(s, f, bar, th);
    let body = Rect::new(
        area.x,
        area.y + list_h + 1,
        area.width,
        area.height - list_h - 1,
    );
    match v.tab {
        PlanTab::Gantt => super::gantt::render(s, f, body, th),
        PlanTab::Risks => super::tabs::risks(s, f, body, th),
        PlanTab::Issues => super::tabs::issues(s, f, body, th),
        PlanTab::Docs => super::tabs::docs(s, f, body, th),
        PlanTab::Progress => super::progress::render(s, f, body, th),
    }
}

/// The plan's tabs with counts, and the key hint on the right.
fn tab_bar(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let pt = projects_strings(s.lang);
    let v = &s.projects;
    let counts = v.plan().map(|p| {
        [
            p.tasks.len().to_string(),
            p.risks.iter().filter(|r| r.is_live()).count().to_string(),
            p.issues.iter().filter(|i| i.is_open()).count().to_string(),
            p.documents.len().to_string(),
            // How much is done, as the curve says.
            v.plan
                .as_ref()
                .map(|l| format!("{:.0}%", l.curve.actual_now))
                .unwrap_or_default(),
        ]
    });
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, tab) in PlanTab::ALL.iter().enumerate() {
        let label = match &counts {
            Some(c) => format!(" {} {} ", pt.tabs[i], &c[i]),
            None => format!(" {} ", pt.tabs[i]),
        };
        used += width(&label) + 1;
        let style = if *tab == v.tab { th.tab_active } else { th.tab };
        spans.push(Span::styled(label, style));
        spans.push(Span::styled("│", th.border));
    }
    let hint = if v.focus { pt.hint_plan } else { pt.hint_list };
    let room = (area.width as usize).saturating_sub(used + 1);
    if room >= 10 {
        spans.push(Span::styled(fit_right(hint, room), th.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
