//! Checks beyond the types: everything a reader of the printed form would
//! notice as wrong. All problems are collected, so staff fix them in one go.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_saphyr::{Location, Spanned};

use crate::era;
use crate::error::Problem;
use crate::model::{Data, Initiative, Row, Strategy, Text};

/// Accepted grades; half-width letters are printed full-width.
pub const GRADES: [(&str, &str); 6] = [
    ("Ａ", "Ａ"),
    ("Ｂ", "Ｂ"),
    ("Ｃ", "Ｃ"),
    ("A", "Ａ"),
    ("B", "Ｂ"),
    ("C", "Ｃ"),
];

/// The printed (full-width) form of a grade, if it is one.
pub fn grade(s: &str) -> Option<&'static str> {
    GRADES.iter().find(|(k, _)| *k == s.trim()).map(|(_, v)| *v)
}

/// Years the tool accepts as a fiscal year (和暦 must be derivable).
const YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// The label of a row as staff write it in `row_order` and as the index
/// shows it: departments joined with ・, or 各関係課（lead）.
pub fn row_label(row: &Row) -> String {
    let names: Vec<&str> = row.departments.iter().map(|d| d.value.as_str()).collect();
    match &row.lead {
        Some(lead) => format!("{}（{}）", names.join("・"), lead.value),
        None => names.join("・"),
    }
}

/// Initiative id "1-2-3" → (strategy, measure, initiative).
pub fn parse_id(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.trim().split('-').map(|p| p.trim().parse::<u32>().ok());
    let id = (it.next()??, it.next()??, it.next()??);
    it.next().is_none().then_some(id)
}

struct Checker<'a> {
    problems: Vec<Problem>,
    file: &'a Path,
}

impl Checker<'_> {
    fn add(&mut self, at: &Location, item: &str, key: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: at.line(),
            column: at.column(),
            item: item.to_string(),
            message: message.into(),
            key,
        });
    }

    fn required(&mut self, text: &Text, item: &str, what: &str) {
        if text.value.trim().is_empty() {
            self.add(
                &text.referenced,
                item,
                "empty",
                format!("{what}が空です。入力してください"),
            );
        }
    }

    fn unknown_department(&mut self, name: &Text, item: &str) {
        self.add(
            &name.referenced,
            item,
            "department",
            format!(
                "部署名「{}」は担当部署等の一覧 (departments.yaml) にありません。誤字か、一覧への追加漏れです",
                name.value
            ),
        );
    }

    fn numbering(&mut self, numbers: &[&Spanned<u32>], item: impl Fn(u32) -> String, what: &str) {
        for (i, n) in numbers.iter().enumerate() {
            let expected = i as u32 + 1;
            if n.value != expected {
                self.add(
                    &n.referenced,
                    &item(n.value),
                    "numbering",
                    format!(
                        "{what}の番号が連続していません（{expected} のはずが {}）",
                        n.value
                    ),
                );
            }
        }
    }
}

