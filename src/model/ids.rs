//! Numbers that name things in the plan: an initiative is 基本戦略-施策細目-取組
//! (1-2-3), a measure 1-2. Parsed once from what staff type, compared and
//! printed as values from then on.

use std::fmt;

/// A 施策細目: strategy and measure numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MeasureId {
    pub strategy: u32,
    pub measure: u32,
}

/// A 取組: strategy, measure and initiative numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct InitiativeId {
    pub strategy: u32,
    pub measure: u32,
    pub initiative: u32,
}

impl MeasureId {
    pub fn new(strategy: u32, measure: u32) -> Self {
        Self { strategy, measure }
    }

    /// "1-2" (spaces around the dash allowed).
    pub fn parse(s: &str) -> Option<Self> {
        match numbers(s)?.as_slice() {
            [a, b] => Some(Self::new(*a, *b)),
            _ => None,
        }
    }
}

impl InitiativeId {
    pub fn new(strategy: u32, measure: u32, initiative: u32) -> Self {
        Self {
            strategy,
            measure,
            initiative,
        }
    }

    /// "1-2-3" (spaces around the dashes allowed).
    pub fn parse(s: &str) -> Option<Self> {
        match numbers(s)?.as_slice() {
            [a, b, c] => Some(Self::new(*a, *b, *c)),
            _ => None,
        }
    }

    pub fn measure(self) -> MeasureId {
        MeasureId::new(self.strategy, self.measure)
    }

    /// The first sheet of its strategy (where the sheet title is printed).
    pub fn opens_strategy(self) -> bool {
        self.measure == 1 && self.initiative == 1
    }
}

fn numbers(s: &str) -> Option<Vec<u32>> {
    s.trim()
        .split('-')
        .map(|p| p.trim().parse::<u32>().ok())
        .collect()
}

impl fmt::Display for MeasureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.strategy, self.measure)
    }
}

impl fmt::Display for InitiativeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.strategy, self.measure, self.initiative)
    }
}

/// Ids reach templates as the text staff know ("1-2-3"), which is also how
/// Typst labels name the sheets.
impl serde::Serialize for InitiativeId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for MeasureId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_print() {
        let id = InitiativeId::parse(" 1 - 2 -3").unwrap();
        assert_eq!(id, InitiativeId::new(1, 2, 3));
        assert_eq!(id.to_string(), "1-2-3");
        assert_eq!(id.measure().to_string(), "1-2");
        assert_eq!(InitiativeId::parse("1-2"), None);
        assert_eq!(InitiativeId::parse("1-2-3-4"), None);
        assert_eq!(InitiativeId::parse("1-x-3"), None);
        assert_eq!(MeasureId::parse("3-4"), Some(MeasureId::new(3, 4)));
    }
}
