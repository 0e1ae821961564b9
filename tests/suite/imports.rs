//! Issue 22, points 2, 4 and 5: a shared row's conflicting cells settled
//! one by one in the browser and written together (or not at all); the
//! record of returns (imported, returned empty, refused and why, nothing
//! yet) kept in the data folder by the CLI and serve alike, and the
//! departments still to chase; messages in the browser's words (its
//! controls, no command-line flag, no server path).

use crate::common;
use crate::serve_support as support;

use std::path::{Path, PathBuf};

use common::workbook::*;
use common::*;
use shinchoku::model::{Field, RowKey};
use shinchoku::services::forms::{self, Resolutions};
use support::*;

const RECORD: &str = "results/2024/回収記録.json";

/// The text of a page's main part, with minijinja's `&#x2f;` read as `/`.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a main element");
    let end = html.rfind("</main>").expect("a main element");
    html[start..end].replace("&#x2f;", "/")
}

/// Words a page of the browser must not show: a command-line flag, a path
/// of the server (its data folder, its temporary folders).
pub fn speaks_the_browsers_words(main: &str, data: &Path) {
    assert!(!main.contains("--"), "a flag: {main}");
    assert!(!main.contains("/tmp"), "a server path: {main}");
    assert!(!main.contains(&data.display().to_string()), "{main}");
    assert!(
        !main.contains("export-forms") && !main.contains("import-forms"),
        "{main}"
    );
}

/// Upload workbooks as the import form does: the batch id and its page.
fn upload(served: &Served, files: &[(&str, Vec<u8>)], fields: &[(&str, &str)]) -> (String, String) {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let (kind, body) = multipart(&files, fields);
    let r = post(served, "/import", &kind, &body);
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").unwrap().to_string();
    let id = to.trim_start_matches("/import/").to_string();
    (id, served.get(&to).text())
}

fn urlencoded(fields: &[(String, String)]) -> Vec<u8> {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let pairs: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    pairs.join("&").into_bytes()
}

