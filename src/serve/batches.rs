//! The uploads waiting for (or done with) their import: kept under names
//! made here, in a temporary folder that goes with the server, and what
//! the importer said about each workbook, in the words the page shows: its
//! controls (the checkbox, the choices of text, 出力's downloads), never a
//! command-line flag, a path of the server or an English key alone; a
//! preview speaks of what would happen, a result of what did.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::pages::sheet_name;
use crate::error::{Error, Result, printable};
use crate::model::{Field, InitiativeId, RowKey};
use crate::services::forms::{Attempt, Conflict, Imported, Other, Reason, Resolutions};

/// Uploads kept for preview; older ones are forgotten (and deleted).
pub const KEEP_BATCHES: usize = 20;

/// Where the workbooks for departments are offered (出力's section).
const DOWNLOAD: &str = "「出力」の「各課の Excel とシート」";

/// The uploads waiting for (or done with) their import.
pub struct Uploads {
    dir: tempfile::TempDir,
    batches: Vec<Batch>,
}

/// One upload of one or more workbooks.
#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub id: String,
    pub replace_shared: bool,
    pub applied: bool,
    pub files: Vec<Upload>,
    /// Something the whole batch should say (the record could not be written).
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Upload {
    /// As uploaded; shown only.
    pub name: String,
    #[serde(skip)]
    pub(super) path: Option<PathBuf>,
    pub department: String,
    pub changes: Vec<ChangeView>,
    /// The changes by row, each group folded on the page.
    pub rows: Vec<RowGroup>,
    pub notes: Vec<String>,
    /// Why it is (or would be) refused.
    pub problems: Vec<ProblemView>,
    /// Shared-row cells where it disagrees with another text: a choice each.
    pub conflicts: Vec<ConflictView>,
}

impl Upload {
    /// Kept, and nothing but choices of text stand in its way.
    pub fn importable(&self) -> bool {
        self.path.is_some() && self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub row: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The changes of one row.
#[derive(Debug, Clone, Serialize)]
pub struct RowGroup {
    pub row: String,
    pub changes: Vec<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub place: String,
    pub message: String,
}

/// A shared row's cell with two texts, and the choice the page offers.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictView {
    /// Its number in the batch (the form's field names).
    pub n: usize,
    pub row: String,
    pub field: String,
    /// The row's key and the column's (the resolution's place).
    pub key: String,
    pub field_key: String,
    /// This workbook's text and the other one, and whose each is.
    pub mine: String,
    pub theirs: String,
    pub mine_label: String,
    pub theirs_label: String,
    #[serde(skip)]
    other: Other,
}

impl Uploads {
    pub fn new() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("shinchoku-uploads-")
            .tempdir()
            .map_err(|e| Error::Serve(format!("一時フォルダを作れません: {e}")))?;
        Ok(Self {
            dir,
            batches: Vec::new(),
        })
    }

    pub fn get(&self, id: &str) -> Option<Batch> {
        self.batches.iter().find(|b| b.id == id).cloned()
    }

    /// Whether the page of this batch is still kept.
    pub fn has(&self, id: &str) -> bool {
        self.batches.iter().any(|b| b.id == id)
    }

    /// The folder the uploads are kept in (never shown).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn put(&mut self, batch: Batch) {
        if let Some(b) = self.batches.iter_mut().find(|b| b.id == batch.id) {
            *b = batch;
        }
    }

    /// Keep the received files under names made here; forget old uploads.
    pub fn add(&mut self, received: Vec<Received>, replace_shared: bool) -> Result<Batch> {
        let id = super::guard::new_token()?[..32].to_string();
        let mut files = Vec::new();
        for (k, r) in received.into_iter().enumerate() {
            let mut upload = Upload::new(r.name);
            match r.refused {
                Some(reason) => upload.problems.push(ProblemView::file(reason)),
                None => {
                    let path = self.dir.path().join(format!("{id}-{k}.xlsx"));
                    crate::io::write_atomic(&path, &r.bytes)?;
                    upload.path = Some(path);
                }
            }
            files.push(upload);
        }
        let batch = Batch {
            id,
            replace_shared,
            applied: false,
            files,
            notice: None,
        };
        self.batches.push(batch.clone());
        while self.batches.len() > KEEP_BATCHES {
            let old = self.batches.remove(0);
            old.files
                .iter()
                .filter_map(|f| f.path.as_ref())
                .for_each(|p| {
                    let _ = std::fs::remove_file(p);
                });
        }
        Ok(batch)
    }
}

