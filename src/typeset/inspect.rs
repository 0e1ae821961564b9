//! Reading a laid-out document back: its text, footers, and the page numbers
//! the index printed. Used by tests and checks, so they judge what Typst
//! actually produced, not what the data says.

use typst::foundations::{Label, Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The text of each page, in layout order.
pub fn page_texts(doc: &PagedDocument) -> Vec<String> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut s = String::new();
            frame_text(&p.frame, &mut s);
            s
        })
        .collect()
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => frame_text(&g.frame, out),
            FrameItem::Text(t) => out.push_str(&t.text),
            _ => {}
        }
    }
}

/// The footer text of a page (0-based index): the lowest top-level group.
pub fn footer(doc: &PagedDocument, page: usize) -> Option<String> {
    let frame = &doc.pages().get(page)?.frame;
    let footer_area = frame.height() * 0.9;
    frame
        .items()
        .rev()
        .filter(|(pos, _)| pos.y > footer_area)
        .filter_map(|(_, item)| {
            let mut s = String::new();
            match item {
                FrameItem::Group(g) => frame_text(&g.frame, &mut s),
                FrameItem::Text(t) => s.push_str(&t.text),
                _ => {}
            }
            (!s.is_empty()).then_some(s)
        })
        .next()
}

/// One 頁 entry of the 担当部署等一覧表.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// Initiative id, e.g. "1-1-3".
    pub id: String,
    /// The number printed in the 頁 column.
    pub printed: i64,
    /// 0-based physical page where the initiative's sheet starts.
    pub sheet_page: Option<usize>,
}

fn label(name: &str) -> Option<Label> {
    Label::new(PicoStr::intern(name))
}

/// Every 頁 entry of the index, with where its sheet really starts.
pub fn index_entries(doc: &PagedDocument) -> Vec<IndexEntry> {
    let intro = doc.introspector();
    let Some(index_label) = label("index-page") else {
        return Vec::new();
    };
    intro
        .query(&Selector::Label(index_label))
        .iter()
        .filter_map(|content| {
            let Ok(Value::Dict(d)) = content.get_by_name("value") else {
                return None;
            };
            let id = d.get("id").ok()?.clone().cast::<String>().ok()?;
            let printed = d.get("page").ok()?.clone().cast::<i64>().ok()?;
            let sheet_page = label(&format!("sheet-{id}"))
                .and_then(|l| intro.query_label(l).ok())
                .and_then(|c| c.location())
                .and_then(|loc| intro.page(loc))
                .map(|p| p.get() - 1);
            Some(IndexEntry {
                id,
                printed,
                sheet_page,
            })
        })
        .collect()
}

/// Where each strategy's own page is: (strategy number, 0-based physical page).
pub fn strategy_starts(doc: &PagedDocument) -> Vec<(u32, usize)> {
    let intro = doc.introspector();
    let Some(l) = label("strategy-page") else {
        return Vec::new();
    };
    intro
        .query(&Selector::Label(l))
        .iter()
        .filter_map(|c| {
            let Ok(Value::Int(n)) = c.get_by_name("value") else {
                return None;
            };
            let page = intro.page(c.location()?)?;
            Some((n as u32, page.get() - 1))
        })
        .collect()
}

/// The page numbers of a full report's sheets and strategy pages, as printed
/// in their footers.
pub fn pages(doc: &PagedDocument) -> crate::view::Pages {
    let mut pages = crate::view::Pages::default();
    for e in index_entries(doc) {
        if let Some(id) = crate::model::InitiativeId::parse(&e.id) {
            pages.sheets.insert(id, e.printed);
        }
    }
    let intro = doc.introspector();
    if let Some(l) = label("strategy-page") {
        for c in intro.query(&Selector::Label(l)).iter() {
            let Ok(Value::Int(n)) = c.get_by_name("value") else {
                continue;
            };
            let printed = c
                .location()
                .and_then(|loc| intro.page(loc))
                .and_then(|p| footer(doc, p.get() - 1))
                .and_then(|f| f.parse().ok());
            if let Some(p) = printed {
                pages.strategies.insert(n as u32, p);
            }
        }
    }
    pages.rows = row_pages(doc);
    pages
}

/// A sheet mark of the layout (`<sheet-mark>`): its kind (start, head, row,
/// end), sheet id, 0-based page and height on it.
struct SheetMark {
    kind: String,
    id: String,
    page: usize,
    y: f64,
}

