//! Where a build's time goes: our own stages (load + validate + render,
//! world setup) against Typst's layout and PDF export.
//! Run: `cargo bench --bench pipeline`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use shinchoku::{Inputs, load, pdf, validate, view};

fn inputs() -> Inputs {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Inputs {
        data: root.join("data"),
        layouts: Some(root.join("layouts")),
        fonts: None,
    }
}

fn stages(c: &mut Criterion) {
    let inputs = inputs();
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| load::load(&inputs.data).unwrap()));
    let data = load::load(&inputs.data).unwrap();
    g.bench_function("validate", |b| b.iter(|| validate::validate(&data)));
    g.bench_function("prepare (load+validate+render)", |b| {
        b.iter(|| shinchoku::prepare(&inputs).unwrap())
    });
    let prepared = shinchoku::prepare(&inputs).unwrap();
    let _ = view::view(&data);
    g.bench_function("world", |b| {
        b.iter(|| shinchoku::world(&inputs, &prepared).unwrap())
    });
    let world = shinchoku::world(&inputs, &prepared).unwrap();
    g.bench_function("typst compile", |b| {
        b.iter(|| {
            // A fresh world each time, so Typst's caches do not hide the work.
            typst::comemo::evict(0);
            pdf::compile(&world).unwrap()
        })
    });
    let (doc, _) = pdf::compile(&world).unwrap();
    g.bench_function("pdf export", |b| {
        b.iter(|| pdf::export(&doc, &world, prepared.view.doc.date, &[pdf::Standard::Ua1]).unwrap())
    });
    g.bench_function("end to end", |b| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.pdf");
        b.iter(|| {
            typst::comemo::evict(0);
            shinchoku::build(&inputs, &out).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
