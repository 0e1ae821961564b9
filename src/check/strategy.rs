//! strategies/*.yaml: numbering, 【再掲】 references, department rows.

use std::collections::{HashMap, HashSet};

use super::{Checker, item};
use crate::error::{Problem, Rule, shown};
use crate::model::{Data, Initiative, InitiativeId, Row, Sourced, Strategy};

/// What every initiative is checked against.
struct Context<'a> {
    known: HashSet<&'a str>,
    all_concerned: &'a str,
    by_id: HashMap<InitiativeId, &'a Initiative>,
    scale: crate::model::GradeScale,
}

pub fn validate(data: &Data) -> Vec<Problem> {
    let cx = Context {
        known: data.department_names().collect(),
        all_concerned: data.departments.value.all_concerned.value.as_str(),
        by_id: data.initiatives().map(|p| (p.id, p.initiative)).collect(),
        scale: data.grade_scale(),
    };
    let mut problems = strategy_files(data);
    for s in &data.strategies {
        let mut c = Checker::new(&s.file);
        strategy(&mut c, &s.value, &cx);
        problems.extend(c.done());
    }
    problems
}

/// Strategy files: at least one, each number once, 1, 2, 3, … in order.
fn strategy_files(data: &Data) -> Vec<Problem> {
    let Some(first) = data.strategies.first() else {
        let folder = data.plan.file.with_file_name("strategies");
        let mut c = Checker::new(&folder);
        let at = serde_saphyr::Location::UNKNOWN;
        c.add(
            &at,
            "基本戦略",
            Rule::NoStrategies,
            "基本戦略のファイル（strategies/1.yaml など）が一つもありません",
        );
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
            "基本戦略 {n} は {} にもあります。コピーしたファイル（「1 - コピー.yaml」など）なら消してください",
            kept.file.display()
        );
        let at = &copy.value.number.referenced;
        c.add(at, &item(n, None, None), Rule::StrategyTwice, message);
        problems.extend(c.done());
    }
    if problems.is_empty() {
        let mut c = Checker::new(&first.file);
        let numbers: Vec<_> = data.strategies.iter().map(|s| &s.value.number).collect();
        c.numbering(&numbers, |n| item(n, None, None), "基本戦略");
        problems.extend(c.done());
    }
    problems
}

