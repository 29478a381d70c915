//! `update`: a command goes to the open dialog, the console, or the pane that owns
//! it (as declared); the `Outcome` that comes back is applied here — notes become
//! toasts, a dialog opens, requests are carried out — and its effects are returned
//! for the event loop. No I/O.

use super::chrome::{dialog, form_edit, palette, Overlay, Palette};
use super::command::{ArgKind, Choice, Command, Completer, Scope, Spec};
use super::ctx::{Ctx, Drafts, Lang, Pane};
use super::identity;
use super::msg::{Effect, Note, TicketsFx};
use super::outcome::{Outcome, Request};
use super::panes::tickets::Detail;
use super::panes::{dashboard, kb, projects, team, tickets};
use super::state::State;

/// The read-only facts of `$s` for a pane, built from fields so that a pane's own
/// state can be borrowed mutably beside it.
macro_rules! ctx {
    ($s:ident, $focus:expr) => {
        Ctx {
            now: $s.now,
            lang: $s.lang,
            actor: &$s.actor,
            workflow: &$s.workflow,
            size: $s.size,
            place: $s.place(),
            agents: &$s.agents,
            drafts: &$s.drafts,
            focus: $focus,
            dialog: $s.overlay.is_open(),
        }
    };
}
pub(super) use ctx;

/// Applies one command.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    let out = if s.overlay.is_open() {
        in_dialog(s, |o, d, fixed| dialog::update(o, d, cmd, fixed))
    } else {
        route(s, cmd)
    };
    let fx = apply(s, out);
    complete_palette(s);
    fx
}

/// Runs `f` on the open dialog, with the values pickers know without the database
/// (types, priorities, channels in the user's language).
pub(super) fn in_dialog(
    s: &mut State,
    f: impl FnOnce(&mut Overlay, &mut Drafts, &dialog::Fixed) -> Outcome,
) -> Outcome {
    let place = s.place();
    let none = Drafts::new();
    let ctx = Ctx {
        now: s.now,
        lang: s.lang,
        actor: &s.actor,
        workflow: &s.workflow,
        size: s.size,
        place,
        agents: &s.agents,
        drafts: &none,
        focus: None,
        dialog: true,
    };
    let fixed = |kind: ArgKind| match kind.completer() {
        Completer::Fixed(list) => list(&ctx),
        _ => Vec::new(),
    };
    f(&mut s.overlay, &mut s.drafts, &fixed)
}

/// Runs a command no dialog holds: the console's own, or its pane's.
fn route(s: &mut State, cmd: Command) -> Outcome {
    let pane = match cmd.spec().scope {
        Scope::App | Scope::Keys | Scope::Dialog => return console(s, cmd),
        // `u` takes back a task change in the Projects pane, a ticket change elsewhere.
        _ if cmd == Command::Undo && s.pane == Pane::Projects => Pane::Projects,
        Scope::Nav => s.pane,
        scope => scope.pane().unwrap_or(s.pane),
    };
    to_pane(s, pane, cmd)
}

/// Gives `cmd` to `pane`'s `update` with the read-only context.
fn to_pane(s: &mut State, pane: Pane, cmd: Command) -> Outcome {
    let focus = s.focus();
    let ctx = ctx!(s, focus.as_ref());
    match pane {
        Pane::Tickets => tickets::update(&mut s.tickets, &ctx, cmd),
        Pane::Projects => projects::update(&mut s.projects, &ctx, cmd),
        Pane::Kb => kb::update(&mut s.kb, &ctx, cmd),
        Pane::Team => team::update(&mut s.team, &ctx, cmd),
        Pane::Dashboard => dashboard::update(&mut s.dashboard, &ctx, cmd),
    }
}

/// The console's own commands.
fn console(s: &mut State, cmd: Command) -> Outcome {
    match cmd {
        Command::Quit => {
            // Unsent drafts live only in memory: say so once before they go.
            if !s.drafts.is_empty() && !s.quit_armed {
                s.quit_armed = true;
                return Outcome::note(Note::UnsentDrafts { n: s.drafts.len() });
            }
            s.quit = true;
            Outcome::effect(Effect::Quit)
        }
        Command::Suspend => Outcome::effect(Effect::Suspend),
        Command::Cancel => Outcome::request(Request::ClearToasts),
        Command::Help => Outcome::dialog(Overlay::Help { scroll: 0 }),
        Command::Palette => Outcome::dialog(Overlay::Palette(Palette::default())),
        Command::PaneNext => {
            let n = Pane::ALL.len();
            Outcome::effects(switch(s, Pane::ALL[(s.pane.index() + 1) % n]))
        }
        Command::PanePrev => {
            let n = Pane::ALL.len();
            Outcome::effects(switch(s, Pane::ALL[(s.pane.index() + n - 1) % n]))
        }
        Command::PaneTickets => Outcome::effects(switch(s, Pane::Tickets)),
        Command::PaneProjects => Outcome::effects(switch(s, Pane::Projects)),
        Command::PaneKb => Outcome::effects(switch(s, Pane::Kb)),
        Command::PaneTeam => Outcome::effects(switch(s, Pane::Team)),
        Command::PaneDashboard => Outcome::effects(switch(s, Pane::Dashboard)),
        Command::Refresh => Outcome::effects(refresh(s)),
        Command::Iam(None) => Outcome::dialog(Overlay::Picker(identity::picker(s))),
        Command::Iam(Some(v)) => identity::iam(s, &v),
        Command::Language(arg) => {
            s.lang = match arg {
                Some(a) => Lang::parse(&a),
                None if s.lang == Lang::En => Lang::Zh,
                None => Lang::En,
            };
            Outcome::none()
        }
        Command::Theme(arg) => {
            s.theme = match arg.as_deref() {
                Some("light") => "light".into(),
                Some(_) => "dark".into(),
                None if s.theme == "dark" => "light".into(),
                None => "dark".into(),
            };
            Outcome::none()
        }
        Command::Demo if s.status.total == 0 && !s.starting => {
            s.starting = true;
            Outcome::note(Note::LoadingDemo).and_effect(Effect::LoadDemo)
        }
        // Said, not ignored: demo data would mix with real tickets.
        Command::Demo if !s.starting => Outcome::note(Note::DemoNotEmpty {
            total: s.status.total,
        }),
        _ => Outcome::none(),
    }
}

