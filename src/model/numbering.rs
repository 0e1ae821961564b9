//! How a level of the plan numbers its items, written by example: the
//! first item's number as printed, such as "１", "（１）", "(1)", "①", "一",
//! "Ⅰ", "ア" or "第1". One character of the example is the number itself
//! (see [`KINDS`]); what stands around it is printed around every number.

use super::era::{self, Width};

/// The kinds of number, each named by how it writes 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1, 2, … 10
    Half,
    /// １, ２, … １０
    Full,
    /// ①, ②, … ㊿
    Circled,
    /// 一, 二, … 十, 十一
    Kanji,
    /// Ⅰ, Ⅱ, … Ⅻ
    Roman,
    /// ⅰ, ⅱ, … ⅻ
    RomanSmall,
    /// ア, イ, ウ, …
    Katakana,
    /// A, B, C, …
    Latin,
    /// Ａ, Ｂ, Ｃ, …
    LatinFull,
    /// a, b, c, …
    LatinSmall,
    /// ａ, ｂ, ｃ, …
    LatinSmallFull,
}

/// Each kind with the character that stands for 1 in an example.
pub const KINDS: [(char, Kind); 11] = [
    ('1', Kind::Half),
    ('１', Kind::Full),
    ('①', Kind::Circled),
    ('一', Kind::Kanji),
    ('Ⅰ', Kind::Roman),
    ('ⅰ', Kind::RomanSmall),
    ('ア', Kind::Katakana),
    ('A', Kind::Latin),
    ('Ａ', Kind::LatinFull),
    ('a', Kind::LatinSmall),
    ('ａ', Kind::LatinSmallFull),
];

/// Characters allowed before and after the number.
pub const MAX_AFFIX: usize = 3;

/// A numbering style: text before, the kind of number, text after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberStyle {
    pub before: String,
    pub kind: Kind,
    pub after: String,
}

const KATAKANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";

impl NumberStyle {
    /// The style an example shows, if it is one: exactly one number
    /// character, at most [`MAX_AFFIX`] characters (no digits, no line
    /// breaks) on each side.
    pub fn parse(example: &str) -> Option<Self> {
        let chars: Vec<char> = example.trim().chars().collect();
        let kind_of = |c: &char| KINDS.iter().find(|(k, _)| k == c).map(|(_, kind)| *kind);
        let at: Vec<usize> = (0..chars.len())
            .filter(|&i| kind_of(&chars[i]).is_some())
            .collect();
        let [i] = at.as_slice() else { return None };
        let kind = kind_of(&chars[*i])?;
        let (before, after) = (&chars[..*i], &chars[i + 1..]);
        let plain = |s: &[char]| {
            s.len() <= MAX_AFFIX && !s.iter().any(|c| c.is_numeric() || c.is_control())
        };
        (plain(before) && plain(after)).then(|| Self {
            before: before.iter().collect(),
            kind,
            after: after.iter().collect(),
        })
    }

    /// Number `n` in this style.
    pub fn format(&self, n: u32) -> String {
        format!("{}{}{}", self.before, number(self.kind, n), self.after)
    }
}

/// `n` as a number of `kind`; where the kind runs out (㊿, Ｚ, ワ), the
/// number in digits of the same width.
fn number(kind: Kind, n: u32) -> String {
    let nth = |list: &str, base: char| {
        n.checked_sub(1)
            .and_then(|i| list.chars().nth(i as usize))
            .map(String::from)
            .unwrap_or_else(|| {
                let w = if base.is_ascii() {
                    Width::Half
                } else {
                    Width::Full
                };
                era::digits(n, w)
            })
    };
    match kind {
        Kind::Half => era::digits(n, Width::Half),
        Kind::Full => era::digits(n, Width::Full),
        Kind::Circled if (1..=50).contains(&n) => era::circled(n),
        Kind::Circled => era::digits(n, Width::Full),
        Kind::Kanji => kanji(n),
        Kind::Roman => nth("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ", 'Ⅰ'),
        Kind::RomanSmall => nth("ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ", 'ⅰ'),
        Kind::Katakana => nth(KATAKANA, 'ア'),
        Kind::Latin => nth("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 'A'),
        Kind::LatinFull => nth("ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ", 'Ａ'),
        Kind::LatinSmall => nth("abcdefghijklmnopqrstuvwxyz", 'a'),
        Kind::LatinSmallFull => nth("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ", 'ａ'),
    }
}

/// 一 … 九十九 as written in Japanese documents (十一, 二十, 二十一).
fn kanji(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 || n >= 100 {
        return era::digits(n, Width::Full);
    }
    let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
    let tens = match tens {
        0 => String::new(),
        1 => "十".into(),
        t => format!("{}十", DIGITS[t]),
    };
    format!("{tens}{}", DIGITS[ones])
}

/// The examples staff may write, for messages.
pub fn describe_allowed() -> String {
    let kinds: Vec<String> = KINDS.iter().map(|(c, _)| format!("「{c}」")).collect();
    format!(
        "1 番の番号を {} のどれか 1 文字で書きます。前後にかっこや「第」などを {MAX_AFFIX} 文字まで付けられます（例: \"１\", \"（１）\", \"(1)\", \"①\", \"第1\", \"ア\"）",
        kinds.join("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(example: &str, n: u32) -> String {
        NumberStyle::parse(example).unwrap().format(n)
    }

    #[test]
    fn styles_by_example() {
        assert_eq!(f("１", 2), "２");
        assert_eq!(f("１", 10), "１０");
        assert_eq!(f("（１）", 3), "（３）");
        assert_eq!(f("(1)", 12), "(12)");
        assert_eq!(f("①", 15), "⑮");
        assert_eq!(f("①", 51), "５１");
        assert_eq!(f("第1", 4), "第4");
        assert_eq!(f("一", 11), "十一");
        assert_eq!(f("一", 20), "二十");
        assert_eq!(f("一", 35), "三十五");
        assert_eq!(f("Ⅰ", 4), "Ⅳ");
        assert_eq!(f("Ⅰ", 13), "１３");
        assert_eq!(f("ア", 3), "ウ");
        assert_eq!(f("（ア）", 6), "（カ）");
        assert_eq!(f("A.", 2), "B.");
        assert_eq!(f("ａ", 26), "ｚ");
        assert_eq!(f("ａ", 27), "２７");
    }

    #[test]
    fn examples_that_are_not_styles() {
        for bad in ["", "x", "12", "1-1", "（（（（1", "①②", "2", "第１章の1"] {
            assert_eq!(NumberStyle::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_original_marks() {
        for n in 1..=50 {
            assert_eq!(f("（１）", n), era::paren_full(n));
            assert_eq!(f("①", n), era::circled(n));
            assert_eq!(f("１", n), era::digits(n, Width::Full));
        }
    }
}
