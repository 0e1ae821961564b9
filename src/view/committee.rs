//! The committee's assessment as printed: its grade, opinion and the
//! city's answer under a sheet; the digest for the meeting (every
//! initiative with its self grades and the committee's, those that differ
//! marked, with counts); the opinions with the city's answers, each with
//! the page of its sheet in the full report.

use std::collections::HashMap;

use serde::Serialize;

use super::summary::GradeCounts;
use super::{MeasureView, Pages, View};
use crate::model::{Data, InitiativeId};

/// Under a sheet.
#[derive(Debug, Clone, Serialize)]
pub struct CommitteeView {
    /// The grade as the scale prints it, or empty.
    pub grade: String,
    pub opinion: String,
    /// The city's answer, or the word for none yet (未回答).
    pub answer: String,
}

#[derive(Debug, Serialize)]
pub struct Digest {
    /// The grades that count, in the scale's order.
    pub grades: Vec<String>,
    pub strategies: Vec<DigestStrategy>,
    pub total: DigestCounts,
}

#[derive(Debug, Serialize)]
pub struct DigestStrategy {
    pub label: String,
    pub initiatives: Vec<DigestRow>,
    pub counts: DigestCounts,
}

#[derive(Debug, Serialize)]
pub struct DigestRow {
    pub id: InitiativeId,
    pub mark: String,
    pub name: String,
    /// The sheet's page in the full report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// One per row: its departments and self grade.
    pub self_grades: Vec<SelfGrade>,
    pub committee: String,
    /// The committee graded, and some row's self grade is another.
    pub differs: bool,
}

#[derive(Debug, Serialize)]
pub struct SelfGrade {
    pub label: String,
    pub grade: String,
}

/// An initiative counts once; its self grades count per row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DigestCounts {
    pub initiatives: u32,
    pub assessed: u32,
    pub differ: u32,
    /// Rows per self grade, initiatives per committee grade.
    pub self_counts: GradeCounts,
    pub committee_counts: GradeCounts,
}

#[derive(Debug, Serialize)]
pub struct Opinions {
    pub strategies: Vec<OpinionStrategy>,
    pub count: u32,
    pub unanswered: u32,
}

#[derive(Debug, Serialize)]
pub struct OpinionStrategy {
    pub label: String,
    pub measures: Vec<OpinionMeasure>,
}

#[derive(Debug, Serialize)]
pub struct OpinionMeasure {
    pub label: String,
    pub items: Vec<Opinion>,
}

#[derive(Debug, Serialize)]
pub struct Opinion {
    pub id: InitiativeId,
    pub mark: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    pub opinion: String,
    pub answer: String,
    pub answered: bool,
}

/// The committee's entries by initiative, grades in the scale's labels.
pub fn assessments(data: &Data, unanswered: &str) -> HashMap<InitiativeId, CommitteeView> {
    let scale = data.grade_scale();
    let Some(c) = &data.committee else {
        return HashMap::new();
    };
    c.value
        .initiatives
        .iter()
        .filter_map(|a| {
            let grade = scale
                .parse(a.grade_text())
                .map(|g| scale.label(g).to_string())
                .unwrap_or_default();
            let answer = match a.answer_text() {
                "" if !a.opinion_text().is_empty() => unanswered.to_string(),
                t => t.to_string(),
            };
            let view = CommitteeView {
                grade,
                opinion: a.opinion_text().to_string(),
                answer,
            };
            Some((a.initiative()?, view))
        })
        .collect()
}

impl DigestCounts {
    fn add(&mut self, o: &DigestCounts) {
        self.initiatives += o.initiatives;
        self.assessed += o.assessed;
        self.differ += o.differ;
        self.self_counts.add(&o.self_counts);
        self.committee_counts.add(&o.committee_counts);
    }
}

/// What of the committee's assessment a document shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitteeParts {
    pub sheets: bool,
    pub summary: bool,
    pub digest: bool,
    pub opinions: bool,
}

impl View {
    /// Add what `parts` asks of the year's committee file (nothing when
    /// there is none, but the documents asked for, then empty). `pages`:
    /// the full report's, for the documents' page references.
    pub fn add_committee_parts(
        &mut self,
        data: &Data,
        parts: CommitteeParts,
        pages: Option<&Pages>,
    ) {
        let words = super::labels::committee(data, &self.years);
        let found = assessments(data, &words.unanswered);
        let no_pages = Pages::default();
        let pages = pages.unwrap_or(&no_pages);
        let have = data.committee.is_some();
        if parts.sheets && have {
            self.add_committee(&found);
            self.labels.sheet.committee = Some(words.clone());
        }
        if parts.summary && have {
            self.add_committee_summary(&found);
        }
        if parts.digest {
            self.digest = Some(self.digest(&found, pages));
        }
        if parts.opinions {
            self.opinions = Some(self.opinions(&found, pages, &words.unanswered));
        }
        if (parts.summary && have) || parts.digest || parts.opinions {
            self.committee_labels = Some(words);
        }
    }