impl Upload {
    fn new(name: String) -> Self {
        Self {
            name,
            path: None,
            department: String::new(),
            changes: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            problems: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

impl ProblemView {
    pub fn file(message: String) -> Self {
        Self {
            place: String::new(),
            message,
        }
    }
}

/// A file as received, before it is kept.
pub struct Received {
    pub name: String,
    pub bytes: Vec<u8>,
    pub refused: Option<String>,
}

/// Paths of the server that a message may hold, and the words for them.
pub struct Places<'a> {
    pub data: &'a Path,
    pub uploads: &'a Path,
    /// How the plan numbers its initiatives (①, ア), for naming rows.
    pub numbering: crate::model::numbering::NumberStyle,
}

impl Places<'_> {
    /// `text` with the data folder's path dropped (places read
    /// results/2024/保育課.yaml) and the uploads' folder never shown.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = printable(text);
        for (dir, instead) in [(self.uploads, "（送られたファイル）"), (self.data, "")] {
            let dir = dir.display().to_string();
            if dir.len() > 1 {
                out = out.replace(&format!("{dir}/"), instead);
                out = out.replace(&dir, instead);
            }
        }
        out
    }
}

impl Batch {
    /// What the importer said about each kept workbook (`attempts` in the
    /// order of `kept`), worded for the page.
    pub fn take(&mut self, kept: &[usize], attempts: &[Attempt], places: &Places) {
        for (&k, a) in kept.iter().zip(attempts) {
            let applied = self.applied;
            self.files[k].take(a, applied, places);
        }
        self.label_conflicts();
    }

    /// Number the conflicts through the batch and say whose each text is:
    /// a workbook of this batch by the name it was sent as.
    fn label_conflicts(&mut self) {
        // Workbooks of this batch taken before each one (their texts are
        // what it is compared with).
        let senders: Vec<(usize, String, String)> = (self.files.iter().enumerate())
            .filter(|(_, f)| f.importable() && f.conflicts.is_empty() && !f.department.is_empty())
            .map(|(k, f)| (k, f.department.clone(), f.name.clone()))
            .collect();
        let mut n = 0;
        for (k, f) in self.files.iter_mut().enumerate() {
            for c in &mut f.conflicts {
                c.n = n;
                n += 1;
                c.mine_label = format!("{}（{}）", f.department, f.name);
                c.theirs_label = match &c.other {
                    Other::Department { name, file } => {
                        match senders.iter().find(|(j, d, _)| *j < k && d == name) {
                            Some((_, _, sent)) => format!("{name}（この取込の {sent}）"),
                            None => format!("{name}（取込済みの {}）", file.display()),
                        }
                    }
                    Other::Plan { file } => format!("計画のファイル（{}）", file.display()),
                };
            }
        }
    }

    /// The texts chosen on the page for each conflict: `choice-N` is
    /// mine, theirs or edit (then `text-N`). A conflict without a choice
    /// stays one.
    pub fn resolutions(&self, form: &std::collections::HashMap<String, String>) -> Resolutions {
        let mut out = Resolutions::new();
        for c in self.files.iter().flat_map(|f| &f.conflicts) {
            let text = match form.get(&format!("choice-{}", c.n)).map(String::as_str) {
                Some("mine") => c.mine.clone(),
                Some("theirs") => c.theirs.clone(),
                Some("edit") => form
                    .get(&format!("text-{}", c.n))
                    .map(|t| t.replace("\r\n", "\n"))
                    .unwrap_or_default(),
                _ => continue,
            };
            let field = Field::ALL.into_iter().find(|f| f.key() == c.field_key);
            if let Some(field) = field.filter(|_| !text.trim().is_empty()) {
                out.insert((RowKey::from_text(&c.key), field), text);
            }
        }
        out
    }
}

impl Upload {
    /// What the importer said about this workbook.
    fn take(&mut self, a: &Attempt, applied: bool, places: &Places) {
        self.changes.clear();
        self.rows.clear();
        self.notes.clear();
        self.problems.clear();
        self.conflicts.clear();
        match &a.outcome {
            Ok(i) => self.imported(i, places),
            Err(r) => {
                if let Some(d) = &r.department {
                    self.department = d.clone();
                }
                for reason in &r.reasons {
                    self.refusal(reason, applied, places);
                }
            }
        }
    }

    fn imported(&mut self, i: &Imported, places: &Places) {
        self.department = i.department.clone();
        self.changes = i
            .changes
            .iter()
            .map(|c| change(c.key.as_str(), &c.heading, &c.before, &c.after, places))
            .collect();
        for c in &self.changes {
            match self.rows.last_mut() {
                Some(g) if g.row == c.row => g.changes.push(c.clone()),
                _ => self.rows.push(RowGroup {
                    row: c.row.clone(),
                    changes: vec![c.clone()],
                }),
            }
        }
        self.notes = i.notes.iter().map(|n| places.scrub(n)).collect();
    }