/// Carries out an outcome: toasts, the dialog, the requests; returns its effects.
pub(super) fn apply(s: &mut State, out: Outcome) -> Vec<Effect> {
    for n in out.notes {
        s.toast(n);
    }
    if let Some(o) = out.overlay {
        s.overlay = o;
    }
    let mut fx = out.effects;
    for r in out.requests {
        fx.extend(request(s, r));
    }
    fx
}

fn request(s: &mut State, r: Request) -> Vec<Effect> {
    match r {
        Request::Run(cmd) => return update(s, cmd),
        Request::Show(p) => return show(s, p),
        Request::OpenTicket(id) => {
            let mut fx = show(s, Pane::Tickets);
            s.tickets.detail = Some(Detail::of(id, None));
            fx.push(Effect::Tickets(TicketsFx::LoadDetail { id }));
            return fx;
        }
        Request::ShowProject(id) => {
            let mut fx = switch(s, Pane::Projects);
            let out = projects::show_project(&mut s.projects, id);
            fx.extend(apply(s, out));
            return fx;
        }
        Request::Draft {
            ticket,
            internal,
            text,
        } => match text {
            Some(t) => {
                s.drafts.insert((ticket, internal), t);
            }
            None => {
                s.drafts.remove(&(ticket, internal));
            }
        },
        Request::Refresh => return refresh(s),
        Request::CloseDialog => s.overlay = Overlay::None,
        Request::CloseForm => {
            if matches!(s.overlay, Overlay::Form(_)) {
                s.overlay = Overlay::None;
            }
        }
        Request::FormError(note) => match &mut s.overlay {
            Overlay::Form(f) => f.error = Some(note),
            _ => s.toast(note),
        },
        Request::PickerItems(cmd, items) => {
            if let Overlay::Picker(p) = &mut s.overlay {
                if p.command.as_ref() == Some(&cmd) {
                    p.replace_items(items);
                }
            }
        }
        Request::CustomersFound { query, found } => {
            if let Overlay::Form(f) = &mut s.overlay {
                form_edit::customers_found(f, &query, found);
            }
        }
        Request::ClearToasts => s.toasts.clear(),
    }
    Vec::new()
}

/// Switches to pane `p` (closing the detail), loading it the first time.
pub(super) fn switch(s: &mut State, p: Pane) -> Vec<Effect> {
    s.pane = p;
    s.tickets.detail = None;
    let focus = None;
    let ctx = ctx!(s, focus);
    match p {
        Pane::Tickets => Vec::new(),
        Pane::Projects => projects::on_show(&s.projects),
        Pane::Kb => kb::on_show(&s.kb),
        Pane::Team => team::on_show(&ctx),
        Pane::Dashboard => dashboard::on_show(&mut s.dashboard),
    }
}

/// Brings pane `p` on screen if it is not (a ticket's detail stays open for Tickets).
fn show(s: &mut State, p: Pane) -> Vec<Effect> {
    if s.pane == p {
        return Vec::new();
    }
    let detail = s.tickets.detail.take();
    let fx = switch(s, p);
    if p == Pane::Tickets {
        s.tickets.detail = detail;
    }
    fx
}

/// Reloads what is on screen, keeping the selection.
pub(super) fn refresh(s: &mut State) -> Vec<Effect> {
    let mut fx = vec![Effect::LoadStatus, Effect::LoadAgents];
    let ctx = ctx!(s, None);
    fx.extend(tickets::refresh(&mut s.tickets, &ctx));
    fx.extend(projects::refresh(&s.projects));
    fx.extend(kb::refresh(&s.kb));
    fx.extend(team::refresh(&s.team));
    fx.extend(dashboard::refresh(&mut s.dashboard, &ctx));
    fx
}

/// Redoes the open palette's suggestions when its text changed.
pub(super) fn complete_palette(s: &mut State) {
    let focus = s.focus();
    let place = s.place();
    let Overlay::Palette(p) = &mut s.overlay else {
        return;
    };
    let ctx = Ctx {
        now: s.now,
        lang: s.lang,
        actor: &s.actor,
        workflow: &s.workflow,
        size: s.size,
        place,
        agents: &s.agents,
        drafts: &s.drafts,
        focus: focus.as_ref(),
        dialog: true,
    };
    let (tk, k) = (&s.tickets, &s.kb);
    let pane = |spec: &'static Spec, kind: ArgKind| -> Vec<Choice> {
        match spec.scope.pane() {
            Some(Pane::Kb) => kb::choices(k, &ctx, kind),
            _ => tickets::choices(tk, &ctx, kind),
        }
    };
    palette::complete(p, &ctx, &pane);
}
