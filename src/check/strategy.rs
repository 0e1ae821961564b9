//! strategies/*.yaml: numbering, 【再掲】 references, department rows.

use std::collections::{HashMap, HashSet};

use super::checker::Checker;
use crate::error::{Problem, Rule, shown};
use crate::model::{Data, Field, Initiative, InitiativeId, Row, Sourced, Strategy, Words};

/// What every initiative is checked against.
struct Context<'a> {
    known: HashSet<&'a str>,
    all_concerned: &'a str,
    by_id: HashMap<InitiativeId, &'a Initiative>,
    scale: crate::model::GradeScale,
    words: &'a Words,
}

impl Context<'_> {
    fn item(&self, s: u32, m: Option<u32>, i: Option<u32>) -> String {
        self.words.item(s, m, i)
    }

    /// A level's name: 基本戦略, 施策細目, 取組.
    fn level(&self, n: usize) -> &str {
        let l = &self.words.levels;
        [&l.strategy, &l.measure, &l.initiative][n].value.trim()
    }

    /// A label of words.yaml without its year: 取組名称, 取組方針.
    fn name(&self, label: &crate::model::Text) -> String {
        self.words.name(&label.value)
    }
}

pub fn validate(data: &Data) -> Vec<Problem> {
    let cx = Context {
        known: data.department_names().collect(),
        all_concerned: data.departments.value.all_concerned.value.as_str(),
        by_id: data.initiatives().map(|p| (p.id, p.initiative)).collect(),
        scale: data.grade_scale(),
        words: &data.words.value,
    };
    let mut problems = strategy_files(data, &cx);
    for s in &data.strategies {
        let mut c = Checker::new(&s.file);
        strategy(&mut c, &s.value, &cx);
        problems.extend(c.done());
    }
    problems
}

/// Strategy files: at least one, each number once, 1, 2, 3, … in order.
fn strategy_files(data: &Data, cx: &Context) -> Vec<Problem> {
    let level = cx.level(0);
    let Some(first) = data.strategies.first() else {
        let folder = data.plan.file.with_file_name("strategies");
        let mut c = Checker::new(&folder);
        let at = serde_saphyr::Location::UNKNOWN;
        let message = format!("{level}のファイル（strategies/1.yaml など）が一つもありません");
        c.add(&at, level, Rule::NoStrategies, message);
        return c.done();
    };
    let mut problems = Vec::new();
    let mut seen: HashMap<u32, &Sourced<Strategy>> = HashMap::new();
    for s in &data.strategies {
        let n = s.value.number.value;
        let Some(other) = seen.insert(n, s) else {
            continue;
        };
        // Blame the copy: the file not named after its number.
        let named = |x: &Sourced<Strategy>| {
            x.file
                .file_stem()
                .is_some_and(|f| f.to_string_lossy() == n.to_string())
        };
        let (copy, kept) = if named(s) && !named(other) {
            (other, s)
        } else {
            (s, other)
        };
        let mut c = Checker::new(&copy.file);
        let message = format!(
            "{level} {n} は {} にもあります。コピーしたファイル（「1 - コピー.yaml」など）なら消してください",
            kept.file.display()
        );
        let at = &copy.value.number.referenced;
        c.add(at, &cx.item(n, None, None), Rule::StrategyTwice, message);
        problems.extend(c.done());
    }
    if problems.is_empty() {
        let mut c = Checker::new(&first.file);
        let numbers: Vec<_> = data.strategies.iter().map(|s| &s.value.number).collect();
        c.numbering(&numbers, |n| cx.item(n, None, None), level);
        problems.extend(c.done());
    }
    problems
}

