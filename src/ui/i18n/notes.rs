//! The text of every toast, in the user's language: the console's own notes here,
//! each pane's in its strings file, failures in `errors.rs`.

use super::lang::plural;
use crate::app::ctx::Lang;
use crate::app::msg::Note;

/// The text of a toast.
pub fn note(n: &Note, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match n {
        Note::Failed(f) => super::errors::failure(f, lang),
        Note::BadCommand(e) => super::errors::command(e, lang),
        Note::NoTicket if zh => "没有选中工单".into(),
        Note::NoTicket => "no ticket selected".into(),
        Note::KeyProblems { n, first } if zh => {
            format!("{n} 个按键绑定无效，已使用默认值：{first}")
        }
        Note::KeyProblems { n, first } => format!(
            "{n} key binding{} ignored (defaults kept): {first}",
            plural(*n)
        ),
        Note::LoadingDemo if zh => "正在载入演示数据…".into(),
        Note::LoadingDemo => "loading demo data…".into(),
        Note::DemoLoaded if zh => "演示数据已载入".into(),
        Note::DemoLoaded => "demo data loaded".into(),
        Note::DemoNotEmpty { total } if zh => format!(
            "演示数据只载入空数据库：这个数据库已有 {total} 个工单，未做任何改动（试试 aftercare --db demo.db）"
        ),
        Note::DemoNotEmpty { total } => format!(
            "demo data only goes into an empty database: this one has {total} ticket{}, nothing was changed (try aftercare --db demo.db)",
            plural(*total as usize)
        ),
        Note::IdentitySet { name, saved } if zh => match saved {
            Some(p) => format!("你现在是 {name}（已记在 {p}）"),
            None => format!("你现在是 {name}（本次有效，没有配置文件可写）"),
        },
        Note::IdentitySet { name, saved } => match saved {
            Some(p) => format!("you are {name} now (remembered in {p})"),
            None => format!("you are {name} now (for this session: no config file to write)"),
        },
        Note::NoSuchAgent(name) if zh => {
            format!("没有名为“{name}”的客服：在 :iam 的列表里选择，或选“新建客服”")
        }
        Note::NoSuchAgent(name) => format!(
            "no agent is called '{name}': pick one from :iam, or its “+ new agent” item"
        ),
        Note::EditorEmpty if zh => "编辑器内容为空，未发送".into(),
        Note::EditorEmpty => "the editor text was empty: nothing sent".into(),
        Note::UnsentDrafts { n } if zh => {
            format!("有 {n} 份草稿未发送，已保存，下次打开时恢复；再次退出即可离开")
        }
        Note::UnsentDrafts { n } => format!(
            "{n} unsent draft{}: kept for next time; quit again to leave",
            plural(*n),
        ),
        Note::DraftsRestored { n } if zh => format!("已恢复上次未发送的 {n} 份草稿"),
        Note::DraftsRestored { n } => {
            format!("{n} unsent draft{} from last time put back", plural(*n))
        }
        Note::DraftsNotKept(e) if zh => format!("草稿无法保存到磁盘：{e}"),
        Note::DraftsNotKept(e) => format!("drafts are not kept on disk: {e}"),
        Note::Tickets(n) => super::tickets::note(n, lang),
        Note::Projects(n) => super::projects::note(n, lang),
        Note::Kb(n) => super::kb::note(n, lang),
        Note::Team(n) => super::team::note(n, lang),
        Note::Dashboard(n) => super::dashboard::note(n, lang),
    }
}
