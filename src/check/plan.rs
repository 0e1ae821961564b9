//! plan.yaml, departments.yaml and intro.yaml.

use std::collections::HashSet;

use super::{Checker, YEARS};
use crate::error::{Problem, Rule, shown};
use crate::model::{Data, Date};

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
    for (year, what) in [
        (&plan.value.fiscal_year, "対象年度 (fiscal_year)"),
        (&years.current, "現状値の年度 (indicator_years.current)"),
        (&years.target, "目標値の年度 (indicator_years.target)"),
    ] {
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
        c.required(d, "担当部署等の一覧", "部署名");
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
    c.required(&intro.value.heading, "進行管理", "見出し (heading)");
    for p in intro.value.paragraphs.iter().chain(&intro.value.evaluation) {
        c.required(p, "進行管理", "段落");
    }
    for s in &intro.value.cycle {
        c.required(&s.label, "PDCAサイクル", "段階の名前 (label)");
        c.required(&s.text, &s.label.value, "説明 (text)");
    }
    let mut labels = HashSet::new();
    for g in &intro.value.grades {
        if !["Ａ", "Ｂ", "Ｃ"].contains(&g.grade.value.trim())
            || !labels.insert(g.grade.value.trim())
        {
            c.add(
                &g.grade.referenced,
                "評価方法",
                Rule::Grade,
                "評価はＡ・Ｂ・Ｃのいずれかです",
            );
        }
        c.required(&g.meaning, &g.grade.value, "評価の意味 (meaning)");
    }
    c.done()
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