fn strategy(c: &mut Checker, s: &Strategy, cx: &Context) {
    let sn = s.number.value;
    let sitem = cx.item(sn, None, None);
    c.required(&s.title, &sitem, "名称 (title)");
    c.required(&s.description, &sitem, "説明 (description)");
    super::words::indicators(c, s, &sitem, cx.words);
    super::words::sdgs(c, s, &sitem, cx.words);
    let numbers: Vec<_> = s.measures.iter().map(|m| &m.number).collect();
    c.numbering(&numbers, |n| cx.item(sn, Some(n), None), cx.level(1));
    for m in &s.measures {
        let mn = m.number.value;
        let mitem = cx.item(sn, Some(mn), None);
        let level = cx.level(1);
        c.required(&m.title, &mitem, &format!("{level}の名称 (title)"));
        c.required(
            &m.background,
            &mitem,
            &format!("{level}の説明 (background)"),
        );
        let numbers: Vec<_> = m.initiatives.iter().map(|i| &i.number).collect();
        c.numbering(&numbers, |n| cx.item(sn, Some(mn), Some(n)), cx.level(2));
        for i in &m.initiatives {
            let iitem = cx.item(sn, Some(mn), Some(i.number.value));
            if i.is_relist() {
                relist(c, i, &iitem, cx);
            } else {
                original(c, i, &iitem, cx);
            }
        }
    }
}

/// A 【再掲】: only a reference to an existing original, and perhaps an order.
fn relist(c: &mut Checker, i: &Initiative, item: &str, cx: &Context) {
    let Some(target) = &i.relist_of else { return };
    let (relist, ini) = (cx.words.marks.relist.value.trim(), cx.level(2));
    if let Some(name) = &i.name {
        let message = format!("{relist}の{ini}には名称を書きません（元の{ini}の名称を使います）");
        c.add(&name.referenced, item, Rule::RelistName, message);
    }
    if let Some(r) = i.rows.iter().flatten().next() {
        let rows = cx.name(&cx.words.columns.departments);
        let message = format!(
            "{relist}の{ini}には{rows}の行を書きません（元の{ini}の行を使います。順番は row_order で指定できます）"
        );
        c.add(&r.policy.referenced, item, Rule::RelistRows, message);
    }
    let target_text = shown(&target.value);
    let Some(id) = i.relist_target() else {
        let levels = [0, 1, 2].map(|n| cx.level(n)).join("-");
        let message = format!(
            "{relist}の元の{ini}「{target_text}」は 1-2-3 のように {levels} の番号で書いてください"
        );
        c.add(&target.referenced, item, Rule::RelistOf, message);
        return;
    };
    let Some(original) = cx.by_id.get(&id) else {
        let message = format!("{relist}の元の{ini} {target_text} が見つかりません");
        c.add(&target.referenced, item, Rule::RelistMissing, message);
        return;
    };
    if original.is_relist() {
        let message = format!(
            "{relist}の元の{ini} {target_text} 自体が{relist}です。元の{ini}を指定してください"
        );
        c.add(&target.referenced, item, Rule::RelistChain, message);
        return;
    }
    row_order(c, i, original, item, &target_text, cx);
}

fn row_order(
    c: &mut Checker,
    i: &Initiative,
    original: &Initiative,
    item: &str,
    target: &str,
    cx: &Context,
) {
    let (Some(order), Some(rows)) = (&i.row_order, &original.rows) else {
        return;
    };
    let labels: Vec<String> = rows.iter().map(Row::label).collect();
    let mut seen = HashSet::new();
    for o in order {
        let message = if !labels.contains(&o.value) {
            format!(
                "row_order の「{}」は元の{} {target} の{}にありません（{}）",
                shown(&o.value),
                cx.level(2),
                cx.name(&cx.words.columns.departments),
                labels.join("、")
            )
        } else if !seen.insert(o.value.as_str()) {
            format!("row_order に「{}」が二度あります", shown(&o.value))
        } else {
            continue;
        };
        c.add(&o.referenced, item, Rule::RowOrder, message);
    }
}

