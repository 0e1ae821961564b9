//! The committee file: its year, each initiative it names (written as
//! 1-2-3, in the plan, not a 【再掲】, once), grades on the plan's scale,
//! and an answer only where there is an opinion.

use std::collections::HashMap;

use super::checker::Checker;
use crate::error::{Problem, Rule, shown};
use crate::model::{Data, InitiativeId};

pub fn validate(data: &Data) -> Vec<Problem> {
    let Some(file) = &data.committee else {
        return Vec::new();
    };
    let mut c = Checker::new(&file.file);
    let f = &file.value;
    if f.fiscal_year.value != data.year() {
        let message = format!(
            "検討会議のファイルは {} 年度のものです。{} 年度のデータには committee/{}.yaml を置いてください",
            f.fiscal_year.value,
            data.year(),
            data.year()
        );
        let grade = data
            .words
            .value
            .name(&data.words.value.committee.grade.value);
        c.add(
            &f.fiscal_year.referenced,
            &format!("{grade} (fiscal_year)"),
            Rule::Committee,
            message,
        );
    }
    let cx = Known {
        placed: data
            .initiatives()
            .map(|p| (p.id, p.initiative.is_relist()))
            .collect(),
        scale: data.grade_scale(),
    };
    let mut seen: HashMap<InitiativeId, u64> = HashMap::new();
    for a in &f.initiatives {
        entry(&mut c, data, &cx, a, &mut seen);
    }
    c.done()
}

/// What an entry is checked against: each initiative (and whether it is a
/// 【再掲】), and the scale.
struct Known {
    placed: HashMap<InitiativeId, bool>,
    scale: crate::model::GradeScale,
}

/// One initiative's entry.
fn entry(
    c: &mut Checker,
    data: &Data,
    cx: &Known,
    a: &crate::model::committee::Assessment,
    seen: &mut HashMap<InitiativeId, u64>,
) {
    let at = &a.id.referenced;
    let Some(id) = a.initiative() else {
        unnumbered(c, data, a);
        return;
    };
    let words = &data.words.value;
    let item = words.item(id.strategy, Some(id.measure), Some(id.initiative));
    let level = words.levels.initiative.value.trim();
    match cx.placed.get(&id) {
        None => c.add(
            at,
            &item,
            Rule::Committee,
            format!("{level} {id} は計画にありません"),
        ),
        Some(true) => {
            let original = data
                .initiatives()
                .find(|p| p.id == id)
                .and_then(|p| p.initiative.relist_target());
            let message = format!(
                "{level} {id} は{}です。{}と{}は元の{level}{}に書いてください",
                words.marks.relist.value.trim(),
                words.name(&words.committee.grade.value),
                words.name(&words.committee.opinion.value),
                original.map(|o| format!("（{o}）")).unwrap_or_default()
            );
            c.add(at, &item, Rule::CommitteeRelist, message);
        }
        Some(false) => {}
    }
    if let Some(line) = seen.insert(id, at.line()) {
        let message =
            format!("{level} {id} が二度あります（{line} 行目にも）。一つにまとめてください");
        c.add(at, &item, Rule::Committee, message);
    }
    texts(c, words, &cx.scale, a, &item);
}

/// An entry whose id is not written as 1-2-3.
fn unnumbered(c: &mut Checker, data: &Data, a: &crate::model::committee::Assessment) {
    let words = &data.words.value;
    let l = &words.levels;
    let levels = [&l.strategy, &l.measure, &l.initiative]
        .map(|t| t.value.trim())
        .join("-");
    let message = format!(
        "{}の番号「{}」は 1-2-3 のように {levels} の番号で書いてください",
        l.initiative.value.trim(),
        shown(&a.id.value)
    );
    let item = format!(
        "{} {}",
        words.name(&words.committee.grade.value),
        shown(&a.id.value)
    );
    c.add(&a.id.referenced, &item, Rule::Committee, message);
}

/// The grade on the scale, and an answer only to an opinion.
fn texts(
    c: &mut Checker,
    words: &crate::model::Words,
    scale: &crate::model::GradeScale,
    a: &crate::model::committee::Assessment,
    item: &str,
) {
    // The committee's words as messages name them (査定, 意見, 市の考え方).
    let name = |t: &crate::model::Text| words.name(&t.value);
    if let Some(g) = &a.grade
        && !g.value.trim().is_empty()
        && scale.parse(&g.value).is_none()
    {
        let message = format!(
            "{}「{}」は使えません。{}のいずれかを書いてください（空欄は{}）",
            name(&words.committee.grade),
            shown(g.value.trim()),
            scale.describe(),
            name(&words.committee.ungraded)
        );
        c.add(&g.referenced, item, Rule::Grade, message);
    }
    if let Some(answer) = &a.answer
        && !answer.value.trim().is_empty()
        && a.opinion_text().is_empty()
    {
        let (said, asked) = (
            name(&words.committee.answer),
            name(&words.committee.opinion),
        );
        let message = format!(
            "{said} (answer) がありますが、{asked} (opinion) がありません。{asked}を書くか、{said}を消してください"
        );
        c.add(&answer.referenced, item, Rule::Committee, message);
    }
}
