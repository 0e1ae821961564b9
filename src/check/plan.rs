//! plan.yaml, departments.yaml and intro.yaml.

use std::collections::HashSet;

use super::checker::{Checker, YEARS, intro_item};
use crate::error::{Problem, Rule, shown};
use crate::model::{Data, Date, grade};

pub fn validate(data: &Data) -> Vec<Problem> {
    let mut problems = plan(data);
    problems.extend(departments(data));
    problems.extend(intro(data));
    problems
}

fn plan(data: &Data) -> Vec<Problem> {
    let plan = &data.plan;
    let mut c = Checker::new(&plan.file);
    c.required(&plan.value.title, "計画名", "計画名 (title)");
    c.required(&plan.value.city, "市の名称", "市の名称 (city)");
    let years = &plan.value.indicator_years;
    let actual = years
        .actual
        .as_ref()
        .map(|y| (y, "実績値の年度 (indicator_years.actual)"));
    for (year, what) in [
        (&plan.value.fiscal_year, "対象年度 (fiscal_year)"),
        (&years.current, "現状値の年度 (indicator_years.current)"),
        (&years.target, "目標値の年度 (indicator_years.target)"),
    ]
    .into_iter()
    .chain(actual)
    {
        if !YEARS.contains(&year.value) {
            c.add(
                &year.referenced,
                what,
                Rule::Year,
                format!(
                    "年度 {} は範囲外です。西暦で {}〜{} の年を書いてください",
                    year.value,
                    YEARS.start(),
                    YEARS.end()
                ),
            );
        }
    }
    if let Some(date) = &plan.value.date
        && Date::parse(&date.value).is_none()
    {
        c.add(
            &date.referenced,
            "発行日 (date)",
            Rule::Date,
            "日付は 2025-03-31 のように 年-月-日 で書いてください",
        );
    }
    c.done()
}

fn departments(data: &Data) -> Vec<Problem> {
    let deps = &data.departments;
    let mut c = Checker::new(&deps.file);
    let mut known = HashSet::new();
    for d in &deps.value.departments {
        c.required(d, &data.words.value.departments_list(), "部署名");
        if let Some(why) = not_a_file_name(&d.value) {
            let message = format!(
                "部署名「{}」は使えません: {why}（課ごとの Excel や結果のファイル名になるため）",
                shown(&d.value)
            );
            c.add(&d.referenced, &d.value, Rule::DepartmentName, message);
        }
        if !known.insert(d.value.as_str()) {
            c.add(
                &d.referenced,
                &d.value,
                Rule::Duplicate,
                "同じ部署名が二度書かれています",
            );
        }
    }
    c.done()
}

fn intro(data: &Data) -> Vec<Problem> {
    let intro = &data.intro;
    let mut c = Checker::new(&intro.file);
    let item = intro_item(data);
    c.required(&intro.value.heading, &item, "見出し (heading)");
    for p in intro.value.paragraphs.iter().chain(&intro.value.evaluation) {
        c.required(p, &item, "段落");
    }
    for s in &intro.value.cycle {
        c.required(&s.label, "PDCAサイクル", "段階の名前 (label)");
        c.required(&s.text, &s.label.value, "説明 (text)");
    }
    let steps = intro.value.cycle.len();
    if !CYCLE_STEPS.contains(&steps) {
        let at = intro
            .value
            .cycle
            .first()
            .map_or(intro.value.cycle_caption.referenced, |s| s.label.referenced);
        let message = format!(
            "サイクルの段階 (cycle) が {steps} 個あります。図にできるのは {}〜{} 個です",
            CYCLE_STEPS.start(),
            CYCLE_STEPS.end()
        );
        c.add(&at, "PDCAサイクル", Rule::Cycle, message);
    }
    grades(&mut c, data, &intro.value.evaluation_heading);
    c.done()
}

/// Steps a cycle diagram can show.
pub const CYCLE_STEPS: std::ops::RangeInclusive<usize> = 3..=6;

/// Grades a scale may have.
pub const GRADES: std::ops::RangeInclusive<usize> = 2..=8;

/// Characters of a grade's label (it prints in a narrow column and is a
/// choice in the workbook's drop-down).
pub const GRADE_CHARS: usize = 6;

/// The 自己評価 scale: 2–8 grades, each once (as compared: A is Ａ), short
/// enough for its column and the drop-down, and at least one that counts.
fn grades(c: &mut Checker, data: &Data, heading: &crate::model::Text) {
    let grades = &data.intro.value.grades;
    // Named in the plan's words: 自己評価 (Honjo), 達成度 (another plan).
    let words = &data.words.value;
    let g = words.field(crate::model::Field::Grade);
    let item = format!("{g}の段階 (grades)");
    let mut labels = HashSet::new();
    for grade in grades {
        let label = grade.grade.value.trim();
        c.required(&grade.grade, &item, &format!("{g} (grade)"));
        let message = if !labels.insert(grade::folded(label)) {
            format!(
                "{g}「{}」が二度あります（A と Ａ のような書き方の違いは同じものです）",
                shown(label)
            )
        } else if label.chars().count() > GRADE_CHARS || label.contains([',', '\n']) {
            format!(
                "{g}「{}」は {GRADE_CHARS} 文字までの一行で、「,」を含まない言葉にしてください（シートの狭い欄と Excel の選択肢になります）",
                shown(label)
            )
        } else {
            continue;
        };
        c.add(&grade.grade.referenced, &item, Rule::GradeScale, message);
    }
    for grade in grades {
        c.required(
            &grade.meaning,
            &grade.grade.value,
            &format!("{g}の意味 (meaning)"),
        );
    }
    let at = grades
        .first()
        .map_or(heading.referenced, |g| g.grade.referenced);
    let message = if !GRADES.contains(&grades.len()) {
        format!(
            "{g}の段階 (grades) が {} 個あります。{}〜{} 個にしてください",
            grades.len(),
            GRADES.start(),
            GRADES.end()
        )
    } else if grades.iter().all(|g| g.unrated) {
        format!(
            "すべての段階が unrated（{}として数える）になっています。少なくとも一つは{g}として数えるものにしてください",
            words.name(&words.summary.unrated.value)
        )
    } else {
        return;
    };
    c.add(&at, &item, Rule::GradeScale, message);
}

/// Department names become file names (`障害福祉課_2024.xlsx`,
/// `results/2024/障害福祉課.yaml`): why a name cannot be one on Windows or
/// here, if it cannot.
pub fn not_a_file_name(name: &str) -> Option<&'static str> {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = name.split('.').next().unwrap_or(name).trim().to_uppercase();
    if name
        .chars()
        .any(|c| "/\\:*?\"<>|".contains(c) || c.is_control())
    {
        Some("/ \\ : * ? \" < > | や制御文字は使えません")
    } else if name.contains("..") || name == "." {
        Some("「..」や「.」だけの名前は使えません")
    } else if name != name.trim() || name.ends_with('.') {
        Some("前後の空白や、最後の「.」は使えません")
    } else if RESERVED.contains(&stem.as_str()) {
        Some("Windows で予約された名前です")
    } else if name.chars().count() > 60 {
        Some("60 文字までにしてください")
    } else {
        None
    }
}
