//! The 自己評価 summary page: counts per strategy and measure.

use serde::Serialize;

use super::{MeasureView, View};

#[derive(Debug, Serialize)]
pub struct Summary {
    /// The grades that count, in the scale's order (the count columns);
    /// the others count as 未評価.
    pub grades: Vec<String>,
    pub strategies: Vec<SummaryStrategy>,
    /// The committee's grades counted the same way (initiatives), when
    /// the year has a committee file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<Vec<SummaryStrategy>>,
}

#[derive(Debug, Serialize)]
pub struct SummaryStrategy {
    pub line: SummaryLine,
    pub measures: Vec<SummaryLine>,
}

#[derive(Debug, Serialize)]
pub struct SummaryLine {
    pub label: String,
    pub counts: GradeCounts,
}

/// 自己評価 counts: one per grade of the scale that counts, and 未評価 (none
/// yet, or a grade marked `unrated`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GradeCounts {
    pub graded: Vec<u32>,
    pub none: u32,
}

impl GradeCounts {
    /// `grades` counted by the grades that count (`labels`, as printed);
    /// any other, or none, is 未評価.
    pub fn of<'a>(labels: &[String], grades: impl IntoIterator<Item = &'a str>) -> Self {
        let mut c = GradeCounts {
            graded: vec![0; labels.len()],
            none: 0,
        };
        for g in grades {
            match labels.iter().position(|l| l == g) {
                Some(i) => c.graded[i] += 1,
                None => c.none += 1,
            }
        }
        c
    }

    pub(super) fn add(&mut self, o: &GradeCounts) {
        if self.graded.len() < o.graded.len() {
            self.graded.resize(o.graded.len(), 0);
        }
        for (a, b) in self.graded.iter_mut().zip(&o.graded) {
            *a += b;
        }
        self.none += o.none;
    }

    pub fn total(&self) -> u32 {
        self.graded.iter().sum::<u32>() + self.none
    }
}

impl View {
    /// The grades that count, in the scale's order (the count columns).
    pub(super) fn rated_grades(&self) -> Vec<String> {
        self.intro
            .grades
            .iter()
            .filter(|g| !g.unrated)
            .map(|g| g.grade.clone())
            .collect()
    }

    /// A line per strategy (its measures added up) and per measure, each
    /// measure counted by `count`.
    pub(super) fn summary_lines(
        &self,
        count: impl Fn(&MeasureView) -> GradeCounts,
    ) -> Vec<SummaryStrategy> {
        self.strategies
            .iter()
            .map(|s| {
                let measures: Vec<SummaryLine> = s
                    .measures
                    .iter()
                    .map(|m| SummaryLine {
                        label: format!("{}{}", m.mark, m.title),
                        counts: count(m),
                    })
                    .collect();
                let mut total = GradeCounts::default();
                measures.iter().for_each(|m| total.add(&m.counts));
                SummaryStrategy {
                    line: SummaryLine {
                        label: format!("{}{}　{}", self.labels.levels.strategy, s.mark, s.title),
                        counts: total,
                    },
                    measures,
                }
            })
            .collect()
    }

    /// Count 自己評価 per strategy and measure. 【再掲】 sheets repeat their
    /// original's rows, so they are not counted again.
    pub fn add_summary(&mut self) {
        let grades = self.rated_grades();
        let strategies = self.summary_lines(|m| {
            let rows = m
                .initiatives
                .iter()
                .filter(|i| i.relist_of.is_none())
                .flat_map(|i| &i.rows);
            GradeCounts::of(&grades, rows.map(|r| r.results.grade.as_str()))
        });
        self.summary = Some(Summary {
            grades,
            strategies,
            committee: None,
        });
    }
}
