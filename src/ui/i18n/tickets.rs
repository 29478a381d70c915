//! Strings of the Tickets pane beyond the console's table (SLA breakdown, warranty,
//! tags, relations, customer view, return visits, macros, replies, satisfaction),
//! and the pane's toasts, in both languages.

use super::lang::plural;
use crate::app::ctx::Lang;
use crate::app::msg::TicketsNote;
use crate::domain::sla::SlaState;
use crate::domain::warranty::Warranty;

/// The extras' strings in one language.
#[derive(Debug)]
pub struct TicketsStrings {
    pub sla: &'static str,
    pub first_response: &'static str,
    pub resolution: &'static str,
    /// `{stage}`
    pub stage_limit: &'static str,
    /// `{at}` `{left}`
    pub due: &'static str,
    /// `{at}`
    pub met: &'static str,
    /// `{at}`
    pub missed: &'static str,
    /// `{at}`
    pub paused_since: &'static str,
    pub paused: &'static str,
    pub reason: &'static str,
    /// none, ok, warning, breached
    pub states: [&'static str; 4],
    pub warranty: &'static str,
    /// in warranty, expired, unknown
    pub warranties: [&'static str; 3],
    pub tags: &'static str,
    pub relations: &'static str,
    pub parent: &'static str,
    pub child: &'static str,
    pub related: &'static str,
    pub duplicate_of: &'static str,
    pub duplicate: &'static str,
    pub progress: &'static str,
    pub progress_update: &'static str,
    pub progress_reply: &'static str,
    pub csat: &'static str,
    pub none: &'static str,
    /// `{name}`
    pub customer_title: &'static str,
    pub organization: &'static str,
    pub contacts: &'static str,
    pub products: &'static str,
    pub no_products: &'static str,
    /// `{date}`
    pub warranty_until: &'static str,
    /// `{date}`: when an expired warranty ended.
    pub warranty_ended: &'static str,
    /// The ranked assign picker's headings: agent, fit score, load, why.
    pub assign_heads: [&'static str; 4],
    /// `{n}` `{open}`
    pub history: &'static str,
    pub open: &'static str,
    pub done: &'static str,
    pub visits_title: &'static str,
    pub no_visits: &'static str,
    /// `{scroll}` `{close}`
    pub panel_keys: &'static str,
    /// macro, reply template, satisfaction
    pub pick_titles: [&'static str; 3],
}

const EN: TicketsStrings = TicketsStrings {
    sla: "SLA",
    first_response: "First response",
    resolution: "Resolution",
    stage_limit: "Stage limit ({stage})",
    due: "due {at} ({left})",
    met: "met {at}",
    missed: "missed {at}",
    paused_since: "paused since {at}",
    paused: "Paused",
    reason: "Why",
    states: ["–", "on track", "due soon", "breached"],
    warranty: "Warranty",
    warranties: ["in warranty", "warranty expired", "warranty unknown"],
    tags: "Tags",
    relations: "Related",
    parent: "parent",
    child: "child",
    related: "related",
    duplicate_of: "duplicate of",
    duplicate: "duplicate",
    progress: "What the customer was told",
    progress_update: "update",
    progress_reply: "reply",
    csat: "Satisfaction",
    none: "none",
    customer_title: "Customer: {name}",
    organization: "Organisation",
    contacts: "Contacts",
    products: "Products",
    no_products: "no products recorded",
    warranty_until: "until {date}",
    warranty_ended: "ended {date}",
    assign_heads: ["Agent", "Fit", "Load", "Why"],
    history: "Tickets ({n}, {open} open)",
    open: "open",
    done: "done",
    visits_title: "Return visits due today",
    no_visits: "No return visits are due today.",
    panel_keys: "{scroll} scroll · {close} close",
    pick_titles: [
        "Apply a macro",
        "Insert a canned reply",
        "Satisfaction score (1–5)",
    ],
};

const ZH: TicketsStrings = TicketsStrings {
    sla: "SLA 时效",
    first_response: "首次响应",
    resolution: "解决时限",
    stage_limit: "阶段时限（{stage}）",
    due: "{at} 到期（{left}）",
    met: "已达成 {at}",
    missed: "已超时 {at}",
    paused_since: "自 {at} 起暂停",
    paused: "暂停时长",
    reason: "原因",
    states: ["–", "正常", "即将到期", "已超时"],
    warranty: "保修",
    warranties: ["保修期内", "已过保", "保修未知"],
    tags: "标签",
    relations: "关联",
    parent: "父工单",
    child: "子工单",
    related: "相关",
    duplicate_of: "重复于",
    duplicate: "重复",
    progress: "客户进度",
    progress_update: "进度通知",
    progress_reply: "回复",
    csat: "满意度",
    none: "无",
    customer_title: "客户：{name}",
    organization: "单位",
    contacts: "联系方式",
    products: "产品",
    no_products: "暂无产品记录",
    warranty_until: "至 {date}",
    warranty_ended: "{date} 到期",
    assign_heads: ["处理人", "匹配", "负载", "原因"],
    history: "工单（共 {n}，未结 {open}）",
    open: "未结",
    done: "已结",
    visits_title: "今日回访",
    no_visits: "今天没有待回访。",
    panel_keys: "{scroll} 滚动 · {close} 关闭",
    pick_titles: ["执行宏", "插入快捷回复", "满意度评分（1–5）"],
};

/// The extras' strings of `lang`.
pub fn tickets_strings(lang: Lang) -> &'static TicketsStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

impl TicketsStrings {
    /// The label of an SLA state.
    pub fn state(&self, s: SlaState) -> &'static str {
        match s {
            SlaState::None => self.states[0],
            SlaState::Ok => self.states[1],
            SlaState::Warning => self.states[2],
            SlaState::Breached => self.states[3],
        }
    }

    /// The label of a warranty status.
    pub fn warranty_label(&self, w: Warranty) -> &'static str {
        match w {
            Warranty::InWarranty => self.warranties[0],
            Warranty::Expired => self.warranties[1],
            Warranty::Unknown => self.warranties[2],
        }
    }
}

/// The text of one of the pane's toasts.
pub fn note(n: &TicketsNote, lang: Lang) -> String {
    use TicketsNote::*;
    let zh = lang == Lang::Zh;
    let ids = |ids: &[i64]| {
        ids.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match n {
        Moved { n, stage } if zh => format!("{n} 个工单已流转到 {stage}"),
        Moved { n, stage } => format!("{n} ticket{} moved to {stage}", plural(*n)),
        Assigned { n, agent: Some(a) } if zh => format!("{n} 个工单已分派给 {a}"),
        Assigned { n, agent: None } if zh => format!("{n} 个工单已取消分派"),
        Assigned { n, agent: Some(a) } => format!("{n} ticket{} assigned to {a}", plural(*n)),
        Assigned { n, agent: None } => format!("{n} ticket{} unassigned", plural(*n)),
        PrioritySet { n, priority } if zh => format!("{n} 个工单的优先级设为 {priority}"),
        PrioritySet { n, priority } => {
            format!("priority {priority} on {n} ticket{}", plural(*n))
        }
        TypeSet { n, ty } if zh => format!("{n} 个工单的类型设为 {ty}"),
        TypeSet { n, ty } => format!("type {ty} on {n} ticket{}", plural(*n)),
        Replied { id } if zh => format!("已回复 #{id}"),
        Replied { id } => format!("reply sent on #{id}"),
        Noted { id } if zh => format!("已给 #{id} 添加备注"),
        Noted { id } => format!("note added to #{id}"),
        Created { id } if zh => format!("工单 #{id} 已创建"),
        Created { id } => format!("ticket #{id} created"),
        Undone if zh => "已撤销".into(),
        Undone => "undone".into(),
        NothingToUndo if zh => "没有可撤销的修改".into(),
        NothingToUndo => "nothing to undo".into(),
        CannotUndo if zh => "上一次修改（回复、备注或新建工单）无法撤销".into(),
        CannotUndo => "the last change (a comment or a new ticket) cannot be undone".into(),
        SkippedConflicts { ids: i } if zh => {
            format!("{} 个工单已被他人修改，未作改动：{}", i.len(), ids(i))
        }
        SkippedConflicts { ids: i } => format!(
            "{} ticket{} changed by someone else and left as they are: {}",
            i.len(),
            plural(i.len()),
            ids(i)
        ),
        DraftKept { id } if zh => format!("#{id} 的文字已保存为草稿"),
        DraftKept { id } => format!("your text for #{id} is kept as a draft"),
        MailQueued { id, to } if zh => format!("已回复 #{id}：邮件已排队，发往 {to}"),
        MailQueued { id, to } => format!("reply on #{id} queued for {to}"),
        MailNoAddress {
            id,
            customer: Some(c),
        } if zh => {
            format!("已回复 #{id}，但客户 {c} 没有邮箱：未发送邮件")
        }
        MailNoAddress {
            id,
            customer: Some(c),
        } => {
            format!("reply on #{id} recorded, not mailed: {c} has no email address")
        }
        MailNoAddress { id, customer: None } if zh => {
            format!("已回复 #{id}，但工单没有客户：未发送邮件")
        }
        MailNoAddress { id, customer: None } => {
            format!("reply on #{id} recorded, not mailed: the ticket has no customer")
        }
        MailSentTo { id, to } if zh => format!("#{id} 的邮件已发送到 {to}"),
        MailSentTo { id, to } => format!("mail on #{id} sent to {to}"),
        MailRetrying { id, error } if zh => format!("#{id} 的邮件暂未发出，稍后重试：{error}"),
        MailRetrying { id, error } => format!("mail on #{id} not sent yet, will retry: {error}"),
        MailFailed { id, error, tries } if zh => {
            format!("#{id} 的邮件尝试 {tries} 次后放弃：{error}")
        }
        MailFailed { id, error, tries } => format!(
            "mail on #{id} given up after {tries} tr{}: {error}",
            if *tries == 1 { "y" } else { "ies" }
        ),
        MailFetched { tickets, replies } if zh => {
            format!("收到邮件：{tickets} 个新工单，{replies} 条回复")
        }
        MailFetched { tickets, replies } => format!(
            "mail fetched: {tickets} new ticket{}, {replies} repl{}",
            plural(*tickets),
            if *replies == 1 { "y" } else { "ies" }
        ),
        MailRound { sent, failed } if zh => format!("已发送 {sent} 封邮件，失败 {failed} 封"),
        MailRound { sent, failed } => format!("{sent} sent, {failed} failed"),
        MailTrouble(why) if zh => format!("邮件服务器：{why}（稍后再试）"),
        MailTrouble(why) => format!("mail server: {why} (tried again later)"),
        MailRetried { id, n } if zh => format!("#{id} 的 {n} 封失败邮件已重新排队"),
        MailRetried { id, n } => format!("{n} failed message{} of #{id} queued again", plural(*n)),
        NoFailedMail { id } if zh => format!("#{id} 没有发送失败的邮件"),
        NoFailedMail { id } => format!("#{id} has no failed mail"),
        BadMailAction(a) if zh => format!("未知的邮件操作“{a}”：可用 fetch、send、outbox"),
        BadMailAction(a) => format!("unknown mail action '{a}': use fetch, send or outbox"),
        NotSent { id } if zh => format!("#{id} 未修改，客户没有收到消息"),
        NotSent { id } => format!("#{id} not changed: nothing was sent to the customer"),
        NoCommonStage if zh => "所选工单没有共同可流转的阶段".into(),
        NoCommonStage => "the selected tickets have no stage in common to move to".into(),
        NoAgents if zh => "还没有客服：用 `aftercare agent new 姓名` 添加".into(),
        NoAgents => "no agents yet: add one with `aftercare agent new NAME`".into(),
        BadFilter(e) if zh => format!(
            "筛选条件第 {} 列：{}",
            e.column,
            super::errors::filter(&e.problem, lang)
        ),
        BadFilter(e) => format!("filter, column {}: {}", e.column, e.message),
        BadSort(k) if zh => format!("没有“{k}”这一列可排序"),
        BadSort(k) => format!("cannot sort by '{k}'"),
        BadPriority(p) if zh => format!("未知优先级“{p}”：可用 low、normal、high、urgent"),
        BadPriority(p) => format!("unknown priority '{p}': use low, normal, high or urgent"),
        UnknownView(v) if zh => format!("没有名为「{v}」的视图"),
        UnknownView(v) => format!("no saved view named '{v}'"),
        TitleNeeded if zh => "工单需要标题".into(),
        TitleNeeded => "a ticket needs a title".into(),
        MacroApplied { id, title } if zh => format!("已对 #{id} 执行宏「{title}」"),
        MacroApplied { id, title } => format!("Macro “{title}” applied to #{id}"),
        Tagged { id, tags } if zh => format!("#{id} 的标签：{}", tags.join("、")),
        Tagged { id, tags } => format!("#{id} tags: {}", tags.join(", ")),
        Rated { id, score } if zh => format!("#{id} 满意度已记录：{score} 分"),
        Rated { id, score } => format!("#{id} rated {score}/5"),
        NoCustomer { id } if zh => format!("#{id} 没有关联客户"),
        NoCustomer { id } => format!("#{id} has no customer"),
        NoMacros if zh => "配置中没有宏（[[macros]]）".into(),
        NoMacros => "No macros in the config ([[macros]])".into(),
        NoTemplates if zh => "配置中没有快捷回复（[[replies]]）".into(),
        NoTemplates => "No canned replies in the config ([[replies]])".into(),
        BadScore(v) if zh => format!("“{v}”不是 1–5 的评分"),
        BadScore(v) => format!("'{v}' is not a score from 1 to 5"),
    }
}

/// The words of the confirm dialog: (title, what it is, keys line with `{send}`
/// `{edit}` `{cancel}`, keys line without edit).
pub fn confirm_words(
    kind: &crate::app::chrome::ConfirmKind,
    n: usize,
    id: i64,
    zh: bool,
) -> (String, String) {
    use crate::app::chrome::ConfirmKind::*;
    let title = if zh {
        "发给客户？"
    } else {
        "Send to the customer?"
    }
    .to_string();
    let what = match (kind, zh) {
        (Reply { .. }, true) => format!("回复 #{id}，客户会看到："),
        (Reply { .. }, false) => format!("Reply on #{id}; the customer reads:"),
        (Update { stage }, true) if n > 1 => {
            format!("{n} 个工单进入“{stage}”，每位客户会收到（以 #{id} 为例）：")
        }
        (Update { stage }, false) if n > 1 => {
            format!("{n} tickets enter {stage}; each customer is told (#{id} shown):")
        }
        (Update { stage }, true) => format!("#{id} 进入“{stage}”，客户会收到："),
        (Update { stage }, false) => format!("#{id} enters {stage}; the customer is told:"),
        (Macro { title }, true) => format!("宏“{title}”用于 #{id}，客户会收到："),
        (Macro { title }, false) => format!("Macro {title} on #{id}; the customer is told:"),
    };
    (title, what)
}

/// The keys line of the confirm dialog (`edit`: None when the text cannot be edited).
pub fn confirm_keys(send: &str, edit: Option<&str>, cancel: &str, zh: bool) -> String {
    match (edit, zh) {
        (Some(e), true) => format!("{send} 发送 · {e} 编辑 · {cancel} 取消（保留草稿）"),
        (Some(e), false) => format!("{send} send · {e} edit · {cancel} cancel (the draft stays)"),
        (None, true) => format!("{send} 发送并修改 · {cancel} 取消（不修改）"),
        (None, false) => {
            format!("{send} make the change and send · {cancel} cancel (nothing changes)")
        }
    }
}
