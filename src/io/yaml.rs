//! YAML written for staff to read and edit: a strategy file in the layout
//! they know from `data/strategies/*.yaml` (same keys, same order, a comment
//! before each measure and initiative), used to start a new fiscal year.

use std::fmt::Write;

use crate::model::era;
use crate::model::{Indicator, Initiative, Row, Strategy, Text, Words};

/// The whole file for one strategy, its comments in the plan's words.
pub fn strategy(s: &Strategy, words: &Words) -> String {
    let mut o = String::new();
    let sn = s.number.value;
    let [strategy_style, measure_style, _] = words.styles();
    let l = &words.levels;
    let _ = writeln!(
        o,
        "# {}{}「{}」の{}・{}・{}",
        l.strategy.value.trim(),
        strategy_style.format(sn),
        s.title.value.trim(),
        l.measure.value.trim(),
        l.initiative.value.trim(),
        words.name(&words.columns.departments.value),
    );
    let _ = writeln!(o, "number: {sn}");
    field(&mut o, 0, "title", &s.title.value);
    field(&mut o, 0, "description", &s.description.value);
    o.push_str("indicators:\n");
    for i in &s.indicators {
        indicator(&mut o, i);
    }
    let goals: Vec<String> = s.sdgs.iter().map(|g| g.value.to_string()).collect();
    let _ = writeln!(o, "sdgs: [{}]", goals.join(", "));
    o.push_str("measures:\n");
    for m in &s.measures {
        let mn = m.number.value;
        let _ = writeln!(
            o,
            "  # {}{}",
            measure_style.format(mn),
            m.title.value.trim()
        );
        let _ = writeln!(o, "  - number: {mn}");
        field(&mut o, 4, "title", &m.title.value);
        field(&mut o, 4, "background", &m.background.value);
        o.push_str("    initiatives:\n");
        for i in &m.initiatives {
            initiative(&mut o, (sn, mn), i, words);
        }
    }
    o
}

fn indicator(o: &mut String, i: &Indicator) {
    item(o, 2, "name", &i.name.value);
    opt(o, 4, "note", &i.note);
    for (key, value) in [
        ("current", &i.current),
        ("actual", &i.actual),
        ("target", &i.target),
    ] {
        opt(o, 4, key, value);
    }
    let Some(years) = &i.years else { return };
    o.push_str("    years:\n");
    for (key, year) in [
        ("current", &years.current),
        ("actual", &years.actual),
        ("target", &years.target),
    ] {
        if let Some(y) = year {
            let _ = writeln!(o, "      {key}: {}", y.value);
        }
    }
}

fn initiative(o: &mut String, (sn, mn): (u32, u32), i: &Initiative, words: &Words) {
    let n = i.number.value;
    let title = match (&i.name, &i.relist_of) {
        (Some(name), _) => name.value.trim().to_string(),
        (None, Some(target)) => {
            format!("{}{}", words.marks.relist.value.trim(), target.value.trim())
        }
        _ => String::new(),
    };
    let mark = words.styles()[2].format(n);
    let _ = writeln!(o, "      # {sn}-{mn}-{mark} {title}");
    let _ = writeln!(o, "      - number: {n}");
    if i.page_break {
        o.push_str("        page_break: true\n");
    }
    opt(o, 8, "previously", &i.previously);
    opt(o, 8, "relist_of", &i.relist_of);
    opt(o, 8, "name", &i.name);
    opt(o, 8, "overview", &i.overview);
    if let Some(order) = &i.row_order {
        let labels: Vec<String> = order.iter().map(|t| scalar(&t.value)).collect();
        let _ = writeln!(o, "        row_order: [{}]", labels.join(", "));
    }
    if let Some(rows) = &i.rows {
        o.push_str("        rows:\n");
        for r in rows {
            row(o, r);
        }
    }
    opt(o, 8, "note", &i.note);
}

fn row(o: &mut String, r: &Row) {
    let names: Vec<String> = r.departments.iter().map(|d| scalar(&d.value)).collect();
    let _ = writeln!(o, "          - departments: [{}]", names.join(", "));
    opt(o, 12, "lead", &r.lead);
    field(o, 12, "policy", &r.policy.value);
    for (f, value) in r.results.iter() {
        field(
            o,
            12,
            f.key(),
            value.as_ref().map_or("", |t| t.value.as_str()),
        );
    }
}

fn opt(o: &mut String, indent: usize, key: &str, value: &Option<Text>) {
    if let Some(v) = value {
        field(o, indent, key, &v.value);
    }
}

/// `- key: value` at `indent` (the dash included in the indent).
fn item(o: &mut String, indent: usize, key: &str, value: &str) {
    let _ = write!(o, "{}- ", " ".repeat(indent));
    value_after_key(o, indent + 2, key, value);
}

/// `key: value` at `indent`.
fn field(o: &mut String, indent: usize, key: &str, value: &str) {
    o.push_str(&" ".repeat(indent));
    value_after_key(o, indent, key, value);
}