/// Press 取り込む with these choices; the page it leads to.
fn apply(served: &Served, id: &str, fields: &[(String, String)]) -> String {
    let form = "application/x-www-form-urlencoded";
    let r = post(
        served,
        &format!("/import/{id}/apply"),
        form,
        &urlencoded(fields),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    served.get(&format!("/import/{id}")).text()
}

/// The conflicts a preview offers a choice for: (number, row key, column key).
pub fn conflicts(main: &str) -> Vec<(usize, String, String)> {
    main.split("<fieldset class=\"conflict\" data-key=\"")
        .skip(1)
        .map(|part| {
            let key = part.split('"').next().unwrap().to_string();
            let field = part
                .split("data-field=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let n = part
                .split("name=\"choice-")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (n.parse().unwrap(), key, field.to_string())
        })
        .collect()
}

/// What filled_workbook writes into a column.
pub fn filled_text(prefix: &str, field: &str) -> String {
    match field {
        "actions" => format!("{prefix}の取組"),
        "results" => format!("{prefix}の成果"),
        "next_policy" => format!("{prefix}の今後"),
        other => panic!("{other}"),
    }
}

/// The report's text for one row and column, from the files as written.
pub fn merged(data: &Path, key: &str, field: &str) -> String {
    let checked = shinchoku::pipeline::checked(&inputs(data)).unwrap();
    let field = Field::ALL.into_iter().find(|f| f.key() == field).unwrap();
    let merged = shinchoku::model::merge::merged(&checked);
    merged[&RowKey::from_text(key)].get(field).clone()
}

/// A form's fields, and (row key, column key, text) the report must hold.
pub type Choices = (Vec<(String, String)>, Vec<(String, String, String)>);

/// Each choice the page offers, in turn: keep the other text, keep this
/// workbook's, edit a merged text. The texts the report must then hold.
pub fn choose(found: &[(usize, String, String)], theirs: &str, mine: &str) -> Choices {
    let mut fields = Vec::new();
    let mut expect = Vec::new();
    for (k, (n, key, field)) in found.iter().enumerate() {
        let text = match k % 3 {
            0 => {
                fields.push((format!("choice-{n}"), "theirs".into()));
                filled_text(theirs, field)
            }
            1 => {
                fields.push((format!("choice-{n}"), "mine".into()));
                filled_text(mine, field)
            }
            _ => {
                let edited = format!("二つの課でまとめた文{n}。\n二行目です。");
                fields.push((format!("choice-{n}"), "edit".into()));
                fields.push((format!("text-{n}"), edited.replace('\n', "\r\n")));
                edited
            }
        };
        expect.push((key.clone(), field.clone(), text));
    }
    (fields, expect)
}

#[test]
fn a_shared_rows_conflict_is_settled_cell_by_cell_and_written_together() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let a = filled_workbook(d, dir.path(), "子育て支援課", "子育てＡ");
    let b = filled_workbook(d, dir.path(), "保育課", "保育Ｂ");
    let served = Served::start(d, &[]);
    served.pages();
    let files = [
        ("子育て支援課_2024.xlsx", std::fs::read(&a).unwrap()),
        ("保育課_2024.xlsx", std::fs::read(&b).unwrap()),
    ];
    let (id, html) = upload(&served, &files, &[]);
    let main = main_of(&html);
    speaks_the_browsers_words(&main, d);
    assert!(main.contains("data-state=\"accepted\""), "{main}");
    assert!(main.contains("data-state=\"choose\""), "{main}");
    assert!(
        main.contains("子育て支援課（この取込の 子育て支援課_2024.xlsx）の文を残す"),
        "{main}"
    );
    assert!(main.contains("保育課（保育課_2024.xlsx）の文を残す"));
    assert!(main.contains("子育てＡの成果") && main.contains("保育Ｂの成果"));
    assert!(main.contains("2 個のファイルを取り込む"), "{main}");
    let found = conflicts(&main);
    // Every shared row of the two, in each column both wrote differently.
    assert!(found.len() >= 3, "{found:?}");
    assert!(!d.join("results").exists(), "a preview writes nothing");

    let (fields, expect) = choose(&found, "子育てＡ", "保育Ｂ");
    let done = main_of(&apply(&served, &id, &fields));
    speaks_the_browsers_words(&done, d);
    assert_eq!(done.matches("取り込みました。").count(), 2, "{done}");
    assert!(!done.contains("data-state=\"choose\""));
    for (key, field, text) in &expect {
        assert_eq!(&merged(d, key, field), text, "{key} {field}");
    }
    // Both departments' files hold the chosen texts (no conflict left for check).
    let kept = std::fs::read_to_string(d.join("results/2024/子育て支援課.yaml")).unwrap();
    assert!(kept.contains("二つの課でまとめた文2"), "{kept}");
    let status = served.get("/status").text();
    assert!(
        status.contains("data-department=\"保育課\" data-state=\"done\""),
        "{status}"
    );
    assert!(status.contains("保育課_2024.xlsx"));
}

#[test]
fn a_conflict_left_without_a_choice_is_not_imported() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let a = filled_workbook(d, dir.path(), "地域福祉課", "地域");
    let b = filled_workbook(d, dir.path(), "生活支援課", "生活");
    let served = Served::start(d, &[]);
    served.pages();
    let files = [
        ("地域福祉課.xlsx", std::fs::read(&a).unwrap()),
        ("生活支援課.xlsx", std::fs::read(&b).unwrap()),
    ];
    let (id, _) = upload(&served, &files, &[]);
    let done = main_of(&apply(&served, &id, &[]));
    speaks_the_browsers_words(&done, d);
    assert!(done.contains("取り込みました。"), "{done}");
    assert!(
        done.contains("残す文を選ばなかったので取り込みませんでした"),
        "{done}"
    );
    assert!(d.join("results/2024/地域福祉課.yaml").exists());
    assert!(!d.join("results/2024/生活支援課.yaml").exists());
    // The checkbox settles them all for this workbook's texts.
    let (_, page) = upload(&served, &files[1..], &[("replace_shared", "1")]);
    let main = main_of(&page);
    assert!(main.contains("data-state=\"accepted\""), "{main}");
    assert!(
        main.contains("置き換えます"),
        "future tense in a preview: {main}"
    );
    assert!(!main.contains("置き換えました"), "{main}");
}

/// A department's workbook as last year's export made it.
fn last_years(data: &Path, dir: &Path, dept: &str) -> PathBuf {
    let path = filled_workbook(data, dir, dept, "去年");
    let mut book = read_book(&path);
    let meta = book.iter_mut().find(|(n, _)| n == "shinchoku").unwrap();
    assert_eq!(meta.1[1][1], "2024");
    meta.1[1][1] = "2023".into();
    let old = dir.join(format!("{dept}_2023.xlsx"));
    write_texts(&old, &book);
    old
}

/// The departments listed in 回収状況's chase list.
fn chase_list(status: &str) -> Vec<String> {
    let Some(list) = status.split("<ul id=\"chase\" class=\"chase\">").nth(1) else {
        return Vec::new();
    };
    let list = list.split("</ul>").next().unwrap();
    list.split("<li>")
        .skip(1)
        .map(|l| l.trim_end_matches("</li>").to_string())
        .collect()
}