/// All problems in the data; empty when it can be built.
pub fn validate(data: &Data) -> Vec<Problem> {
    let mut problems = Vec::new();

    let plan = &data.plan;
    let mut c = Checker {
        problems: Vec::new(),
        file: &plan.file,
    };
    c.required(&plan.value.title, "計画名", "計画名 (title)");
    c.required(&plan.value.city, "市の名称", "市の名称 (city)");
    for (year, what) in [
        (&plan.value.fiscal_year, "対象年度 (fiscal_year)"),
        (
            &plan.value.indicator_years.current,
            "現状値の年度 (indicator_years.current)",
        ),
        (
            &plan.value.indicator_years.target,
            "目標値の年度 (indicator_years.target)",
        ),
    ] {
        if !YEARS.contains(&year.value) {
            c.add(
                &year.referenced,
                what,
                "year",
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
        && crate::pdf::parse_date(&date.value).is_none()
    {
        c.add(
            &date.referenced,
            "発行日 (date)",
            "date",
            "日付は 2025-03-31 のように 年-月-日 で書いてください",
        );
    }
    problems.append(&mut c.problems);

    let deps = &data.departments;
    let mut c = Checker {
        problems: Vec::new(),
        file: &deps.file,
    };
    let mut known = HashSet::new();
    for d in &deps.value.departments {
        c.required(d, "担当部署等の一覧", "部署名");
        if !known.insert(d.value.as_str()) {
            c.add(
                &d.referenced,
                &d.value,
                "duplicate",
                "同じ部署名が二度書かれています",
            );
        }
    }
    let all_concerned = deps.value.all_concerned.value.as_str();
    problems.append(&mut c.problems);

    let intro = &data.intro;
    let mut c = Checker {
        problems: Vec::new(),
        file: &intro.file,
    };
    c.required(&intro.value.heading, "進行管理", "見出し (heading)");
    for p in intro.value.paragraphs.iter().chain(&intro.value.evaluation) {
        c.required(p, "進行管理", "段落");
    }
    for s in &intro.value.cycle {
        c.required(&s.label, "PDCAサイクル", "段階の名前 (label)");
        c.required(&s.text, &s.label.value, "説明 (text)");
    }
    for g in &intro.value.grades {
        if grade(&g.grade.value).is_none() {
            c.add(
                &g.grade.referenced,
                "評価方法",
                "grade",
                "評価はＡ・Ｂ・Ｃのいずれかです",
            );
        }
        c.required(&g.meaning, &g.grade.value, "評価の意味 (meaning)");
    }
    problems.append(&mut c.problems);

    // Every initiative by id, for 【再掲】 targets.
    let mut by_id: HashMap<(u32, u32, u32), &Initiative> = HashMap::new();
    for s in &data.strategies {
        for m in &s.value.measures {
            for i in &m.initiatives {
                by_id.insert((s.value.number.value, m.number.value, i.number.value), i);
            }
        }
    }

    let numbers: Vec<&Spanned<u32>> = data.strategies.iter().map(|s| &s.value.number).collect();
    if let Some(first) = data.strategies.first() {
        let mut c = Checker {
            problems: Vec::new(),
            file: &first.file,
        };
        c.numbering(&numbers, |n| format!("基本戦略{n}"), "基本戦略");
        problems.append(&mut c.problems);
    }

    for s in &data.strategies {
        let mut c = Checker {
            problems: Vec::new(),
            file: &s.file,
        };
        strategy(&mut c, &s.value, &known, all_concerned, &by_id);
        problems.append(&mut c.problems);
    }
    problems
}

fn strategy(
    c: &mut Checker,
    s: &Strategy,
    known: &HashSet<&str>,
    all_concerned: &str,
    by_id: &HashMap<(u32, u32, u32), &Initiative>,
) {
    let sn = s.number.value;
    let sitem = format!("基本戦略{sn}");
    c.required(&s.title, &sitem, "名称 (title)");
    c.required(&s.description, &sitem, "説明 (description)");
    for ind in &s.indicators {
        c.required(&ind.name, &sitem, "成果指標の名称 (indicators.name)");
        c.required(
            &ind.current,
            &format!("{sitem} {}", ind.name.value),
            "現状値 (current)",
        );
        c.required(
            &ind.target,
            &format!("{sitem} {}", ind.name.value),
            "目標値 (target)",
        );
    }
    let mut goals = HashSet::new();
    for g in &s.sdgs {
        if !(1..=17).contains(&g.value) || !goals.insert(g.value) {
            c.add(
                &g.referenced,
                &sitem,
                "sdg",
                "SDGsの目標は 1〜17 の番号で、一度ずつ書いてください",
            );
        }
    }
    let numbers: Vec<_> = s.measures.iter().map(|m| &m.number).collect();
    c.numbering(
        &numbers,
        |n| format!("{sitem}{}", era::paren_full(n)),
        "施策細目",
    );

    for m in &s.measures {
        let mn = m.number.value;
        let mitem = format!("{sitem}{}", era::paren_full(mn));
        c.required(&m.title, &mitem, "施策細目の名称 (title)");
        c.required(&m.background, &mitem, "施策細目の説明 (background)");
        let numbers: Vec<_> = m.initiatives.iter().map(|i| &i.number).collect();
        c.numbering(&numbers, |n| format!("{mitem}{}", era::circled(n)), "取組");

        for i in &m.initiatives {
            let item = format!("{mitem}{}", era::circled(i.number.value));
            initiative(c, i, &item, known, all_concerned, by_id);
        }
    }
}

fn initiative(
    c: &mut Checker,
    i: &Initiative,
    item: &str,
    known: &HashSet<&str>,
    all_concerned: &str,
    by_id: &HashMap<(u32, u32, u32), &Initiative>,
) {
    if let Some(target) = &i.relist_of {
        if let Some(name) = &i.name {
            c.add(
                &name.referenced,
                item,
                "relist_name",
                "【再掲】の取組には名称を書きません（元の取組の名称を使います）",
            );
        }
        if let Some(rows) = &i.rows
            && let Some(r) = rows.first()
        {
            c.add(&r.policy.referenced, item, "relist_rows", "【再掲】の取組には担当部署等の行を書きません（元の取組の行を使います。順番は row_order で指定できます）");
        }
        let Some(id) = parse_id(&target.value) else {
            c.add(&target.referenced, item, "relist_of", format!("【再掲】の元の取組「{}」は 1-2-3 のように 基本戦略-施策細目-取組 の番号で書いてください", target.value));
            return;
        };
        let Some(original) = by_id.get(&id) else {
            c.add(
                &target.referenced,
                item,
                "relist_missing",
                format!("【再掲】の元の取組 {} が見つかりません", target.value),
            );
            return;
        };
        if original.relist_of.is_some() {
            c.add(
                &target.referenced,
                item,
                "relist_chain",
                format!(
                    "【再掲】の元の取組 {} 自体が【再掲】です。元の取組を指定してください",
                    target.value
                ),
            );
            return;
        }
        if let (Some(order), Some(rows)) = (&i.row_order, &original.rows) {
            let labels: Vec<String> = rows.iter().map(row_label).collect();
            let mut seen = HashSet::new();
            for o in order {
                if !labels.contains(&o.value) {
                    c.add(
                        &o.referenced,
                        item,
                        "row_order",
                        format!(
                            "row_order の「{}」は元の取組 {} の担当部署等にありません（{}）",
                            o.value,
                            target.value,
                            labels.join("、")
                        ),
                    );
                } else if !seen.insert(o.value.as_str()) {
                    c.add(
                        &o.referenced,
                        item,
                        "row_order",
                        format!("row_order に「{}」が二度あります", o.value),
                    );
                }
            }
        }
        return;
    }

    match &i.name {
        Some(name) => c.required(name, item, "取組名称 (name)"),
        None => c.add(
            &i.number.referenced,
            item,
            "missing",
            "取組名称 (name) がありません",
        ),
    }
    match &i.overview {
        Some(o) => c.required(o, item, "概要 (overview)"),
        None => c.add(
            &i.number.referenced,
            item,
            "missing",
            "概要 (overview) がありません",
        ),
    }
    if let Some(order) = i.row_order.as_ref().and_then(|o| o.first()) {
        c.add(
            &order.referenced,
            item,
            "row_order",
            "row_order は【再掲】の取組（relist_of があるもの）にだけ書けます",
        );
    }
    let rows = match &i.rows {
        Some(rows) if !rows.is_empty() => rows,
        _ => {
            c.add(
                &i.number.referenced,
                item,
                "missing",
                "担当部署等の行 (rows) がありません",
            );
            return;
        }
    };
    for row in rows {
        let ritem = format!("{item} {}", row_label(row));
        if row.departments.is_empty() {
            c.add(
                &row.policy.referenced,
                item,
                "departments",
                "担当部署等 (departments) が空です",
            );
        }
        for d in &row.departments {
            if d.value == all_concerned {
                if row.lead.is_none() {
                    c.add(
                        &d.referenced,
                        &ritem,
                        "lead",
                        format!("「{all_concerned}」の行には主担当の課 (lead) を書いてください"),
                    );
                }
            } else if !known.contains(d.value.as_str()) {
                c.unknown_department(d, &ritem);
            }
        }
        if let Some(lead) = &row.lead {
            if !row.departments.iter().any(|d| d.value == all_concerned) {
                c.add(
                    &lead.referenced,
                    &ritem,
                    "lead",
                    format!("lead は「{all_concerned}」の行にだけ書けます"),
                );
            } else if !known.contains(lead.value.as_str()) {
                c.unknown_department(lead, &ritem);
            }
        }
        c.required(&row.policy, &ritem, "取組方針 (policy)");
        if let Some(g) = &row.grade
            && !g.value.trim().is_empty()
            && grade(&g.value).is_none()
        {
            c.add(&g.referenced, &ritem, "grade", format!("自己評価「{}」は使えません。Ａ・Ｂ・Ｃのいずれかを書いてください（空欄は未評価）", g.value));
        }
    }
}

/// Every text of the data with its file and the item it belongs to, in the
/// document's own words (for checks over all texts, such as glyphs).
pub fn texts(data: &Data) -> Vec<(&Path, &Text, String)> {
    let mut out: Vec<(&Path, &Text, String)> = Vec::new();
    let plan = &data.plan;
    for t in [&plan.value.title, &plan.value.sheet_title, &plan.value.city] {
        out.push((&plan.file, t, "計画 (plan.yaml)".into()));
    }
    let deps = &data.departments;
    for t in deps
        .value
        .departments
        .iter()
        .chain([&deps.value.all_concerned])
    {
        out.push((&deps.file, t, "担当部署等の一覧".into()));
    }
    let intro = &data.intro;
    let i = &intro.value;
    let mut intro_texts: Vec<&Text> = vec![&i.heading, &i.cycle_caption, &i.evaluation_heading];
    intro_texts.extend(i.paragraphs.iter().chain(&i.evaluation));
    for c in &i.cycle {
        intro_texts.extend([&c.label, &c.english, &c.text]);
    }
    for g in &i.grades {
        intro_texts.extend([&g.grade, &g.meaning]);
    }
    out.extend(
        intro_texts
            .into_iter()
            .map(|t| (intro.file.as_path(), t, "進行管理".to_string())),
    );

    for s in &data.strategies {
        let f = s.file.as_path();
        let s = &s.value;
        let sitem = format!("基本戦略{}", s.number.value);
        out.push((f, &s.title, sitem.clone()));
        out.push((f, &s.description, sitem.clone()));
        for ind in &s.indicators {
            for t in [&ind.name, &ind.current, &ind.target]
                .into_iter()
                .chain(&ind.note)
            {
                out.push((f, t, format!("{sitem} 成果指標")));
            }
        }
        for m in &s.measures {
            let mitem = format!("{sitem}{}", era::paren_full(m.number.value));
            out.push((f, &m.title, mitem.clone()));
            out.push((f, &m.background, mitem.clone()));
            for i in &m.initiatives {
                let item = format!("{mitem}{}", era::circled(i.number.value));
                for t in [&i.name, &i.overview, &i.note, &i.relist_of]
                    .into_iter()
                    .flatten()
                {
                    out.push((f, t, item.clone()));
                }
                for t in i.row_order.iter().flatten() {
                    out.push((f, t, item.clone()));
                }
                for r in i.rows.iter().flatten() {
                    let ritem = format!("{item} {}", row_label(r));
                    let optional = [&r.lead, &r.actions, &r.results, &r.grade, &r.next_policy];
                    for t in r
                        .departments
                        .iter()
                        .chain([&r.policy])
                        .chain(optional.into_iter().flatten())
                    {
                        out.push((f, t, ritem.clone()));
                    }
                }
            }
        }
    }
    out
}

/// Characters that no font can show (they would print as empty boxes):
/// one problem per text and character, with its code point.
pub fn missing_glyphs(data: &Data, covered: impl Fn(char) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    // A plan uses a few thousand distinct characters in ~100,000: ask the
    // fonts once per character.
    let mut known: HashMap<char, bool> = HashMap::new();
    for (file, t, item) in texts(data) {
        let mut seen = HashSet::new();
        for c in t.value.chars() {
            if c.is_ascii() || c.is_whitespace() || c.is_control() {
                continue;
            }
            if *known.entry(c).or_insert_with(|| covered(c)) || !seen.insert(c) {
                continue;
            }
            problems.push(Problem {
                file: file.to_path_buf(),
                line: t.referenced.line(),
                column: t.referenced.column(),
                item: item.clone(),
                message: format!(
                    "文字「{c}」(U+{:04X}) はフォントにないため印刷できません。別の文字に置き換えてください",
                    c as u32
                ),
                key: "glyph",
            });
        }
    }
    problems
}
