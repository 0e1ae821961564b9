//! The plan's years together: each year folder holds the year its name
//! says, and every `previously` link names an initiative of the year
//! before. (Each earlier year's own files are checked like this year's.)

use std::collections::HashSet;

use super::checker::Checker;
use crate::error::{Problem, Rule, shown};
use crate::load::years;
use crate::model::era::Width;
use crate::model::{Data, InitiativeId};

pub fn validate(data: &Data) -> Vec<Problem> {
    let mut problems: Vec<Problem> = data.years().flat_map(folder_year).collect();
    let all: Vec<&Data> = data.years().collect();
    for (i, year) in all.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| all[j]);
        problems.extend(links(year, before));
    }
    problems
}

/// 計画/2025/plan.yaml must say `fiscal_year: 2025`.
fn folder_year(data: &Data) -> Vec<Problem> {
    let plan = &data.plan;
    let mut c = Checker::new(&plan.file);
    let folder = plan.file.parent().and_then(years::year_of);
    if let Some(named) = folder
        && named != data.year()
    {
        c.add(
            &plan.value.fiscal_year.referenced,
            "対象年度 (fiscal_year)",
            Rule::YearFolder,
            format!(
                "フォルダの名前は {named} ですが、対象年度は {} です。年度ごとのフォルダには、その年度のデータを入れてください（フォルダの名前か fiscal_year を直してください）",
                data.year()
            ),
        );
    }
    c.done()
}

/// Each `previously` of `year` must name an original initiative of
/// `before` (the year folder before it).
fn links(year: &Data, before: Option<&Data>) -> Vec<Problem> {
    let style = year.words.value.year_style();
    let label = |y: i32| style.label(y, Width::Half);
    let known: HashSet<InitiativeId> = before
        .map(|b| b.originals().map(|p| p.id).collect())
        .unwrap_or_default();
    let mut problems = Vec::new();
    for p in year.initiatives() {
        let Some(text) = &p.initiative.previously else {
            continue;
        };
        let mut c = Checker::new(&p.strategy.file);
        let item = year
            .words
            .value
            .item(p.id.strategy, Some(p.id.measure), Some(p.id.initiative));
        let at = &text.referenced;
        let ids = p.initiative.previous_ids();
        let message = if p.initiative.is_relist() {
            let w = &year.words.value;
            Some(format!(
                "{}には previously を書けません。元の{}に書いてください",
                w.marks.relist.value.trim(),
                w.levels.initiative.value.trim()
            ))
        } else if ids.is_empty() || ids.iter().any(Option::is_none) {
            Some(format!(
                "previously「{}」は 1-1-3 のように 前の年度の番号で書いてください（いくつかなら 1-1-3, 1-1-4）",
                shown(&text.value)
            ))
        } else if let Some(b) = before {
            ids.iter().flatten().find(|id| !known.contains(id)).map(|id| {
                format!(
                    "{}の previously: {id} は、{}のデータ（{}）にありません（{}の番号を書いてください）",
                    label(year.year()),
                    label(b.year()),
                    b.plan.file.parent().unwrap_or(&b.plan.file).display(),
                    label(b.year()),
                )
            })
        } else {
            Some(format!(
                "{}の previously は前の年度の取組を指しますが、前の年度（{}）のデータがありません。年度ごとのフォルダ（計画/{} など）に前の年度を置くか、previously を消してください",
                label(year.year()),
                label(year.year() - 1),
                year.year() - 1,
            ))
        };
        if let Some(m) = message {
            c.add(at, &item, Rule::Previously, m);
        }
        problems.extend(c.done());
    }
    problems
}
