//! Failures and command-line mistakes in the user's language. What an error is
//! comes from its kind (`Problem`); the operation's own (English) detail follows
//! only where it names something only it knows.

use super::lang::fill;
use crate::app::command::CommandError;
use crate::app::ctx::Lang;
use crate::app::msg::{Failure, Problem};
use crate::domain::filter::FilterProblem;

/// The text of a failure.
pub fn failure(f: &Failure, lang: Lang) -> String {
    if lang == Lang::En {
        return match &f.hint {
            Some(h) => format!("{} — {h}", f.message),
            None => f.message.clone(),
        };
    }
    match &f.problem {
        Problem::NotFound { what, key } => fill(
            "找不到{what} {key}",
            &[("what", record_zh(what)), ("key", key)],
        ),
        Problem::Conflict => "保存冲突：其他人刚修改了这条记录，已重新载入".into(),
        Problem::Invalid => format!("无法完成：{}", detail(f)),
        Problem::Config => format!("配置有误：{}", detail(f)),
        Problem::Database => format!("数据库出错：{}", localized(f)),
        Problem::File => format!("文件读写失败：{}", localized(f)),
        Problem::Editor => format!("编辑器出错：{}", localized(f)),
    }
}

/// The operation's message and hint, for the kinds whose detail only it knows.
fn detail(f: &Failure) -> String {
    match &f.hint {
        Some(h) => format!("{}（{h}）", f.message),
        None => f.message.clone(),
    }
}

/// The error and its hint in Chinese from their message keys (what
/// `Error::localized` gives), or the English detail for a failure without keys.
fn localized(f: &Failure) -> String {
    let Some((message, hint)) = &f.keyed else {
        return detail(f);
    };
    let message = message.render(&super::error_texts::zh);
    match hint {
        Some(h) => format!("{message}（{}）", h.render(&super::error_texts::zh)),
        None => message,
    }
}

/// A record kind in Chinese.
fn record_zh(what: &str) -> &str {
    match what {
        "ticket" => "工单",
        "customer" => "客户",
        "contact" => "联系人",
        "agent" => "客服",
        "project" => "项目",
        "task" => "任务",
        "milestone" => "里程碑",
        "risk" => "风险",
        "issue" => "问题",
        "document" => "文档",
        "article" => "文章",
        "playbook" => "预案",
        "incident" => "事件",
        "macro" => "宏",
        "reply" | "template" => "快捷回复",
        "product" => "产品",
        "tag" => "标签",
        "view" => "视图",
        "return visit" => "回访",
        "time entry" => "工时记录",
        other => other,
    }
}

/// What is wrong with a filter.
pub fn filter(p: &FilterProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        FilterProblem::UnclosedQuote => "引号没有闭合".into(),
        FilterProblem::NeedsValue(f) => format!("“{f}:”后面需要一个值"),
        FilterProblem::NotAnId(v) => format!("“{v}”不是工单编号"),
        FilterProblem::BadPriority(v) => {
            format!("未知优先级“{v}”：可用 low、normal、high、urgent")
        }
        FilterProblem::BadChannel(v) => {
            format!("未知渠道“{v}”：可用 phone、email、chat、social、web、other")
        }
        FilterProblem::BadTag(m) => format!("标签不合规则：{m}"),
        FilterProblem::BadDuration(v) => format!("“{v}”不是时长（如 4h、2d、1w）"),
        FilterProblem::UnknownState(v) => {
            format!("未知状态“is:{v}”：可用 open、waiting、done、breached、unassigned")
        }
        FilterProblem::UnknownField {
            field,
            nearest,
            token,
        } => {
            let hint = match nearest {
                Some(n) => format!("是不是 {n}:？"),
                None => format!("可用字段：{}", crate::domain::filter::FIELDS.join("、")),
            };
            format!("没有“{field}:”这个字段（{hint}要搜索这段文字本身，请加引号：\"{token}\"）")
        }
        FilterProblem::UnknownKind(k) => {
            format!("未知类别“{k}”：可用 ticket、article、customer、project")
        }
        FilterProblem::TooLong(n) => {
            format!(
                "筛选条件有 {n} 个字符，最多 {}",
                crate::domain::filter::MAX_CHARS
            )
        }
        FilterProblem::TooManyConditions => {
            format!("不同的条件超过 {} 个", crate::domain::filter::MAX_CLAUSES)
        }
        FilterProblem::TooManyLookups => format!(
            "要查找的词（或中文字对）超过 {} 个",
            crate::domain::filter::MAX_LOOKUPS
        ),
        FilterProblem::BadValue(v) => value(v),
    }
}

