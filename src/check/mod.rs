//! Checks beyond the types: everything a reader of the printed form would
//! notice as wrong. All problems are collected, so staff fix them in one go;
//! each names its file, line, column and item in the document's own words.

mod checker;
mod committee;
mod plan;
mod results;
mod strategy;
mod text;
mod words;
mod years;

use crate::error::Problem;
use crate::model::Data;

pub use checker::YEARS;
pub use text::{MAX_TEXT_CHARS, missing_glyphs, texts, unprintable};

/// All problems in the data, of every year of the plan; empty when it can
/// be built.
pub fn validate(data: &Data) -> Vec<Problem> {
    let mut problems: Vec<Problem> = data.years().flat_map(validate_year).collect();
    problems.extend(years::validate(data));
    problems
}

/// The problems of one year's folder.
fn validate_year(data: &Data) -> Vec<Problem> {
    let mut problems = plan::validate(data);
    problems.extend(words::validate(data));
    problems.extend(strategy::validate(data));
    problems.extend(results::validate(data));
    problems.extend(committee::validate(data));
    problems.extend(text::unprintable_texts(data));
    problems
}