    /// The summary's second table: initiatives per committee grade, per
    /// strategy and measure (call after `add_summary`).
    pub fn add_committee_summary(&mut self, found: &HashMap<InitiativeId, CommitteeView>) {
        let grades = self.rated_grades();
        let lines = self.summary_lines(|m| {
            let originals = m.initiatives.iter().filter(|i| i.relist_of.is_none());
            GradeCounts::of(
                &grades,
                originals.map(|i| found.get(&i.id).map_or("", |c| c.grade.as_str())),
            )
        });
        if let Some(summary) = &mut self.summary {
            summary.committee = Some(lines);
        }
    }

    /// Put the committee's entries under their sheets (originals only).
    pub fn add_committee(&mut self, found: &HashMap<InitiativeId, CommitteeView>) {
        for i in self.initiatives_mut().filter(|i| i.relist_of.is_none()) {
            i.committee = found.get(&i.id).cloned();
        }
    }

    /// The digest: every original initiative, its self grades and the
    /// committee's, with `pages` of the full report.
    pub fn digest(&self, found: &HashMap<InitiativeId, CommitteeView>, pages: &Pages) -> Digest {
        let grades = self.rated_grades();
        let mut total = DigestCounts::default();
        let strategies = self
            .strategies
            .iter()
            .map(|s| {
                let rows: Vec<DigestRow> = s
                    .measures
                    .iter()
                    .flat_map(|m| digest_rows(m, found, pages))
                    .collect();
                let counts = digest_counts(&rows, &grades);
                total.add(&counts);
                DigestStrategy {
                    label: format!("{}{}　{}", self.labels.levels.strategy, s.mark, s.title),
                    initiatives: rows,
                    counts,
                }
            })
            .collect();
        Digest {
            grades,
            strategies,
            total,
        }
    }

    /// Every opinion with its answer, by strategy and measure.
    pub fn opinions(
        &self,
        found: &HashMap<InitiativeId, CommitteeView>,
        pages: &Pages,
        unanswered: &str,
    ) -> Opinions {
        let (mut count, mut open) = (0, 0);
        let strategies = self
            .strategies
            .iter()
            .map(|s| OpinionStrategy {
                label: format!("{}{}　{}", self.labels.levels.strategy, s.mark, s.title),
                measures: s
                    .measures
                    .iter()
                    .map(|m| OpinionMeasure {
                        label: format!("{}{}", m.mark, m.title),
                        items: m
                            .initiatives
                            .iter()
                            .filter_map(|i| {
                                let c = found.get(&i.id).filter(|c| !c.opinion.is_empty())?;
                                let answered = c.answer != unanswered;
                                count += 1;
                                open += u32::from(!answered);
                                Some(Opinion {
                                    id: i.id,
                                    mark: format!("{}{}", m.mark, i.mark),
                                    name: i.name.clone(),
                                    page: pages.sheets.get(&i.id).copied(),
                                    opinion: c.opinion.clone(),
                                    answer: c.answer.clone(),
                                    answered,
                                })
                            })
                            .collect(),
                    })
                    .filter(|m| !m.items.is_empty())
                    .collect(),
            })
            .filter(|s| !s.measures.is_empty())
            .collect();
        Opinions {
            strategies,
            count,
            unanswered: open,
        }
    }
}

fn digest_rows(
    m: &MeasureView,
    found: &HashMap<InitiativeId, CommitteeView>,
    pages: &Pages,
) -> Vec<DigestRow> {
    m.initiatives
        .iter()
        .filter(|i| i.relist_of.is_none())
        .map(|i| {
            let committee = found
                .get(&i.id)
                .map(|c| c.grade.clone())
                .unwrap_or_default();
            let differs =
                !committee.is_empty() && i.rows.iter().any(|r| r.results.grade != committee);
            DigestRow {
                id: i.id,
                mark: format!("{}{}", m.mark, i.mark),
                name: i.name.clone(),
                page: pages.sheets.get(&i.id).copied(),
                self_grades: i
                    .rows
                    .iter()
                    .map(|r| SelfGrade {
                        label: r.departments.join("・").replace('\n', ""),
                        grade: r.results.grade.clone(),
                    })
                    .collect(),
                committee,
                differs,
            }
        })
        .collect()
}

fn digest_counts(rows: &[DigestRow], grades: &[String]) -> DigestCounts {
    DigestCounts {
        initiatives: rows.len() as u32,
        assessed: rows.iter().filter(|r| !r.committee.is_empty()).count() as u32,
        differ: rows.iter().filter(|r| r.differs).count() as u32,
        self_counts: GradeCounts::of(
            grades,
            rows.iter()
                .flat_map(|r| &r.self_grades)
                .map(|g| g.grade.as_str()),
        ),
        committee_counts: GradeCounts::of(grades, rows.iter().map(|r| r.committee.as_str())),
    }
}
