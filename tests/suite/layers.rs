//! The architecture, held by a test: every module may use only the layers
//! below it (see `src/lib.rs`), Typst is imported only from `typeset` up,
//! clap only in `cli`, and no function runs past 60 lines.

use std::path::{Path, PathBuf};

/// Layers, lowest first. A module may use its own layer and those before it.
const LAYERS: [&str; 13] = [
    "error", "model", "io", "load", "check", "view", "render", "typeset", "pipeline", "watch",
    "services", "serve", "cli",
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

/// A file's module path: `src/serve/upload.rs` is `serve::upload`, a folder's
/// `mod.rs` is the folder's own module.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    if last != "mod.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The code of a file without its comments and its `#[cfg(test)]` module
/// (whose `use super::*` is the file itself). A folder's re-exports
/// (`pub use child::Item` in its mod.rs) are its interface, not a use.
fn code(text: &str, is_mod: bool) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| !(is_mod && is_reexport(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names through `crate::`, `super::` or `self::` (groups
/// of `use x::{a, b::{c, d}}` expanded), made absolute from the file's
/// module `at`. In a folder's `mod.rs`, a bare `child::` is a path too.
fn paths_named(text: &str, at: &[String], children: &[String]) -> Vec<Vec<String>> {
    let code = code(text, !children.is_empty());
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut prev = ' ';
    for (i, c) in code.char_indices() {
        let starts = ident(c) && !ident(prev) && prev != ':';
        prev = c;
        if !starts {
            continue;
        }
        let rest = &code[i..];
        let first: String = rest.chars().take_while(|c| ident(*c)).collect();
        let relative =
            matches!(first.as_str(), "crate" | "super" | "self") || children.contains(&first);
        if relative && rest[first.len()..].starts_with("::") {
            for p in expand(rest).0 {
                found.push(absolute(&p, at));
            }
        }
    }
    found
}

/// The paths at the start of `text`: `a::b` → [a, b]; `a::{b, c::{d, e}}`
/// → [a, b], [a, c, d], [a, c, e]. Also returns how much was read.
fn expand(text: &str) -> (Vec<Vec<String>>, usize) {
    let head_len = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let head: Vec<String> = text[..head_len]
        .split("::")
        .filter(|s| !s.is_empty() && *s != "self")
        .map(String::from)
        .collect();
    if !(text[..head_len].ends_with("::") && text[head_len..].starts_with('{')) {
        return (vec![head], head_len);
    }
    let mut out = Vec::new();
    let mut at = head_len + 1;
    loop {
        let part = &text[at..];
        let skip = part.len() - part.trim_start().len();
        at += skip;
        match text[at..].chars().next() {
            None => break,
            Some('}') => {
                at += 1;
                break;
            }
            Some(',') => at += 1,
            Some('*') => {
                out.push(head.clone());
                at += 1;
            }
            Some(_) => {
                let (inner, used) = expand(&text[at..]);
                for p in inner {
                    let mut full = head.clone();
                    full.extend(p);
                    out.push(full);
                }
                at += used.max(1);
            }
        }
    }
    (out, at)
}

fn absolute(path: &[String], at: &[String]) -> Vec<String> {
    let mut out: Vec<String> = at.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            out.clear();
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        Some("super") => {
            // `super` of `a::b` (file b.rs) is `a`; of a folder's mod.rs, its parent.
            while rest.first().is_some_and(|s| s == "super") {
                out.pop();
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    out.extend(rest.iter().cloned());
    out
}

/// Cycles between the files (and sub-folders) of one folder: each file is a
/// node, a sub-folder one node for all its files. The folder's `mod.rs` is
/// the folder itself, not one of its files: what its children use of it and
/// it of them is no cycle. Returns each cycle as the names around it.
fn file_cycles(files: &[(Vec<String>, bool, String)]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    // Folders: every module path of a mod.rs, and the crate root.
    let mut folders: BTreeSet<Vec<String>> =
        files.iter().filter(|f| f.1).map(|f| f.0.clone()).collect();
    folders.insert(Vec::new());
    let mut cycles = Vec::new();
    for folder in &folders {
        let children: BTreeSet<String> = files
            .iter()
            .filter(|(p, _, _)| p.len() > folder.len() && p.starts_with(folder))
            .map(|(p, _, _)| p[folder.len()].clone())
            .collect();
        let exported = reexports(files, folder);
        let node_of = |p: &[String]| -> Option<String> {
            if !p.starts_with(folder) {
                return None;
            }
            match p.get(folder.len()) {
                Some(c) if children.contains(c) => Some(c.clone()),
                _ if folder.is_empty() => None,
                // An item the folder re-exports is its child's.
                Some(item) if exported.contains_key(item) => Some(exported[item].clone()),
                _ => Some("mod".into()),
            }
        };
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (at, is_mod, text) in files {
            let Some(from) = node_of(at) else { continue };
            let kids: Vec<String> = if *is_mod && at == folder {
                children.iter().cloned().collect()
            } else {
                Vec::new()
            };
            for p in paths_named(text, at, &kids) {
                // A folder's mod.rs is the folder itself (as lib.rs is the
                // crate): its children may use its items and it theirs.
                if let Some(to) = node_of(&p)
                    && to != from
                    && from != "mod"
                    && to != "mod"
                {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        for cycle in find_cycles(&edges) {
            cycles.push(format!(
                "{}: {}",
                if folder.is_empty() {
                    "src".to_string()
                } else {
                    folder.join("/")
                },
                cycle.join(" → ")
            ));
        }
    }
    cycles
}

/// The items a folder's mod.rs re-exports (`pub use child::{A, B}`, or
/// `pub use child::*` for the child's public items), with their child.
fn reexports(
    files: &[(Vec<String>, bool, String)],
    folder: &[String],
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let Some((_, _, text)) = files.iter().find(|(p, m, _)| *m && p == folder) else {
        return out;
    };
    for (i, _) in text.match_indices('\n') {
        let line = &text[i + 1..];
        if !is_reexport(line) {
            continue;
        }
        let start = line.find(" use ").map_or(0, |k| k + 5);
        let stmt: String = line[start..].chars().take_while(|c| *c != ';').collect();
        let Some((child, rest)) = stmt.split_once("::") else {
            continue;
        };
        if matches!(child, "crate" | "super" | "self") {
            continue;
        }
        let names: Vec<String> = if rest.trim() == "*" {
            let mut path = folder.to_vec();
            path.push(child.to_string());
            files
                .iter()
                .filter(|(p, _, _)| *p == path)
                .flat_map(|(_, _, t)| public_items(t))
                .collect()
        } else {
            rest.trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace())
                .split(',')
                .map(|n| {
                    let n = n.trim();
                    n.rsplit(" as ")
                        .next()
                        .unwrap_or(n)
                        .rsplit("::")
                        .next()
                        .unwrap_or(n)
                        .trim()
                        .to_string()
                })
                .filter(|n| !n.is_empty())
                .collect()
        };
        for n in names {
            out.insert(n, child.to_string());
        }
    }
    out
}

fn is_reexport(line: &str) -> bool {
    ["pub use ", "pub(crate) use ", "pub(super) use "]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Names of a file's public items (`pub struct X`, `pub fn y`, …).
fn public_items(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("pub ")?;
            let rest = ["struct ", "enum ", "fn ", "type ", "const ", "trait "]
                .iter()
                .find_map(|k| rest.strip_prefix(k))?;
            Some(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            )
        })
        .collect()
}

/// One cycle through each node that is on one (depth-first search).
fn find_cycles(
    edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Vec<Vec<String>> {
    let mut cycles: Vec<Vec<String>> = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut c = path.clone();
                    c.push(start.clone());
                    if !cycles.iter().any(|k| k.contains(start)) {
                        cycles.push(c);
                    }
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    cycles
}

fn all_files() -> Vec<(Vec<String>, bool, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    sources(&src, &mut all);
    all.sort();
    all.into_iter()
        .filter(|p| {
            !matches!(
                p.file_name().and_then(|n| n.to_str()),
                Some("lib.rs" | "main.rs")
            )
        })
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap();
            let is_mod = rel.file_name().is_some_and(|n| n == "mod.rs");
            (
                module_path(rel),
                is_mod,
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn no_cycle_between_the_files_of_a_folder() {
    let files = all_files();
    assert!(files.len() > 60, "{} files found", files.len());
    let cycles = file_cycles(&files);
    assert!(
        cycles.is_empty(),
        "files that use each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let file = |path: &str, is_mod: bool, text: &str| {
        (
            path.split('/').map(String::from).collect::<Vec<_>>(),
            is_mod,
            text.to_string(),
        )
    };
    let clean = [
        file("serve", true, "mod state;\nmod views;\nuse state::App;"),
        file("serve/state", false, "use crate::error::Result;"),
        file(
            "serve/views",
            false,
            "use super::state::{App, Shown};\nuse super::{html};",
        ),
        file(
            "serve/html",
            false,
            "// see super::views\nuse super::state::App;",
        ),
    ];
    assert_eq!(file_cycles(&clean), Vec::<String>::new());
    let mut cyclic = clean.to_vec();
    // state → html → state, through a `use super::{…}` group.
    cyclic[1] = file("serve/state", false, "use super::{html, views::X};");
    let found = file_cycles(&cyclic);
    assert!(
        found
            .iter()
            .any(|c| c.starts_with("serve: ") && c.contains("html") && c.contains("state")),
        "{found:?}"
    );
    // A child using its folder's own item while mod.rs uses the child: the
    // folder and its file, no cycle.
    let through_mod = [
        file(
            "forms",
            true,
            "mod cells;\npub struct Limits;\nfn f() { cells::read(); }",
        ),
        file("forms/cells", false, "use super::Limits;"),
    ];
    assert_eq!(file_cycles(&through_mod), Vec::<String>::new());
    // An item re-exported by mod.rs is its file's: a → (mod's B, from b) → a.
    let reexported = [
        file("forms", true, "mod a;\nmod b;\npub use b::B;"),
        file("forms/a", false, "use super::B;\npub struct A;"),
        file("forms/b", false, "use super::a::A;\npub struct B;"),
    ];
    assert_eq!(
        file_cycles(&reexported),
        vec!["forms: a → b → a".to_string()]
    );
    // A sub-folder is one node of its parent folder.
    let nested = [
        file("forms", true, "mod committee;\nmod import;"),
        file("forms/import", false, "use super::committee::Filled;"),
        file("forms/committee", true, "mod export;"),
        file(
            "forms/committee/export",
            false,
            "use crate::forms::import::read;",
        ),
    ];
    assert_eq!(file_cycles(&nested).len(), 1, "{:?}", file_cycles(&nested));
}
