//! `watch` and the `serve` builder: do something whenever a data or layout
//! file is saved. One loop for both: file system events (an idle process
//! uses no CPU), polling once a second where the system cannot deliver
//! them (some network drives), and saves that come in a burst handled as
//! one.
//!
//! Saves are noticed by content, not by time stamps (an editor may keep
//! both size and time, and opening a file is no save), and the output
//! itself is never watched, so writing it does not start another build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::load;
use crate::pipeline::Inputs;

/// Saves come in bursts (write, rename, touch): wait this long for the
/// rest before acting.
const SETTLE: Duration = Duration::from_millis(30);
/// Where file system events cannot be had, look this often.
const POLL: Duration = Duration::from_secs(1);

/// What wakes the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A file system event, or an import that wrote results: look again.
    Files,
    /// Watch other folders (serve's year switcher): the loop returns.
    Switch,
    /// End the loop.
    Stop,
}

/// Why [`run`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Switch,
    Stop,
}

/// Call `on_change` now, then after every batch of saves that changed a
/// watched file, until [`Wake::Switch`] or [`Wake::Stop`] arrives on
/// `wakes` (or every sender is gone). `sender` feeds the same channel; the
/// file system events go through it.
pub fn run(
    source: &mut Source,
    wakes: &Receiver<Wake>,
    sender: Sender<Wake>,
    mut on_change: impl FnMut(),
) -> Ended {
    let events = events(&source.folders(), sender);
    on_change();
    loop {
        let wake = match events {
            Some(_) => wakes.recv().map_err(|_| RecvTimeoutError::Disconnected),
            None => wakes.recv_timeout(POLL),
        };
        match wake {
            Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return Ended::Stop,
            Ok(Wake::Switch) => return Ended::Switch,
            Ok(Wake::Files) | Err(RecvTimeoutError::Timeout) => {}
        }
        std::thread::sleep(SETTLE);
        let mut ended = None;
        for w in wakes.try_iter() {
            match w {
                Wake::Stop => return Ended::Stop,
                Wake::Switch => ended = Some(Ended::Switch),
                Wake::Files => {}
            }
        }
        if let Some(e) = ended {
            return e;
        }
        if source.changed() {
            on_change();
        }
    }
}

/// File system events on `folders`, as wakes. `None` when the system
/// cannot watch them (then the loop polls).
fn events(folders: &[PathBuf], tx: Sender<Wake>) -> Option<notify::RecommendedWatcher> {
    let mut events = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        // Opening and reading a file (as every build does) is not a save.
        let save = e.is_ok_and(|e| match e.kind {
            EventKind::Access(notify::event::AccessKind::Close(
                notify::event::AccessMode::Write,
            )) => true,
            EventKind::Access(_) | EventKind::Other => false,
            EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
            _ => true,
        });
        if save {
            let _ = tx.send(Wake::Files);
        }
    })
    .ok()?;
    let mut watched = 0;
    for dir in folders.iter().filter(|d| d.is_dir()) {
        events.watch(dir, RecursiveMode::Recursive).ok()?;
        watched += 1;
    }
    (watched > 0).then_some(events)
}

/// What is watched: the data's folder (the whole plan folder when earlier
/// years are read) and the layouts, except the output being written.
pub struct Source {
    inputs: Inputs,
    /// `None` for `serve`, which writes no file.
    out: Option<PathBuf>,
    stamp: Vec<(PathBuf, u64)>,
}

impl Source {
    pub fn new(inputs: Inputs, out: Option<PathBuf>) -> Self {
        let mut w = Self {
            inputs,
            out,
            stamp: Vec::new(),
        };
        w.stamp = w.scan();
        w
    }

    fn layouts_dir(&self) -> PathBuf {
        self.inputs
            .layouts
            .clone()
            .unwrap_or_else(|| PathBuf::from("layouts"))
    }

    /// The data's folder, or for a year of a plan folder the whole plan
    /// (the trend pages read the earlier years).
    fn data_dir(&self) -> PathBuf {
        let data = &self.inputs.data;
        match load::years::plan_of(data) {
            Some(plan) if !load::years::earlier(data).is_empty() => plan,
            _ => data.clone(),
        }
    }

    /// The folders whose files are watched (for event-based watching).
    pub fn folders(&self) -> [PathBuf; 2] {
        [self.data_dir(), self.layouts_dir()]
    }

    /// Every watched file with a hash of its content.
    fn scan(&self) -> Vec<(PathBuf, u64)> {
        let mut files = Vec::new();
        walk(&self.data_dir(), &mut files, &|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(load::is_data_file)
        });
        let out_stem = self
            .out
            .as_ref()
            .and_then(|o| o.file_stem())
            .map(|s| s.to_string_lossy().into_owned());
        walk(&self.layouts_dir(), &mut files, &|p| {
            !self.is_output(p, out_stem.as_deref())
        });
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let mut h = DefaultHasher::new();
                std::fs::read(&p).ok().hash(&mut h);
                (p, h.finish())
            })
            .collect()
    }

    /// The output, its page images, and temporary files being written.
    fn is_output(&self, p: &Path, stem: Option<&str>) -> bool {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        name.starts_with(".shinchoku-")
            || self.out.as_ref().is_some_and(|o| same(p, o))
            || stem.is_some_and(|s| name.starts_with(&format!("{s}-")) && name.ends_with(".png"))
    }

    /// Whether any watched file was saved, added or removed since the last call.
    pub fn changed(&mut self) -> bool {
        let now = self.scan();
        let changed = now != self.stamp;
        self.stamp = now;
        changed
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let kind = e.file_type();
        if kind.as_ref().is_ok_and(|t| t.is_dir()) {
            walk(&p, out, keep);
        } else if kind.is_ok_and(|t| t.is_file() || t.is_symlink()) && p.is_file() && keep(&p) {
            // Regular files only: reading a named pipe would block.
            out.push(p);
        }
    }
}