/// An ordinary initiative: name, overview and at least one row.
fn original(c: &mut Checker, i: &Initiative, item: &str, cx: &Context) {
    let name = format!("{} (name)", cx.name(&cx.words.sheet.name));
    let overview = format!("{} (overview)", cx.name(&cx.words.sheet.overview));
    for (text, what) in [(&i.name, &name), (&i.overview, &overview)] {
        match text {
            Some(t) => c.required(t, item, what),
            None => c.add(
                &i.number.referenced,
                item,
                Rule::Missing,
                format!("{what} がありません"),
            ),
        }
    }
    if let Some(order) = i.row_order.as_ref().and_then(|o| o.first()) {
        c.add(
            &order.referenced,
            item,
            Rule::RowOrder,
            format!(
                "row_order は{}の{}（relist_of があるもの）にだけ書けます",
                cx.words.marks.relist.value.trim(),
                cx.level(2)
            ),
        );
    }
    match &i.rows {
        Some(rows) if !rows.is_empty() => {
            rows.iter().for_each(|r| row(c, r, item, cx));
            repeated_rows(c, rows, item, cx);
        }
        _ => c.add(
            &i.number.referenced,
            item,
            Rule::Missing,
            format!(
                "{}の行 (rows) がありません",
                cx.name(&cx.words.columns.departments)
            ),
        ),
    }
}

/// The same row written twice (same departments, same policy).
fn repeated_rows(c: &mut Checker, rows: &[Row], item: &str, cx: &Context) {
    let mut seen = HashSet::new();
    for r in rows {
        if !seen.insert((r.label(), r.policy.value.trim())) {
            let message = format!(
                "同じ{}・同じ{}の行が二度書かれています。片方を消してください",
                cx.name(&cx.words.columns.departments),
                cx.name(&cx.words.columns.policy)
            );
            c.add(
                &r.policy.referenced,
                &format!("{item} {}", r.label()),
                Rule::RowTwice,
                message,
            );
        }
    }
}

fn row(c: &mut Checker, row: &Row, item: &str, cx: &Context) {
    let ritem = format!("{item} {}", row.label());
    let mut names = HashSet::new();
    for d in row
        .departments
        .iter()
        .filter(|d| !names.insert(d.value.as_str()))
    {
        let message = format!("「{}」がこの行に二度書かれています", shown(&d.value));
        c.add(&d.referenced, &ritem, Rule::RowTwice, message);
    }
    if row.departments.is_empty() {
        let what = cx.name(&cx.words.columns.departments);
        let message = format!("{what} (departments) が空です");
        c.add(&row.policy.referenced, item, Rule::Departments, message);
    }
    let all = cx.all_concerned;
    for d in &row.departments {
        if d.value == all {
            if row.lead.is_none() {
                let message = format!("「{all}」の行には主担当の課 (lead) を書いてください");
                c.add(&d.referenced, &ritem, Rule::Lead, message);
            }
        } else if !cx.known.contains(d.value.as_str()) {
            c.unknown_department(d, &ritem, &cx.words.departments_list());
        }
    }
    if let Some(lead) = &row.lead {
        if !row.departments.iter().any(|d| d.value == all) {
            let message = format!("lead は「{all}」の行にだけ書けます");
            c.add(&lead.referenced, &ritem, Rule::Lead, message);
        } else if !cx.known.contains(lead.value.as_str()) {
            c.unknown_department(lead, &ritem, &cx.words.departments_list());
        }
    }
    let policy = format!("{} (policy)", cx.name(&cx.words.columns.policy));
    c.required(&row.policy, &ritem, &policy);
    if let Some(g) = &row.results.grade
        && !g.value.trim().is_empty()
        && cx.scale.parse(&g.value).is_none()
    {
        let message = format!(
            "{}「{}」は使えません。{}のいずれかを書いてください（空欄は{}）",
            cx.words.field(Field::Grade),
            shown(&g.value),
            cx.scale.describe(),
            cx.words.summary.unrated.value.trim()
        );
        c.add(&g.referenced, &ritem, Rule::Grade, message);
    }
}
