//! What the server keeps: the last laid-out report (its pages and the
//! problems of the latest build), the page images rendered so far, the
//! uploads waiting to be imported, and the locks that keep imports and
//! builds apart.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use axum::body::Bytes;
use tokio::sync::watch;
use typst_layout::PagedDocument;

use super::pages::{NavStrategy, PageInfo};
use super::problems::Finding;
use super::{assets, batches};
use crate::error::Result;
use crate::model::Data;
use crate::pipeline::{Inputs, Session};
use crate::services::returns::Status;
use crate::watch::Wake;

/// What the report view shows: the last good pages, and what is wrong now.
#[derive(Default, Clone)]
pub struct Shown {
    /// Counts builds, good or not; the browser compares it.
    pub version: u64,
    /// The last good layout (kept while the data is broken).
    pub document: Option<Arc<PagedDocument>>,
    pub pages: Vec<PageInfo>,
    pub index: Vec<NavStrategy>,
    /// The page list's words (the plan's, from words.yaml).
    pub nav: super::pages::NavLabels,
    pub plan_title: String,
    /// Problems of the latest build; empty when it succeeded.
    pub findings: Vec<Finding>,
    pub warnings: Vec<String>,
    /// When the latest build ended, and how long it took.
    pub built_at: Option<SystemTime>,
    pub elapsed_ms: u128,
    /// The server's own writes ([`App::written`]) this build had seen.
    pub generation: u64,
    /// The data of the last good build, for 出力 while the data is broken.
    pub last_good: Option<Arc<LastGood>>,
}

/// The data as it was when the report was last made without a problem.
pub struct LastGood {
    pub data: Data,
    /// 出力's lists (departments, strategies) of that data.
    pub status: Status,
}

impl Shown {
    pub fn broken(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// Shared by every request.
pub struct App {
    /// The year folder served; the year switcher changes it.
    inputs: RwLock<Inputs>,
    pub templates: minijinja::Environment<'static>,
    shown: RwLock<Arc<Shown>>,
    /// The version of [`Shown`], for the browsers' event streams.
    pub updates: watch::Sender<u64>,
    /// Page images by fingerprint: only the current pages' are kept.
    pub images: Mutex<HashMap<u128, Bytes>>,
    pub uploads: Mutex<batches::Uploads>,
    /// One import (preview or apply) at a time.
    pub import: Arc<tokio::sync::Mutex<()>>,
    /// Held while a build reads the data or an import or edit writes it,
    /// so a build never sees half an import.
    pub data: Mutex<()>,
    /// Counts the edits saved from the browser (under `data`), so a save
    /// can wait for the build that read it.
    pub written: AtomicU64,
    /// Downloads build whole documents: one at a time.
    pub downloads: tokio::sync::Semaphore,
    /// The builder's compile session (its Typst world warm), which
    /// downloads use too; replaced when another year is served.
    pub session: Mutex<Session>,
    rebuild: mpsc::Sender<Wake>,
    pub stopped: watch::Receiver<bool>,
}

impl App {
    /// The shared state, and the channel its builder listens on.
    pub fn new(
        inputs: Inputs,
        stopped: watch::Receiver<bool>,
    ) -> Result<(Arc<Self>, mpsc::Receiver<Wake>)> {
        let (tx, rx) = mpsc::channel();
        let app = Arc::new(Self {
            templates: assets::templates(),
            shown: RwLock::new(Arc::new(Shown::default())),
            updates: watch::channel(0).0,
            images: Mutex::new(HashMap::new()),
            uploads: Mutex::new(batches::Uploads::new()?),
            import: Arc::new(tokio::sync::Mutex::new(())),
            data: Mutex::new(()),
            written: AtomicU64::new(0),
            downloads: tokio::sync::Semaphore::new(1),
            rebuild: tx,
            stopped,
            session: Mutex::new(Session::new(inputs.clone())),
            inputs: RwLock::new(inputs),
        });
        Ok((app, rx))
    }

    /// The inputs of the year shown now.
    pub fn inputs(&self) -> Inputs {
        self.inputs
            .read()
            .map(|i| i.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Serve another year folder: the builder lays it out at once.
    pub fn switch_to(&self, data: std::path::PathBuf) {
        if let Ok(mut i) = self.inputs.write() {
            i.data = data;
            if let Ok(mut s) = self.session.lock() {
                *s = Session::new(i.clone());
            }
        }
        let _ = self.rebuild.send(Wake::Switch);
    }

    pub fn shown(&self) -> Arc<Shown> {
        self.shown.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Show a new build and tell the browsers. Images of pages no longer
    /// shown are dropped, so memory stays flat over a long session.
    pub fn publish(&self, shown: Shown) {
        if let Ok(mut images) = self.images.lock() {
            images.retain(|h, _| shown.pages.iter().any(|p| p.fingerprint == *h));
        }
        self.replace(shown);
    }

    /// Tell the open pages to fetch their view again although nothing was
    /// built: an import that only recorded refused or empty returns wrote
    /// no data, but 回収状況 shows them.
    pub fn touch(&self) {
        let same = Shown::clone(&self.shown());
        self.replace(same);
    }

    /// The next version of what is shown (numbered here, under the lock, so
    /// a build and a touch never give two states one number).
    fn replace(&self, mut shown: Shown) {
        let Ok(mut s) = self.shown.write() else {
            return;
        };
        shown.version = s.version + 1;
        let version = shown.version;
        *s = Arc::new(shown);
        drop(s);
        self.updates.send_replace(version);
    }

    /// Ask the builder to look at the files (after an import).
    pub fn files_changed(&self) {
        let _ = self.rebuild.send(Wake::Files);
    }

    pub fn stop_builder(&self) {
        let _ = self.rebuild.send(Wake::Stop);
    }

    /// A sender for the builder's file watcher.
    pub fn trigger(&self) -> mpsc::Sender<Wake> {
        self.rebuild.clone()
    }
}
