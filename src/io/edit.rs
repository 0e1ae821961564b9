//! One value of a YAML file changed in place, from the browser: only that
//! scalar's text is replaced, every other byte (comments, order, blank
//! lines, the other values' quoting) stays. A block scalar is written as a
//! block, a quoted one quoted, a plain one plain where YAML allows it.
//!
//! Every change is proved before it is returned: the new text is parsed
//! again, and it must read as the old one with only that value changed (to
//! exactly the text typed). Anything the parser reads otherwise (an alias
//! sharing the value, a layout this module does not know) is refused,
//! never written.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::yaml::{quoted, scalar, scalar_in};

/// A YAML node and where it starts.
#[derive(Debug)]
struct Node(Spanned<Inner>);

#[derive(Debug, PartialEq)]
enum Inner {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl PartialEq for Node {
    /// Equal values, wherever they are written.
    fn eq(&self, other: &Self) -> bool {
        self.0.value == other.0.value
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Node(Spanned::<Inner>::deserialize(d)?))
    }
}

impl<'de> Deserialize<'de> for Inner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyNode)
    }
}

struct AnyNode;

impl<'de> Visitor<'de> for AnyNode {
    type Value = Inner;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Inner, E> {
        Ok(Inner::Null)
    }
    fn visit_none<E>(self) -> Result<Inner, E> {
        Ok(Inner::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Inner, E> {
        Ok(Inner::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Inner, E> {
        Ok(Inner::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Inner, E> {
        Ok(Inner::Int(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Inner, E> {
        Ok(Inner::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Inner, E> {
        Ok(Inner::Str(v.into()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Inner, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = a.next_element()? {
            items.push(n);
        }
        Ok(Inner::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Inner, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = a.next_entry::<String, Node>()? {
            entries.push(entry);
        }
        Ok(Inner::Map(entries))
    }
}

fn parse(text: &str) -> Option<Node> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    serde_saphyr::from_str_with_options(text, options).ok()
}

/// How the value is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    /// `|` or `>` at `header` (its byte range), the text on the lines after.
    Block {
        header: (usize, usize),
        keep: bool,
    },
    /// Nothing written (`key:` alone).
    Empty,
}

/// The value at a place of a YAML file, as the edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub value: String,
    /// Written as a block (`|`): edited in a text area.
    pub block: bool,
}

/// A scalar found at a line and column, with where it is in the text.
struct Found<'a> {
    node: &'a Node,
    /// Indices from the root to it.
    path: Vec<usize>,
    start: usize,
    end: usize,
    style: Style,
    /// Inside `[ ]` or `{ }`.
    flow: bool,
}

/// The scalar that starts at `line`:`column` (1-based, as the checker's
/// messages give them), if it is one this module can change.
pub fn scalar_at(text: &str, line: u64, column: u64) -> Option<Scalar> {
    let root = parse(text)?;
    let found = find(text, &root, line, column)?;
    let value = match &found.node.0.value {
        Inner::Str(s) => s.clone(),
        Inner::Null => String::new(),
        _ => text[found.start..found.end].to_string(),
    };
    let block = matches!(found.style, Style::Block { .. }) || value.contains('\n');
    Some(Scalar { value, block })
}

fn find<'a>(text: &str, root: &'a Node, line: u64, column: u64) -> Option<Found<'a>> {
    let mut path = Vec::new();
    let (node, flow) = search(&root.0.value, line, column, &mut path, false)?;
    let span = node.0.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let end = start + usize::try_from(span.byte_len()?).ok()?;
    let source = text.get(start..end)?;
    let style = match (&node.0.value, source.chars().next()) {
        (Inner::Seq(_) | Inner::Map(_), _) => return None,
        (_, Some('*' | '&' | '!')) => return None,
        (_, Some('"')) => Style::Double,
        (_, Some('\'')) => Style::Single,
        (Inner::Null, None) => Style::Empty,
        _ => block_header(text, start).unwrap_or(Style::Plain),
    };
    Some(Found {
        node,
        path,
        start,
        end,
        style,
        flow,
    })
}

/// The node whose value starts at line:column, depth first.
fn search<'a>(
    inner: &'a Inner,
    line: u64,
    column: u64,
    path: &mut Vec<usize>,
    flow: bool,
) -> Option<(&'a Node, bool)> {
    let children: Vec<&Node> = match inner {
        Inner::Seq(items) => items.iter().collect(),
        Inner::Map(entries) => entries.iter().map(|(_, n)| n).collect(),
        _ => return None,
    };
    for (i, child) in children.into_iter().enumerate() {
        path.push(i);
        let at = &child.0.referenced;
        // An alias is found at its use, and refused (it shares its value).
        if at.line() == line && at.column() == column && !is_collection(child) {
            return Some((child, flow));
        }
        let inside = flow || opens_flow(child);
        if let Some(found) = search(&child.0.value, line, column, path, inside) {
            return Some(found);
        }
        path.pop();
    }
    None
}

fn is_collection(n: &Node) -> bool {
    matches!(n.0.value, Inner::Seq(_) | Inner::Map(_))
}

/// A `[ ]` or `{ }` collection (its span starts at the bracket).
fn opens_flow(n: &Node) -> bool {
    is_collection(n) && !n.0.referenced.span().is_empty()
}

/// A block scalar's header (`|`, `>-`, `|2` …) on the line before its
/// text, when the text starts a line.
fn block_header(text: &str, start: usize) -> Option<Style> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..start].chars().all(|c| c == ' ') || line_start == 0 {
        return None;
    }
    // The nearest line above with anything on it.
    let above = &text[..line_start - 1];
    let (from, line) = above
        .rmatch_indices('\n')
        .map(|(i, _)| i + 1)
        .chain([0])
        .map(|i| {
            (
                i,
                &above[i..above[i..].find('\n').map_or(above.len(), |e| i + e)],
            )
        })
        .find(|(_, l)| !l.trim().is_empty())?;
    let code = line.split(" #").next().unwrap_or(line).trim_end();
    if code.trim_start().starts_with('#') {
        return None;
    }
    let token = code.rsplit(' ').next()?;
    let mut chars = token.chars();
    let is_header = matches!(chars.next(), Some('|' | '>'))
        && token.len() <= 3
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit());
    if !is_header {
        return None;
    }
    let at = from + code.len() - token.len();
    Some(Style::Block {
        header: (at, at + token.len()),
        keep: token.contains('+'),
    })
}

/// Why a value cannot be changed here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No value this module can change starts at that place.
    NotFound,
    /// The change would read back otherwise than typed.
    NotExact,
}

/// `text` with the scalar at `line`:`column` changed to `value`, proved
/// to read back as typed with nothing else changed. The value's own style
/// is tried first, then double quotes (which hold any text).
pub fn replace(text: &str, line: u64, column: u64, value: &str) -> Result<String, Refusal> {
    let root = parse(text).ok_or(Refusal::NotFound)?;
    let found = find(text, &root, line, column).ok_or(Refusal::NotFound)?;
    let as_text = Inner::Str(value.to_string());
    let mut tries = Vec::new();
    if let Some(kept) = typed_like(&found, value) {
        tries.push((in_place(text, &found, value), kept));
    }
    tries.push((own_style(text, &found, value), as_text));
    tries.push((
        in_place(text, &found, &quoted(value)),
        Inner::Str(value.to_string()),
    ));
    tries
        .into_iter()
        .find(|(new, expect)| {
            parse(new)
                .is_some_and(|reread| same_except(&root, &reread, &found.path, &|_, n| n == expect))
        })
        .map(|(new, _)| new)
        .ok_or(Refusal::NotExact)
}

/// A number or true/false typed where one was stays one (a year, a number).
fn typed_like(found: &Found, value: &str) -> Option<Inner> {
    if found.style != Style::Plain {
        return None;
    }
    match &found.node.0.value {
        Inner::Int(_) => value.parse::<i128>().ok().map(Inner::Int),
        Inner::Float(_) => value.parse::<f64>().ok().map(Inner::Float),
        Inner::Bool(_) => value.parse::<bool>().ok().map(Inner::Bool),
        _ => None,
    }
}

/// The value written in its old style where it can be.
fn own_style(text: &str, found: &Found, value: &str) -> String {
    match found.style {
        Style::Block { header, keep } if !found.flow => {
            block_replacement(text, found, header, keep, value)
        }
        Style::Double => in_place(text, found, &quoted(value)),
        Style::Single if !value.contains('\n') && !value.chars().any(char::is_control) => {
            in_place(text, found, &format!("'{}'", value.replace('\'', "''")))
        }
        _ => in_place(text, found, &scalar_in(value, found.flow)),
    }
}

/// `written` (one scalar's text) where the old value was: after the key
/// when nothing was written, over the header and lines of a block.
fn in_place(text: &str, found: &Found, written: &str) -> String {
    match found.style {
        Style::Empty => {
            let space = if text[..found.start].ends_with(' ') {
                ""
            } else {
                " "
            };
            splice(text, found.start, found.start, &format!("{space}{written}"))
        }
        Style::Block { header, keep } => {
            let end = block_end(text, found, keep);
            let newline = if text[..end].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            splice(text, header.0, end, &format!("{written}{newline}"))
        }
        _ => splice(text, found.start, found.end, written),
    }
}

/// Where a block's lines end: after its last line with text (blank lines
/// after it stay in the file, unless the block kept them as its own).
fn block_end(text: &str, found: &Found, keep: bool) -> usize {
    let body_end = if keep {
        found.end
    } else {
        found.start + text[found.start..found.end].trim_end().len()
    };
    text[body_end..]
        .find('\n')
        .map_or(text.len(), |i| body_end + i + 1)
}

/// A block scalar replaced by a literal block, when the value can be one
/// (else by double quotes after the key).
fn block_replacement(
    text: &str,
    found: &Found,
    header: (usize, usize),
    keep: bool,
    value: &str,
) -> String {
    let line_start = text[..found.start].rfind('\n').map_or(0, |i| i + 1);
    let end = block_end(text, found, keep);
    let indent = found.start - line_start;
    // With an indentation digit the text's first spaces may be its own.
    let own_indent = !text[header.0..header.1].contains(|c: char| c.is_ascii_digit());
    match literal(value, indent).filter(|_| own_indent) {
        Some((head, body)) => {
            let after = splice(text, line_start, end, &body);
            splice(&after, header.0, header.1, head)
        }
        None => in_place(text, found, &quoted(value)),
    }
}

/// A literal block (`|` or `|-`) that reads back as `value`, or `None`
/// when YAML cannot hold it so (a first line starting with a space, two
/// line breaks at the end, a character a block cannot carry).
fn literal(value: &str, indent: usize) -> Option<(&'static str, String)> {
    let content = value.strip_suffix('\n');
    let head = if content.is_some() { "|" } else { "|-" };
    let content = content.unwrap_or(value);
    let first = content.lines().find(|l| !l.is_empty())?;
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || ['\u{2028}', '\u{2029}', '\u{feff}'].contains(&c)
    };
    if indent == 0
        || content.ends_with('\n')
        || content.starts_with('\n')
        || first.starts_with([' ', '\t'])
        || content.chars().any(unsafe_char)
    {
        return None;
    }
    let pad = " ".repeat(indent);
    let body = content
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect();
    Some((head, body))
}

fn splice(text: &str, from: usize, to: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..from]);
    out.push_str(with);
    out.push_str(&text[to..]);
    out
}

