//! The builder thread: lays the report out at start and again whenever a
//! data or layout file is saved (or an import wrote results), in the
//! app's compile session (its Typst world warm), and publishes the pages.
//! The waiting is `watch`'s loop, the same as `shinchoku watch`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;
use std::time::{Instant, SystemTime};

use super::pages;
use super::problems::findings;
use super::state::{App, LastGood, Shown};
use crate::error::Result;
use crate::model::Data;
use crate::pipeline::{self, Compiled, Options, Session};
use crate::services::returns::{self, Status};
use crate::watch::{self, Ended, Source, Wake};

pub fn spawn(app: Arc<App>, rx: Receiver<Wake>) -> JoinHandle<()> {
    std::thread::Builder::new()
        .name("shinchoku-builder".into())
        .spawn(move || run(&app, &rx))
        .expect("a thread can be started")
}

/// Watch the year shown; another year chosen starts over on its folder.
fn run(app: &App, rx: &Receiver<Wake>) {
    loop {
        let mut source = Source::new(app.inputs(), None);
        if watch::run(&mut source, rx, app.trigger(), || build(app)) == Ended::Stop {
            return;
        }
    }
}

/// Lay out and publish; on failure keep the last good pages (and data,
/// for 出力) and show why.
fn build(app: &App) {
    let start = Instant::now();
    let (laid, generation) = {
        let _data = app.data.lock();
        let generation = app.written.load(Ordering::SeqCst);
        let laid = match app.session.lock() {
            Ok(mut session) => lay_out(&mut session),
            Err(e) => lay_out(&mut e.into_inner()),
        };
        (laid, generation)
    };
    let old = app.shown();
    let shown = match laid {
        Ok((data, status, laid)) => Shown {
            last_good: Some(Arc::new(LastGood { data, status })),
            ..good(laid)
        },
        Err(e) => Shown {
            document: old.document.clone(),
            pages: old.pages.clone(),
            index: old.index.clone(),
            nav: old.nav.clone(),
            plan_title: old.plan_title.clone(),
            last_good: old.last_good.clone(),
            findings: findings(&e, &app.inputs().data),
            ..Shown::default()
        },
    };
    app.publish(Shown {
        generation,
        built_at: Some(SystemTime::now()),
        elapsed_ms: start.elapsed().as_millis(),
        ..shown
    });
}

/// The data checked and laid out, and 出力's lists of it.
fn lay_out(session: &mut Session) -> Result<(Data, Status, Compiled)> {
    let data = pipeline::checked(session.inputs())?;
    let laid = session.compile_checked(&data, &Options::default())?;
    let status = returns::status_of(&session.inputs().data, &data);
    Ok((data, status, laid))
}

fn good(laid: Compiled) -> Shown {
    let view = &laid.prepared.view;
    let pages = pages::pages(&laid.document, view);
    let index = pages::index(&laid.document, view);
    let nav = pages::nav_labels(view);
    Shown {
        nav,
        plan_title: view.plan.sheet_title.clone(),
        document: Some(Arc::new(laid.document)),
        pages,
        index,
        warnings: laid.warnings,
        ..Shown::default()
    }
}
