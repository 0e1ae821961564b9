//! shinchoku: a welfare plan's progress sheets (進捗管理シート), from YAML
//! data to the city's PDF report.
//!
//! Layers, each using only those above it in this list:
//! [`error`] and [`model`] (the data and its values) → [`io`] (files) →
//! [`load`] → [`check`] → [`view`] → [`render`] (minijinja) → [`typeset`]
//! (Typst) → [`pipeline`] → [`watch`] → [`tools`] (workbooks, diff,
//! new-year) → [`cli`]. `tests/layers.rs` holds the code to this order.

pub mod check;
pub mod cli;
pub mod error;
pub mod io;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod tools;
pub mod typeset;
pub mod view;
pub mod watch;
