//! 自己評価: the plan's grade scale (the table on the 進行管理 page) and a
//! grade as a position on it. Staff may type a letter half-width (A for Ａ):
//! what reads the same after NFKC is the same grade.

use unicode_normalization::UnicodeNormalization;

/// A grade: its position on the scale (0 is the best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grade(pub usize);

/// The grades a plan uses, in order, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeScale {
    labels: Vec<String>,
    /// Grades counted as 未評価 (e.g. 「－ 評価の対象外」).
    unrated: Vec<bool>,
}

/// A grade as compared: NFKC (A for Ａ), upper case, and the look-alike
/// circles and crosses one IME or another gives (〇 for ○, ✕ for ×).
pub fn folded(s: &str) -> String {
    s.trim()
        .nfkc()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            '〇' | '◯' => '○',
            '✕' | '✖' | '╳' => '×',
            c => c,
        })
        .collect()
}

impl GradeScale {
    pub fn new(labels: Vec<String>) -> Self {
        let unrated = vec![false; labels.len()];
        Self { labels, unrated }
    }

    /// Mark which grades count as 未評価.
    pub fn with_unrated(mut self, unrated: Vec<bool>) -> Self {
        self.unrated = unrated;
        self.unrated.resize(self.labels.len(), false);
        self
    }

    /// Whether a grade counts in the summary as a grade (not 未評価).
    pub fn is_rated(&self, g: Grade) -> bool {
        !self.unrated.get(g.0).copied().unwrap_or(true)
    }

    /// The labels of the grades that count, in order (not 未評価).
    pub fn rated_labels(&self) -> Vec<String> {
        (0..self.labels.len())
            .filter(|i| self.is_rated(Grade(*i)))
            .map(|i| self.labels[i].clone())
            .collect()
    }

    /// The grade `s` names, if any (an empty text is no grade at all).
    pub fn parse(&self, s: &str) -> Option<Grade> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Some(i) = self.labels.iter().position(|l| l == s) {
            return Some(Grade(i));
        }
        let f = folded(s);
        self.labels.iter().position(|l| folded(l) == f).map(Grade)
    }

    /// The printed form of a grade.
    pub fn label(&self, g: Grade) -> &str {
        self.labels.get(g.0).map_or("", String::as_str)
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// "Ａ・Ｂ・Ｃ", for messages.
    pub fn describe(&self) -> String {
        self.labels.join("・")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_letters_are_the_same_grade() {
        let s = GradeScale::new(vec!["Ａ".into(), "Ｂ".into(), "Ｃ".into()]);
        assert_eq!(s.parse("Ａ"), Some(Grade(0)));
        assert_eq!(s.parse(" b "), Some(Grade(1)));
        assert_eq!(s.parse("C"), Some(Grade(2)));
        assert_eq!(s.parse("Ｄ"), None);
        assert_eq!(s.parse(""), None);
        assert_eq!(s.label(Grade(1)), "Ｂ");
        assert_eq!(s.describe(), "Ａ・Ｂ・Ｃ");
    }

    #[test]
    fn circles_and_crosses_however_typed() {
        let s = GradeScale::new(["◎", "○", "△", "×", "－"].map(String::from).to_vec())
            .with_unrated(vec![false, false, false, false, true]);
        assert_eq!(s.parse("〇"), Some(Grade(1)));
        assert_eq!(s.parse("✕"), Some(Grade(3)));
        assert_eq!(s.parse("-"), Some(Grade(4)));
        assert!(s.is_rated(Grade(3)));
        assert!(!s.is_rated(Grade(4)));
    }
}
