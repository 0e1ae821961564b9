//! The 担当部署等一覧表: only what the index shows, so an edit to a sheet's
//! text leaves the index's layout to Typst's cache.

use serde::Serialize;

use super::View;
use crate::model::InitiativeId;

/// One strategy of the 担当部署等一覧表.
#[derive(Debug, Serialize)]
pub struct IndexStrategy {
    pub mark: String,
    pub title: String,
    pub measures: Vec<IndexMeasure>,
}

#[derive(Debug, Serialize)]
pub struct IndexMeasure {
    pub mark: String,
    pub title: String,
    pub initiatives: Vec<IndexEntry>,
}

/// One initiative of the index: its sheet's id (for the 頁 and the link).
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub id: InitiativeId,
    pub mark: String,
    pub name: String,
    pub relist: bool,
    pub departments: Vec<String>,
    /// The same lines as names made of words ([`super::words`]).
    pub words: Vec<Vec<super::Part>>,
}

impl View {
    pub(super) fn with_index(mut self) -> Self {
        let break_after = self.words.break_after();
        let index = self
            .strategies
            .iter()
            .map(|s| IndexStrategy {
                mark: s.mark.clone(),
                title: s.title.clone(),
                measures: s
                    .measures
                    .iter()
                    .map(|m| IndexMeasure {
                        mark: m.mark.clone(),
                        title: m.title.clone(),
                        initiatives: m
                            .initiatives
                            .iter()
                            .map(|i| IndexEntry {
                                id: i.id,
                                mark: i.mark.clone(),
                                name: i.name.clone(),
                                relist: i.relist_of.is_some(),
                                departments: i.index_departments.clone(),
                                words: i
                                    .index_departments
                                    .iter()
                                    .map(|d| super::words(d, &break_after))
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        self.index = index;
        self
    }
}
