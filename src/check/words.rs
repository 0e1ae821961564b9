//! words.yaml (the document's fixed words) and what depends on it in the
//! strategy files: an indicator value for a column that is not shown, SDG
//! goals where no box is printed. Each problem names the setting and the
//! values it may take.

use std::collections::HashSet;

use super::checker::{Checker, YEARS};
use crate::error::{Problem, Rule, shown};
use crate::model::era::YearStyle;
use crate::model::numbering::{self, NumberStyle};
use crate::model::words::{INDICATOR_COLUMNS, PLACEHOLDERS};
use crate::model::{Data, Strategy, Text, Words};

/// Where staff read about the file in messages.
const ITEM: &str = "文書の文言 (words.yaml)";

pub fn validate(data: &Data) -> Vec<Problem> {
    let words = &data.words.value;
    let mut c = Checker::new(&data.words.file);
    for (key, text) in words.texts() {
        c.required(text, ITEM, &key);
        if key.starts_with("levels.") {
            one_line_name(&mut c, &key, text);
        } else if !key.starts_with("numbering.")
            && key != "years.style"
            && !key.ends_with("columns")
        {
            placeholders(&mut c, &key, text);
        }
    }
    numbering_styles(&mut c, words);
    let style = &words.years.style;
    if YearStyle::parse(&style.value).is_none() {
        let allowed: Vec<String> = YearStyle::ALLOWED
            .iter()
            .map(|(k, e)| format!("{k}（{e}）"))
            .collect();
        let message = format!(
            "years.style「{}」は使えません。{} のどれかを書いてください",
            shown(&style.value),
            allowed.join("、")
        );
        c.add(&style.referenced, ITEM, Rule::Words, message);
    }
    indicator_columns(&mut c, words);
    c.done()
}

/// A level's name is a word: one line, no braces.
fn one_line_name(c: &mut Checker, key: &str, text: &Text) {
    if text.value.trim().contains(['\n', '{', '}']) {
        let message = format!(
            "{key} は階層の名前（例: 基本目標、施策、事業）を一行で書きます。改行や {{ }} は使えません"
        );
        c.add(&text.referenced, ITEM, Rule::Words, message);
    }
}

/// Only the known names may stand in braces.
fn placeholders(c: &mut Checker, key: &str, text: &Text) {
    let known: Vec<String> = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
    let mut rest = text.value.as_str();
    while let Some(open) = rest.find('{') {
        let tail = &rest[open..];
        let end = tail.find('}').map_or(tail.len(), |i| i + 1);
        let word = &tail[..end];
        if !known.iter().any(|k| k == word) {
            let message = format!(
                "{key} の「{}」は置き換えられません。{{ }} で囲んで使えるのは {} です（年度は年度の表記、ほかは levels の名前になります）",
                shown(word),
                known.join(" ")
            );
            c.add(&text.referenced, ITEM, Rule::Words, message);
            return;
        }
        rest = &tail[end..];
    }
}

fn numbering_styles(c: &mut Checker, words: &Words) {
    let n = &words.numbering;
    for (key, text) in [
        ("strategy", &n.strategy),
        ("measure", &n.measure),
        ("initiative", &n.initiative),
    ] {
        if NumberStyle::parse(&text.value).is_none() {
            let message = format!(
                "numbering.{key}「{}」は番号の付け方として読めません。{}",
                shown(&text.value),
                numbering::describe_allowed()
            );
            c.add(&text.referenced, ITEM, Rule::Words, message);
        }
    }
}

