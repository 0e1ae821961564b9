//! Checks over every text of the data at once, such as characters the
//! fonts cannot print.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{Problem, Rule};
use crate::model::{Data, Text, Words};

/// Every text of the data with its file and the item it belongs to, in the
/// document's own words.
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
        out.push((&deps.file, t, data.words.value.departments_list()));
    }
    let i = &data.intro.value;
    let mut intro: Vec<&Text> = vec![&i.heading, &i.cycle_caption, &i.evaluation_heading];
    intro.extend(i.paragraphs.iter().chain(&i.evaluation));
    for c in &i.cycle {
        intro.extend([&c.label, &c.english, &c.text]);
    }
    for g in &i.grades {
        intro.extend([&g.grade, &g.meaning]);
    }
    let file = data.intro.file.as_path();
    let item = super::checker::intro_item(data);
    out.extend(intro.into_iter().map(|t| (file, t, item.clone())));
    let words = &data.words;
    for (key, t) in words.value.texts() {
        out.push((words.file.as_path(), t, format!("文書の文言 ({key})")));
    }
    for s in &data.strategies {
        strategy_texts(s, &words.value, &mut out);
    }
    for f in &data.results {
        for r in &f.value.rows {
            let ritem = format!("{} {}", f.value.department.value, r.key.value);
            for (_, t) in r.results.iter() {
                out.extend(t.as_ref().map(|t| (f.file.as_path(), t, ritem.clone())));
            }
        }
    }
    if let Some(c) = &data.committee {
        for a in &c.value.initiatives {
            let item = format!("査定 {}", a.id.value);
            for t in [&a.grade, &a.opinion, &a.answer].into_iter().flatten() {
                out.push((c.file.as_path(), t, item.clone()));
            }
        }
    }
    out
}

fn strategy_texts<'a>(
    s: &'a crate::model::Sourced<crate::model::Strategy>,
    words: &Words,
    out: &mut Vec<(&'a Path, &'a Text, String)>,
) {
    let f = s.file.as_path();
    let s = &s.value;
    let sn = s.number.value;
    let item = |m: Option<u32>, i: Option<u32>| words.item(sn, m, i);
    let sitem = item(None, None);
    out.push((f, &s.title, sitem.clone()));
    out.push((f, &s.description, sitem.clone()));
    let indicators = words.name(&words.indicators.heading.value);
    for ind in &s.indicators {
        for t in [&ind.name]
            .into_iter()
            .chain(&ind.current)
            .chain(&ind.actual)
            .chain(&ind.target)
            .chain(&ind.note)
        {
            out.push((f, t, format!("{sitem} {indicators}")));
        }
    }
    for m in &s.measures {
        let mitem = item(Some(m.number.value), None);
        out.push((f, &m.title, mitem.clone()));
        out.push((f, &m.background, mitem.clone()));
        for i in &m.initiatives {
            let iitem = item(Some(m.number.value), Some(i.number.value));
            for t in [&i.name, &i.overview, &i.note, &i.relist_of]
                .into_iter()
                .flatten()
            {
                out.push((f, t, iitem.clone()));
            }
            for t in i.row_order.iter().flatten() {
                out.push((f, t, iitem.clone()));
            }
            for r in i.rows.iter().flatten() {
                let ritem = format!("{iitem} {}", r.label());
                let results = r.results.iter().filter_map(|(_, t)| t.as_ref());
                for t in r
                    .departments
                    .iter()
                    .chain(&r.lead)
                    .chain([&r.policy])
                    .chain(results)
                {
                    out.push((f, t, ritem.clone()));
                }
            }
        }
    }
}

/// Characters that no font can show (they would print as empty boxes):
/// one problem per text and character, with its code point. Every year of
/// the plan is checked; a text already found printable in another year
/// (most of a plan's text stays the same) is not read again.
pub fn missing_glyphs(data: &Data, covered: impl Fn(char) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    // A plan uses a few thousand distinct characters in ~100,000: ask the
    // fonts once per character.
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut clean: HashSet<u64> = HashSet::new();
    for year in data.years() {
        for (file, t, item) in texts(year) {
            let h = hash(&t.value);
            if clean.contains(&h) {
                continue;
            }
            let mut seen = HashSet::new();
            let before = problems.len();
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
                    rule: Rule::Glyph,
                });
            }
            if problems.len() == before {
                clean.insert(h);
            }
        }
    }
    problems
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The longest text the tool takes: what one Excel cell holds, so every
/// text can go out to a department's workbook and come back whole.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// More combining marks than this on one character is not text anyone
/// types, and makes text shaping slow and memory-hungry.
pub const MAX_MARKS: usize = 6;

/// Why a text cannot be printed as given, if it cannot: a control character
/// (or one that silently reorders what follows), a pile of combining marks,
/// or more than a cell holds. Tabs and line breaks are fine.
pub fn unprintable(s: &str) -> Option<(Rule, String)> {
    if let Some(c) = s.chars().find(|c| is_forbidden(*c)) {
        let message = format!(
            "見えない制御文字 U+{:04X} が含まれています。消してください（ほかから貼り付けた文字によく混じります）",
            c as u32
        );
        return Some((Rule::Control, message));
    }
    let mut run = 0;
    for c in s.chars() {
        run = if unicode_normalization::char::is_combining_mark(c) {
            run + 1
        } else {
            0
        };
        if run > MAX_MARKS {
            let message = format!(
                "一つの文字に結合文字（U+{:04X} など）が {MAX_MARKS} 個より多く付いています。文字化けしたテキストではないか確かめてください",
                c as u32
            );
            return Some((Rule::TextLimit, message));
        }
    }
    let n = s.chars().count();
    (n > MAX_TEXT_CHARS).then(|| {
        let message = format!("{n} 文字あります。一つの欄は {MAX_TEXT_CHARS} 文字（Excel の一つのセルの上限）までにしてください");
        (Rule::TextLimit, message)
    })
}

fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Every text that cannot be printed as given.
pub fn unprintable_texts(data: &Data) -> Vec<Problem> {
    texts(data)
        .into_iter()
        .filter_map(|(file, t, item)| {
            let (rule, message) = unprintable(&t.value)?;
            Some(Problem {
                file: file.to_path_buf(),
                line: t.referenced.line(),
                column: t.referenced.column(),
                item,
                message,
                rule,
            })
        })
        .collect()
}