fn sheet_marks(doc: &PagedDocument) -> Vec<SheetMark> {
    let intro = doc.introspector();
    let Some(l) = label("sheet-mark") else {
        return Vec::new();
    };
    let field = |d: &typst::foundations::Dict, key: &str| {
        d.get(key)
            .ok()
            .and_then(|v| v.clone().cast::<String>().ok())
    };
    intro
        .query(&Selector::Label(l))
        .iter()
        .filter_map(|c| {
            let Ok(Value::Dict(d)) = c.get_by_name("value") else {
                return None;
            };
            let pos = intro.position(c.location()?)?;
            Some(SheetMark {
                kind: field(&d, "kind")?,
                id: field(&d, "id")?,
                page: pos.page.get() - 1,
                y: pos.point.y.to_pt(),
            })
        })
        .collect()
}

/// Each row's pages, as printed in the footers: from its start to where the
/// next row or the sheet's end is (the page before, when that begins right
/// under a repeated header), keyed by its sheet and its place there.
fn row_pages(
    doc: &PagedDocument,
) -> std::collections::HashMap<(crate::model::InitiativeId, usize), crate::view::ReportPages> {
    let marks = sheet_marks(doc);
    let printed = |page: usize| footer(doc, page).and_then(|f| f.parse::<i64>().ok());
    let mut places: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut rows = std::collections::HashMap::new();
    for (i, m) in marks.iter().enumerate().filter(|(_, m)| m.kind == "row") {
        let place = places.entry(&m.id).or_insert(0);
        let k = *place;
        *place += 1;
        let next = (i + 1..marks.len()).find(|&j| marks[j].kind != "head");
        let last = next.map_or(m.page, |j| {
            let n = &marks[j];
            let head = &marks[j - 1];
            let under_header =
                head.kind == "head" && head.page == n.page && (head.y - n.y).abs() < 1.0;
            if under_header && n.page > m.page {
                n.page - 1
            } else {
                n.page
            }
        });
        let id = crate::model::InitiativeId::parse(&m.id);
        if let (Some(id), Some(first), Some(last)) = (id, printed(m.page), printed(last)) {
            rows.insert((id, k), crate::view::ReportPages { first, last });
        }
    }
    rows
}

/// A piece of a laid-out page and where it sits, in points from the page's
/// top left corner: a run of text (top = baseline minus the font size) or a
/// shape (a rule, a fill).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    /// The text of a text run; `None` for shapes and images.
    pub text: Option<String>,
}

/// Every text run and shape of a page (0-based index), placed on the page.
pub fn pieces(doc: &PagedDocument, page: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    if let Some(p) = doc.pages().get(page) {
        collect(&p.frame, Transform::identity(), &mut out);
    }
    out
}

fn collect(frame: &Frame, ts: Transform, out: &mut Vec<Piece>) {
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let corner = |p: Point| p.transform(at);
        match item {
            FrameItem::Group(g) => collect(&g.frame, at.pre_concat(g.transform), out),
            FrameItem::Text(t) => {
                let a = corner(Point::new(Abs::zero(), -t.size));
                let b = corner(Point::new(t.width(), Abs::zero()));
                out.push(piece(a, b, Some(t.text.to_string())));
            }
            FrameItem::Shape(s, _) => {
                let r = s.bbox(true);
                out.push(piece(corner(r.min), corner(r.max), None));
            }
            FrameItem::Image(_, size, _) => {
                out.push(piece(corner(Point::zero()), corner(size.to_point()), None));
            }
            _ => {}
        }
    }
}

fn piece(a: Point, b: Point, text: Option<String>) -> Piece {
    Piece {
        left: a.x.to_pt().min(b.x.to_pt()),
        top: a.y.to_pt().min(b.y.to_pt()),
        right: a.x.to_pt().max(b.x.to_pt()),
        bottom: a.y.to_pt().max(b.y.to_pt()),
        text,
    }
}

/// A `metadata` value the layout left under a label, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The value: a string as is, anything else as Typst shows it.
    pub value: String,
    /// 0-based page.
    pub page: usize,
    /// Position on the page, in points from the top left corner.
    pub x: f64,
    pub y: f64,
}

/// Every `metadata` under `name`, in document order.
pub fn marks(doc: &PagedDocument, name: &str) -> Vec<Mark> {
    let intro = doc.introspector();
    let Some(l) = label(name) else {
        return Vec::new();
    };
    intro
        .query(&Selector::Label(l))
        .iter()
        .filter_map(|c| {
            let value = match c.get_by_name("value").ok()? {
                Value::Str(s) => s.to_string(),
                v => typst::foundations::Repr::repr(&v).to_string(),
            };
            let pos = intro.position(c.location()?)?;
            Some(Mark {
                value,
                page: pos.page.get() - 1,
                x: pos.point.x.to_pt(),
                y: pos.point.y.to_pt(),
            })
        })
        .collect()
}
