//! Team-pane and assignment behaviour: loading the workload when the pane shows,
//! the ranked assign picker, assigning to the best agent, and the timer commands.
//! No I/O: everything goes out as effects.

use super::command::Command;
use super::effect::Effect;
use super::note::Note;
use super::overlay::{Overlay, PickItem, PickKind};
use super::state::{Lang, State};
use super::team_state::WEEKS;
use crate::domain::team::DayStatus;
use crate::domain::timelog::{Timer, WorkRef};
use crate::ops::{Ranking, TeamWorkload};

/// Applies a team command: `assign-auto`, `timer-start`, `timer-stop`.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::AssignAuto => {
            let targets: Vec<(i64, Option<i64>)> = s
                .targets()
                .iter()
                .map(|t| (t.id, Some(t.version)))
                .collect();
            if targets.is_empty() {
                s.toast(Note::NoTicket);
                return Vec::new();
            }
            vec![Effect::AutoAssign { targets }]
        }
        Command::TimerStart => match s.current_ticket() {
            Some(t) => vec![Effect::TimerStart { id: t.id }],
            None => {
                s.toast(Note::NoTicket);
                Vec::new()
            }
        },
        Command::TimerStop => vec![Effect::TimerStop],
        _ => Vec::new(),
    }
}

/// Effects for showing the Team pane: the agents the first time, the workload always
/// (a lead switching to the pane wants today's picture).
pub fn on_show(s: &State) -> Vec<Effect> {
    let mut fx = Vec::new();
    if !s.team.loaded {
        fx.push(Effect::LoadAgents);
    }
    fx.push(Effect::LoadWorkload { weeks: WEEKS });
    fx
}

/// Effects for a refresh: the workload again once it has been shown.
pub fn on_refresh(s: &State) -> Vec<Effect> {
    if s.team_view.workload.is_some() {
        vec![Effect::LoadWorkload { weeks: WEEKS }]
    } else {
        Vec::new()
    }
}

/// After the assign picker opened: asks for the ranking of its single ticket and,
/// when one for that ticket is at hand already, shows it at once.
pub fn rank_for_picker(s: &mut State) -> Vec<Effect> {
    let targets = s.targets();
    if !matches!(&s.overlay, Overlay::Picker(p) if p.kind == PickKind::Assign) || targets.len() != 1
    {
        return Vec::new();
    }
    let id = targets[0].id;
    if let Some(r) = s.team_view.ranking.clone().filter(|r| r.ticket_id == id) {
        apply_ranking(s, &r);
    }
    vec![Effect::LoadRanking { id }]
}

/// Stores a ranking and reorders the open assign picker of its ticket.
pub fn on_ranking(s: &mut State, r: Ranking) {
    apply_ranking(s, &r);
    s.team_view.ranking = Some(r);
}

fn apply_ranking(s: &mut State, r: &Ranking) {
    let single = s.targets();
    if single.len() != 1 || single[0].id != r.ticket_id {
        return;
    }
    let items = ranked_items(s, r);
    if let Overlay::Picker(p) = &mut s.overlay {
        if p.kind != PickKind::Assign {
            return;
        }
        p.items = items;
        // Best first: the highlight goes to the top, unless the user is narrowing.
        if p.query.text.is_empty() {
            p.matches = (0..p.items.len()).collect();
            p.selected = 0;
        } else {
            p.refilter();
        }
    }
}

/// The assign picker's rows: ranked agents (score, load, why), then active agents
/// the ranking left out (outside the ticket's group).
pub fn ranked_items(s: &State, r: &Ranking) -> Vec<PickItem> {
    let zh = s.lang == Lang::Zh;
    let mut items: Vec<PickItem> = r
        .ranked
        .iter()
        .map(|x| {
            let load = x
                .load_share
                .map(|v| format!("{:.0}%", v * 100.0))
                .unwrap_or_else(|| "–".into());
            let mut why: Vec<String> = Vec::new();
            if !x.matched.is_empty() {
                let names: Vec<String> = x.matched.iter().map(|m| m.name.clone()).collect();
                why.push(format!(
                    "{}{}",
                    if zh { "技能 " } else { "skill " },
                    names.join(",")
                ));
            }
            match x.today {
                DayStatus::Working => {}
                DayStatus::OutOfOffice => {
                    why.push(if zh { "休假中" } else { "out of office" }.into())
                }
                DayStatus::DayOff | DayStatus::Holiday => {
                    why.push(if zh { "今天不上班" } else { "off today" }.into())
                }
                DayStatus::Inactive => why.push(if zh { "已停用" } else { "inactive" }.into()),
            }
            if x.load_share.is_some_and(|v| v > 1.0) {
                why.push(if zh { "超负荷" } else { "over capacity" }.into());
            }
            if x.in_group {
                if let Some(g) = &r.group {
                    why.push(format!("{}{g}", if zh { "组 " } else { "group " }));
                }
            }
            if why.is_empty() {
                why.push(
                    if zh {
                        "无匹配技能"
                    } else {
                        "no skill match"
                    }
                    .into(),
                );
            }
            PickItem {
                value: x.name.clone(),
                label: x.name.clone(),
                hint: format!(
                    "{:>4} {:>5} {}",
                    (x.score * 100.0).round() as i64,
                    load,
                    why.join(" · ")
                ),
            }
        })
        .collect();
    for a in s.agents.iter().filter(|a| a.active) {
        if !r.ranked.iter().any(|x| x.agent_id == a.id) {
            items.push(PickItem {
                value: a.name.clone(),
                label: a.name.clone(),
                hint: format!(
                    "{:>4} {:>5} {}",
                    "",
                    "",
                    if zh {
                        "不在该组"
                    } else {
                        "not in the group"
                    }
                ),
            });
        }
    }
    items
}

/// Stores a loaded workload.
pub fn on_workload(s: &mut State, w: TeamWorkload) {
    s.team_view.workload = Some(w);
}

/// Stores the running timer and tells the user what changed.
pub fn on_timer(s: &mut State, timer: Option<Timer>, note: Option<Note>) {
    s.team_view.timer = timer;
    if let Some(n) = note {
        s.toast(n);
    }
}

/// `#12` for a ticket, `task #3` for a task.
pub fn work_label(w: WorkRef) -> String {
    match w {
        WorkRef::Ticket(id) => format!("#{id}"),
        WorkRef::Task(id) => format!("task #{id}"),
    }
}
