//! Pure types and rules: no I/O, no SQL, no terminal.

pub mod filter;
pub mod records;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod time;
pub mod workflow;
