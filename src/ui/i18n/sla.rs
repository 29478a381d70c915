//! The SLA engine's reasons in the console's language: each structured part in its
//! own words (the engine says nothing in English for the console to show).

use crate::app::Lang;
use crate::domain::sla_engine::{business_span, ClockKind, ReasonPart, SlaReason};
use crate::domain::time::countdown;

fn clock(k: ClockKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (ClockKind::FirstResponse, Lang::En) => "first response",
        (ClockKind::Resolution, Lang::En) => "resolution",
        (ClockKind::FirstResponse, Lang::Zh) => "首次响应",
        (ClockKind::Resolution, Lang::Zh) => "解决",
    }
}

/// One part: `stage` names a stage id in this language, `time` shows an instant.
fn part(
    p: &ReasonPart,
    lang: Lang,
    stage: &dyn Fn(&str) -> String,
    time: &dyn Fn(i64) -> String,
) -> String {
    let span = business_span;
    match (lang, p) {
        (
            Lang::Zh,
            ReasonPart::Overdue {
                clock: k,
                by_secs,
                target_secs,
            },
        ) => {
            format!(
                "{}已超时 {}，目标 {}",
                clock(*k, lang),
                span(*by_secs),
                span(*target_secs)
            )
        }
        (
            Lang::Zh,
            ReasonPart::DueIn {
                clock: k,
                in_secs,
                target_secs,
            },
        ) => {
            format!(
                "{}还剩 {}，目标 {}",
                clock(*k, lang),
                span(*in_secs),
                span(*target_secs)
            )
        }
        (
            Lang::Zh,
            ReasonPart::PausedLeft {
                clock: k,
                left_secs,
                target_secs,
            },
        ) => format!(
            "{}已暂停，剩余 {}，目标 {}",
            clock(*k, lang),
            span(*left_secs),
            span(*target_secs)
        ),
        (
            Lang::Zh,
            ReasonPart::StageExceeded {
                stage: st,
                limit_secs,
                by_secs,
            },
        ) => format!(
            "阶段「{}」时限 {}，已超出 {}",
            stage(st),
            span(*limit_secs),
            span(*by_secs)
        ),
        (
            Lang::Zh,
            ReasonPart::StageLeft {
                stage: st,
                limit_secs,
                left_secs,
            },
        ) => format!(
            "阶段「{}」时限 {}，剩余 {}",
            stage(st),
            span(*limit_secs),
            span(*left_secs)
        ),
        (Lang::Zh, ReasonPart::Met { clock: k }) => format!("{}已达标", clock(*k, lang)),
        (Lang::Zh, ReasonPart::Missed { clock: k, by_secs }) => {
            format!("{}超时 {}（工作时间）", clock(*k, lang), span(*by_secs))
        }
        (
            Lang::Zh,
            ReasonPart::Paused {
                stage: st,
                wall_secs,
                since,
            },
        ) => {
            let mut s = format!("在「{}」暂停 {}", stage(st), countdown(*wall_secs));
            if let Some(at) = since {
                s.push_str(&format!("（自 {} 起）", time(*at)));
            }
            s
        }
        (Lang::Zh, ReasonPart::NoTarget) => "无服务级别目标".to_string(),
        (
            Lang::En,
            ReasonPart::StageExceeded {
                stage: st,
                limit_secs,
                by_secs,
            },
        ) => format!(
            "stage '{}' limit {} exceeded by {}",
            stage(st),
            span(*limit_secs),
            span(*by_secs)
        ),
        (
            Lang::En,
            ReasonPart::StageLeft {
                stage: st,
                limit_secs,
                left_secs,
            },
        ) => format!(
            "stage '{}' limit {}, {} left",
            stage(st),
            span(*limit_secs),
            span(*left_secs)
        ),
        (
            Lang::En,
            ReasonPart::Paused {
                stage: st,
                wall_secs,
                since,
            },
        ) => {
            let mut s = format!("paused {} in {}", countdown(*wall_secs), stage(st));
            if let Some(at) = since {
                s.push_str(&format!(" (since {})", time(*at)));
            }
            s
        }
        (Lang::En, other) => other.to_string(),
    }
}

/// A whole reason in `lang`: parts joined, the first live count labelled as counted
/// in business hours.
pub fn sla_reason(
    r: &SlaReason,
    lang: Lang,
    stage: &dyn Fn(&str) -> String,
    time: &dyn Fn(i64) -> String,
) -> String {
    let (sep, label) = match lang {
        Lang::En => ("; ", " (business hours)"),
        Lang::Zh => ("；", "（工作时间）"),
    };
    let mut out = String::new();
    for (i, p) in r.parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&part(p, lang, stage, time));
        if i == 0 && r.live_first {
            out.push_str(label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason() -> SlaReason {
        SlaReason {
            parts: vec![
                ReasonPart::Overdue {
                    clock: ClockKind::FirstResponse,
                    by_secs: 300,
                    target_secs: 4 * 3600,
                },
                ReasonPart::StageLeft {
                    stage: "accepted".into(),
                    limit_secs: 8 * 3600,
                    left_secs: 3600 + 1800,
                },
                ReasonPart::Paused {
                    stage: "waiting_customer".into(),
                    wall_secs: 2 * 86_400,
                    since: Some(0),
                },
            ],
            live_first: true,
        }
    }

    fn label(id: &str) -> String {
        match id {
            "accepted" => "已受理".into(),
            "waiting_customer" => "等待客户".into(),
            other => other.into(),
        }
    }

    #[test]
    fn chinese_reasons_are_chinese_throughout() {
        let text = sla_reason(&reason(), Lang::Zh, &label, &|_| "03-09 10:00".into());
        assert_eq!(
            text,
            "首次响应已超时 5m，目标 4h（工作时间）；阶段「已受理」时限 8h，剩余 1h30m；在「等待客户」暂停 2d0h（自 03-09 10:00 起）"
        );
        for english in [
            "overdue",
            "stage",
            "paused",
            "business",
            "first response",
            "waiting_customer",
        ] {
            assert!(!text.contains(english), "{english} in {text}");
        }
    }

    #[test]
    fn english_reasons_name_stages_by_label() {
        let text = sla_reason(&reason(), Lang::En, &|id| format!("<{id}>"), &|_| {
            "03-09 10:00".into()
        });
        assert_eq!(
            text,
            "first response overdue by 5m, target 4h (business hours); stage '<accepted>' limit 8h, 1h30m left; paused 2d0h in <waiting_customer> (since 03-09 10:00)"
        );
    }

    #[test]
    fn met_missed_and_no_target() {
        let r = SlaReason {
            parts: vec![
                ReasonPart::Met {
                    clock: ClockKind::Resolution,
                },
                ReasonPart::Missed {
                    clock: ClockKind::FirstResponse,
                    by_secs: 3600,
                },
            ],
            live_first: false,
        };
        let none = |_: &str| String::new();
        let t = |_: i64| String::new();
        assert_eq!(
            sla_reason(&r, Lang::Zh, &none, &t),
            "解决已达标；首次响应超时 1h（工作时间）"
        );
        assert_eq!(
            sla_reason(&r, Lang::En, &none, &t),
            "resolution met; first response missed by 1h (business hours)"
        );
        let n = SlaReason {
            parts: vec![ReasonPart::NoTarget],
            live_first: false,
        };
        assert_eq!(sla_reason(&n, Lang::Zh, &none, &t), "无服务级别目标");
    }
}
