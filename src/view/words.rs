//! Where a department label may break across lines. Japanese text breaks
//! between any two characters, which cuts names mid-word (「こども家庭セ／ンター」,
//! 「社会福祉協議／会」). The layout keeps each word whole and breaks only
//! between words, as the printed form does (「こども家庭／センター」,
//! 「(高齢者／福祉課)」, 「教育委員会／事務局／教育総務課」).

use serde::Serialize;

/// A department name, or a part of one, as the layout may break it: a word
/// (never broken; set smaller if it is wider than its cell) or parts, broken
/// between only where the whole does not fit on a line. Serialized as a
/// string or an array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Part {
    Word(String),
    Parts(Vec<Part>),
}

impl Part {
    /// Parts, or the one part itself.
    fn of(mut parts: Vec<Part>) -> Part {
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            Part::Parts(parts)
        }
    }

    /// The words, in order: joined, they are the name.
    pub fn words(&self) -> Vec<&str> {
        match self {
            Part::Word(w) => vec![w.as_str()],
            Part::Parts(parts) => parts.iter().flat_map(Part::words).collect(),
        }
    }
}

/// The names of a label (a name in parentheses is one of its own: 各関係課（地域福祉課）
/// → 各関係課 | （地域福祉課）), each in three levels the layout breaks
/// between in turn: the units of a name (after a word of `break_after`, from
/// words.yaml: 教育委員会 | 事務局 | 教育総務課; after 「・」 or a space),
/// the words of a unit (before a katakana run and before the closing office
/// word: こども家庭 | センター, 高齢者 | 福祉課, 社会福祉 | 協議会), and the
/// word.
pub fn words(label: &str, break_after: &[&str]) -> Vec<Part> {
    parens(label)
        .iter()
        .map(|name| {
            Part::of(
                units(name, break_after)
                    .iter()
                    .map(|u| Part::of(unit_words(u).into_iter().map(Part::Word).collect()))
                    .collect(),
            )
        })
        .collect()
}