    /// One reason, as the page says it: a choice where one settles it.
    fn refusal(&mut self, reason: &Reason, applied: bool, places: &Places) {
        let problem = match reason {
            Reason::Conflict(c) if !applied && matches!(c.other, Other::Department { .. }) => {
                self.conflicts.push(conflict_view(c, places));
                return;
            }
            Reason::Conflict(c) => ProblemView {
                place: c.place(),
                message: conflict_words(c, places),
            },
            Reason::Sheet(p) => ProblemView {
                place: places.scrub(&p.place),
                message: places.scrub(&p.message),
            },
            other => ProblemView::file(file_words(other, places)),
        };
        self.problems.push(problem);
    }
}

fn conflict_view(c: &Conflict, places: &Places) -> ConflictView {
    let (id, label) = c
        .key
        .as_str()
        .split_once(':')
        .unwrap_or((c.key.as_str(), ""));
    ConflictView {
        n: 0,
        row: row_name(id, label, c.key.as_str(), places),
        field: c.heading.clone(),
        key: c.key.as_str().to_string(),
        field_key: c.field.key().to_string(),
        mine: c.mine.clone(),
        theirs: c.theirs.clone(),
        mine_label: String::new(),
        theirs_label: String::new(),
        other: c.other.clone(),
    }
}

/// A conflict the page cannot settle (the plan file's text), or one left
/// without a choice when the import was done.
fn conflict_words(c: &Conflict, places: &Places) -> String {
    let what = places.scrub(&c.what());
    match &c.other {
        Other::Plan { file } => format!(
            "{what}。計画のファイルの文はここでは置き換えられません。計画のファイル（{}）のこの欄を消すか同じ文にしてから、もう一度ファイルを選んで「内容を確認する」を押してください",
            file.display()
        ),
        Other::Department { .. } => format!(
            "{what}。残す文を選ばなかったので取り込みませんでした。もう一度ファイルを選んで「内容を確認する」を押し、残す文を選んでください"
        ),
    }
}

/// A reason about the whole file, with what to do in the browser.
fn file_words(reason: &Reason, places: &Places) -> String {
    match reason {
        Reason::NotAForm { old: false } => format!(
            "このツールの記入用 Excel ではありません（識別用のシートがありません）。{DOWNLOAD}から記入用 Excel をダウンロードして記入してもらい、それを送ってください"
        ),
        Reason::NotAForm { old: true } => format!(
            "古い版の記入用 Excel です。{DOWNLOAD}から今の記入用 Excel をダウンロードし、記入を書き写してから送ってください"
        ),
        Reason::OtherYear {
            form,
            form_label,
            data_label,
            ..
        } => format!(
            "{}の記入用 Excel です。取り込めるのは{data_label}のものだけです。{DOWNLOAD}から{data_label}の記入用 Excel をダウンロードし、記入を書き写してから送ってください",
            crate::services::forms::year_words(form, form_label.as_deref())
        ),
        Reason::Data(message) => format!(
            "データに誤りがあるため取り込めません。「点検」で直してから、もう一度送ってください（{}）",
            places.scrub(message)
        ),
        other => places.scrub(&other.summary()),
    }
}

/// A change in the document's words: 1-(1)-③ 障害福祉課, 成果, before, after.
fn change(key: &str, heading: &str, before: &str, after: &str, places: &Places) -> ChangeView {
    // A department's row (1-1-3:障害福祉課), or the committee's initiative.
    let (id, label) = key.split_once(':').unwrap_or((key, ""));
    ChangeView {
        row: row_name(id, label, key, places),
        field: heading.to_string(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// 1-(1)-③ 障害福祉課 (the initiative numbered as the plan numbers it), or
/// the key as it is.
fn row_name(id: &str, label: &str, key: &str, places: &Places) -> String {
    InitiativeId::parse(id)
        .map(|id| {
            let sheet = sheet_name(id, &places.numbering.format(id.initiative));
            format!("{sheet} {label}").trim_end().to_string()
        })
        .unwrap_or_else(|| key.to_string())
}

/// Why the whole batch could not be looked at (the data cannot be read).
pub fn batch_error(e: &Error, places: &Places) -> ProblemView {
    ProblemView::file(format!(
        "データに誤りがあるため取り込めません。「点検」で直してから、もう一度送ってください（{}）",
        places.scrub(&e.to_string())
    ))
}