fn value_after_key(o: &mut String, indent: usize, key: &str, value: &str) {
    let value = value.trim_end();
    // Paragraph fields and anything of several lines are literal blocks, as
    // staff write them (unless a line starts with an ASCII space).
    let paragraphs = ["description", "background", "overview", "policy"].contains(&key);
    let block = (paragraphs && !value.is_empty()) || value.contains('\n');
    if block && !value.lines().any(|l| l.starts_with(' ') || l.is_empty()) {
        let _ = writeln!(o, "{key}: |");
        for line in value.lines() {
            let _ = writeln!(o, "{}  {line}", " ".repeat(indent));
        }
    } else {
        let _ = writeln!(o, "{key}: {}", scalar(value));
    }
}

/// A one-line YAML scalar: plain when that reads back as the same string,
/// else double-quoted with escapes. Safe in a flow list too.
pub fn scalar(s: &str) -> String {
    scalar_in(s, true)
}

/// A one-line YAML scalar for a block (`key: value`, `- value`) or, when
/// `flow`, a flow (`[a, b]`) context, where `,[]{}` need quotes.
pub fn scalar_in(s: &str, flow: bool) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_whitespace() || "-?:,[]{}#&*!|>'\"%@`~".contains(c))
        && !s.ends_with(|c: char| c.is_ascii_whitespace())
        && !s.contains(": ")
        && !s.ends_with(':')
        && (!flow || !s.contains([',', '[', ']', '{', '}']))
        && !s.contains(" #")
        && !s.chars().any(|c| c.is_control())
        && s.parse::<f64>().is_err()
        && !["true", "false", "null", "yes", "no", "on", "off", "~"]
            .contains(&s.to_ascii_lowercase().as_str());
    if plain { s.to_string() } else { quoted(s) }
}

/// A double-quoted YAML scalar that reads back as `s`, whatever it holds.
pub fn quoted(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => q.push_str("\\\\"),
            '"' => q.push_str("\\\""),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            // Line and paragraph separators and a BOM are escaped too, so
            // no reader takes them for a line break or a file's start.
            c if c.is_control() || ['\u{2028}', '\u{2029}', '\u{feff}'].contains(&c) => {
                let _ = write!(q, "\\u{:04x}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// A results file's text, as `import-forms` writes it. Values go through
/// a YAML serialiser, so any text at all (a trailing colon, `#`, quotes,
/// `yes`, leading spaces, CR) reads back exactly; a column without an
/// answer is left out.
pub fn results_file(
    department: &str,
    year: i32,
    rows: &[(crate::model::RowKey, crate::model::Results<Option<String>>)],
) -> String {
    let file = ResultsOut {
        department,
        fiscal_year: year,
        rows: rows.iter().map(|(k, r)| RowOut(k.as_str(), r)).collect(),
    };
    let body = serde_saphyr::to_string(&file).unwrap_or_default();
    format!(
        "# {department}の結果（{}）。shinchoku import-forms が書き出しました。\n\
         # 直接直してもかまいません。同じ行の結果を計画のファイル（strategies/）にも書くと、内容が違うときは誤りになります。\n{body}",
        era::nendo(year, era::Width::Half).unwrap_or_default(),
    )
}

#[derive(serde::Serialize)]
struct ResultsOut<'a> {
    department: &'a str,
    fiscal_year: i32,
    rows: Vec<RowOut<'a>>,
}

/// One row: its key, then the columns that have an answer.
struct RowOut<'a>(&'a str, &'a crate::model::Results<Option<String>>);

impl serde::Serialize for RowOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("key", self.0)?;
        for (f, v) in self.1.iter() {
            if let Some(v) = v {
                map.serialize_entry(f.key(), v)?;
            }
        }
        map.end()
    }
}

/// A committee file's text (`committee/<year>.yaml`), as `import-forms`
/// writes it: per initiative its id, then 査定, 意見 and 市の考え方 where
/// there is one, every value through the YAML serialiser so any text reads
/// back exactly.
pub fn committee_file(year: i32, entries: &[(String, [Option<String>; 3])]) -> String {
    let file = CommitteeOut {
        fiscal_year: year,
        initiatives: entries
            .iter()
            .map(|(id, [grade, opinion, answer])| AssessmentOut {
                id,
                grade: grade.as_deref(),
                opinion: opinion.as_deref(),
                answer: answer.as_deref(),
            })
            .collect(),
    };
    let body = serde_saphyr::to_string(&file).unwrap_or_default();
    format!(
        "# 地域福祉検討会議の査定（{}）。shinchoku import-forms が書き出しました。\n\
         # 取組ごとに 査定 (grade)・意見 (opinion)・市の考え方 (answer)。直接直してもかまいません。\n{body}",
        era::nendo(year, era::Width::Half).unwrap_or_default(),
    )
}

#[derive(serde::Serialize)]
struct CommitteeOut<'a> {
    fiscal_year: i32,
    initiatives: Vec<AssessmentOut<'a>>,
}

#[derive(serde::Serialize)]
struct AssessmentOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opinion: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
}
