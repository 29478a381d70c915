//! aftercare: a terminal helpdesk and project console for after-sales and support teams.

pub mod config;
pub mod domain;
pub mod error;

pub use error::{Error, Result};
pub mod cli;
pub mod editor;
pub mod ops;
pub mod store;