/// A day, hour, weekday, score or outcome that cannot be read, in Chinese.
fn value(p: &crate::domain::filter_values::ValueProblem) -> String {
    use crate::domain::filter_values::ValueProblem as VP;
    match p {
        VP::NotADay(v) => format!("“{v}”不是日期（如 2026-11-01）"),
        VP::Backwards(a, b) => format!("{b} 早于 {a}"),
        VP::OpenBothEnds => "“..”至少一侧需要日期".into(),
        VP::RangeWithComparison => "日期范围不能再加比较符".into(),
        VP::NotAnHour(v) => format!("“{v}”不是 0–23 的小时"),
        VP::NotAWeekday(v) => format!("“{v}”不是星期（mon … sun、周一 … 周日）"),
        VP::WeekdaysBackwards(v) => format!("“{v}”顺序颠倒（一周从周一开始）"),
        VP::NotAScore(v) => format!("“{v}”不是 1–5 的评分"),
        VP::UnknownOutcome(v) => {
            format!("未知结果“{v}”（可用 met、breached、pending）")
        }
        VP::NotAWhen(v) => format!("“{v}”既不是时长（如 2d）也不是日期（如 2026-11-01）"),
        VP::NeedsName => "“assignee:=”后需要姓名".into(),
    }
}

/// The text of a command line that does not parse.
pub fn command(e: &CommandError, lang: Lang) -> String {
    match (e, lang) {
        (CommandError::Empty, Lang::Zh) => "没有输入命令".into(),
        (CommandError::Unknown(n), Lang::Zh) => format!("没有名为“{n}”的命令"),
        (CommandError::DidYouMean { name, nearest }, Lang::Zh) => {
            format!("没有名为“{name}”的命令：是不是 {nearest}？（按 Tab 补全）")
        }
        (CommandError::NoArgument(n), Lang::Zh) => format!("“{n}”不带参数"),
        (e, Lang::En) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Whether `s` has a run of three or more ASCII words (English left in a
    /// Chinese sentence); commands, paths and setting names are single tokens.
    fn english_words(s: &str) -> bool {
        s.split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
            .any(|run| run.split_whitespace().filter(|w| w.len() > 1).count() >= 3)
    }

    #[test]
    fn database_and_file_errors_are_said_in_chinese_from_their_keys() {
        use crate::error::{DbProblem, Error, IoAction};
        use crate::store::{DbError, DbFailure};
        let busy = Error::Db(DbError::sample(DbFailure::Busy, "database is locked"));
        let read_only = Error::Db(DbError::sample(
            DbFailure::ReadOnly,
            "attempt to write a readonly database",
        ));
        let cases = [
            (busy, "数据库正忙"),
            (read_only, "数据库无法写入"),
            (
                Error::database("/srv/desk.db", DbProblem::Locked),
                "被其他程序锁定",
            ),
            (
                Error::database("/srv/desk.db", DbProblem::ReadOnly),
                "是只读的",
            ),
            (
                Error::database("/srv/desk.db", DbProblem::ReadOnlyFolder),
                "所在文件夹是只读的",
            ),
            (
                Error::io(
                    IoAction::Write,
                    std::path::Path::new("/x/out.csv"),
                    std::io::Error::from_raw_os_error(libc::ENOSPC),
                ),
                "无法写入“/x/out.csv”：磁盘已满",
            ),
        ];
        for (e, want) in cases {
            let zh = failure(&Failure::of(&e), Lang::Zh);
            assert!(zh.contains(want), "{zh}");
            assert!(!english_words(&zh), "English left in: {zh}");
            // The hint comes along, in Chinese too.
            assert!(zh.contains('（'), "{zh}");
            assert!(!english_words(&failure(&Failure::of(&e), Lang::Zh)));
            assert!(english_words(&failure(&Failure::of(&e), Lang::En)), "{e}");
        }
    }

    #[test]
    fn chinese_failures_are_said_in_chinese() {
        let e = crate::Error::not_found("ticket", 42);
        let f = Failure::of(&e);
        assert_eq!(failure(&f, Lang::Zh), "找不到工单 42");
        assert_eq!(failure(&f, Lang::En), "ticket 42 not found");
        for p in [
            Problem::Conflict,
            Problem::Database,
            Problem::Invalid,
            Problem::File,
            Problem::Editor,
        ] {
            let text = failure(&Failure::new(p, "x"), Lang::Zh);
            assert!(cjk(&text), "{text}");
        }
        for e in [
            CommandError::Empty,
            CommandError::Unknown("x".into()),
            CommandError::DidYouMean {
                name: "asgn".into(),
                nearest: "assign",
            },
            CommandError::NoArgument("quit".into()),
        ] {
            assert!(cjk(&command(&e, Lang::Zh)));
            assert!(!cjk(&command(&e, Lang::En)));
        }
    }
}
