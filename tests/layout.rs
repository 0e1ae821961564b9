//! What the pages look like, read back from the laid-out document: SDG
//! tiles, notes kept whole, words not broken, indents and rules.

mod common;

use common::*;
use shinchoku::pipeline::compile;
use shinchoku::typeset::inspect::{Piece, pieces};

const MM: f64 = 72.0 / 25.4;
/// The text area of every page (layouts/report.typ: A4, 15 mm each side).
const TEXT_LEFT: f64 = 15.0 * MM;
const TEXT_RIGHT: f64 = (210.0 - 15.0) * MM;
/// Above the footer (bottom margin 16 mm).
const TEXT_BOTTOM: f64 = (297.0 - 16.0) * MM;

/// A plan of one strategy with `goals` as its SDGs.
fn strategy_with_goals(goals: &[u32]) -> tempfile::TempDir {
    let list: Vec<String> = goals.iter().map(u32::to_string).collect();
    let yaml = strategy_yaml(&initiative_yaml(
        1,
        "取組",
        "概要。",
        "地域福祉課",
        "方針。",
    ))
    .replace(
        "indicators:",
        &format!("sdgs: [{}]\nindicators:", list.join(", ")),
    );
    temp_data(&[("1.yaml", &yaml)])
}

fn inside(p: &Piece, left: f64, right: f64) -> bool {
    p.left >= left - 0.5 && p.right <= right + 0.5
}

#[test]
fn sdg_tiles_wrap_inside_their_box_for_any_number_of_goals() {
    for n in [0, 1, 7, 8, 17] {
        let goals: Vec<u32> = (1..=n).collect();
        let data = strategy_with_goals(&goals);
        let compiled = compile(&inputs(data.path())).unwrap();
        // The strategy page follows the intro and the one index page.
        let page = pieces(&compiled.document, 2);
        let text: String = page.iter().filter_map(|p| p.text.clone()).collect();
        assert!(text.contains("関連するSDGｓの目標"), "{text}");
        for p in &page {
            assert!(
                inside(p, TEXT_LEFT, TEXT_RIGHT),
                "{n} goals: {p:?} outside the text area"
            );
        }
        // Each goal is drawn with its number and name.
        for g in [1, 8, 17].into_iter().filter(|g| *g <= n) {
            let name = [
                "貧困をなくそう",
                "働きがいも経済成長も",
                "パートナーシップで目標を達成しよう",
            ][[1, 8, 17].iter().position(|x| *x == g).unwrap()];
            assert!(
                text.contains(&format!("{g}{name}")),
                "{n} goals: goal {g} missing in {text}"
            );
        }
        // The box: the lowest rule is below every tile.
        let box_bottom = page
            .iter()
            .filter(|p| p.text.is_none())
            .map(|p| p.bottom)
            .fold(0.0, f64::max);
        let lowest_text = page
            .iter()
            .filter(|p| p.text.is_some() && p.bottom < TEXT_BOTTOM)
            .map(|p| p.bottom)
            .fold(0.0, f64::max);
        assert!(lowest_text < box_bottom, "{n} goals: text below the box");
    }
}
