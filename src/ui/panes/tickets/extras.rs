//! The detail's extras: the SLA breakdown, warranty, tags, relations, satisfaction
//! and the complaint timeline.

use crate::app::panes::tickets::Detail;
use crate::app::State;
use crate::domain::sla_engine::{Clock, Phase};
use crate::domain::text::one_line;
use crate::domain::time::{business_countdown, countdown};
use crate::domain::warranty::Warranty;
use crate::ui::i18n::fill;
use crate::ui::i18n::tickets::{tickets_strings, TicketsStrings};
use crate::ui::text::{clean_lines, time};
use crate::ui::theme::Theme;
use ratatui::text::{Line, Span};

/// The warranty cell of the detail header (empty until loaded).
pub fn warranty_spans(s: &State, d: &Detail, th: &Theme) -> Vec<Span<'static>> {
    let t = tickets_strings(s.lang);
    let Some(w) = d.info.as_ref().and_then(|i| i.warranty) else {
        return Vec::new();
    };
    let style = match w {
        Warranty::InWarranty => th.ok,
        Warranty::Expired => th.bad,
        Warranty::Unknown => th.dim,
    };
    vec![
        Span::raw("  "),
        Span::styled(format!("{}: ", t.warranty), th.dim),
        Span::styled(t.warranty_label(w).to_string(), style),
    ]
}

/// A field name, dimmed, with its colon.
pub fn label(text: &str, th: &Theme) -> Span<'static> {
    Span::styled(format!("{text}: "), th.dim)
}

fn clock_line(s: &State, t: &TicketsStrings, name: &str, c: &Clock, th: &Theme) -> Line<'static> {
    let text = match (c.phase, c.met, c.due) {
        (Phase::Stopped, Some(false), _) => fill(t.missed, &[("at", &at(s, c.stopped_at))]),
        (Phase::Stopped, _, _) => fill(t.met, &[("at", &at(s, c.stopped_at))]),
        (_, _, Some(due)) => fill(
            t.due,
            &[
                ("at", &time(s, due)),
                ("left", &business_countdown(c.left_secs())),
            ],
        ),
        (_, _, None) => format!("{} ({})", t.paused, business_countdown(c.left_secs())),
    };
    let state = if c.phase == Phase::Stopped && c.met == Some(true) {
        String::new()
    } else {
        format!("  [{}]", t.state(c.state))
    };
    Line::from(vec![
        label(name, th),
        Span::styled(text, th.sla(c.state)),
        Span::styled(state, th.sla(c.state)),
    ])
}