/// Every department of 回収状況's table with its state.
fn states(status: &str) -> Vec<(String, String)> {
    status
        .split("data-department=\"")
        .skip(1)
        .map(|p| {
            let name = p.split('"').next().unwrap().to_string();
            let state = p
                .split("data-state=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (name, state.to_string())
        })
        .collect()
}

#[test]
fn returns_are_recorded_refused_empty_or_missing_and_the_record_survives_a_restart() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let bad = bad_workbook(d, dir.path(), "危機管理課");
    let old = last_years(d, dir.path(), "障害福祉課");
    let untouched = forms::export(&inputs(d), &["都市計画課".to_string()], dir.path(), false)
        .unwrap()[0]
        .workbook
        .clone();
    let served = Served::start(d, &[]);
    served.pages();
    let files = [
        ("危機管理課_誤り.xlsx", std::fs::read(&bad).unwrap()),
        ("障害福祉課_2023.xlsx", std::fs::read(&old).unwrap()),
        ("都市計画課_空.xlsx", std::fs::read(&untouched).unwrap()),
    ];
    let (id, page) = upload(&served, &files, &[]);
    let main = main_of(&page);
    speaks_the_browsers_words(&main, d);
    assert!(
        main.contains("令和5年度（2023年度）の記入用 Excel です。取り込めるのは令和6年度のものだけです。「出力」の「各課の Excel とシート」から令和6年度の記入用 Excel をダウンロード"),
        "{main}"
    );
    assert!(main.contains("このファイルは取り込めません。"));
    assert!(
        main.contains("取り込めない 2 個のファイルは、回収状況に「取込不可」"),
        "{main}"
    );
    assert!(main.contains("1 個のファイルを取り込む"));
    assert!(!d.join(RECORD).exists(), "a preview records nothing");
    let done = main_of(&apply(&served, &id, &[]));
    assert!(done.contains("取り込みませんでした。"), "{done}");
    assert!(d.join(RECORD).exists());
    // The record is not data: check passes and reads one results file.
    let checked = shinchoku::pipeline::checked(&inputs(d)).unwrap();
    assert_eq!(checked.results.len(), 1);

    let status = served.get("/status").text();
    let main = main_of(&status);
    speaks_the_browsers_words(&main, d);
    let states = states(&main);
    let state = |name: &str| states.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert_eq!(state("危機管理課"), "refused");
    assert_eq!(state("障害福祉課"), "refused");
    assert_eq!(state("都市計画課"), "empty");
    assert!(main.contains("自己評価「Ｄ」は使えません"));
    assert!(main.contains("令和5年度（2023年度）の様式です"), "{main}");
    assert!(
        main.contains(&format!("href=\"/import/{id}\"")),
        "a link to the batch"
    );
    assert!(main.contains("都市計画課_空.xlsx（記入なし）"), "{main}");
    // Exactly the departments nothing came back from, ready to copy.
    let expected: Vec<String> = states
        .iter()
        .filter(|(n, _)| !["危機管理課", "障害福祉課", "都市計画課"].contains(&n.as_str()))
        .map(|(n, _)| n.clone())
        .collect();
    assert_eq!(expected.len(), 14);
    assert_eq!(chase_list(&main), expected);
    let reminder = main.split("id=\"reminder\"").nth(1).unwrap();
    let reminder = reminder.split("</textarea>").next().unwrap();
    assert!(reminder.contains("令和6年度の記入用 Excel の返送が、まだ届いていません"));
    assert!(
        reminder.contains(&format!("\n{}\n", expected.join("\n"))),
        "{reminder}"
    );
    assert!(main.contains("取り込めなかった課（理由を伝えて"));
    drop(served);

    // A new server reads the same record; the batch's page is gone.
    let served = Served::start(d, &[]);
    served.pages();
    let main = main_of(&served.get("/status").text());
    assert!(main.contains("data-department=\"危機管理課\" data-state=\"refused\""));
    assert!(!main.contains(&format!("href=\"/import/{id}\"")));
    assert!(
        main.contains("その時の取込の結果の画面は、もうありません"),
        "{main}"
    );
    assert_eq!(chase_list(&main).len(), 14);
    // A batch with nothing to import can still be recorded as refused.
    let (id, page) = upload(&served, &files[..1], &[]);
    assert!(page.contains("取込不可として回収状況に記録する"), "{page}");
    let before = served.wait_for("the state", |_| true)["version"]
        .as_u64()
        .unwrap();
    apply(&served, &id, &[]);
    // No data changed, yet open pages are told to fetch 回収状況 again.
    served.wait_for("the touch", |s| s["version"].as_u64().unwrap() > before);
    let record = std::fs::read_to_string(d.join(RECORD)).unwrap();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(
        record["departments"]["危機管理課"]["refused"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_command_line_records_returns_and_a_dry_run_does_not() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let good = filled_workbook(d, dir.path(), "都市計画課", "コマンド");
    let bad = bad_workbook(d, dir.path(), "危機管理課");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["import-forms", "--data"])
            .arg(d)
            .args(extra)
            .arg(&good)
            .arg(&bad)
            .output()
            .unwrap()
    };
    let dry = run(&["--dry-run"]);
    assert_eq!(dry.status.code(), Some(1));
    assert!(!d.join(RECORD).exists(), "a dry run records nothing");
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "one refused");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join(RECORD)).unwrap()).unwrap();
    let depts = &record["departments"];
    assert_eq!(
        depts["都市計画課"]["imported"]["file"],
        "都市計画課_2024.xlsx"
    );
    assert_eq!(depts["都市計画課"]["imported"]["empty"], false);
    let refused = &depts["危機管理課"]["refused"][0];
    assert_eq!(refused["file"], "危機管理課_誤り.xlsx");
    assert!(
        refused["reasons"][0]
            .as_str()
            .unwrap()
            .contains("自己評価「Ｄ」は使えません")
    );
    assert!(refused["batch"].is_null());
    // The command line still names its own flag.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("自己評価「Ｄ」は使えません"), "{stderr}");
}

