//! Cell values as Excel displays them: what Excel shows is what the
//! report prints. A number typed as 12.5% is stored as 0.125 with a
//! percent format; 2025/6/1 as the serial 45809 with a date format. Both
//! come back as displayed ("12.5%", "2025/6/1"); a format we cannot show
//! faithfully is refused, never guessed.

use calamine::Data;

/// Built-in formats whose meaning depends on Excel's language: as a
/// Japanese Excel shows them.
pub fn builtin_japanese(id: Option<u32>) -> Option<&'static str> {
    match id? {
        14 => Some("yyyy/m/d"),
        22 => Some("yyyy/m/d h:mm"),
        27 | 36 | 50 | 57 => Some("ge.m.d"),
        28 | 29 | 52 | 53 | 54 => Some("ggge\"年\"m\"月\"d\"日\""),
        30 => Some("m/d/yy"),
        31 | 55 => Some("yyyy\"年\"m\"月\"d\"日\""),
        32 => Some("h\"時\"mm\"分\""),
        33 => Some("h\"時\"mm\"分\"ss\"秒\""),
        34 | 51 => Some("yyyy\"年\"m\"月\""),
        35 | 56 | 58 => Some("m\"月\"d\"日\""),
        _ => None,
    }
}

/// A value as `code` displays it.
pub fn display(value: &Data, code: &str) -> Result<String, String> {
    match value {
        Data::Empty => Ok(String::new()),
        Data::String(s) => Ok(s.clone()),
        Data::Int(i) => number(*i as f64, code),
        Data::Float(f) => number(*f, code),
        Data::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => date(d, code),
        Data::Error(e) => Err(format!("エラーの値（{e}）です。正しい値を入力してください")),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Err(format!(
            "日付・時刻の値（{s}）は読み取れません。セルの書式を「文字列」にして入力し直してください"
        )),
    }
}

fn unreadable(code: &str) -> String {
    format!(
        "この欄の表示形式（{}）は読み取れません。セルの書式を「文字列」にして、見せたいとおりに入力し直してください",
        crate::error::shown(code)
    )
}

/// One section of a format code, split into literal text and placeholders.
#[derive(Debug, PartialEq)]
enum Token {
    Literal(String),
    /// A run of digit placeholders: 0, #, ?, with , and .
    Digits(String),
    Percent,
    /// Anything else that is a code (letters for dates, E+, /).
    Code(char),
}

fn tokens(section: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = section.chars().peekable();
    let lit = |out: &mut Vec<Token>, s: String| match out.last_mut() {
        Some(Token::Literal(l)) => l.push_str(&s),
        _ => out.push(Token::Literal(s)),
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let s: String = chars.by_ref().take_while(|&c| c != '"').collect();
                lit(&mut out, s);
            }
            '\\' => lit(&mut out, chars.next().map(String::from).unwrap_or_default()),
            '_' => {
                chars.next();
                lit(&mut out, " ".into());
            }
            '*' => {
                chars.next();
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if let Some(currency) = inner.strip_prefix('$') {
                    // [$¥-411]: the symbol, then the locale it belongs to.
                    let symbol = currency.split('-').next().unwrap_or_default();
                    lit(&mut out, symbol.to_string());
                } else if !is_colour(&inner) {
                    out.push(Token::Code('['));
                }
            }
            '0' | '#' | '?' | ',' | '.' => {
                let mut run = String::from(c);
                while let Some(&n) = chars.peek() {
                    if !"0#?,.".contains(n) {
                        break;
                    }
                    run.push(n);
                    chars.next();
                }
                if run.contains(['0', '#', '?']) {
                    out.push(Token::Digits(run));
                } else {
                    lit(&mut out, run);
                }
            }
            '%' => out.push(Token::Percent),
            c if c.is_ascii_alphabetic() || c == '/' || c == '@' => out.push(Token::Code(c)),
            c => lit(&mut out, c.to_string()),
        }
    }
    out
}

fn is_colour(s: &str) -> bool {
    let s = s.to_lowercase();
    [
        "black", "white", "red", "green", "blue", "yellow", "magenta", "cyan",
    ]
    .contains(&s.as_str())
        || s.starts_with("color")
}

