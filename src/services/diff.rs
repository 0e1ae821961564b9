//! What changed between two data sets, item by item and field by field, so
//! a correction can be reviewed before the committee.

use std::collections::HashMap;

use crate::model::{InitiativeId, Words};
use crate::view::{INITIATIVE_FIELDS, InitiativeView, RowColumn, StrategyView, View};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// In the document's words (words.yaml): 基本戦略1（１）③ 障害福祉課.
    pub item: String,
    /// 取組方針, 自己評価, …; 「追加」/「削除」 for whole items.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Changes, collected in document order.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, item: &str, field: &str, before: &str, after: &str) {
        if before != after {
            self.0.push(Change {
                item: item.to_string(),
                field: field.to_string(),
                before: before.to_string(),
                after: after.to_string(),
            });
        }
    }
}

/// Every changed field from `old` to `new`. 【再掲】 sheets repeat their
/// original's rows, so their rows are compared once, at the original.
pub fn diff(old: &View, new: &View) -> Vec<Change> {
    let mut c = Changes::default();
    c.push("計画", "計画名", &old.plan.title, &new.plan.title);
    c.push("計画", "年度", &old.years.results, &new.years.results);
    strategies(&mut c, old, new);
    initiatives(&mut c, old, new);
    c.0
}

fn strategies(c: &mut Changes, old: &View, new: &View) {
    let old_s: HashMap<u32, &StrategyView> = old.strategies.iter().map(|s| (s.number, s)).collect();
    for s in &new.strategies {
        let item = new.item(s.number, None, None);
        let Some(o) = old_s.get(&s.number) else {
            c.push(&item, "追加", "", &s.title);
            continue;
        };
        c.push(&item, "名称", &o.title, &s.title);
        c.push(&item, "説明", &o.description, &s.description);
        // The indicators' table by its heading (成果指標の設定, 目標指標).
        let table = new.words.name(&new.words.indicators.heading.value);
        c.push(&item, &table, &indicators(o), &indicators(s));
        for m in &s.measures {
            let mitem = format!("{item}{}", m.mark);
            match o.measures.iter().find(|om| om.id == m.id) {
                Some(om) => {
                    c.push(&mitem, "名称", &om.title, &m.title);
                    c.push(&mitem, "説明", &om.background, &m.background);
                }
                None => c.push(&mitem, "追加", "", &m.title),
            }
        }
    }
    for s in &old.strategies {
        if !new.strategies.iter().any(|n| n.number == s.number) {
            c.push(&old.item(s.number, None, None), "削除", &s.title, "");
        }
    }
}

fn indicators(v: &StrategyView) -> String {
    v.indicators
        .iter()
        .map(|i| format!("{}：{}", i.name, i.values.join(" → ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each sheet with its name in the document's words.
fn named(v: &View) -> Vec<(String, &InitiativeView)> {
    let mut out = Vec::new();
    for s in &v.strategies {
        for m in &s.measures {
            for i in &m.initiatives {
                let name = v.item(s.number, None, None);
                out.push((format!("{name}{}{}", m.mark, i.mark), i));
            }
        }
    }
    out
}

fn initiatives(c: &mut Changes, old: &View, new: &View) {
    let old_i: HashMap<InitiativeId, &InitiativeView> =
        old.initiatives().map(|i| (i.id, i)).collect();
    let new_i = named(new);
    for (item, i) in &new_i {
        let Some(o) = old_i.get(&i.id) else {
            c.push(item, "追加", "", &i.name);
            continue;
        };
        for (field, _, get) in INITIATIVE_FIELDS {
            c.push(item, &field(&new.words), &get(o), &get(i));
        }
        if i.relist_of.is_none() {
            rows(c, item, o, i, &new.words);
        }
    }
    for (item, i) in named(old) {
        if !new_i.iter().any(|(_, n)| n.id == i.id) {
            c.push(&item, "削除", &i.name, "");
        }
    }
}

fn rows(c: &mut Changes, item: &str, old: &InitiativeView, new: &InitiativeView, words: &Words) {
    for r in &new.rows {
        let ritem = format!("{item} {}", r.key.label());
        match old.rows.iter().find(|o| o.key == r.key) {
            Some(or) => {
                for col in RowColumn::all() {
                    c.push(&ritem, &col.heading(words), col.get(or), col.get(r));
                }
            }
            None => c.push(&ritem, "追加", "", &r.policy),
        }
    }
    for r in &old.rows {
        if !new.rows.iter().any(|n| n.key == r.key) {
            c.push(&format!("{item} {}", r.key.label()), "削除", &r.policy, "");
        }
    }
}
