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
        c.add(
            &f.fiscal_year.referenced,
            "査定 (fiscal_year)",
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
        let l = &data.words.value.levels;
        let levels = [&l.strategy, &l.measure, &l.initiative]
            .map(|t| t.value.trim())
            .join("-");
        let message = format!(
            "{}の番号「{}」は 1-2-3 のように {levels} の番号で書いてください",
            l.initiative.value.trim(),
            shown(&a.id.value)
        );
        c.add(
            at,
            &format!("査定 {}", shown(&a.id.value)),
            Rule::Committee,
            message,
        );
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
                "{level} {id} は{}です。査定と意見は元の{level}{}に書いてください",
                words.marks.relist.value.trim(),
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
    texts(c, &cx.scale, a, &item);
}

/// The grade on the scale, and an answer only to an opinion.
fn texts(
    c: &mut Checker,
    scale: &crate::model::GradeScale,
    a: &crate::model::committee::Assessment,
    item: &str,
) {
    if let Some(g) = &a.grade
        && !g.value.trim().is_empty()
        && scale.parse(&g.value).is_none()
    {
        let message = format!(
            "査定「{}」は使えません。{}のいずれかを書いてください（空欄は査定なし）",
            shown(g.value.trim()),
            scale.describe()
        );
        c.add(&g.referenced, item, Rule::Grade, message);
    }
    if let Some(answer) = &a.answer
        && !answer.value.trim().is_empty()
        && a.opinion_text().is_empty()
    {
        let message = "市の考え方 (answer) がありますが、意見 (opinion) がありません。意見を書くか、考え方を消してください";
        c.add(&answer.referenced, item, Rule::Committee, message);
    }
}