/// A label cut before each opening parenthesis.
fn parens(label: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in label.chars() {
        if is_open(c) || parts.is_empty() {
            parts.push(String::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

/// A name cut after each of `break_after` (the longest that matches) that
/// ends a unit of two characters or more and leaves two or more, and after
/// 「・」 or a space: 課税課 stays whole, 各関係課 too.
fn units(name: &str, break_after: &[&str]) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let units: Vec<Vec<char>> = break_after.iter().map(|w| w.chars().collect()).collect();
    let mut cuts = vec![0];
    let mut i = 0;
    while i < chars.len() {
        let found = units
            .iter()
            .filter(|w| !w.is_empty() && chars[i..].starts_with(w))
            .map(Vec::len)
            .max();
        let end = i + found.unwrap_or(1);
        let last = cuts.last().copied().unwrap_or(0);
        let separator = found.is_none() && matches!(chars[i], '・' | '･' | ' ' | '　');
        if (found.is_some() || separator) && end - last >= 2 && chars.len() - end >= 2 {
            cuts.push(end);
        }
        i = end;
    }
    cuts.push(chars.len());
    cuts.windows(2)
        .map(|w| chars[w[0]..w[1]].iter().collect())
        .collect()
}

/// Office words a name ends in: 〇〇課, 〇〇室, 〇〇会 …, two kanji and the office.
const OFFICES: [char; 7] = ['課', '室', '係', '所', '局', '部', '会'];

fn unit_words(part: &str) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    let mut cuts = Vec::new();
    for i in 1..chars.len() {
        if is_katakana(chars[i]) && !is_katakana(chars[i - 1]) && !is_open(chars[i - 1]) {
            cuts.push(i);
        }
    }
    // The office word: the last three kanji before any closing parenthesis.
    let end = chars.len() - chars.iter().rev().take_while(|c| is_close(**c)).count();
    if end >= 5
        && OFFICES.contains(&chars[end - 1])
        && chars[end - 3..end].iter().all(|c| is_kanji(*c))
    {
        let at = end - 3;
        if !is_open(chars[at - 1]) && !cuts.contains(&at) {
            cuts.push(at);
        }
    }
    cuts.sort_unstable();
    let mut words = Vec::new();
    let mut from = 0;
    for at in cuts.into_iter().chain([chars.len()]) {
        words.push(chars[from..at].iter().collect());
        from = at;
    }
    words
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')')
}

#[cfg(test)]
mod tests {
    use super::{Part, words};

    /// words.yaml's default `department_names.break_after`.
    const UNITS: [&str; 6] = ["委員会", "事務局", "協議会", "本部", "部", "局"];

    /// The names of a label, each as its tree: [part|part].
    fn tree(label: &str) -> Vec<String> {
        fn show(p: &Part) -> String {
            match p {
                Part::Word(w) => w.clone(),
                Part::Parts(parts) => {
                    let inner: Vec<String> = parts.iter().map(show).collect();
                    format!("[{}]", inner.join("|"))
                }
            }
        }
        words(label, &UNITS).iter().map(show).collect()
    }

    #[test]
    fn names_split_where_the_printed_form_breaks_them() {
        assert_eq!(tree("こども家庭センター"), ["[こども家庭|センター]"]);
        assert_eq!(tree("(高齢者福祉課)"), ["[(高齢者|福祉課)]"]);
        assert_eq!(tree("(市民活動推進課)"), ["[(市民活動|推進課)]"]);
        assert_eq!(tree("子育て支援課"), ["[子育て|支援課]"]);
        assert_eq!(tree("保育課"), ["保育課"]);
        assert_eq!(
            tree("各関係課（市民活動推進課）（高齢者福祉課）"),
            ["各関係課", "[（市民活動|推進課）]", "[（高齢者|福祉課）]"]
        );
        assert_eq!(tree("【再掲】"), ["【再掲】"]);
    }

    #[test]
    fn long_names_break_after_their_units_and_offices() {
        assert_eq!(
            tree("教育委員会事務局教育総務課"),
            ["[[教育|委員会]|事務局|[教育|総務課]]"]
        );
        assert_eq!(tree("社会福祉協議会"), ["[社会福祉|協議会]"]);
        assert_eq!(
            tree("健康福祉部地域福祉課"),
            ["[[健康|福祉部]|[地域|福祉課]]"]
        );
        assert_eq!(tree("文化・スポーツ課"), ["[文化・|スポーツ課]"]);
        assert_eq!(
            tree("教育委員会事務局（教育総務課）"),
            ["[[教育|委員会]|事務局]", "[（教育|総務課）]"]
        );
        // A unit word at the start or near the end cuts nothing.
        for (whole, t) in [
            ("課税課", "課税課"),
            ("各関係課", "各関係課"),
            ("部長室", "部長室"),
            ("社会福祉部", "[社会|福祉部]"),
            ("福祉局長", "福祉局長"),
        ] {
            assert_eq!(tree(whole), [t], "{whole}");
        }
        // Staff add a word where a name should break: ソーシャル.
        let more = [&UNITS[..], &["ソーシャル"]].concat();
        let parts = words("ソーシャルワーク推進室", &more);
        assert_eq!(
            parts,
            [Part::Parts(vec![
                Part::Word("ソーシャル".into()),
                Part::Parts(vec![
                    Part::Word("ワーク".into()),
                    Part::Word("推進室".into())
                ])
            ])]
        );
        // Without the setting, only the words: 教育委員会事務局教育 is one.
        let words_only = words("教育委員会事務局教育総務課", &[]);
        assert_eq!(words_only[0].words(), ["教育委員会事務局教育", "総務課"]);
    }

    #[test]
    fn words_join_to_the_label() {
        for label in [
            "ソーシャルワーク推進室",
            "(地域福祉課)",
            "x",
            "",
            "（）",
            "課",
            "部部部部部",
            "・・",
            "教育委員会事務局（教育総務課）",
        ] {
            let joined: String = words(label, &UNITS).iter().flat_map(Part::words).collect();
            assert_eq!(joined, label);
        }
    }
}