#[test]
fn chosen_texts_that_check_would_refuse_write_nothing() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let a = filled_workbook(d, dir.path(), "子育て支援課", "甲");
    let b = filled_workbook(d, dir.path(), "保育課", "乙");
    // The rows the two share, each column chosen.
    let book = read_book(&b);
    let shared: Vec<RowKey> = book[0].1[FIRST..]
        .iter()
        .filter(|r| r[KEY].contains("子育て支援課"))
        .map(|r| RowKey::from_text(&r[KEY]))
        .collect();
    assert_eq!(shared.len(), 2, "{shared:?}");
    let mut chosen = Resolutions::new();
    for (k, key) in shared.iter().enumerate() {
        for f in [Field::Actions, Field::Results, Field::NextPolicy] {
            chosen.insert((key.clone(), f), format!("二課の{}{k}", f.key()));
        }
    }
    // A character the fonts cannot print: check refuses it, so nothing is written.
    let mut unprintable = chosen.clone();
    unprintable.insert(
        (shared[0].clone(), Field::Results),
        "絵文字 \u{1F600}".into(),
    );
    let books = [a, b];
    let attempts = forms::import_together(&inputs(d), &books, false, &unprintable).unwrap();
    assert!(attempts.iter().all(|a| a.outcome.is_err()), "{attempts:?}");
    assert!(!d.join("results").exists());
    // Printable texts: both files written, each shared cell holds its text.
    let attempts = forms::import_together(&inputs(d), &books, false, &chosen).unwrap();
    assert!(attempts.iter().all(|a| a.outcome.is_ok()), "{attempts:?}");
    for ((key, f), text) in &chosen {
        assert_eq!(&merged(d, key.as_str(), f.key()), text);
    }
}

/// 最後の取込 is the record's, not a file's change time: a results file
/// rewritten now (another department's import, an editor) still shows when
/// its department's workbook came back, and a file without a record shows
/// none.
#[test]
fn the_last_import_comes_from_the_record_never_from_a_files_time() {
    let data = copy_data();
    let d = data.path();
    let dir = tempfile::tempdir().unwrap();
    let books = [
        filled_workbook(d, dir.path(), "都市計画課", "記録"),
        filled_workbook(d, dir.path(), "危機管理課", "記録なし"),
    ];
    import_all(d, &books, forms::ImportOptions::default());
    let two_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 2 * 86400
        - 60;
    let record = format!(
        "{{\"departments\": {{\"都市計画課\": {{\"imported\": {{\"at\": {two_days_ago}, \"file\": \"都市計画課_返送.xlsx\"}}}}}}}}"
    );
    std::fs::write(d.join(RECORD), record).unwrap();
    let status = shinchoku::services::returns::status(&inputs(d)).unwrap();
    let dept = |name: &str| status.departments.iter().find(|x| x.name == name).unwrap();
    let seen = dept("都市計画課").imported.as_ref().unwrap();
    assert!(seen.when.ends_with("（2日前）"), "{}", seen.when);
    assert_eq!(seen.file, "都市計画課_返送.xlsx");
    // Imported before the record was kept: returned, but no time to show.
    assert!(dept("危機管理課").imported.is_none());
    assert!(dept("危機管理課").returned);
    assert!(!status.chase.contains(&"危機管理課".to_string()));
    assert!(status.chase.contains(&"障害福祉課".to_string()));
}
