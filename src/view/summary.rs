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
    /// Count 自己評価 per strategy and measure. 【再掲】 sheets repeat their
    /// original's rows, so they are not counted again.
    pub fn add_summary(&mut self) {
        let grades: Vec<String> = self
            .intro
            .grades
            .iter()
            .filter(|g| !g.unrated)
            .map(|g| g.grade.clone())
            .collect();
        let count = |m: &MeasureView| {
            let mut c = GradeCounts {
                graded: vec![0; grades.len()],
                none: 0,
            };
            let rows = m
                .initiatives
                .iter()
                .filter(|i| i.relist_of.is_none())
                .flat_map(|i| &i.rows);
            for r in rows {
                match grades.iter().position(|g| *g == r.results.grade) {
                    Some(i) => c.graded[i] += 1,
                    None => c.none += 1,
                }
            }
            c
        };
        let strategies = self
            .strategies
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
            .collect();
        self.summary = Some(Summary {
            grades,
            strategies,
            committee: None,
        });
    }
}
