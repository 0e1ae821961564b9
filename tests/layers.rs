//! The architecture, held by a test: every module may use only the layers
//! below it (see `src/lib.rs`), Typst is imported only from `typeset` up,
//! clap only in `cli`, and no function runs past 60 lines.

use std::path::{Path, PathBuf};

/// Layers, lowest first. A module may use its own layer and those before it.
const LAYERS: [&str; 12] = [
    "error", "model", "io", "load", "check", "view", "render", "typeset", "pipeline", "watch",
    "tools", "cli",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Each source file under src/ with its layer (lib.rs and main.rs have none).
fn files() -> Vec<(PathBuf, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    sources(&src, &mut all);
    all.sort();
    all.into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(&src).unwrap();
            let first = rel
                .components()
                .next()?
                .as_os_str()
                .to_string_lossy()
                .into_owned();
            let layer = first.trim_end_matches(".rs").to_string();
            rank(&layer)?;
            let text = std::fs::read_to_string(&p).unwrap();
            Some((p, layer, text))
        })
        .collect()
}

/// The layers a file names with `crate::…`.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let before = &text[..i];
        if before.ends_with("$") || before.ends_with("::") {
            continue;
        }
        let name: String = text[i + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    // `use crate::{a, b::c}` groups.
    for (i, _) in text.match_indices("use crate::{") {
        let group: String = text[i + 12..].chars().take_while(|c| *c != ';').collect();
        for part in group.split(',') {
            let name: String = part
                .trim()
                .trim_start_matches('{')
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn dependencies_point_one_way() {
    let mut wrong = Vec::new();
    let files = files();
    assert!(files.len() > 40, "{} files found", files.len());
    for (path, layer, text) in &files {
        for used in uses(text) {
            let (Some(from), Some(to)) = (rank(layer), rank(&used)) else {
                continue;
            };
            if to > from || (to == from && used != *layer) {
                wrong.push(format!("{}: {layer} uses {used}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "layers used upwards:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn typst_only_from_typeset_up_and_clap_only_in_the_cli() {
    let mut wrong = Vec::new();
    let typeset = rank("typeset").unwrap();
    for (path, layer, text) in files() {
        let r = rank(&layer).unwrap();
        let typst = ["typst::", "typst_layout::", "typst_pdf::", "typst_render::"]
            .iter()
            .any(|t| text.contains(t));
        if typst && r < typeset {
            wrong.push(format!("{}: {layer} imports Typst", path.display()));
        }
        if text.contains("clap::") && layer != "cli" {
            wrong.push(format!("{}: {layer} uses clap", path.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Lines of each function (from `fn` to its closing brace at the same depth).
fn long_functions(text: &str, limit: usize) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let is_fn = t.starts_with("fn ")
            || t.starts_with("pub fn ")
            || t.starts_with("pub(crate) fn ")
            || t.starts_with("pub(super) fn ")
            || t.starts_with("const fn ")
            || t.starts_with("pub const fn ");
        if !is_fn || t.ends_with(';') {
            continue;
        }
        let indent = l.len() - t.len();
        let end = lines[i + 1..]
            .iter()
            .position(|x| {
                x.len() > indent
                    && x.starts_with(&" ".repeat(indent))
                    && x[indent..].starts_with('}')
                    || (indent == 0 && *x == "}")
            })
            .map(|p| i + 1 + p);
        if let Some(end) = end
            && end - i + 1 > limit
        {
            out.push((end - i + 1, t.chars().take(60).collect()));
        }
    }
    out
}

#[test]
fn no_function_runs_past_sixty_lines() {
    let mut long = Vec::new();
    for (path, _, text) in files() {
        for (n, f) in long_functions(&text, 60) {
            long.push(format!("{}: {n} lines: {f}", path.display()));
        }
    }
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

#[test]
fn the_length_check_sees_a_long_function() {
    let body = "    let x = 1;\n".repeat(70);
    let text = format!("fn long() {{\n{body}}}\n\nfn short() {{\n}}\n");
    assert_eq!(long_functions(&text, 60).len(), 1);
    assert!(
        uses("use crate::{io, view::View};\nlet x = crate::model::Date;")
            .contains(&"view".to_string())
    );
}
