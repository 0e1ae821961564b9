//! shinchoku: a welfare plan's progress sheets (進捗管理シート), from YAML
//! data to the city's PDF report.
//!
//! Layers, each using only those above it in this list:
//! [`error`] and [`model`] (the data and its values) → [`io`] (files) →
//! [`load`] → [`check`] → [`view`] → [`render`] (minijinja) → [`typeset`]
//! (Typst) → [`pipeline`] → [`watch`] → [`services`] (workbooks, diff,
//! new year, returns) → the two front ends, [`serve`] (the browser
//! workspace) and [`cli`] (which also starts `serve`). `tests/suite/layers.rs`
//! holds the code to this order, and refuses cycles between the files of a
//! folder.

pub mod check;
pub mod cli;
pub mod error;
pub mod io;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod services;
pub mod typeset;
pub mod view;
pub mod watch;
