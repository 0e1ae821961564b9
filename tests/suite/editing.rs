//! Editing from 点検 and 出力 that keeps working (issue 22, points 5 and
//! 6): one value changed in place (every other byte kept, the value read
//! back exactly as typed, however adversarial), a department added to the
//! list, stale edits and paths outside the data refused, a value the file
//! cannot hold refused in Japanese; 出力 offering the last good documents
//! while the data is broken, and the differences from an earlier year or
//! a git version.

use crate::common;
use crate::serve_support as support;

use std::path::Path;
use std::process::Command;

use common::*;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use shinchoku::io::edit;
use support::*;

const SAMPLE: &str = "# 見出しのコメント
plain: 地域福祉課   # 行末のコメント
double: \"二重\"
single: 'ひとつ'
block: |
  一行目
  二行目

after: 次の項目
list: [地域福祉課, 生活支援課]
items:
  - 最初
  - 最後   # 最後の行
";

#[derive(Debug, Deserialize)]
struct Sample {
    plain: String,
    double: String,
    single: String,
    block: String,
    list: Vec<String>,
    items: Vec<String>,
}

fn read(text: &str) -> Sample {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Texts a person may type that YAML gives meaning to.
const ADVERSARIAL: &[&str] = &[
    "a: b",
    "# not a comment",
    "a #b",
    "- leading dash",
    "\"quoted\" and 'single'",
    "line one\nline two",
    "*x",
    "&a",
    "!tag",
    "null",
    "yes",
    "~",
    "123",
    "7.0%",
    "trailing spaces   ",
    "ends with colon:",
    "[not, a, list]",
    "{not: a map}",
    "back\\slash\ttab",
    "@at `tick` %percent |pipe >gt",
    "　全角の空白で始まる、とても長い日本語の文章です。市民が抱える生活課題を把握しつつ、その解決に必要なサービスや支援を組み合わせて包括的に提供できるよう、相談機能の強化と各種福祉サービス、生活支援サービスの充実を図っていきます。",
    "two\n\nparagraphs\n",
    "",
];

/// How a value is read back from a parsed sample.
type Get = fn(&Sample) -> String;

#[test]
fn a_value_is_changed_in_place_and_reads_back_exactly_as_typed() {
    // (line, column) of each value, and how it is read back.
    let places: [(u64, u64, Get); 7] = [
        (2, 8, |s| s.plain.clone()),
        (3, 9, |s| s.double.clone()),
        (4, 9, |s| s.single.clone()),
        (6, 3, |s| s.block.clone()),
        (10, 8, |s| s.list[0].clone()),
        (10, 15, |s| s.list[1].clone()),
        (13, 5, |s| s.items[1].clone()),
    ];
    let before = read(SAMPLE);
    for (line, column, get) in places {
        assert_eq!(
            edit::scalar_at(SAMPLE, line, column).unwrap().value,
            get(&before),
            "{line}:{column}"
        );
        for value in ADVERSARIAL {
            let new = edit::replace(SAMPLE, line, column, value)
                .unwrap_or_else(|e| panic!("{line}:{column} {value:?}: {e:?}"));
            let after = read(&new);
            assert_eq!(get(&after), *value, "{line}:{column}\n{new}");
            // Every other value, and every comment, as it was.
            for (l, c, other) in places {
                if (l, c) != (line, column) {
                    assert_eq!(other(&after), other(&before), "{line}:{column} {value:?}");
                }
            }
            for comment in ["# 見出しのコメント", "# 行末のコメント", "# 最後の行"]
            {
                assert!(new.contains(comment), "{value:?}\n{new}");
            }
            assert!(
                new.contains("\n\nafter: 次の項目\n"),
                "blank line kept\n{new}"
            );
        }
    }
}

#[test]
fn each_value_keeps_its_style_where_yaml_allows() {
    let at = |line, column, value| edit::replace(SAMPLE, line, column, value).unwrap();
    // Only that value's bytes change.
    assert_eq!(
        at(2, 8, "生活支援課"),
        SAMPLE.replacen("plain: 地域福祉課", "plain: 生活支援課", 1)
    );
    assert_eq!(at(3, 9, "新"), SAMPLE.replacen("\"二重\"", "\"新\"", 1));
    assert_eq!(at(4, 9, "it's"), SAMPLE.replacen("'ひとつ'", "'it''s'", 1));
    assert_eq!(
        at(6, 3, "新しい一行目\n新しい二行目\n"),
        SAMPLE.replacen(
            "  一行目\n  二行目\n",
            "  新しい一行目\n  新しい二行目\n",
            1
        )
    );
    assert_eq!(
        at(6, 3, "改行なし"),
        SAMPLE.replacen(
            "block: |\n  一行目\n  二行目\n",
            "block: |-\n  改行なし\n",
            1
        )
    );
    // Quotes only where YAML needs them: in a flow list a comma does.
    assert_eq!(
        at(10, 8, "a, b"),
        SAMPLE.replacen("[地域福祉課,", "[\"a, b\",", 1)
    );
    assert_eq!(
        at(2, 8, "a, b"),
        SAMPLE.replacen("地域福祉課   #", "a, b   #", 1)
    );
    // A number stays a number.
    let numbered = "number: 3 # 番号\n";
    assert_eq!(
        edit::replace(numbered, 1, 9, "2").unwrap(),
        "number: 2 # 番号\n"
    );
    // No value starts there, or an alias (its value is shared): refused.
    assert_eq!(
        edit::replace(SAMPLE, 2, 1, "x"),
        Err(edit::Refusal::NotFound)
    );
    let aliased = "a: &x 5\nb: *x\n";
    assert!(edit::replace(aliased, 2, 4, "6").is_err());
}

#[test]
fn a_name_is_added_to_a_list_in_its_own_form() {
    let block = "# 一覧\ndepartments:\n  - 地域福祉課\n  - 保育課 # 最後\n# 各関係課\nall_concerned: 各関係課\n";
    assert_eq!(
        edit::append(block, "departments", "新設課").unwrap(),
        "# 一覧\ndepartments:\n  - 地域福祉課\n  - 保育課 # 最後\n  - 新設課\n# 各関係課\nall_concerned: 各関係課\n"
    );
    let flow = "departments: [地域福祉課, 保育課]\nall_concerned: 各関係課\n";
    assert_eq!(
        edit::append(flow, "departments", "a, b").unwrap(),
        "departments: [地域福祉課, 保育課, \"a, b\"]\nall_concerned: 各関係課\n"
    );
    assert!(edit::append(flow, "nothing", "x").is_err());
}

/// A form body as a browser sends it.
fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The hidden fields of the edit form of the problem at `place`.
fn fields(check: &str, place: &str) -> Vec<(String, String)> {
    let html = check.replace("&#x2f;", "/");
    let at = html
        .find(place)
        .unwrap_or_else(|| panic!("{place} in\n{html}"));
    let form = &html[at..];
    let form = &form[form.find("action=\"/check/edit\"").expect("an edit form")..];
    ["file", "line", "column", "hash"]
        .iter()
        .map(|name| {
            let key = format!("name=\"{name}\" value=\"");
            let from = form.find(&key).unwrap() + key.len();
            let value = &form[from..from + form[from..].find('"').unwrap()];
            (name.to_string(), value.to_string())
        })
        .collect()
}

fn send(
    served: &Served,
    path: &str,
    fields: &[(String, String)],
    extra: &[(&str, &str)],
) -> Response {
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.extend_from_slice(extra);
    post(
        served,
        path,
        "application/x-www-form-urlencoded",
        &form(&all),
    )
}

/// A copy of data/ with a department misspelt (strategies/1.yaml:33:27).
fn typo() -> tempfile::TempDir {
    let data = copy_data();
    edit(
        &data.path().join("strategies/1.yaml"),
        "departments: [地域福祉課]",
        "departments: [地域福祉科]",
    );
    data
}

#[test]
fn a_problem_is_fixed_from_check_and_stale_or_outside_edits_are_refused() {
    let data = typo();
    let file = data.path().join("strategies/1.yaml");
    let served = Served::start(data.path(), &[]);
    served.wait_for("the problem", |s| s["broken"] == true);
    let check = served.get("/check").text();
    assert!(check.contains("この値を直す"), "{check}");
    assert!(
        check.contains("<option>地域福祉課</option>"),
        "the list to choose from"
    );
    assert!(
        check.contains("「地域福祉科」を担当部署等の一覧に加える"),
        "{check}"
    );
    let place = fields(&check, "strategies/1.yaml:33:27");
    let before = std::fs::read_to_string(&file).unwrap();

    // Another file, or a place without that problem: refused, nothing written.
    let mut outside = place.clone();
    outside[0].1 = "../../etc/passwd".into();
    let r = send(&served, "/check/edit", &outside, &[("value", "x")]);
    assert_eq!(r.status, 400);
    assert!(
        r.text()
            .contains("この問題は、いまの点検の一覧にありません")
    );
    // A file changed since the page was shown: refused.
    let mut stale = place.clone();
    stale[3].1 = "0".repeat(32);
    let r = send(&served, "/check/edit", &stale, &[("value", "地域福祉課")]);
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("点検のページを読み込み直して"),
        "{}",
        r.text()
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // From another site: refused before any handler.
    let r = support::request(
        &served,
        "POST",
        "/check/edit",
        &[
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        &form(&[("value", "x")]),
    );
    assert_eq!(r.status, 403);

    let r = send(&served, "/check/edit", &place, &[("value", "地域福祉課")]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/check?saved=1"));
    // Only those bytes changed; the page shows the data checked again.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before.replacen("[地域福祉科]", "[地域福祉課]", 1)
    );
    let after = served.get("/check").text();
    assert!(after.contains("問題はありません"), "{after}");
    assert_eq!(
        served.wait_for("good", |s| s["broken"] == false)["count"],
        0
    );
    // The same form again: its problem is gone.
    let r = send(&served, "/check/edit", &place, &[("value", "地域福祉課")]);
    assert_eq!(r.status, 400);
}

#[test]
fn a_value_the_file_cannot_hold_is_refused_in_japanese() {
    let data = copy_data();
    let file = data.path().join("strategies/1.yaml");
    // 1-1-② numbered 3: a numbering problem at that number.
    edit(&file, "      - number: 2\n", "      - number: 3\n");
    let served = Served::start(data.path(), &[]);
    served.wait_for("the problem", |s| s["broken"] == true);
    let check = served.get("/check").text();
    let place = fields(&check, "strategies/1.yaml:41:17");
    let before = std::fs::read_to_string(&file).unwrap();
    let r = send(&served, "/check/edit", &place, &[("value", "二")]);
    assert_eq!(r.status, 400);
    let text = r.text();
    assert!(text.contains("この値では保存しません"), "{text}");
    assert!(text.contains("半角の数字だけで書きます"), "{text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let r = send(&served, "/check/edit", &place, &[("value", "2")]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before.replacen("      - number: 3\n", "      - number: 2\n", 1)
    );
    served.wait_for("good", |s| s["broken"] == false);
}

#[test]
fn a_department_is_added_to_the_list_keeping_its_comments() {
    let data = typo();
    let list = data.path().join("departments.yaml");
    let served = Served::start(data.path(), &[]);
    served.wait_for("the problem", |s| s["broken"] == true);
    let check = served.get("/check").text();
    let place = fields(&check, "strategies/1.yaml:33:27");
    let before = std::fs::read_to_string(&list).unwrap();
    let r = send(&served, "/check/department", &place, &[]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        before.replacen("  - 都市計画課\n", "  - 都市計画課\n  - 地域福祉科\n", 1)
    );
    served.wait_for("good", |s| s["broken"] == false);
}

#[test]
fn downloads_while_broken_are_the_last_good_ones_marked_so() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    served.pages();
    edit(
        &data.path().join("strategies/1.yaml"),
        "移行準備事業を実施",
        "移行準備事業を後で実施",
    );
    served.wait_for("the edit", |s| {
        s["pages"][8]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("後で実施")
    });
    edit(
        &data.path().join("strategies/1.yaml"),
        "departments: [地域福祉課]",
        "departments: [地域福祉科]",
    );
    served.wait_for("the problem", |s| s["broken"] == true);
    let page = served.get("/downloads").text();
    assert!(
        page.contains("前回正しく作れたときの内容です（いまのデータには誤りがあります）"),
        "{page}"
    );
    assert!(page.contains("href=\"/check\""));
    assert!(
        page.contains("/download/report.pdf?last_good=true&amp;summary=true"),
        "{page}"
    );
    assert!(
        !page.contains("/download/workbook"),
        "no workbooks from old data"
    );
    // Now: refused; the last good: the report as last laid out.
    assert_eq!(served.get("/download/report.pdf").status, 400);
    let r = served.get("/download/report.pdf?last_good=true");
    assert_eq!(r.status, 200, "{}", r.text());
    let disposition = r.header("content-disposition").unwrap();
    assert!(
        disposition.contains(
            &utf8_percent_encode("report_前回正しく作れた内容.pdf", NON_ALPHANUMERIC).to_string()
        ),
        "{disposition}"
    );
    let pdf = lopdf::Document::load_mem(&r.body).unwrap();
    assert_eq!(pdf.get_pages().len(), 50);
    let page: String = pdf
        .extract_text(&[9])
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(page.contains("移行準備事業を後で実施"), "{page}");
    let html = served.get("/download/report.html?last_good=true");
    assert_eq!(html.status, 200);
    assert!(html.text().contains("移行準備事業を後で実施"));
    let one = served.get(
        "/download/report.pdf?last_good=true&department=%E9%83%BD%E5%B8%82%E8%A8%88%E7%94%BB%E8%AA%B2",
    );
    assert_eq!(one.status, 200, "{}", one.text());
    // 回収状況 too: as last read, marked so, without the server's paths.
    let status = served.get("/status").text();
    assert!(
        status.contains("前回正しく読めたときの回収状況です（いまのデータには誤りがあります）"),
        "{status}"
    );
    assert!(status.contains("id=\"chase\""), "{status}");
    let folder = data.path().to_string_lossy().to_string();
    for page in [&status, &served.get("/downloads").text()] {
        assert!(!page.contains(&folder), "{page}");
    }
}

/// Data broken from the start: 出力 and 回収状況 have nothing to show but
/// where to fix it, and never the server's paths (点検 shows the problem).
#[test]
fn status_and_downloads_of_data_never_good_point_to_the_check() {
    let data = copy_data();
    edit(
        &data.path().join("strategies/1.yaml"),
        "departments: [地域福祉課]",
        "departments: [地域福祉科]",
    );
    let served = Served::start(data.path(), &[]);
    served.wait_for("the problem", |s| s["broken"] == true);
    let folder = data.path().to_string_lossy().to_string();
    for view in ["/status", "/downloads"] {
        let page = served.get(view).text();
        assert!(page.contains("id=\"broken\""), "{view}: {page}");
        assert!(
            page.contains("<a href=\"/check\">点検</a>で直してください"),
            "{view}"
        );
        assert!(
            !page.contains(&folder) && !page.contains("strategies/1.yaml"),
            "{view}: {page}"
        );
    }
    assert!(served.get("/check").text().contains("地域福祉科"));
}

/// `git ARGS` in `dir` as a test user; whether it succeeded.
pub fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn changes_since_a_git_version_as_a_page_and_a_marked_report() {
    let (root, data) = copy_data_as_data();
    if !git(root.path(), &["init", "-q"]) {
        println!("skipped: changes_since_a_git_version (no git)");
        return;
    }
    assert!(git(root.path(), &["add", "."]));
    assert!(git(root.path(), &["commit", "-q", "-m", "令和6年度の計画"]));
    edit(
        &data.join("strategies/1.yaml"),
        "移行準備事業を実施",
        "移行準備事業を会議の前に実施",
    );
    let served = Served::start(&data, &[]);
    served.pages();
    let page = served.get("/downloads").text();
    assert!(page.contains("前回との違い"), "{page}");
    assert!(page.contains("最後に記録した版"), "{page}");
    let key = page
        .split("<option value=\"git:")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = served.get(&format!("/download/changes.html?from=git:{key}"));
    assert_eq!(r.status, 200, "{}", r.text());
    let text = r.text();
    assert!(text.contains("違い: 1 件"), "{text}");
    assert!(text.contains("移行準備事業を実施"));
    assert!(text.contains("移行準備事業を会議の前に実施"));
    assert!(text.contains("基本戦略1（１）①"), "{text}");
    let marked = served.get(&format!("/download/report.pdf?changes=git:{key}"));
    assert_eq!(marked.status, 200, "{}", marked.text());
    assert!(
        marked
            .header("content-disposition")
            .unwrap()
            .contains("report_changes.pdf")
    );
    assert_eq!(
        lopdf::Document::load_mem(&marked.body)
            .unwrap()
            .get_pages()
            .len(),
        50
    );
    // Only what the page offers: another commit id or a path is refused.
    for bad in ["git:HEAD", "year:1999", "../data"] {
        let r = served.get(&format!(
            "/download/changes.html?from={}",
            utf8_percent_encode(bad, NON_ALPHANUMERIC)
        ));
        assert_eq!(r.status, 400, "{bad}");
    }
}

#[test]
fn changes_since_the_plans_earlier_year() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&data_dir(), &data);
    let plan = dir.path().join("計画");
    shinchoku::services::new_year::new_year(&inputs(&data), None, Some(&plan)).unwrap();
    edit(
        &plan.join("2025/strategies/1.yaml"),
        "name: 効率的で効果的な福祉行政の推進",
        "name: 効率的な福祉行政",
    );
    let served = Served::start(&plan.join("2025"), &[]);
    served.pages();
    let page = served.get("/downloads").text();
    assert!(
        page.contains(
            "<option value=\"year:2024\">令和6年度のデータ（計画のフォルダの 2024）</option>"
        ),
        "{page}"
    );
    let r = served.get("/download/changes.html?from=year%3A2024");
    assert_eq!(r.status, 200, "{}", r.text());
    let text = r.text();
    assert!(text.contains("比べた相手: 令和6年度のデータ"), "{text}");
    assert!(
        text.contains("<td class=\"before\">効率的で効果的な福祉行政の推進</td><td class=\"after\">効率的な福祉行政</td>"),
        "{text}"
    );
    let marked = served.get("/download/report.pdf?changes=year%3A2024");
    assert_eq!(marked.status, 200, "{}", marked.text());
    assert!(marked.body.starts_with(b"%PDF"));
}