/// A number as a numeric format code shows it.
pub fn number(x: f64, code: &str) -> Result<String, String> {
    let sections: Vec<&str> = code.split(';').collect();
    // Sections: positive; negative (shown without the sign); zero; text.
    let (section, sign) = match sections.as_slice() {
        [_, neg, ..] if x < 0.0 => (*neg, ""),
        [_, _, zero, ..] if x == 0.0 => (*zero, ""),
        [pos, ..] => (*pos, if x < 0.0 { "-" } else { "" }),
        [] => ("General", ""),
    };
    if section.eq_ignore_ascii_case("general") || section.trim() == "@" || section.is_empty() {
        return general(x);
    }
    let toks = tokens(section);
    if toks.iter().any(|t| matches!(t, Token::Code(_))) {
        return Err(unreadable(code));
    }
    let percents = toks.iter().filter(|t| **t == Token::Percent).count() as i32;
    let value = x.abs() * 100f64.powi(percents);
    let mut out = String::from(sign);
    let mut placed = false;
    for t in &toks {
        match t {
            Token::Literal(s) => out.push_str(s),
            Token::Percent => out.push('%'),
            Token::Digits(d) if !placed => {
                out.push_str(&digits(value, d));
                placed = true;
            }
            Token::Digits(_) | Token::Code(_) => return Err(unreadable(code)),
        }
    }
    Ok(out)
}

