//! Parsing YAML text into the model, with messages in plain Japanese (the
//! parser's own English is kept in parentheses for developers) and the
//! offending line shown, cut to a readable length.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::advice::{self, Spot, Wanted};
use crate::error::{Error, printable};

/// Parse YAML text with duplicate keys refused and alias expansion bounded.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Error> {
    // Defaults already refuse duplicate keys and bound aliases and nesting;
    // say so explicitly, as the data's correctness relies on it.
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: japanese(&e, &advice::spot(text, line, column)),
            snippet: snippet(text, line, column),
        }
    })
}

/// The parser's message in Japanese, with the original in parentheses;
/// `spot` is the key and value where it stopped.
fn japanese(e: &serde_saphyr::Error, spot: &Spot) -> String {
    let english = e.without_snippet().to_string();
    // Without the location (shown apart) and advice meant for programmers.
    let english = english
        .split(" at line ")
        .next()
        .unwrap_or(&english)
        .split("; use ")
        .next()
        .unwrap_or_default()
        .to_string();
    let ja = match wanted(e, &english) {
        Some(w) => advice::advise(spot, w),
        None => explain(e, &english),
    };
    format!("{ja} ({})", printable(&shorten(&english, 160)))
}

fn explain(e: &serde_saphyr::Error, english: &str) -> String {
    use serde_saphyr::Error as E;
    if let Some(rest) = english.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("項目「{field}」がありません。書き加えてください");
    }
    if let Some(rest) = english.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        // "expected one of `a`, `b`" or "expected one of a, b" (the
        // names with or without backticks, by serde's version).
        let allowed: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, a)| {
                let a = a.trim_start().trim_start_matches("one of").trim();
                a.split(',')
                    .map(|n| n.trim().trim_matches('`'))
                    .filter(|n| {
                        !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .collect()
            })
            .unwrap_or_default();
        return format!(
            "項目「{}」は使えません。つづりを確かめてください（使える項目: {}）",
            printable(field),
            allowed.join(", ")
        );
    }
    if english.contains("null into string") {
        return "値が空です。文字を書いてください".into();
    }
    if english.contains("duplicate") {
        return "同じ項目が二度書かれています。どちらかを消してください".into();
    }
    match e {
        E::NullIntoString { .. } => return "値が空です。文字を書いてください".into(),
        E::Eof { .. } => return "ファイルが途中で終わっています".into(),
        _ => {}
    }
    if let Some(rest) = english.strip_prefix("invalid type: ")
        && (rest.starts_with("null") || rest.contains("unit"))
    {
        return "値が空です。書き加えてください".into();
    }
    if english.starts_with("invalid value")
        || english.contains("invalid digit")
        || ["u32", "i32", "u64", "i64"]
            .iter()
            .any(|t| english == format!("invalid {t}"))
    {
        return "値が正しくありません（数を書く欄です）".into();
    }
    "YAMLとして読めません。字下げ（行頭の空白）や「:」「-」の位置を確かめてください".into()
}

/// A value of the wrong kind (a word where a number or true/false is
/// wanted, a list where one value is): advice about the value, not about
/// indentation.
fn wanted(e: &serde_saphyr::Error, english: &str) -> Option<Wanted> {
    use serde_saphyr::Error as E;
    let mut e = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = e {
        e = error;
    }
    match e {
        E::InvalidScalar { ty, .. } => Some(kind(ty)?),
        E::InvalidBooleanStrict { .. } => Some(Wanted::Boolean),
        E::Unexpected { expected, .. } => match *expected {
            "string scalar" | "scalar" => Some(Wanted::Single),
            "sequence start" => Some(Wanted::List),
            "mapping start" => Some(Wanted::Group),
            _ => None,
        },
        _ => {
            let rest = english.strip_prefix("invalid type: ")?;
            let (found, expected) = rest.split_once(", expected ")?;
            (!found.starts_with("null") && !found.contains("unit")).then_some(())?;
            kind(expected)
        }
    }
}

/// What a serde or parser type name means for staff.
fn kind(expected: &str) -> Option<Wanted> {
    let number = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "integer",
    ];
    if expected.contains("string") || expected == "char" {
        Some(Wanted::Single)
    } else if expected.contains("sequence") || expected.contains("Vec") {
        Some(Wanted::List)
    } else if number.iter().any(|n| expected.contains(n)) || expected.contains("float") {
        Some(Wanted::Number)
    } else if expected.contains("bool") {
        Some(Wanted::Boolean)
    } else if expected.contains("struct") || expected.contains("map") {
        Some(Wanted::Group)
    } else {
        None
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// Characters of the offending line shown on each side of the column.
const SNIPPET_CHARS: usize = 40;

/// The offending line with a caret under the column, for the terminal: cut
/// around the column, control characters made visible.
fn snippet(text: &str, line: u64, column: u64) -> String {
    let Some(src) = (line as usize)
        .checked_sub(1)
        .and_then(|i| text.lines().nth(i))
    else {
        return String::new();
    };
    let col = column.saturating_sub(1) as usize;
    let start = col.saturating_sub(SNIPPET_CHARS);
    let chars: Vec<char> = src.chars().collect();
    let end = (col + SNIPPET_CHARS).min(chars.len());
    let shown: String = chars[start.min(end)..end].iter().collect();
    let (head, tail) = (
        if start > 0 { "…" } else { "" },
        if end < chars.len() { "…" } else { "" },
    );
    // Japanese characters take two terminal cells.
    let pad: usize = head.len().min(1)
        + chars[start.min(col.min(chars.len()))..col.min(chars.len())]
            .iter()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>();
    format!(
        "\n  {line:>4} | {head}{}{tail}\n       | {}^",
        printable(&shown),
        " ".repeat(pad)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_line_is_cut_around_the_column() {
        let line = format!("title: {}", "あ".repeat(100_000));
        let s = snippet(&line, 1, 50_000);
        assert!(s.chars().count() < 200, "{}", s.len());
    }
}
