//! Japanese era years (和暦) and the number forms the form prints.
//!
//! The original mixes full-width (令和６年度の取組方針) and half-width
//! (令和6年度実施結果) digits; both are derived here from one western year.

/// Digit width of a printed number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Half,
    Full,
    /// One digit full-width, more digits half-width (（令和４年度）, （令和10年度）).
    Mixed,
}

/// `年度` label of a (fiscal) year, e.g. 2024 → 令和6年度, 2019 → 令和元年度.
///
/// A fiscal year takes the era in force for most of it, so 2019 (April 2019 to
/// March 2020) is 令和元年度 although 令和 began in May.
pub fn nendo(year: i32, width: Width) -> Option<String> {
    let (era, n) = match year {
        2019.. => ("令和", year - 2018),
        1989..=2018 => ("平成", year - 1988),
        1926..=1988 => ("昭和", year - 1925),
        _ => return None,
    };
    let number = if n == 1 {
        "元".to_string()
    } else {
        digits(n as u32, width)
    };
    Some(format!("{era}{number}年度"))
}

/// A number in half- or full-width digits.
/// The western year a year is written as by staff: 2025, 2025年度,
/// 令和7年度, 令和7, R7 (digits half- or full-width).
pub fn parse_year(s: &str) -> Option<i32> {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.trim().nfkc().collect();
    let s = s.strip_suffix("年度").unwrap_or(&s);
    let (base, n) = if let Some(n) = s.strip_prefix("令和").or_else(|| s.strip_prefix('R')) {
        (2018, n)
    } else if let Some(n) = s.strip_prefix("平成").or_else(|| s.strip_prefix('H')) {
        (1988, n)
    } else {
        (0, s)
    };
    let n = if n == "元" {
        1
    } else {
        n.parse::<i32>().ok()?
    };
    let digits_ok = base > 0 || (n >= 1000 && s.len() == 4);
    (digits_ok && n > 0).then_some(base + n)
}

pub fn digits(n: u32, width: Width) -> String {
    let s = n.to_string();
    match width {
        Width::Half => s,
        Width::Mixed if s.len() > 1 => s,
        Width::Full | Width::Mixed => s
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
    }
}

/// Circled number of an initiative (① … ㊿).
pub fn circled(n: u32) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n - 1),
        21..=35 => char::from_u32(0x3251 + n - 21),
        36..=50 => char::from_u32(0x32B1 + n - 36),
        _ => None,
    };
    c.map(String::from).unwrap_or_else(|| format!("({n})"))
}

/// Measure mark （１）.
pub fn paren_full(n: u32) -> String {
    format!("（{}）", digits(n, Width::Full))
}

/// How a plan writes its years: 令和6年度, 令和6年度（2024年度） or 2024年度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YearStyle {
    #[default]
    Wareki,
    WarekiWestern,
    Western,
}

impl YearStyle {
    /// The settings staff may write, with an example each.
    pub const ALLOWED: [(&'static str, &'static str); 3] = [
        ("wareki", "令和6年度"),
        ("wareki-western", "令和6年度（2024年度）"),
        ("western", "2024年度"),
    ];

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "wareki" => Some(Self::Wareki),
            "wareki-western" => Some(Self::WarekiWestern),
            "western" => Some(Self::Western),
            _ => None,
        }
    }

    /// A year's label, the 和暦 digits in `width` (the western year is
    /// always half-width).
    pub fn label(self, year: i32, width: Width) -> String {
        let western = format!("{year}年度");
        let wareki = || nendo(year, width).unwrap_or_else(|| western.clone());
        match self {
            Self::Wareki => wareki(),
            Self::WarekiWestern => format!("{}（{western}）", wareki()),
            Self::Western => western,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_as_staff_write_them() {
        for (s, y) in [
            ("2025", 2025),
            ("2025年度", 2025),
            ("令和7年度", 2025),
            ("令和７", 2025),
            ("R7", 2025),
            ("令和元年度", 2019),
            ("平成30年度", 2018),
        ] {
            assert_eq!(parse_year(s), Some(y), "{s}");
        }
        for s in ["data", "25", "令和", "2025-1", ""] {
            assert_eq!(parse_year(s), None, "{s}");
        }
    }

    #[test]
    fn eras() {
        assert_eq!(nendo(2024, Width::Half).unwrap(), "令和6年度");
        assert_eq!(nendo(2024, Width::Full).unwrap(), "令和６年度");
        assert_eq!(nendo(2028, Width::Full).unwrap(), "令和１０年度");
        assert_eq!(nendo(2028, Width::Mixed).unwrap(), "令和10年度");
        assert_eq!(nendo(2022, Width::Mixed).unwrap(), "令和４年度");
        assert_eq!(nendo(2019, Width::Half).unwrap(), "令和元年度");
        assert_eq!(nendo(2018, Width::Half).unwrap(), "平成30年度");
        assert_eq!(nendo(1989, Width::Half).unwrap(), "平成元年度");
        assert_eq!(nendo(1900, Width::Half), None);
    }

    #[test]
    fn year_styles() {
        assert_eq!(YearStyle::Wareki.label(2025, Width::Half), "令和7年度");
        assert_eq!(
            YearStyle::WarekiWestern.label(2025, Width::Mixed),
            "令和７年度（2025年度）"
        );
        assert_eq!(YearStyle::Western.label(2025, Width::Full), "2025年度");
        assert_eq!(
            YearStyle::parse("wareki-western"),
            Some(YearStyle::WarekiWestern)
        );
        assert_eq!(YearStyle::parse("seireki"), None);
    }

    #[test]
    fn marks() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(15), "⑮");
        assert_eq!(circled(21), "㉑");
        assert_eq!(circled(50), "㊿");
        assert_eq!(paren_full(3), "（３）");
    }
}
