//! The command table: one entry per command. Adding a command = one entry here
//! (variant, name, descriptions, argument kind, owning pane, default keys) plus its
//! arm in the owning pane's `update`. `config.example.toml` lists the default keys
//! (a test keeps the two in step).
//!
//! Entry: `Variant(ArgKind) = "name" in Scope, en "…", zh "…", keys [Context "key", …];`

use super::spec::Prefix;

/// Key prefixes with a name for the which-key box.
pub const PREFIXES: &[Prefix] = &[Prefix {
    keys: "g",
    en: "Go to",
    zh: "转到",
}];

commands! {
    Noop = "noop" in Keys,
        en "Do nothing (bind a key to it to remove a default)",
        zh "不执行任何操作（绑定到它可取消默认按键）",
        keys [];
    Quit = "quit" in App,
        en "Quit aftercare",
        zh "退出 aftercare",
        keys [Global "q", Global "C-c"];
    Suspend = "suspend" in App,
        en "Suspend to the shell (fg comes back)",
        zh "挂起到终端（fg 返回）",
        keys [Global "C-z"];
    Help = "help" in App,
        en "Show the keys of the current pane",
        zh "显示当前面板的按键",
        keys [Global "?", Global "F1"];
    Palette = "palette" in Keys,
        en "Open the command palette",
        zh "打开命令面板",
        keys [Global ":"];
    PaneNext = "pane-next" in App,
        en "Go to the next pane",
        zh "下一个面板",
        keys [Global "tab"];
    PanePrev = "pane-prev" in App,
        en "Go to the previous pane",
        zh "上一个面板",
        keys [Global "S-tab"];
    PaneTickets = "pane-tickets" in App,
        en "Go to the Tickets pane",
        zh "转到工单面板",
        keys [Global "1", Global "g t"];
    PaneProjects = "pane-projects" in App,
        en "Go to the Projects pane",
        zh "转到项目面板",
        keys [Global "2", Global "g p"];
    PaneKb = "pane-kb" in App,
        en "Go to the Knowledge base pane",
        zh "转到知识库面板",
        keys [Global "3", Global "g k"];
    PaneTeam = "pane-team" in App,
        en "Go to the Team pane",
        zh "转到团队面板",
        keys [Global "4", Global "g w"];
    PaneDashboard = "pane-dashboard" in App,
        en "Go to the Dashboard pane",
        zh "转到仪表盘面板",
        keys [Global "5", Global "g d"];
    Refresh = "refresh" in App,
        en "Reload what is on screen",
        zh "重新载入屏幕内容",
        keys [Global "C-r"];
    Undo = "undo" in Tickets,
        en "Undo your last change",
        zh "撤销上一次修改",
        keys [Global "u"];
    Iam(Me) = "iam" in App,
        en "Say who you are: pick your agent or add yourself (remembered in the config file)",
        zh "设置你是谁：选择或新建客服身份（记在配置文件里）",
        keys [];
    Language(Language) = "language" in App,
        en "Switch the interface language",
        zh "切换界面语言",
        keys [];
    Theme(ColourTheme) = "theme" in App,
        en "Switch the colour theme",
        zh "切换配色",
        keys [];
    Down = "down" in Nav,
        en "Move down one row",
        zh "下移一行",
        keys [List "j", List "down", Detail "j", Detail "down", Palette "down", Palette "C-n", Picker "down", Picker "C-n", Help "j", Help "down"];
    Up = "up" in Nav,
        en "Move up one row",
        zh "上移一行",
        keys [List "k", List "up", Detail "k", Detail "up", Palette "up", Palette "C-p", Picker "up", Picker "C-p", Help "k", Help "up"];
    PageDown = "page-down" in Nav,
        en "Move down one page",
        zh "下翻一页",
        keys [List "pgdn", List "C-d", Detail "pgdn", Detail "C-d", Picker "pgdn", Help "pgdn"];
    PageUp = "page-up" in Nav,
        en "Move up one page",
        zh "上翻一页",
        keys [List "pgup", List "C-u", Detail "pgup", Detail "C-u", Picker "pgup", Help "pgup"];
    Top = "top" in Nav,
        en "Go to the first row",
        zh "到第一行",
        keys [List "g g", List "home", Detail "g g", Detail "home"];
    Bottom = "bottom" in Nav,
        en "Go to the last row",
        zh "到最后一行",
        keys [List "G", List "end", List "g e", Detail "G", Detail "end"];
    Open = "open" in Nav,
        en "Open the selected record",
        zh "打开选中的记录",
        keys [List "enter"];
    Close = "close" in Nav,
        en "Close the detail view or dialog",
        zh "关闭详情或对话框",
        keys [Detail "esc", Detail "q", Help "esc", Help "q", Help "?"];
    NextTicket = "next-ticket" in Tickets,
        en "Show the next ticket in the list",
        zh "显示列表中的下一个工单",
        keys [Detail "J"];
    PrevTicket = "prev-ticket" in Tickets,
        en "Show the previous ticket in the list",
        zh "显示列表中的上一个工单",
        keys [Detail "K"];
    Filter(Query) = "filter" in Tickets,
        en "Filter tickets (stage:accepted type:complaint 退款 …)",
        zh "筛选工单（stage:accepted type:complaint 退款 …）",
        keys [Tickets "/"];
    FilterClear = "filter-clear" in Tickets,
        en "Clear the filter",
        zh "清除筛选",
        keys [Tickets "\\"];
    Sort(SortColumn) = "sort" in Tickets,
        en "Sort the list by a column",
        zh "按列排序",
        keys [Tickets "s"];
    SortReverse = "sort-reverse" in Tickets,
        en "Reverse the sort order",
        zh "反转排序",
        keys [Tickets "S"];
    View(ViewName) = "view" in Tickets,
        en "Apply a saved view",
        zh "使用保存的视图",
        keys [Tickets "v"];
    ShowNew = "show-new" in Tickets,
        en "Show the tickets that arrived (the list goes to the top)",
        zh "显示新到的工单（列表回到顶部）",
        keys [Tickets "."];
    Select = "select" in Tickets,
        en "Select or unselect the row (for bulk changes)",
        zh "选中或取消选中该行（批量操作）",
        keys [Tickets "space", Tickets "x"];
    SelectAll = "select-all" in Tickets,
        en "Select every loaded row",
        zh "选中所有已载入的行",
        keys [Tickets "C-a"];
    SelectClear = "select-clear" in Tickets,
        en "Clear the selection",
        zh "清除选择",
        keys [Tickets "esc"];
    Move(Stage) = "move" in Tickets,
        en "Move the ticket(s) to another stage",
        zh "把工单流转到其他阶段",
        keys [Tickets "m", Detail "m"];
    Assign(Agent) = "assign" in Tickets,
        en "Assign the ticket(s) to an agent",
        zh "把工单分派给客服",
        keys [Tickets "a", Detail "a"];
    AssignAuto = "assign-auto" in Tickets,
        en "Assign to the best available agent (skills, load, availability)",
        zh "分派给排名第一的可用客服",
        keys [Tickets "@", Detail "@"];
    TimerStart = "timer-start" in Team,
        en "Start your timer on the ticket",
        zh "开始给工单计时",
        keys [Tickets "T", Detail "T"];
    TimerStop = "timer-stop" in Team,
        en "Stop your timer and log the time",
        zh "停止计时并记录工时",
        keys [Tickets "C-t", Detail "C-t", Team "C-t"];
    Unassign = "unassign" in Tickets,
        en "Remove the assignee",
        zh "取消分派",
        keys [Tickets "A", Detail "A"];
    Priority(PriorityLevel) = "priority" in Tickets,
        en "Set the priority",
        zh "设置优先级",
        keys [Tickets "p", Detail "p"];
    Type(TicketType) = "type" in Tickets,
        en "Set the ticket type",
        zh "设置工单类型",
        keys [Tickets "t", Detail "t"];
    Reply(FreeText) = "reply" in Tickets,
        en "Reply to the customer",
        zh "回复客户",
        keys [Tickets "r", Detail "r"];
    Mail(MailAction) = "mail" in Tickets,
        en "Mail: fetch new mail, send what is due, or show the outbox",
        zh "邮件：收取新邮件、发送到期邮件或查看发件箱",
        keys [];
    MailRetry = "mail-retry" in Tickets,
        en "Send the ticket's failed mail again",
        zh "重新发送该工单失败的邮件",
        keys [Detail "S"];
    Note(FreeText) = "note" in Tickets,
        en "Add an internal note",
        zh "添加内部备注",
        keys [Tickets "n", Detail "n"];
    ReplyEditor = "reply-editor" in Tickets,
        en "Write a reply in $EDITOR",
        zh "在 $EDITOR 中撰写回复",
        keys [Tickets "R", Detail "R"];
    NoteEditor = "note-editor" in Tickets,
        en "Write an internal note in $EDITOR",
        zh "在 $EDITOR 中撰写内部备注",
        keys [Tickets "N", Detail "N"];
    New(TicketTitle) = "new" in Tickets,
        en "Create a new ticket",
        zh "新建工单",
        keys [Tickets "c", Welcome "c"];
    Submit = "submit" in Dialog,
        en "Confirm",
        zh "确认",
        keys [Input "enter", Picker "enter", Form "C-s"];
    Cancel = "cancel" in Dialog,
        en "Cancel (a draft is kept)",
        zh "取消（草稿会保留）",
        keys [Input "esc", Picker "esc", Conflict "esc", Confirm "esc", Confirm "n", Global "esc"];
    Complete = "complete" in Dialog,
        en "Complete the command name",
        zh "补全命令名",
        keys [Palette "tab"];
    DeleteBack = "delete-back" in Dialog,
        en "Delete the character before the cursor",
        zh "删除光标前的字符",
        keys [Input "backspace"];
    DeleteForward = "delete-forward" in Dialog,
        en "Delete the character under the cursor",
        zh "删除光标处的字符",
        keys [Input "del"];
    CursorLeft = "cursor-left" in Dialog,
        en "Move the cursor left",
        zh "光标左移",
        keys [Input "left"];
    CursorRight = "cursor-right" in Dialog,
        en "Move the cursor right",
        zh "光标右移",
        keys [Input "right"];
    LineStart = "line-start" in Dialog,
        en "Move the cursor to the start",
        zh "光标移到开头",
        keys [Input "home", Input "C-a"];
    LineEnd = "line-end" in Dialog,
        en "Move the cursor to the end",
        zh "光标移到末尾",
        keys [Input "end", Input "C-e"];
    DeleteWord = "delete-word" in Dialog,
        en "Delete the word before the cursor",
        zh "删除光标前的词",
        keys [Input "C-w"];
    ClearLine = "clear-line" in Dialog,
        en "Clear the text",
        zh "清空文本",
        keys [Input "C-u"];
    EditExternal = "edit-external" in Dialog,
        en "Continue this text in $EDITOR",
        zh "在 $EDITOR 中继续编辑",
        keys [Input "C-o"];
    FieldNext = "field-next" in Dialog,
        en "Go to the next field",
        zh "下一个字段",
        keys [Form "tab", Form "down"];
    FieldChoose = "field-choose" in Dialog,
        en "Pick the field's value (a text field: go on; the last: create)",
        zh "选择字段的值（文字字段：下一项；最后一项：创建）",
        keys [Form "enter"];
    FieldPrev = "field-prev" in Dialog,
        en "Go to the previous field",
        zh "上一个字段",
        keys [Form "S-tab", Form "up"];
    KeepMine = "keep-mine" in Dialog,
        en "Apply my change on top of theirs",
        zh "在对方的基础上应用我的修改",
        keys [Conflict "m", Conflict "enter"];
    Send = "send" in Dialog,
        en "Send the message to the customer",
        zh "把消息发给客户",
        keys [Confirm "y", Confirm "enter", Confirm "C-s"];
    Edit = "edit" in Dialog,
        en "Edit the message again in $EDITOR",
        zh "在 $EDITOR 中再改一改",
        keys [Confirm "e"];
    KeepTheirs = "keep-theirs" in Dialog,
        en "Keep their version, drop my change",
        zh "保留对方的版本，放弃我的修改",
        keys [Conflict "t"];
    Demo = "demo" in App,
        en "Load demo data (2000 tickets)",
        zh "载入演示数据（2000 个工单）",
        keys [Welcome "d"];
    BreachNext = "breach-next" in Tickets,
        en "Open tickets by due time: what breaches next, and why",
        zh "即将超时：按到期时间排列未结工单",
        keys [Tickets "g b"];
    CustomerView = "customer-view" in Tickets,
        en "Show the ticket's customer: organisation, contacts, products, tickets",
        zh "查看客户：单位、联系方式、产品保修与全部工单",
        keys [Tickets "C", Detail "c"];
    VisitsDue = "visits-due" in Tickets,
        en "List the return visits due today",
        zh "今日待回访列表",
        keys [Tickets "g v", Detail "g v"];
    Csat(Score) = "csat" in Tickets,
        en "Record the customer's satisfaction with a resolved ticket",
        zh "记录已解决工单的满意度（1–5）",
        keys [Tickets "*", Detail "*"];
    Macro(MacroId) = "macro" in Tickets,
        en "Apply a macro from the config to the ticket",
        zh "对工单执行一个宏（一次提交）",
        keys [Tickets "M", Detail "M"];
    ReplyTemplate(TemplateId) = "reply-template" in Tickets,
        en "Put a filled canned reply into the reply draft",
        zh "把填好的快捷回复放入回复草稿",
        keys [Tickets "i", Detail "i"];
    Tag(TagList) = "tag" in Tickets,
        en "Add tags to the ticket",
        zh "给工单加标签",
        keys [Tickets "#", Detail "#"];
    Search(SearchWords) = "search" in Kb,
        en "Search tickets, articles, customers and projects",
        zh "搜索工单、文章、客户和项目",
        keys [Global "C-f"];
    SuggestArticles = "suggest-articles" in Kb,
        en "Suggest knowledge-base articles for the ticket",
        zh "为工单推荐知识库文章",
        keys [Tickets "b", Detail "b"];
    LinkArticle = "link-article" in Kb,
        en "Link the article to the ticket (it helped solve it)",
        zh "把文章关联到工单（它帮助解决了问题）",
        keys [Kb "l"];
    InsertArticle = "insert-article" in Kb,
        en "Put the article into the ticket's reply draft (and link it)",
        zh "把文章放进工单的回复草稿（并关联）",
        keys [Kb "i"];
    EditArticle = "edit-article" in Kb,
        en "Edit the article in $EDITOR",
        zh "在 $EDITOR 中编辑文章",
        keys [Kb "e"];
    ReadArticle = "read-article" in Kb,
        en "Read the article full screen (j/k scroll, esc back)",
        zh "全屏阅读文章（j/k 滚动，esc 返回）",
        keys [Kb "o"];
    NewArticle = "new-article" in Kb,
        en "Write a new article in $EDITOR (a draft in the selected category)",
        zh "在 $EDITOR 中写新文章（所选分类下的草稿）",
        keys [Kb "c"];
    ArchiveArticle = "archive-article" in Kb,
        en "Archive the article (it stays readable, no longer suggested)",
        zh "归档文章（仍可阅读，不再推荐）",
        keys [Kb "A"];
    ReviewArticle(FreeText) = "review-article" in Kb,
        en "Set the article's review date (YYYY-MM-DD)",
        zh "设置文章的复审日期（YYYY-MM-DD）",
        keys [Kb "R"];
    KbArticles = "kb-articles" in Kb,
        en "Back to the article list",
        zh "回到文章列表",
        keys [Kb "esc"];
    CategoryNext = "category-next" in Kb,
        en "Select the next category of the tree",
        zh "选择分类树的下一个分类",
        keys [Kb "]", Kb "right"];
    CategoryPrev = "category-prev" in Kb,
        en "Select the previous category of the tree",
        zh "选择分类树的上一个分类",
        keys [Kb "[", Kb "left"];
    StaleArticles = "stale-articles" in Kb,
        en "Show only articles past their review date (again: all)",
        zh "只显示已过复审日期的文章（再按：全部）",
        keys [Kb "!"];
    Playbooks = "playbooks" in Kb,
        en "Show the emergency playbooks and incidents",
        zh "显示应急预案和事件",
        keys [Kb "P"];
    StartPlaybook(PlaybookId) = "start-playbook" in Kb,
        en "Start the playbook as an incident",
        zh "启动预案（真实事件）",
        keys [Kb "s"];
    StartDrill(PlaybookId) = "start-drill" in Kb,
        en "Start the playbook as a drill",
        zh "以演练方式启动预案",
        keys [Kb "D"];
    StepDone(StepNo) = "step-done" in Kb,
        en "Mark the incident's next (or Nth) step done",
        zh "把事件的下一步（或第 N 步）标为完成",
        keys [Kb "x"];
    StepUndo(StepNo) = "step-undo" in Kb,
        en "Mark the incident's last done (or Nth) step not done",
        zh "把最后完成的（或第 N 步）步骤标回未完成",
        keys [Kb "X"];
    ProjectTab(PlanTabName) = "project-tab" in Projects,
        en "Show the next tab of the project (or the one named)",
        zh "切换项目标签（甘特图、风险、问题、文档）",
        keys [Projects "t"];
    GanttZoom(ZoomLevel) = "gantt-zoom" in Projects,
        en "Zoom the Gantt chart (day → week → month)",
        zh "缩放甘特图（日 → 周 → 月）",
        keys [Projects "z"];
    GanttEarlier = "gantt-earlier" in Projects,
        en "Scroll the Gantt chart back in time",
        zh "甘特图向前滚动",
        keys [Projects "h", Projects "left"];
    GanttLater = "gantt-later" in Projects,
        en "Scroll the Gantt chart forward in time",
        zh "甘特图向后滚动",
        keys [Projects "l", Projects "right"];
    PlanFocus = "plan-focus" in Projects,
        en "Switch the keys between the project list and its plan",
        zh "在项目列表和计划之间切换按键",
        keys [Projects "enter"];
    PlanList = "plan-list" in Projects,
        en "Give the keys back to the project list",
        zh "按键交回项目列表",
        keys [Projects "esc"];
    TaskEarlier = "task-earlier" in Projects,
        en "Move the selected task one working day earlier",
        zh "选中任务提前一个工作日",
        keys [Projects "lt"];
    TaskLater = "task-later" in Projects,
        en "Move the selected task one working day later",
        zh "选中任务推后一个工作日",
        keys [Projects "gt"];
    TaskShorter = "task-shorter" in Projects,
        en "End the selected task one working day earlier",
        zh "选中任务结束日提前一个工作日",
        keys [Projects "{"];
    TaskLonger = "task-longer" in Projects,
        en "End the selected task one working day later",
        zh "选中任务结束日推后一个工作日",
        keys [Projects "}"];
    ProgressUp = "progress-up" in Projects,
        en "Add 10% progress to the selected task",
        zh "选中任务进度加 10%",
        keys [Projects "+"];
    ProgressDown = "progress-down" in Projects,
        en "Take 10% progress off the selected task",
        zh "选中任务进度减 10%",
        keys [Projects "minus"];
    TaskDone = "task-done" in Projects,
        en "Mark the selected task done",
        zh "把选中任务标为完成",
        keys [Projects "D"];
    ProjectReport(FilePath) = "project-report" in Projects,
        en "Write the project's status report to a file (.md or .json)",
        zh "把项目状态报告写入文件（.md 或 .json）",
        keys [Projects "w"];
    DashboardEarlier = "dashboard-earlier" in Dashboard,
        en "Step the dashboard's period back by its length",
        zh "仪表盘周期向前移一段",
        keys [Dashboard "["];
    DashboardLater = "dashboard-later" in Dashboard,
        en "Step the dashboard's period forward (up to today)",
        zh "仪表盘周期向后移一段（到今天为止）",
        keys [Dashboard "]"];
    DashboardPeriod(Period) = "dashboard-period" in Dashboard,
        en "Set the dashboard's period: 7, 30 or 90 days, or FROM..TO (no argument: next length)",
        zh "设置仪表盘周期：7、30、90 天或 起..止（不带参数：切换长度）",
        keys [Dashboard "p"];
    DashboardScope(Query) = "dashboard-scope" in Dashboard,
        en "Narrow the dashboard to a group, type or channel (group:X type:Y channel:Z; empty: all)",
        zh "把仪表盘限定到组、类型或渠道（group:X type:Y channel:Z；留空：全部）",
        keys [Dashboard "f"];
    WidgetNext = "widget-next" in Dashboard,
        en "Go to the next chart of the dashboard",
        zh "仪表盘下一个图表",
        keys [Dashboard "l", Dashboard "right"];
    WidgetPrev = "widget-prev" in Dashboard,
        en "Go to the previous chart of the dashboard",
        zh "仪表盘上一个图表",
        keys [Dashboard "h", Dashboard "left"];
    AgentSort = "agent-sort" in Dashboard,
        en "Sort the dashboard's agent table by the next column",
        zh "按下一列排序仪表盘的客服表",
        keys [Dashboard "s"];
    SeriesNext = "series-next" in Dashboard,
        en "Choose the next channel inside the volume bars (after the last: whole bars)",
        zh "在量柱内选下一个渠道（最后一个之后：整根柱）",
        keys [Dashboard "c"];
    SeriesPrev = "series-prev" in Dashboard,
        en "Choose the previous channel inside the volume bars",
        zh "在量柱内选上一个渠道",
        keys [Dashboard "C"];
}
