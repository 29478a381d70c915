//! The Risks (5×5 heatmap plus register), Issues and Docs tabs of the Projects pane.

use crate::app::State;
use crate::domain::project::{risk_heatmap, RiskLevel};
use crate::domain::text::width;
use crate::ui::i18n::projects::{doc_kind, projects_strings, word};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Width of the heatmap block: row label and five 4-column cells.
const HEAT_W: u16 = 24;

/// A table: header and rows of (text, style) cells, in fixed widths with one flexible
/// column taking what is left.
fn table(
    area_w: usize,
    cols: &[(&str, usize)],
    flex: usize,
    rows: Vec<Vec<(String, Style)>>,
    offset: usize,
    height: usize,
    th: &Theme,
) -> Vec<Line<'static>> {
    let fixed: usize = cols
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != flex)
        .map(|(_, (_, w))| w + 1)
        .sum();
    let flex_w = area_w.saturating_sub(fixed + 1).max(4);
    let w = |i: usize| if i == flex { flex_w } else { cols[i].1 };
    let mut header = vec![Span::raw(" ")];
    for (i, (name, _)) in cols.iter().enumerate() {
        header.push(Span::styled(fit(name, w(i)), th.header));
        header.push(Span::raw(" "));
    }
    let mut out = vec![Line::from(header)];
    let offset = offset.min(rows.len().saturating_sub(1));
    for r in rows.into_iter().skip(offset).take(height.saturating_sub(1)) {
        let mut spans = vec![Span::raw(" ")];
        for (i, (text, style)) in r.into_iter().enumerate() {
            spans.push(Span::styled(fit(&text, w(i)), style));
            spans.push(Span::raw(" "));
        }
        out.push(Line::from(spans));
    }
    out
}

fn level_style(l: RiskLevel, th: &Theme) -> Style {
    match l {
        RiskLevel::Low => th.ok,
        RiskLevel::Medium => th.accent,
        RiskLevel::High => th.warn,
        RiskLevel::Critical => th.bad,
    }
}

/// The risk heatmap (probability down, impact across) and the risk register.
pub fn risks(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = projects_strings(s.lang);
    let Some(plan) = s.projects.plan() else {
        return;
    };
    let raw: Vec<_> = plan.risks.iter().map(|r| r.risk.clone()).collect();
    let heat = risk_heatmap(&raw);
    let mut lines = vec![Line::styled(fit(t.heat_title, HEAT_W as usize), th.dim)];
    for p in (1..=5).rev() {
        let mut spans = vec![Span::styled(format!("{}{p} ", t.probability), th.dim)];
        // Probability labels may be one or two columns wide.
        let pad = 4usize.saturating_sub(width(t.probability) + 2);
        spans.push(Span::raw(" ".repeat(pad)));
        for i in 1..=5 {
            let n = heat[p as usize - 1][i as usize - 1];
            let text = if n == 0 {
                "  · ".to_string()
            } else {
                format!("{n:>3} ")
            };
            let st = level_style(RiskLevel::of(p, i), th);
            let st = if n > 0 {
                st.add_modifier(Modifier::REVERSED)
            } else {
                st
            };
            spans.push(Span::styled(text, st));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled("      1   2   3   4   5", th.dim));
    lines.push(Line::styled(format!("    {}", t.impact), th.dim));
    let heat_w = HEAT_W.min(area.width);
    f.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, heat_w, area.height),
    );
    // A rule between the two, and each register row names its own cell (P×I), so a
    // risk is not read as being in the heatmap row it happens to share a line with.
    if area.width > heat_w {
        let rule: Vec<Line> = (0..area.height)
            .map(|_| Line::styled("│", th.border))
            .collect();
        f.render_widget(
            Paragraph::new(rule),
            Rect::new(area.x + heat_w, area.y, 1, area.height),
        );
    }
    let list = Rect::new(
        area.x + heat_w + 1,
        area.y,
        area.width.saturating_sub(heat_w + 1),
        area.height,
    );
    if plan.risks.is_empty() {
        f.render_widget(Paragraph::new(Line::styled(t.no_risks, th.dim)), list);
        return;
    }
    let wide = list.width >= 70;
    let rows = plan
        .risks
        .iter()
        .map(|r| {
            // Closed risks are listed but not counted in the heatmap: dimmed.
            let st = if r.is_live() {
                level_style(r.level, th)
            } else {
                th.dim
            };
            let cell = format!(
                "{}×{}={:>2}",
                r.risk.probability.clamp(1, 5),
                r.risk.impact.clamp(1, 5),
                r.score()
            );
            let mut row = vec![
                (cell, st),
                (r.risk.title.clone(), th.base),
                (r.owner.clone().unwrap_or_else(|| "—".into()), th.base),
                (
                    word(r.risk.status.as_str(), s.lang),
                    if r.is_live() { th.base } else { th.dim },
                ),
            ];
            row.push((r.risk.response.clone(), th.dim));
            row
        })
        .collect();
    let cols = [
        (t.col_score, 6),
        (t.col_risk, if wide { 28 } else { 14 }),
        (t.col_owner, 8),
        (t.col_status, 8),
        (t.col_response, 0),
    ];
    let lines = table(
        list.width as usize,
        &cols,
        4,
        rows,
        s.projects.offset,
        list.height as usize,
        th,
    );
    f.render_widget(Paragraph::new(lines), list);
}

/// The issue log: open first, most severe first.
pub fn issues(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = projects_strings(s.lang);
    let Some(plan) = s.projects.plan() else {
        return;
    };
    if plan.issues.is_empty() {
        f.render_widget(Paragraph::new(Line::styled(t.no_issues, th.dim)), area);
        return;
    }
    let rows = plan
        .issues
        .iter()
        .map(|i| {
            let sev = match i.severity.as_str() {
                "critical" => th.bad,
                "high" => th.warn,
                _ => th.base,
            };
            let open = if i.is_open() { th.base } else { th.dim };
            vec![
                (format!("#{}", i.id), th.dim),
                (word(&i.severity, s.lang), sev),
                (i.title.clone(), open),
                (i.owner.clone().unwrap_or_else(|| "—".into()), open),
                (word(i.status.as_str(), s.lang), open),
                (crate::ui::text::day(i.due_on, ""), open),
            ]
        })
        .collect();
    let cols = [
        ("#", 4),
        (t.col_severity, 6),
        (t.col_issue, 0),
        (t.col_owner, 8),
        (t.col_status, 8),
        (t.col_due, 10),
    ];
    let lines = table(
        area.width as usize,
        &cols,
        2,
        rows,
        s.projects.offset,
        area.height as usize,
        th,
    );
    f.render_widget(Paragraph::new(lines), area);
}

/// The documents kept with the project: kind, title, path or URL.
pub fn docs(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let t = projects_strings(s.lang);
    let Some(plan) = s.projects.plan() else {
        return;
    };
    if plan.documents.is_empty() {
        f.render_widget(Paragraph::new(Line::styled(t.no_docs, th.dim)), area);
        return;
    }
    let title_w = (area.width as usize / 3).clamp(10, 36);
    let rows = plan
        .documents
        .iter()
        .map(|d| {
            vec![
                (doc_kind(&d.kind, s.lang), th.accent),
                (d.title.clone(), th.base),
                (d.location.clone(), th.dim),
            ]
        })
        .collect();
    let cols = [
        (t.col_kind, 12),
        (t.col_title, title_w),
        (t.col_location, 0),
    ];
    let lines = table(
        area.width as usize,
        &cols,
        2,
        rows,
        s.projects.offset,
        area.height as usize,
        th,
    );
    f.render_widget(Paragraph::new(lines), area);
}
