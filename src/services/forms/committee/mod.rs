//! The committee's workbook: one sheet with every original initiative (not
//! a 【再掲】), its rows' departments and self grades to read, and the
//! 地域福祉検討会議's 査定, 意見 and the city's 市の考え方 to fill in.
//! `import-forms` knows it by its hidden sheet and writes
//! `committee/<year>.yaml`, all or nothing, as it does a department's.
//!
//! As in the department workbooks, the hidden sheet keeps what each cell
//! showed when the workbook was made: an untouched cell is not an answer.

mod export;
mod import;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use export::export;
pub(super) use import::import_one;

use crate::model::{Data, InitiativeId, Words};
use crate::view::View;

/// The format written on the hidden sheet.
pub(super) const FORMAT_ID: &str = "shinchoku-committee-1";
/// Who the workbook is for (in place of a department).
pub const NAME: &str = "地域福祉検討会議";
/// The sheet to fill in.
const SHEET: &str = "検討会議";

/// A column of the committee's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    /// The initiative's id, 1-2-3 (hidden).
    Id,
    Strategy,
    Measure,
    Initiative,
    /// Each row's departments and self grade, one line a row.
    SelfGrades,
    Grade,
    Opinion,
    Answer,
}

impl Col {
    const ALL: [Col; 8] = [
        Col::Id,
        Col::Strategy,
        Col::Measure,
        Col::Initiative,
        Col::SelfGrades,
        Col::Grade,
        Col::Opinion,
        Col::Answer,
    ];
    const CONTEXT: [Col; 4] = [
        Col::Strategy,
        Col::Measure,
        Col::Initiative,
        Col::SelfGrades,
    ];
    /// The cells the committee fills in.
    const FILLED: [Col; 3] = [Col::Grade, Col::Opinion, Col::Answer];

    fn index(self) -> u16 {
        self as u16
    }

    fn count() -> u16 {
        Self::ALL.len() as u16
    }

    /// The heading and the name in messages, in the plan's words.
    fn name(self, words: &Words) -> String {
        let name = |t: &crate::model::Text| words.name(&t.value).replace(['\n', '　'], "");
        let c = &words.committee;
        match self {
            Col::Id => format!("{}の識別", initiative(words)),
            Col::Strategy => name(&words.index.strategy),
            Col::Measure => name(&words.index.measure),
            Col::Initiative => name(&words.index.initiative),
            Col::SelfGrades => format!(
                "{}・{}",
                name(&words.columns.departments),
                name(&c.self_grades)
            ),
            Col::Grade => name(&c.grade),
            Col::Opinion => name(&c.opinion),
            Col::Answer => name(&c.answer),
        }
    }

    fn width(self) -> f64 {
        match self {
            Col::Id => 10.0,
            Col::Strategy => 14.0,
            Col::Measure => 16.0,
            Col::Initiative => 24.0,
            Col::SelfGrades => 24.0,
            Col::Grade => 8.0,
            Col::Opinion | Col::Answer => 40.0,
        }
    }
}

/// The plan's name of an initiative (取組, 事業), for messages.
fn initiative(words: &Words) -> &str {
    words.levels.initiative.value.trim()
}

/// What an empty 査定 cell means, in the plan's words (査定なし).
fn ungraded(words: &Words) -> String {
    words.name(&words.committee.ungraded.value)
}

/// The committee's three cells of one initiative: 査定, 意見, 市の考え方.
type Filled<T> = [T; 3];

/// One initiative of the workbook.
struct Item {
    id: InitiativeId,
    context: [String; 4],
    /// What the cells show: the committee file's entry, if any.
    filled: Filled<String>,
}

/// Every original initiative in document order, with what the committee
/// file says of it now.
fn items(view: &View, data: &Data) -> Vec<Item> {
    let earlier = earlier(data);
    let unrated = view.labels.summary.unrated.as_str();
    let mut out = Vec::new();
    for s in &view.strategies {
        for m in &s.measures {
            for i in m.initiatives.iter().filter(|i| i.relist_of.is_none()) {
                let lines: Vec<String> = i
                    .rows
                    .iter()
                    .map(|r| {
                        let grade = r.results.grade.trim();
                        let grade = if grade.is_empty() { unrated } else { grade };
                        format!("{} {grade}", r.departments.join("・").replace('\n', ""))
                    })
                    .collect();
                let filled = earlier.get(&i.id).cloned().unwrap_or_default();
                out.push(Item {
                    id: i.id,
                    context: [
                        format!("{}　{}", s.mark, s.title),
                        format!("{}{}", m.mark, m.title),
                        super::initiative_name(i),
                        lines.join("\n"),
                    ],
                    filled: shown_values(data, &filled),
                });
            }
        }
    }
    out
}

/// The committee file's entries as written, by initiative.
fn earlier(data: &Data) -> HashMap<InitiativeId, Filled<Option<String>>> {
    let Some(file) = &data.committee else {
        return HashMap::new();
    };
    let value = |t: &Option<crate::model::Text>| t.as_ref().map(|t| t.value.clone());
    file.value
        .initiatives
        .iter()
        .filter_map(|a| {
            let values = [value(&a.grade), value(&a.opinion), value(&a.answer)];
            Some((a.initiative()?, values))
        })
        .collect()
}

/// What an entry shows: the grade as the scale prints it, the texts
/// without the blank lines a YAML block adds.
fn shown_values(data: &Data, values: &Filled<Option<String>>) -> Filled<String> {
    let scale = data.grade_scale();
    let text = |v: &Option<String>| {
        v.as_deref()
            .unwrap_or("")
            .trim_end()
            .trim_start_matches(['\n', '\r'])
            .to_string()
    };
    let grade = text(&values[0]);
    let grade = scale
        .parse(&grade)
        .map_or(grade, |g| scale.label(g).to_string());
    [grade, text(&values[1]), text(&values[2])]
}

/// `committee/<year>.yaml` of the data's year folder.
pub(in crate::services::forms) fn committee_file(data: &Data) -> PathBuf {
    if let Some(c) = &data.committee {
        return c.file.clone();
    }
    data.plan
        .file
        .parent()
        .unwrap_or(Path::new("."))
        .join("committee")
        .join(crate::model::committee::file_name(data.year()))
}
