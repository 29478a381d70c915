//! The five panes. Each owns its state and has the same shape: `update(&mut State,
//! &Ctx, Command) -> Outcome` for commands, `handle` for results, `on_show` /
//! `refresh` for loading, `click` / `scroll` for the mouse. A pane never sees the
//! console's state: it reads `Ctx` and asks for the rest through `Outcome`.

pub mod dashboard;
pub mod kb;
pub mod projects;
pub mod team;
pub mod tickets;