fn strategy(c: &mut Checker, s: &Strategy, cx: &Context) {
    let sn = s.number.value;
    let sitem = item(sn, None, None);
    c.required(&s.title, &sitem, "名称 (title)");
    c.required(&s.description, &sitem, "説明 (description)");
    for ind in &s.indicators {
        let what = format!("{sitem} {}", ind.name.value);
        c.required(&ind.name, &sitem, "成果指標の名称 (indicators.name)");
        c.required(&ind.current, &what, "現状値 (current)");
        c.required(&ind.target, &what, "目標値 (target)");
    }
    let mut goals = HashSet::new();
    for g in &s.sdgs {
        if !(1..=17).contains(&g.value) || !goals.insert(g.value) {
            c.add(
                &g.referenced,
                &sitem,
                Rule::Sdg,
                "SDGsの目標は 1〜17 の番号で、一度ずつ書いてください",
            );
        }
    }
    let numbers: Vec<_> = s.measures.iter().map(|m| &m.number).collect();
    c.numbering(&numbers, |n| item(sn, Some(n), None), "施策細目");
    for m in &s.measures {
        let mn = m.number.value;
        let mitem = item(sn, Some(mn), None);
        c.required(&m.title, &mitem, "施策細目の名称 (title)");
        c.required(&m.background, &mitem, "施策細目の説明 (background)");
        let numbers: Vec<_> = m.initiatives.iter().map(|i| &i.number).collect();
        c.numbering(&numbers, |n| item(sn, Some(mn), Some(n)), "取組");
        for i in &m.initiatives {
            let iitem = item(sn, Some(mn), Some(i.number.value));
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
    if let Some(name) = &i.name {
        c.add(
            &name.referenced,
            item,
            Rule::RelistName,
            "【再掲】の取組には名称を書きません（元の取組の名称を使います）",
        );
    }
    if let Some(r) = i.rows.iter().flatten().next() {
        c.add(&r.policy.referenced, item, Rule::RelistRows, "【再掲】の取組には担当部署等の行を書きません（元の取組の行を使います。順番は row_order で指定できます）");
    }
    let target_text = shown(&target.value);
    let Some(id) = i.relist_target() else {
        c.add(&target.referenced, item, Rule::RelistOf, format!("【再掲】の元の取組「{target_text}」は 1-2-3 のように 基本戦略-施策細目-取組 の番号で書いてください"));
        return;
    };
    let Some(original) = cx.by_id.get(&id) else {
        c.add(
            &target.referenced,
            item,
            Rule::RelistMissing,
            format!("【再掲】の元の取組 {target_text} が見つかりません"),
        );
        return;
    };
    if original.is_relist() {
        c.add(
            &target.referenced,
            item,
            Rule::RelistChain,
            format!(
                "【再掲】の元の取組 {target_text} 自体が【再掲】です。元の取組を指定してください"
            ),
        );
        return;
    }
    row_order(c, i, original, item, &target_text);
}

fn row_order(c: &mut Checker, i: &Initiative, original: &Initiative, item: &str, target: &str) {
    let (Some(order), Some(rows)) = (&i.row_order, &original.rows) else {
        return;
    };
    let labels: Vec<String> = rows.iter().map(Row::label).collect();
    let mut seen = HashSet::new();
    for o in order {
        let message = if !labels.contains(&o.value) {
            format!(
                "row_order の「{}」は元の取組 {target} の担当部署等にありません（{}）",
                shown(&o.value),
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
    for (text, what) in [
        (&i.name, "取組名称 (name)"),
        (&i.overview, "概要 (overview)"),
    ] {
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
            "row_order は【再掲】の取組（relist_of があるもの）にだけ書けます",
        );
    }
    match &i.rows {
        Some(rows) if !rows.is_empty() => {
            rows.iter().for_each(|r| row(c, r, item, cx));
            repeated_rows(c, rows, item);
        }
        _ => c.add(
            &i.number.referenced,
            item,
            Rule::Missing,
            "担当部署等の行 (rows) がありません",
        ),
    }
}

/// The same row written twice (same departments, same policy).
fn repeated_rows(c: &mut Checker, rows: &[Row], item: &str) {
    let mut seen = HashSet::new();
    for r in rows {
        if !seen.insert((r.label(), r.policy.value.trim())) {
            let message =
                "同じ担当部署等・同じ取組方針の行が二度書かれています。片方を消してください";
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
        c.add(
            &row.policy.referenced,
            item,
            Rule::Departments,
            "担当部署等 (departments) が空です",
        );
    }
    let all = cx.all_concerned;
    for d in &row.departments {
        if d.value == all {
            if row.lead.is_none() {
                let message = format!("「{all}」の行には主担当の課 (lead) を書いてください");
                c.add(&d.referenced, &ritem, Rule::Lead, message);
            }
        } else if !cx.known.contains(d.value.as_str()) {
            c.unknown_department(d, &ritem);
        }
    }
    if let Some(lead) = &row.lead {
        if !row.departments.iter().any(|d| d.value == all) {
            let message = format!("lead は「{all}」の行にだけ書けます");
            c.add(&lead.referenced, &ritem, Rule::Lead, message);
        } else if !cx.known.contains(lead.value.as_str()) {
            c.unknown_department(lead, &ritem);
        }
    }
    c.required(&row.policy, &ritem, "取組方針 (policy)");
    if let Some(g) = &row.results.grade
        && !g.value.trim().is_empty()
        && cx.scale.parse(&g.value).is_none()
    {
        let message = format!(
            "自己評価「{}」は使えません。{}のいずれかを書いてください（空欄は未評価）",
            shown(&g.value),
            cx.scale.describe()
        );
        c.add(&g.referenced, &ritem, Rule::Grade, message);
    }
}
