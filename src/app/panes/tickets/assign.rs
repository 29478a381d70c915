//! The ranked assign picker: agents by score with their load and the reasons, then
//! the active agents the ranking left out.

use crate::app::command::Choice;
use crate::app::ctx::{Ctx, Lang};
use crate::domain::team::DayStatus;
use crate::ops::Ranking;

/// The assign picker's rows for ranking `r`.
pub fn ranked_items(ctx: &Ctx, r: &Ranking) -> Vec<Choice> {
    let zh = ctx.lang == Lang::Zh;
    let mut items: Vec<Choice> = r
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
            Choice {
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
    for a in ctx.agents.iter().filter(|a| a.active) {
        if !r.ranked.iter().any(|x| x.agent_id == a.id) {
            items.push(Choice {
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
