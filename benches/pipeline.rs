//! Where a build's time goes: our own stages (load + validate + render,
//! world setup) against Typst's layout and PDF export; a plan ten times
//! larger; and a rebuild after a one-field edit with the world reused.
//! Run: `cargo bench --bench pipeline`.

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use shinchoku::pipeline::Options;
use shinchoku::typeset::pdf;
use shinchoku::{check, load};

fn stages(c: &mut Criterion) {
    let inputs = common::inputs(&common::root().join("data"));
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| load::load(&inputs.data).unwrap()));
    let data = load::load(&inputs.data).unwrap();
    g.bench_function("validate", |b| b.iter(|| check::validate(&data)));
    g.bench_function("prepare (load+validate+glyphs+render)", |b| {
        b.iter(|| {
            shinchoku::pipeline::prepare(&inputs, &shinchoku::pipeline::Options::default()).unwrap()
        })
    });
    let prepared =
        shinchoku::pipeline::prepare(&inputs, &shinchoku::pipeline::Options::default()).unwrap();
    g.bench_function("world", |b| {
        b.iter(|| shinchoku::pipeline::world(&inputs, &prepared).unwrap())
    });
    let world = shinchoku::pipeline::world(&inputs, &prepared).unwrap();
    g.bench_function("typst compile", |b| {
        b.iter(|| {
            // Typst's caches would otherwise hide the work.
            typst::comemo::evict(0);
            pdf::compile(&world).unwrap()
        })
    });
    let (doc, _) = pdf::compile(&world).unwrap();
    g.bench_function("pdf export", |b| {
        b.iter(|| {
            pdf::export(
                &doc,
                &world,
                prepared.view.doc.date,
                &[shinchoku::typeset::Standard::Ua1],
            )
            .unwrap()
        })
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    g.bench_function("end to end", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            shinchoku::pipeline::build(&inputs, &shinchoku::pipeline::Options::default(), &out)
                .unwrap()
        })
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let (_keep, data) = common::scaled_plan(10);
    let inputs = common::inputs(&data);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let built = shinchoku::pipeline::build(&inputs, &shinchoku::pipeline::Options::default(), &out)
        .unwrap();
    println!("10× plan: {} pages", built.pages);
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    g.bench_function("end to end, 10× plan", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            shinchoku::pipeline::build(&inputs, &shinchoku::pipeline::Options::default(), &out)
                .unwrap()
        })
    });
    g.finish();
    if let Some(mb) = common::peak_mb() {
        println!("peak memory after the 10× plan: {mb:.0} MB");
    }
}

fn rebuild(c: &mut Criterion) {
    let (_keep, data) = common::scaled_plan(1);
    let inputs = common::inputs(&data);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let file = data.join("strategies/002.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let field = "「地域福祉懇談会」及び「次世代地域づくり会議」を開催します。";
    let mut session = shinchoku::pipeline::Session::new(inputs);
    session.write(&Options::default(), &out).unwrap();
    let mut n = 0u64;
    let mut g = c.benchmark_group("rebuild");
    g.sample_size(10);
    g.bench_function("one-field edit, world reused", |b| {
        b.iter(|| {
            n += 1;
            std::fs::write(&file, text.replacen(field, &format!("{field}（{n}）"), 1)).unwrap();
            session.write(&Options::default(), &out).unwrap()
        })
    });
    // The same edit split: lay-out (read, check, render, incremental Typst)
    // and the PDF export of the laid-out report (not incremental).
    g.bench_function("one-field edit, lay-out only", |b| {
        b.iter(|| {
            n += 1;
            std::fs::write(&file, text.replacen(field, &format!("{field}（{n}）"), 1)).unwrap();
            session.compile(&Options::default()).unwrap()
        })
    });
    let compiled = session.compile(&Options::default()).unwrap();
    g.bench_function("PDF export of the laid-out report", |b| {
        b.iter(|| session.export(&compiled, &Options::default()).unwrap())
    });
    g.finish();
}

/// A five-year plan (the shipped data × 5 years, graded) with the trend
/// pages, against the one-year report: the bound is 1.5×.
fn years(c: &mut Criterion) {
    let one = common::inputs(&common::root().join("data"));
    let (_keep, plan) = common::plan_of_years(5);
    let five = common::inputs(&plan);
    let trend = Options {
        trend: true,
        ..Options::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let built = shinchoku::pipeline::build(&five, &trend, &out).unwrap();
    println!("five years with trend pages: {} pages", built.pages);
    let mut g = c.benchmark_group("years");
    g.sample_size(10);
    g.bench_function("end to end, one year", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            shinchoku::pipeline::build(&one, &shinchoku::pipeline::Options::default(), &out)
                .unwrap()
        })
    });
    g.bench_function("end to end, five years with trend pages", |b| {
        b.iter(|| {
            typst::comemo::evict(0);
            shinchoku::pipeline::build(&five, &trend, &out).unwrap()
        })
    });
    g.bench_function(
        "load + validate + glyphs + trend view + render, five years",
        |b| b.iter(|| shinchoku::pipeline::prepare(&five, &trend).unwrap()),
    );
    g.bench_function("load + validate + glyphs + view + render, one year", |b| {
        b.iter(|| {
            shinchoku::pipeline::prepare(&one, &shinchoku::pipeline::Options::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, stages, scaling, rebuild, years);
criterion_main!(benches);