/// A stage's label in any flow (a related ticket's type is not known here).
fn any_stage_label(s: &State, id: &str) -> String {
    crate::domain::sla_engine::stage_def(&s.workflow, "", id)
        .map(|st| st.label(s.lang.code()).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn at(s: &State, secs: Option<i64>) -> String {
    secs.map(|x| time(s, x)).unwrap_or_default()
}

/// The extras' lines of the detail: SLA, tags, relations, satisfaction, timeline.
pub fn detail_lines(s: &State, d: &Detail, th: &Theme) -> Vec<Line<'static>> {
    let t = tickets_strings(s.lang);
    let Some(info) = &d.info else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(sla) = &info.sla {
        lines.push(Line::from(vec![
            Span::styled(format!("── {}: ", t.sla), th.header),
            Span::styled(t.state(sla.state).to_string(), th.sla(sla.state)),
        ]));
        if let Some(c) = &sla.first_response {
            lines.push(clock_line(s, t, t.first_response, c, th));
        }
        if let Some(c) = &sla.resolution {
            lines.push(clock_line(s, t, t.resolution, c, th));
        }
        if let Some(st) = &sla.stage {
            let stage = crate::ui::labels::stage_label(
                &s.workflow,
                d.view.as_ref().map(|v| v.ticket.ty.as_str()).unwrap_or(""),
                &st.stage,
                s.lang,
            );
            let left = business_countdown(st.limit_secs - st.used_secs);
            lines.push(Line::from(vec![
                label(&fill(t.stage_limit, &[("stage", &one_line(stage))]), th),
                Span::styled(
                    fill(t.due, &[("at", &time(s, st.due)), ("left", &left)]),
                    th.sla(st.state),
                ),
                Span::styled(format!("  [{}]", t.state(st.state)), th.sla(st.state)),
            ]));
        }
        let paused: i64 = sla.pauses.iter().map(|p| p.wall_secs).sum();
        if paused > 0 || sla.paused_since.is_some() {
            let mut text = countdown(paused);
            if let Some(since) = sla.paused_since {
                text.push_str(" · ");
                text.push_str(&fill(t.paused_since, &[("at", &time(s, since))]));
            }
            lines.push(Line::from(vec![label(t.paused, th), Span::raw(text)]));
        }
        if !sla.reason.is_empty() {
            let ty = d.view.as_ref().map(|v| v.ticket.ty.as_str()).unwrap_or("");
            let stage =
                |id: &str| crate::ui::labels::stage_label(&s.workflow, ty, id, s.lang).to_string();
            let reason =
                crate::ui::i18n::sla::sla_reason(&sla.reason, s.lang, &stage, &|x| time(s, x));
            lines.push(Line::from(vec![
                label(t.reason, th),
                Span::raw(one_line(&reason)),
            ]));
        }
    }
    let tags = if info.tags.is_empty() {
        t.none.to_string()
    } else {
        info.tags
            .iter()
            .map(|x| format!("#{}", one_line(x)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut tag_line = vec![label(t.tags, th), Span::styled(tags, th.accent)];
    if let Some(c) = &info.csat {
        let n = c.score.min(5) as usize;
        tag_line.push(Span::raw("  "));
        tag_line.push(label(t.csat, th));
        tag_line.push(Span::styled(
            format!("{}{} {}", "★".repeat(n), "☆".repeat(5 - n), c.score),
            th.warn,
        ));
    }
    lines.push(Line::from(tag_line));
    let r = &info.relations;
    let linked = r
        .parent
        .iter()
        .map(|l| (t.parent, l))
        .chain(r.duplicate_of.iter().map(|l| (t.duplicate_of, l)))
        .chain(r.children.iter().map(|l| (t.child, l)))
        .chain(r.related.iter().map(|l| (t.related, l)))
        .chain(r.duplicates.iter().map(|l| (t.duplicate, l)));
    for (kind, l) in linked {
        lines.push(Line::from(vec![
            label(t.relations, th),
            Span::styled(format!("{kind} #{} ", l.id), th.accent),
            Span::raw(one_line(&l.title)),
            Span::styled(
                format!(" [{}]", one_line(&any_stage_label(s, &l.stage))),
                th.dim,
            ),
        ]));
    }
    lines
}

/// The customer-facing timeline of a complaint, shown after the body.
pub fn timeline_lines(s: &State, d: &Detail, th: &Theme) -> Vec<Line<'static>> {
    let t = tickets_strings(s.lang);
    let mut lines = Vec::new();
    let Some(info) = d.info.as_ref() else {
        return lines;
    };
    let ty = d.view.as_ref().map(|v| v.ticket.ty.as_str()).unwrap_or("");
    if !info.progress.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("── {} ({}) ", t.progress, info.progress.len()),
            th.header,
        ));
        for p in &info.progress {
            let kind = if p.kind == "update" {
                t.progress_update
            } else {
                t.progress_reply
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{} · ", time(s, p.at)), th.dim),
                Span::styled(
                    one_line(crate::ui::labels::stage_label(
                        &s.workflow,
                        ty,
                        &p.stage,
                        s.lang,
                    )),
                    th.accent,
                ),
                Span::styled(format!(" · {kind} · {}", one_line(&p.author)), th.dim),
            ]));
            for l in clean_lines(&p.text) {
                lines.push(Line::raw(format!("  {l}")));
            }
        }
    }
    lines
}
