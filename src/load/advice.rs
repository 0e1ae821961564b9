//! Advice about a value of the wrong kind: what to write instead, with an
//! example made from the line itself (`fiscal_year: 令和7` →
//! `fiscal_year: 2025`), instead of the parser's talk of indentation.

use unicode_normalization::UnicodeNormalization;

use crate::error::shown;
use crate::model::era;

/// The key and the value typed where the parser stopped.
#[derive(Debug, PartialEq, Eq)]
pub struct Spot {
    pub key: String,
    pub value: String,
    /// The value is an item of a list written in brackets.
    pub in_list: bool,
}

/// What kind of value the reader wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Number,
    Boolean,
    /// One text or number, not a list or a group of keys.
    Single,
    List,
    Group,
}

/// The key and value at `line`/`column` (1-based) of `text`. A value that
/// starts its own line (a list or group under its key) is named by the
/// key on the line before.
pub fn spot(text: &str, line: u64, column: u64) -> Spot {
    let lines: Vec<&str> = text.lines().collect();
    let at = (line as usize).saturating_sub(1);
    let Some(src) = lines.get(at) else {
        return Spot {
            key: String::new(),
            value: String::new(),
            in_list: false,
        };
    };
    let col = (column as usize).saturating_sub(1);
    let before: String = src.chars().take(col).collect();
    let after: String = src.chars().skip(col).collect();
    let key = match before.rfind(':') {
        Some(i) => last_word(&before[..i]),
        None => lines[..at]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .and_then(|l| l.split_once(':'))
            .map(|(k, _)| last_word(k))
            .unwrap_or_default(),
    };
    let in_list = before.matches('[').count() > before.matches(']').count();
    let value = if in_list {
        after
            .split([',', ']'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    } else {
        value_of(&after)
    };
    Spot {
        key,
        value,
        in_list,
    }
}

/// The key before a colon: `  - departments` → departments.
fn last_word(s: &str) -> String {
    let s = s.trim_end();
    let start = s
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    s[start..].to_string()
}

/// The value as typed: up to a comment, a flow list whole.
fn value_of(rest: &str) -> String {
    let rest = rest.trim();
    if rest.starts_with('[') || rest.starts_with('{') {
        let close = if rest.starts_with('[') { ']' } else { '}' };
        return rest.find(close).map_or(rest, |i| &rest[..=i]).to_string();
    }
    let end = rest.find(" #").unwrap_or(rest.len());
    let v = rest[..end].trim();
    let v = v.split_once(": ").map_or(v, |(k, _)| k);
    v.trim_matches(['"', '\'']).to_string()
}

/// The advice for `spot` where `wanted` was expected.
pub fn advise(spot: &Spot, wanted: Wanted) -> String {
    let key = if spot.key.is_empty() {
        "項目".to_string()
    } else {
        spot.key.clone()
    };
    let value = shown(&spot.value);
    match wanted {
        // An item of a list: the example is the item alone.
        Wanted::Number if spot.in_list => number("", &spot.value),
        Wanted::Number => number(&format!("{key}: "), &spot.value),
        Wanted::Boolean => boolean(&key, &spot.value),
        Wanted::Single => single(&key, &spot.value),
        Wanted::List if value.is_empty() => {
            format!("{key} には一覧を書きます。一つだけでも [ ] で囲みます（例: {key}: [値]）")
        }
        Wanted::List => {
            format!("{key} には一覧を書きます。一つだけでも [ ] で囲みます（例: {key}: [{value}]）")
        }
        Wanted::Group => format!(
            "{key} には「項目: 値」の並びを書きます。{key}: の次の行から、字下げして一行に一つずつ書いてください"
        ),
    }
}

/// `key` is what the example starts with: `fiscal_year: ` (or nothing).
fn number(key: &str, value: &str) -> String {
    let shown = shown(value);
    if let Some(year) = era::parse_year(value).filter(|_| !value.trim().is_empty()) {
        return format!(
            "「{shown}」は数として読めません。年度は西暦の半角数字で書きます（例: {key}{year}）"
        );
    }
    match digits(value) {
        Some(n) => {
            format!("「{shown}」は数として読めません。半角の数字だけで書きます（例: {key}{n}）")
        }
        None => format!("「{shown}」は数として読めません。半角の数字で書きます（例: {key}1）"),
    }
}

/// The number meant by `２`, `3件`, `一`, `十二`.
fn digits(value: &str) -> Option<u64> {
    let v: String = value.trim().nfkc().collect();
    let d: String = v.chars().take_while(char::is_ascii_digit).collect();
    if !d.is_empty() {
        return d.parse().ok();
    }
    const KANJI: &str = "〇一二三四五六七八九";
    let mut n = 0u64;
    let mut tens = None;
    for c in v.chars() {
        if c == '十' {
            tens = Some(n.max(1) * 10);
            n = 0;
        } else if let Some(i) = KANJI.chars().position(|k| k == c) {
            n = n * 10 + i as u64;
        } else {
            break;
        }
    }
    let total = tens.unwrap_or(0) + n;
    (tens.is_some() || v.starts_with(|c| KANJI.contains(c))).then_some(total)
}

fn boolean(key: &str, value: &str) -> String {
    const YES: [&str; 10] = [
        "はい",
        "する",
        "出す",
        "付ける",
        "つける",
        "あり",
        "有",
        "○",
        "〇",
        "表示",
    ];
    const NO: [&str; 8] = [
        "いいえ",
        "しない",
        "出さない",
        "付けない",
        "つけない",
        "なし",
        "無",
        "×",
    ];
    let v = value.trim();
    let example = if YES.contains(&v) {
        format!("{key}: true")
    } else if NO.contains(&v) {
        format!("{key}: false")
    } else {
        format!("{key}: true または {key}: false")
    };
    format!(
        "「{}」は使えません。ここには true（する・出す）か false（しない・出さない）を半角の英字で書きます（例: {example}）",
        shown(value)
    )
}

fn single(key: &str, value: &str) -> String {
    let first = value
        .strip_prefix('[')
        .and_then(|v| v.split([',', ']']).next())
        .map(|v| v.trim().trim_matches(['"', '\'']))
        .filter(|v| !v.is_empty());
    let example = first.map_or(String::new(), |f| format!("（例: {key}: {}）", shown(f)));
    format!(
        "{key} には値を一つだけ書きます。一覧（[ ] や「- 」で始まる行）や「項目: 値」の並びは書けません{example}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_and_value_where_the_parser_stopped() {
        let text = "a: 1\nfiscal_year: 令和7   # 対象年度\n  - departments: 防災安全課\nx:\n  name: 住宅課\n";
        assert_eq!(
            spot(text, 2, 14),
            Spot {
                key: "fiscal_year".into(),
                value: "令和7".into(),
                in_list: false,
            }
        );
        assert_eq!(spot(text, 3, 18).key, "departments");
        assert_eq!(spot(text, 5, 3).key, "x");
        assert_eq!(spot("city: [a, b]", 1, 7).value, "[a, b]");
        let item = spot("sdgs: [3, 三]", 1, 11);
        assert_eq!((item.value.as_str(), item.in_list), ("三", true));
    }

    #[test]
    fn numbers_meant() {
        assert_eq!(digits("２０２５"), Some(2025));
        assert_eq!(digits("3件"), Some(3));
        assert_eq!(digits("一"), Some(1));
        assert_eq!(digits("十二"), Some(12));
        assert_eq!(digits("二十"), Some(20));
        assert_eq!(digits("たくさん"), None);
    }
}