/// A number through one run of digit placeholders ("#,##0.00").
fn digits(value: f64, pattern: &str) -> String {
    let (int_pat, frac_pat) = pattern.split_once('.').unwrap_or((pattern, ""));
    let grouping = int_pat.contains(',') && !int_pat.ends_with(',');
    let min_int = int_pat.chars().filter(|&c| c == '0').count();
    let max_frac = frac_pat.chars().filter(|c| "0#?".contains(*c)).count();
    let min_frac = frac_pat.chars().filter(|&c| c == '0').count();
    let s = round_half_away(value, max_frac);
    let (int_part, frac_part) = s.split_once('.').unwrap_or((&s, ""));
    let mut frac = frac_part.to_string();
    while frac.len() > min_frac && frac.ends_with('0') {
        frac.pop();
    }
    let mut int = int_part.trim_start_matches('0').to_string();
    while int.len() < min_int {
        int.insert(0, '0');
    }
    if grouping {
        int = group(&int);
    }
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

fn group(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` (not negative) with `decimals` places, as Excel rounds: half away
/// from zero, on the value as it shows it (15 significant digits), not on
/// the binary fraction (1.005 shows as 1.01).
fn round_half_away(x: f64, decimals: usize) -> String {
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    let places = (14 - magnitude).clamp(0, 300) as usize;
    let exact = format!("{x:.places$}");
    let (int, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(decimals))
        .collect();
    if frac.as_bytes().get(decimals).is_some_and(|d| *d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let text = String::from_utf8(digits).unwrap_or_default();
    let (int, frac) = text.split_at(text.len() - decimals);
    if decimals == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// Excel's General format: up to ten significant digits, no trailing zeros.
/// From 10^11 up, and for non-integers with more than ten digits before
/// the point or below 10^-4, Excel may switch to an exponent (1.23457E+11)
/// with as many digits as the column is wide: what it shows depends on
/// the width, so such a number is refused, never guessed.
fn general(x: f64) -> Result<String, String> {
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    if !(-4..=10).contains(&magnitude) {
        return Err(format!(
            "数値（{x:e}）は桁が多く、Excel では列の幅によって指数（例: 1.2E+15）で表示されます。見せたいとおりに、セルの書式を「文字列」にして入力し直してください"
        ));
    }
    if x == x.trunc() {
        return Ok(format!("{}", x as i64));
    }
    let decimals = (9 - magnitude).clamp(0, 15) as usize;
    let s = round_half_away(x.abs(), decimals);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    Ok(format!("{}{s}", if x < 0.0 { "-" } else { "" }))
}
/// A date or time as a date format code shows it.
fn date(d: &calamine::ExcelDateTime, code: &str) -> Result<String, String> {
    if d.is_duration() {
        return Err(unreadable(code));
    }
    // Excel shows ####### for a negative date or time.
    if d.as_f64() < 0.0 {
        return Err(not_shown_alike(d));
    }
    let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
    let when = When {
        y: y as i32,
        mo: mo as u32,
        d: da as u32,
        h: h as u32,
        mi: mi as u32,
        s: s as u32,
    };
    let chars: Vec<char> = code.split(';').next().unwrap_or(code).chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // After an hour, "m" means minutes.
    let mut after_hour = false;
    // Whether the code shows the day (not a time of day alone).
    let mut shows_day = false;
    while i < chars.len() {
        let c = chars[i];
        if let Some((literal, next)) = literal_at(&chars, i) {
            out.push_str(&literal);
            i = next;
            continue;
        }
        let run = chars[i..]
            .iter()
            .take_while(|x| x.eq_ignore_ascii_case(&c))
            .count();
        let lower = c.to_ascii_lowercase();
        let Some(piece) = when.piece(lower, run, after_hour) else {
            return Err(unreadable(code));
        };
        shows_day |= !(matches!(lower, 'h' | 's') || (lower == 'm' && after_hour));
        after_hour = lower == 'h' || (after_hour && lower != 'd' && lower != 'y');
        out.push_str(&piece);
        i += run;
    }
    if shows_day && !shown_alike(d) {
        return Err(not_shown_alike(d));
    }
    Ok(out)
}

fn not_shown_alike(d: &calamine::ExcelDateTime) -> String {
    format!(
        "日付（シリアル値 {}）は Excel とほかの表計算ソフトで表示が違うか、Excel では表示できない日付です（1900年3月1日より前か、9999年12月31日より後）。セルの書式を「文字列」にして、見せたいとおりに入力し直してください",
        d.as_f64()
    )
}

/// Whether the date is one Excel shows, and shows as other programs do: a
/// serial within Excel's range (none negative), and in the 1900 date system
/// none before 1900/3/1, where Excel counts its 1900/2/29 that never was
/// and LibreOffice shows every earlier serial a day apart. A workbook in
/// the 1904 date system (Excel for Mac's) counts from 1904/1/1.
fn shown_alike(d: &calamine::ExcelDateTime) -> bool {
    use calamine::{ExcelDateTime, ExcelDateTimeType};
    let serial = d.as_f64();
    let in_1904 = *d == ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, true);
    // 9999/12/31 in each system; calamine shows later serials as that day.
    let last = if in_1904 { 2_957_003.0 } else { 2_958_465.0 };
    let first = if in_1904 { 0.0 } else { 61.0 };
    (first..last + 1.0).contains(&serial.floor())
}

/// Literal text at `i` of a format code: a quoted string, an escaped
/// character, a [locale] tag (dropped) or punctuation; with where it ends.
fn literal_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let end_of = |close: char| {
        chars[i + 1..]
            .iter()
            .position(|&x| x == close)
            .map_or(chars.len(), |p| i + 1 + p)
    };
    match chars[i] {
        '"' => {
            let end = end_of('"');
            Some((chars[i + 1..end].iter().collect(), end + 1))
        }
        '\\' => Some((
            chars.get(i + 1).map(|c| c.to_string()).unwrap_or_default(),
            i + 2,
        )),
        '[' => Some((String::new(), end_of(']') + 1)),
        c if !c.is_ascii_alphabetic() => Some((c.to_string(), i + 1)),
        _ => None,
    }
}

/// The parts of a date and time.
struct When {
    y: i32,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
}

impl When {
    /// What a run of one code letter shows, or `None` if we do not know it.
    fn piece(&self, letter: char, run: usize, after_hour: bool) -> Option<String> {
        let two = |n: u32| format!("{n:02}");
        Some(match (letter, run) {
            ('y', 1..=2) => format!("{:02}", self.y % 100),
            ('y', _) => format!("{:04}", self.y),
            ('m', 1) if after_hour => self.mi.to_string(),
            ('m', 2) if after_hour => two(self.mi),
            ('m', 1) => self.mo.to_string(),
            ('m', 2) => two(self.mo),
            ('d', 1) => self.d.to_string(),
            ('d', 2) => two(self.d),
            ('h', 1) => self.h.to_string(),
            ('h', 2) => two(self.h),
            ('s', 1) => self.s.to_string(),
            ('s', 2) => two(self.s),
            ('a', 3) => weekday(self.y, self.mo, self.d).to_string(),
            ('a', 4) => format!("{}曜日", weekday(self.y, self.mo, self.d)),
            ('g', n) => era(self.y, self.mo, self.d, n)?,
            ('e', n) => era_year(self.y, self.mo, self.d, n)?,
            _ => return None,
        })
    }
}

/// 月, 火, … (a = Japanese weekday).
fn weekday(y: i32, m: u32, d: u32) -> char {
    // Zeller-like: days from a known Sunday.
    let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let w = (y + y / 4 - y / 100 + y / 400 + t[(m - 1) as usize] + d as i32).rem_euclid(7);
    ['日', '月', '火', '水', '木', '金', '土'][w as usize]
}

/// The era in force on a date, with its start.
fn era_of(y: i32, m: u32, d: u32) -> Option<(&'static str, char, i32)> {
    let date = (y, m, d);
    if date >= (2019, 5, 1) {
        Some(("令和", 'R', 2018))
    } else if date >= (1989, 1, 8) {
        Some(("平成", 'H', 1988))
    } else if date >= (1926, 12, 25) {
        Some(("昭和", 'S', 1925))
    } else {
        None
    }
}

fn era(y: i32, m: u32, d: u32, n: usize) -> Option<String> {
    let (name, letter, _) = era_of(y, m, d)?;
    Some(match n {
        1 => letter.to_string(),
        2 => name.chars().next()?.to_string(),
        _ => name.to_string(),
    })
}

fn era_year(y: i32, m: u32, d: u32, n: usize) -> Option<String> {
    let (_, _, base) = era_of(y, m, d)?;
    let year = y - base;
    Some(if n >= 2 {
        format!("{year:02}")
    } else {
        year.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_shows_them() {
        assert_eq!(number(0.1, "0%").unwrap(), "10%");
        assert_eq!(number(0.125, "0.0%").unwrap(), "12.5%");
        assert_eq!(number(0.125, "0%").unwrap(), "13%");
        assert_eq!(number(1234.0, "#,##0").unwrap(), "1,234");
        assert_eq!(number(1234567.891, "#,##0.00").unwrap(), "1,234,567.89");
        assert_eq!(number(-1234.0, "#,##0").unwrap(), "-1,234");
        assert_eq!(number(42.0, "0\"人\"").unwrap(), "42人");
        assert_eq!(number(1.005, "0.00").unwrap(), "1.01");
        assert_eq!(number(0.5, "General").unwrap(), "0.5");
        assert_eq!(number(1234.0, "General").unwrap(), "1234");
        assert_eq!(number(0.1 + 0.2, "General").unwrap(), "0.3");
        assert_eq!(number(99_999_999_999.0, "General").unwrap(), "99999999999");
        // Never an integer's own zeros dropped (3200000000000000 was "32").
        assert!(number(3_200_000_000_000_000.0, "General").is_err());
        assert!(number(1e20, "General").is_err());
        assert!(number(-1e20, "General").is_err());
        assert!(number(1.5e-6, "General").is_err());
        assert_eq!(number(0.000_15, "General").unwrap(), "0.00015");
        assert!(number(1234.0, "0.00E+00").is_err());
        assert_eq!(number(1234.0, "[$¥-411]#,##0").unwrap(), "¥1,234");
        assert_eq!(number(1234.0, "[$-411]#,##0").unwrap(), "1,234");
        assert!(number(0.5, "# ?/?").is_err());
    }

    #[test]
    fn dates_as_excel_shows_them() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d = ExcelDateTime::new(45809.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(date(&d, "yyyy/m/d").unwrap(), "2025/6/1");
        assert_eq!(date(&d, "yyyy/mm/dd").unwrap(), "2025/06/01");
        assert_eq!(
            date(&d, "yyyy\"年\"m\"月\"d\"日\"").unwrap(),
            "2025年6月1日"
        );
        assert_eq!(
            date(&d, "ggge\"年\"m\"月\"d\"日\"").unwrap(),
            "令和7年6月1日"
        );
        assert_eq!(date(&d, "m/d(aaa)").unwrap(), "6/1(日)");
        assert!(date(&d, "mmm d").is_err());
        let day = |serial: f64, in_1904: bool| {
            date(
                &ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, in_1904),
                "yyyy/m/d",
            )
        };
        assert_eq!(day(61.0, false).unwrap(), "1900/3/1");
        assert!(day(60.0, false).is_err(), "Excel's 1900/2/29");
        assert!(day(0.0, false).is_err());
        assert!(day(-1.0, false).is_err());
        assert_eq!(day(2_958_465.0, false).unwrap(), "9999/12/31");
        assert!(day(2_958_466.0, false).is_err());
        assert_eq!(day(0.0, true).unwrap(), "1904/1/1");
        assert_eq!(day(44_347.0, true).unwrap(), "2025/6/1");
        assert!(day(-1.0, true).is_err());
        assert!(day(2_957_004.0, true).is_err());
        // A time of day alone shows no day, so its serial's day is no matter.
        let noon = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date(&noon, "h:mm").unwrap(), "12:00");
        let before = ExcelDateTime::new(-0.5, ExcelDateTimeType::DateTime, false);
        assert!(date(&before, "h:mm").is_err());
    }
}
