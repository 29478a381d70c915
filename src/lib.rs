//! aftercare: a terminal helpdesk and project console for after-sales and support teams.

pub mod config;
pub mod demo;
pub mod domain;
pub mod error;

pub use error::{Error, Result};
pub mod app;
pub mod cli;
pub mod csv_out;
pub mod drafts;
pub mod editor;
pub mod files;
pub mod import;
pub mod log;
pub mod ops;
pub mod report;
pub mod store;
pub mod tui;
pub mod ui;