fn indicator_columns(c: &mut Checker, words: &Words) {
    let allowed: Vec<String> = INDICATOR_COLUMNS
        .iter()
        .map(|(k, what)| format!("{k}（{what}）"))
        .collect();
    let mut seen = HashSet::new();
    for col in &words.indicators.columns {
        let key = col.value.trim();
        if words.indicators.column(key).is_none() || !seen.insert(key) {
            let message = format!(
                "indicators.columns の「{}」は使えません。{} から、並べる順に一度ずつ書いてください",
                shown(key),
                allowed.join("、")
            );
            c.add(&col.referenced, ITEM, Rule::Words, message);
        }
    }
    if words.indicators.columns.is_empty() {
        let at = serde_saphyr::Location::UNKNOWN;
        let message = format!(
            "indicators.columns に列が一つもありません。{} から書いてください",
            allowed.join("、")
        );
        c.add(&at, ITEM, Rule::Words, message);
    }
}

/// A strategy's indicators: the values of the columns shown, no value for a
/// column that is not, years the tool can print.
pub fn indicators(c: &mut Checker, s: &Strategy, sitem: &str, words: &Words) {
    let w = &words.indicators;
    let shown_columns = w.shown();
    let name = words.name(&w.name.value);
    for ind in &s.indicators {
        c.required(&ind.name, sitem, &format!("{name} (indicators.name)"));
        let item = format!("{sitem} {}", ind.name.value);
        for (key, _) in INDICATOR_COLUMNS {
            let label = w
                .column(key)
                .map(|t| words.name(&t.value))
                .unwrap_or_default();
            let value = ind.value(key);
            // The trend pages print each year's 実績値 (a year of a plan
            // folder may have them whatever its strategy pages show).
            let in_plan = c
                .file
                .parent()
                .and_then(std::path::Path::parent)
                .and_then(crate::load::years::year_of)
                .is_some();
            let shown_here = shown_columns.contains(&key)
                || (key == "actual" && (words.trend.show.value || in_plan));
            match value {
                Some(v) if !shown_here && !v.value.trim().is_empty() => {
                    hidden_column(c, &v.referenced, &item, &label, key);
                }
                Some(v) if shown_here && key != "actual" => {
                    c.required(v, &item, &format!("{label} ({key})"));
                }
                None if shown_here && key != "actual" => {
                    let message = format!("{label} ({key}) がありません");
                    c.add(&ind.name.referenced, &item, Rule::Missing, message);
                }
                _ => {}
            }
            if let Some(year) = ind.own_year(key) {
                indicator_year(c, year, &item, key);
            }
        }
    }
}

fn hidden_column(c: &mut Checker, at: &serde_saphyr::Location, item: &str, label: &str, key: &str) {
    let message = format!(
        "{label} ({key}) は words.yaml の indicators.columns にないので印刷されません。列に {key} を加えるか、この値を消してください{}",
        if key == "actual" {
            "（年度ごとの推移のページに載せるなら、データを年度ごとのフォルダに入れるか trend.show を true に）"
        } else {
            ""
        }
    );
    c.add(at, item, Rule::Hidden, message);
}

fn indicator_year(c: &mut Checker, year: &serde_saphyr::Spanned<i32>, item: &str, key: &str) {
    if !YEARS.contains(&year.value) {
        let message = format!(
            "years.{key} の年度 {} は範囲外です。西暦で {}〜{} の年を書いてください",
            year.value,
            YEARS.start(),
            YEARS.end()
        );
        c.add(&year.referenced, item, Rule::Year, message);
    }
}

/// SDG goals: 1–17, each once, and only where the box is printed.
pub fn sdgs(c: &mut Checker, s: &Strategy, sitem: &str, words: &Words) {
    if !words.sdgs.show.value
        && let Some(g) = s.sdgs.first()
    {
        let message = "words.yaml で sdgs.show: false なので、SDGsの目標は印刷されません。sdgs: [] にするか、show を true にしてください";
        c.add(&g.referenced, sitem, Rule::Hidden, message);
    }
    let mut goals = HashSet::new();
    for g in &s.sdgs {
        if !(1..=17).contains(&g.value) || !goals.insert(g.value) {
            c.add(
                &g.referenced,
                sitem,
                Rule::Sdg,
                "SDGsの目標は 1〜17 の番号で、一度ずつ書いてください",
            );
        }
    }
}
