//! The builder thread: lays the report out at start and again whenever a
//! data or layout file is saved (or an import wrote results), reusing the
//! warm Typst world of `watch`, and publishes the pages.
//!
//! Saves are noticed by file system events (no polling, so an idle server
//! uses no CPU); the watcher's content hashes then tell a real change from
//! an editor merely touching a file. Without file system events (some
//! network drives) the folders are polled once a second instead.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::pages;
use super::problems::findings;
use super::state::{App, Shown, Trigger};
use crate::pipeline::Options;
use crate::watch::{Laid, Watcher};

/// Saves come in bursts (write, rename, touch): wait this long for the
/// rest before building.
const SETTLE: Duration = Duration::from_millis(30);
const POLL: Duration = Duration::from_secs(1);

pub fn spawn(app: Arc<App>, rx: Receiver<Trigger>) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name("shinchoku-builder".into())
        .spawn(move || run(&app, &rx))
        .expect("a thread can be started")
}

fn run(app: &App, rx: &Receiver<Trigger>) {
    let mut watcher = Watcher::new(app.inputs(), Options::default(), Default::default());
    let mut events = watch_folders(&watcher, app.trigger());
    build(app, &mut watcher);
    loop {
        let trigger = match events {
            Some(_) => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            None => rx.recv_timeout(POLL),
        };
        match trigger {
            Ok(Trigger::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Trigger::Year) => {
                // Another year: a watcher of its folder, laid out now.
                watcher = Watcher::new(app.inputs(), Options::default(), Default::default());
                events = watch_folders(&watcher, app.trigger());
                build(app, &mut watcher);
                continue;
            }
            Ok(Trigger::Files) | Err(RecvTimeoutError::Timeout) => {}
        }
        std::thread::sleep(SETTLE);
        if rx.try_iter().any(|t| matches!(t, Trigger::Stop)) {
            return;
        }
        if watcher.changed() {
            build(app, &mut watcher);
        }
    }
}

/// File system events on the data and layouts folders, as triggers.
/// `None` when the system cannot watch them (then the builder polls).
fn watch_folders(watcher: &Watcher, tx: Sender<Trigger>) -> Option<notify::RecommendedWatcher> {
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
            let _ = tx.send(Trigger::Files);
        }
    })
    .ok()?;
    let folders = watcher.folders();
    let mut watched = 0;
    for dir in folders.iter().filter(|d| d.is_dir()) {
        events.watch(dir, RecursiveMode::Recursive).ok()?;
        watched += 1;
    }
    (watched > 0).then_some(events)
}

/// Lay out and publish; on failure keep the last good pages and show why.
fn build(app: &App, watcher: &mut Watcher) {
    let start = Instant::now();
    let laid = {
        let _data = app.data.lock();
        watcher.lay_out()
    };
    let old = app.shown();
    let shown = match laid {
        Ok(laid) => good(laid),
        Err(e) => Shown {
            document: old.document.clone(),
            pages: old.pages.clone(),
            index: old.index.clone(),
            nav: old.nav.clone(),
            plan_title: old.plan_title.clone(),
            findings: findings(&e, &app.inputs().data),
            ..Shown::default()
        },
    };
    app.publish(Shown {
        version: old.version + 1,
        built_at: Some(SystemTime::now()),
        elapsed_ms: start.elapsed().as_millis(),
        ..shown
    });
}

fn good(laid: Laid) -> Shown {
    let pages = pages::pages(&laid.document, &laid.view);
    let index = pages::index(&laid.document, &laid.view);
    let nav = pages::nav_labels(&laid.view);
    Shown {
        nav,
        plan_title: laid.view.plan.sheet_title.clone(),
        document: Some(Arc::new(laid.document)),
        pages,
        index,
        warnings: laid.warnings,
        ..Shown::default()
    }
}
