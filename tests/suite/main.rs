//! The integration tests, one binary: each module is one area of the
//! product (linking the whole Typst stack once instead of once per file).
//! `cargo test --release --test suite <module>::` runs one area.

mod common;
mod serve_support;

mod browser;
mod committee;
mod committee_forms;
mod corpus;
mod cycle;
mod data;
mod editing;
mod errors;
mod escaping;
mod examples;
mod filled_report;
mod formats;
mod imports;
mod index;
mod layers;
mod layout;
mod memory;
mod outputs;
mod pagination;
mod pipeline;
mod plan_words;
mod publication;
mod results_file;
mod returns;
mod robustness;
mod roundtrip;
mod rules;
mod serve;
mod snapshots_of_output;
mod words;
mod workflow;
mod years;
