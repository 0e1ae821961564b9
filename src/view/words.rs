//! Where a department label may break across lines. Japanese text breaks
//! between any two characters, which cuts names mid-word (「こども家庭セ／ンター」,
//! 「(高齢者福祉／課)」). The layout keeps each word whole and breaks only
//! between words, as the printed form does (「こども家庭／センター」,
//! 「(高齢者／福祉課)」).

/// The words of a label, in two levels: names (a name in parentheses is one
/// of its own: 各関係課（地域福祉課） → 各関係課 | （地域福祉課）), and the words
/// of each name, for a name too wide for its cell: before a katakana run and
/// before the closing office word (こども家庭 | センター, 高齢者 | 福祉課).
/// The layout breaks between names first. Joined, the words are the label.
pub fn words(label: &str) -> Vec<Vec<String>> {
    parens(label).iter().map(|name| name_words(name)).collect()
}

/// A label cut before each opening parenthesis.
fn parens(label: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in label.chars() {
        if matches!(c, '（' | '(') || parts.is_empty() {
            parts.push(String::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

/// Office words a name ends in: 〇〇課, 〇〇室 …, two kanji and the office.
const OFFICES: [char; 6] = ['課', '室', '係', '所', '局', '部'];

fn name_words(part: &str) -> Vec<String> {
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
    use super::words;

    #[test]
    fn names_split_where_the_printed_form_breaks_them() {
        assert_eq!(words("こども家庭センター"), [["こども家庭", "センター"]]);
        assert_eq!(words("(高齢者福祉課)"), [["(高齢者", "福祉課)"]]);
        assert_eq!(words("(市民活動推進課)"), [["(市民活動", "推進課)"]]);
        assert_eq!(words("子育て支援課"), [["子育て", "支援課"]]);
        assert_eq!(words("保育課"), [["保育課"]]);
        assert_eq!(
            words("各関係課（市民活動推進課）（高齢者福祉課）"),
            vec![
                vec!["各関係課"],
                vec!["（市民活動", "推進課）"],
                vec!["（高齢者", "福祉課）"]
            ]
        );
        assert_eq!(words("【再掲】"), [["【再掲】"]]);
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
        ] {
            assert_eq!(words(label).concat().concat(), label);
        }
    }
}
