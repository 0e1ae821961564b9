//! An indicator's value as a number, where it is one: 7.0%, 726,799人,
//! 120件, 12回 (full-width digits too). A value that is not a number
//! (「増加」, 「検討中」) has none and is printed as typed.

use unicode_normalization::UnicodeNormalization;

/// A number with its unit, as read from a value like 「726,799人」.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// What follows the number (%, 人, 件, 回 …), compared as written
    /// after NFKC (％ is %).
    pub unit: String,
}

impl Quantity {
    /// The number in `s`: an optional sign, digits with thousands
    /// separators every three digits, an optional decimal part, then a
    /// unit of letters (no digits). Anything else is not a number.
    pub fn parse(s: &str) -> Option<Self> {
        let s: String = s.trim().nfkc().collect();
        let (sign, rest) = match s.strip_prefix(['-', '−', '▲', '△']) {
            Some(r) => (-1.0, r),
            None => (1.0, s.strip_prefix('+').unwrap_or(&s)),
        };
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let (number, unit) = rest.split_at(end);
        let unit = unit.trim();
        if number.is_empty() || unit.chars().any(|c| c.is_ascii_digit()) || !grouped(number) {
            return None;
        }
        let value: f64 = number.replace(',', "").parse().ok()?;
        Some(Self {
            value: sign * value,
            unit: unit.to_string(),
        })
    }
}

/// Digits grouped by commas every three (1,234,567) or not at all, with at
/// most one decimal point after them.
fn grouped(number: &str) -> bool {
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups[0].len();
    let lead_ok = first >= 1 && (groups.len() == 1 || first <= 3);
    lead_ok
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// 達成率: how far the value has moved from the starting value towards the
/// target, in percent: (actual − current) ÷ (target − current) × 100. It
/// reads the same for a target above the start (more users) and below it
/// (7.0% → 5.0%: 6.0% is 50%). 0% is no progress, 100% the target
/// reached; below 0 the value moved away, above 100 beyond the target.
/// None when the three are not numbers of one unit, or target = current.
pub fn achievement(current: &Quantity, actual: &Quantity, target: &Quantity) -> Option<f64> {
    let same = current.unit == actual.unit && actual.unit == target.unit;
    let span = target.value - current.value;
    (same && span != 0.0).then(|| (actual.value - current.value) / span * 100.0)
}

/// A rate as printed: one decimal, 「50.0%」.
pub fn rate_label(rate: f64) -> String {
    // -0.0 prints as 0.0.
    let r = (rate * 10.0).round() / 10.0;
    format!("{:.1}%", if r == 0.0 { 0.0 } else { r })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn numbers_with_units_and_separators() {
        assert_eq!(
            q("7.0%"),
            Quantity {
                value: 7.0,
                unit: "%".into()
            }
        );
        assert_eq!(q("７．０％").unit, "%");
        assert_eq!(q("726,799人").value, 726_799.0);
        assert_eq!(q("1,234,567件").value, 1_234_567.0);
        assert_eq!(q("12回").unit, "回");
        assert_eq!(q("-3人").value, -3.0);
        assert_eq!(q("1200").unit, "");
        for s in [
            "増加",
            "",
            "人",
            "1,23人",
            "12,3456件",
            "1.2.3%",
            "7.%",
            "約10人",
            "10人（20人）",
        ] {
            assert_eq!(Quantity::parse(s), None, "{s}");
        }
    }

    #[test]
    fn achievement_rising_and_falling() {
        // A rising target: 726,799人 → 773,000人.
        let r = achievement(&q("726,799人"), &q("750,000人"), &q("773,000人")).unwrap();
        assert_eq!(rate_label(r), "50.2%");
        // A falling target: 7.0% → 5.0%; 6.0% is half the way.
        assert_eq!(
            rate_label(achievement(&q("7.0%"), &q("6.0%"), &q("5.0%")).unwrap()),
            "50.0%"
        );
        // Moving away from a falling target is below 0.
        assert_eq!(
            rate_label(achievement(&q("7.0%"), &q("7.5%"), &q("5.0%")).unwrap()),
            "-25.0%"
        );
        assert_eq!(
            rate_label(achievement(&q("7.0%"), &q("5.0%"), &q("5.0%")).unwrap()),
            "100.0%"
        );
        // Units differ, or no span: no rate.
        assert_eq!(achievement(&q("7.0%"), &q("6人"), &q("5.0%")), None);
        assert_eq!(achievement(&q("5人"), &q("6人"), &q("5人")), None);
    }
}