/// The two trees are equal but at `path`, where `changed(old, new)` holds.
fn same_except(
    old: &Node,
    new: &Node,
    path: &[usize],
    changed: &dyn Fn(&Inner, &Inner) -> bool,
) -> bool {
    let Some((&at, rest)) = path.split_first() else {
        return changed(&old.0.value, &new.0.value);
    };
    match (&old.0.value, &new.0.value) {
        (Inner::Seq(a), Inner::Seq(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().all(|(i, (x, y))| {
                if i == at {
                    same_except(x, y, rest, changed)
                } else {
                    x == y
                }
            })
        }
        (Inner::Map(a), Inner::Map(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().all(|(i, ((kx, x), (ky, y)))| {
                kx == ky
                    && if i == at {
                        same_except(x, y, rest, changed)
                    } else {
                        x == y
                    }
            })
        }
        _ => false,
    }
}

/// `text` with `name` added at the end of the list under the top-level
/// `key` (departments.yaml's `departments:`), in the list's own form (a
/// `- ` line like the last one, or `, name` inside `[ ]`).
pub fn append(text: &str, key: &str, name: &str) -> Result<String, Refusal> {
    let root = parse(text).ok_or(Refusal::NotFound)?;
    let Inner::Map(entries) = &root.0.value else {
        return Err(Refusal::NotFound);
    };
    let (at, (_, list)) = entries
        .iter()
        .enumerate()
        .find(|(_, (k, _))| k == key)
        .ok_or(Refusal::NotFound)?;
    let Inner::Seq(items) = &list.0.value else {
        return Err(Refusal::NotFound);
    };
    let last = items.last().ok_or(Refusal::NotFound)?;
    let span = last.0.referenced.span();
    let start = usize::try_from(span.byte_offset().ok_or(Refusal::NotFound)?)
        .map_err(|_| Refusal::NotFound)?;
    let end = start
        + usize::try_from(span.byte_len().ok_or(Refusal::NotFound)?)
            .map_err(|_| Refusal::NotFound)?;
    let new = if opens_flow(list) {
        splice(text, end, end, &format!(", {}", scalar(name)))
    } else {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..start];
        if prefix.trim() != "-" {
            return Err(Refusal::NotFound);
        }
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let newline = if text[..line_end].ends_with('\n') {
            ""
        } else {
            "\n"
        };
        splice(
            text,
            line_end,
            line_end,
            &format!("{newline}{prefix}{}\n", scalar(name)),
        )
    };
    let reread = parse(&new).ok_or(Refusal::NotExact)?;
    let added = |old: &Inner, new: &Inner| match (old, new) {
        (Inner::Seq(a), Inner::Seq(b)) => {
            b.len() == a.len() + 1
                && a.iter().zip(b).all(|(x, y)| x == y)
                && b.last()
                    .is_some_and(|n| n.0.value == Inner::Str(name.to_string()))
        }
        _ => false,
    };
    if same_except(&root, &reread, &[at], &added) {
        Ok(new)
    } else {
        Err(Refusal::NotExact)
    }
}

/// A fingerprint of a file's bytes, sent with the edit form: a save is
/// refused when the file no longer has it (changed since it was shown).
pub fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let half = |seed: u8| {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        bytes.hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}
