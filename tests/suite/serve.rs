//! `shinchoku serve` over HTTP (the browser itself is in tests/browser.rs):
//! the views, updates on save, the import preview and apply, downloads,
//! and every refusal of the bar: other hosts and origins, a missing token,
//! uploads that are not workbooks or too large, zip bombs, paths.

use crate::common;
use crate::serve_support as support;

use common::workbook::zip_bomb;
use common::*;
use support::*;

fn version(state: &serde_json::Value) -> u64 {
    state["version"].as_u64().unwrap()
}

#[test]
fn every_view_is_served_in_japanese_and_page_images_are_cached_by_content() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    let state = served.pages();
    assert_eq!(state["pages"].as_array().unwrap().len(), 50);
    for (path, words) in [
        ("/", "ページ一覧"),
        ("/check", "問題はありません"),
        ("/status", "回収状況（令和6年度）"),
        ("/import", "ドロップ"),
        ("/downloads", "会議用の印刷"),
    ] {
        let r = served.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        let html = r.text();
        assert!(html.contains("<meta charset=\"utf-8\">"), "{path}");
        assert!(html.contains(words), "{path}: {words}");
        assert!(r.header("content-security-policy").is_some(), "{path}");
    }
    let first = &state["pages"][8];
    assert_eq!(first["title"], "1-(1)-① 効率的で効果的な福祉行政の推進");
    assert_eq!(first["printed"], "2");
    let png = served.get(&format!("/page/{}.png", first["hash"].as_str().unwrap()));
    assert_eq!(png.status, 200);
    assert!(png.body.starts_with(b"\x89PNG"));
    assert!(png.header("cache-control").unwrap().contains("immutable"));
    // A fingerprint no page has, or anything else, is not a file.
    assert_eq!(
        served.get(&format!("/page/{}.png", "0".repeat(32))).status,
        404
    );
    assert_eq!(served.get("/page/..%2F..%2Fetc%2Fpasswd").status, 404);
}

#[test]
fn a_save_changes_only_its_pages_and_a_broken_save_keeps_the_last_good_ones() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    let before = served.pages();
    let file = data.path().join("strategies/1.yaml");
    edit(&file, "移行準備事業を実施", "移行準備事業を試験で実施");
    let after = served.wait_for("the edit", |s| version(s) > version(&before));
    let changed: Vec<usize> = page_hashes(&before)
        .iter()
        .zip(page_hashes(&after))
        .enumerate()
        .filter(|(_, (a, b))| *a != b)
        .map(|(i, _)| i + 1)
        .collect();
    // The sheet of 1-(1)-① and its 【再掲】 only.
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.contains(&9));
    assert!(
        after["pages"][8]["text"]
            .as_str()
            .unwrap()
            .contains("試験で実施")
    );

    edit(
        &file,
        "departments: [地域福祉課]",
        "departments: [地域福祉科]",
    );
    let broken = served.wait_for("the broken save", |s| s["broken"] == true);
    assert_eq!(
        page_hashes(&broken),
        page_hashes(&after),
        "the last good pages stay"
    );
    assert!(broken["banner"].as_str().unwrap().contains("地域福祉科"));
    let check = served.get("/check").text();
    assert!(check.contains("strategies&#x2f;1.yaml:33:27"), "{check}");
    assert!(check.contains("基本戦略1（１）① 地域福祉科"));
    assert!(check.contains("<span class=\"ln\">33</span>          - departments: [地域福祉科]"));
    edit(
        &file,
        "departments: [地域福祉科]",
        "departments: [地域福祉課]",
    );
    served.wait_for("the fix", |s| {
        s["broken"] == false && version(s) > version(&broken)
    });
}

/// Upload workbooks as the import form does; the page it leads to.
fn upload(served: &Served, files: &[(&str, &[u8])]) -> Response {
    let (kind, body) = multipart(files, &[]);
    let r = post(served, "/import", &kind, &body);
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").unwrap().to_string();
    assert!(to.starts_with("/import/"), "{to}");
    served.get(&to)
}

/// The batch id in an import page's apply button.
fn batch_id(html: &str) -> String {
    let after = html
        .split("action=\"/import/")
        .nth(1)
        .expect("an apply button");
    after.split('/').next().unwrap().to_string()
}

/// Press the import page's button.
fn apply(served: &Served, id: &str) -> Response {
    let form = "application/x-www-form-urlencoded";
    post(served, &format!("/import/{id}/apply"), form, b"")
}

#[test]
fn import_previews_every_change_and_refusal_then_applies_all_or_nothing() {
    let data = copy_data();
    let dir = tempfile::tempdir().unwrap();
    let good = filled_workbook(data.path(), dir.path(), "都市計画課", "取込試験");
    let bad = bad_workbook(data.path(), dir.path(), "危機管理課");
    let served = Served::start(data.path(), &[]);
    let before = served.pages();
    let files = [
        ("都市計画課_2024.xlsx", std::fs::read(&good).unwrap()),
        ("危機管理課_誤り.xlsx", std::fs::read(&bad).unwrap()),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let html = upload(&served, &files).text();
    assert!(html.contains("取り込む前の確認（まだ何も書き込んでいません）"));
    assert!(html.contains("取込試験の成果"), "{html}");
    assert!(html.contains("<td class=\"before\">（空）</td><td class=\"after\">Ａ</td>"));
    assert!(html.contains("シート「危機管理課」 I"), "{html}");
    assert!(html.contains("自己評価「Ｄ」は使えません"));
    let results = data.path().join("results/2024");
    assert!(!results.exists(), "a preview writes nothing");

    let id = batch_id(&html);
    assert_eq!(apply(&served, &id).status, 303);
    let result = served.get(&format!("/import/{id}")).text();
    assert!(result.contains("取り込みました。変わった欄"));
    assert!(result.contains("取り込みませんでした。"));
    assert!(results.join("都市計画課.yaml").exists());
    assert!(
        !results.join("危機管理課.yaml").exists(),
        "the refused one wrote nothing"
    );
    let after = served.wait_for("the import's rebuild", |s| {
        let pages = s["pages"].as_array().unwrap();
        version(s) > version(&before)
            && pages
                .iter()
                .any(|p| p["text"].as_str().unwrap().contains("取込試験の成果"))
    });
    assert!(!after["broken"].as_bool().unwrap());
    let status = served.get("/status").text();
    assert!(
        status.contains("data-department=\"都市計画課\" data-state=\"done\""),
        "{status}"
    );
    // The refused workbook is a return that could not be taken, with its reason.
    assert!(status.contains("data-department=\"危機管理課\" data-state=\"refused\""));
    assert!(status.contains("自己評価「Ｄ」は使えません"), "{status}");
    // A second press of the button imports nothing more.
    assert_eq!(apply(&served, &id).status, 303);
}

#[test]
fn an_import_whose_browser_goes_away_is_still_written_whole() {
    let data = copy_data();
    let dir = tempfile::tempdir().unwrap();
    let good = filled_workbook(data.path(), dir.path(), "障害福祉課", "中断試験");
    let served = Served::start(data.path(), &[]);
    served.pages();
    let html = upload(
        &served,
        &[("障害福祉課.xlsx", &std::fs::read(&good).unwrap())],
    )
    .text();
    let id = batch_id(&html);
    // Send the button's request and hang up at once.
    let mut s = std::net::TcpStream::connect(&served.host).unwrap();
    let origin = served.base();
    let head = format!(
        "POST /import/{id}/apply HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nContent-Length: 0\r\n\r\n",
        served.host
    );
    std::io::Write::write_all(&mut s, head.as_bytes()).unwrap();
    drop(s);
    served.wait_for("the import", |s| {
        s["pages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["text"].as_str().unwrap().contains("中断試験の成果"))
    });
    let checked = shinchoku::pipeline::checked(&inputs(data.path())).unwrap();
    let file = &checked.results[0];
    assert_eq!(file.value.rows.len(), 12, "every row of the workbook");
    assert!(
        served
            .get(&format!("/import/{id}"))
            .text()
            .contains("取り込みました。")
    );
}

#[test]
fn two_imports_at_once_do_not_interleave() {
    // 子育て支援課 and 保育課 share the row 1-(2)-①: each workbook answers
    // it differently. Previewed apart, both are fine; imported at the same
    // moment, the second must see the first's answer and be refused. Had
    // they interleaved, both would be written and the data would conflict.
    let data = copy_data();
    let dir = tempfile::tempdir().unwrap();
    let a = filled_workbook(data.path(), dir.path(), "子育て支援課", "同時Ａ");
    let b = filled_workbook(data.path(), dir.path(), "保育課", "同時Ｂ");
    let served = Served::start(data.path(), &[]);
    served.pages();
    let ids: Vec<String> = [a, b]
        .iter()
        .map(|path| {
            batch_id(&upload(&served, &[("返送.xlsx", &std::fs::read(path).unwrap())]).text())
        })
        .collect();
    // Both batches, and the first one twice, at the same moment.
    let presses = [&ids[0], &ids[1], &ids[0]];
    std::thread::scope(|s| {
        for id in presses {
            let served = &served;
            s.spawn(move || assert_eq!(apply(served, id).status, 303));
        }
    });
    let results = data.path().join("results/2024");
    let names: Vec<String> = std::fs::read_dir(&results)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "回収記録.json")
        .collect();
    assert_eq!(
        names.len(),
        1,
        "{names:?}: one imported, the other refused, no temporary file"
    );
    // The data is whole: it passes check.
    let checked = shinchoku::pipeline::checked(&inputs(data.path())).unwrap();
    assert_eq!(checked.results.len(), 1);
    let pages: Vec<String> = ids
        .iter()
        .map(|id| served.get(&format!("/import/{id}")).text())
        .collect();
    assert_eq!(
        pages
            .iter()
            .filter(|p| p.contains("取り込みませんでした。"))
            .count(),
        1
    );
    assert!(
        pages.iter().any(|p| p.contains("と違います")),
        "the conflict is named"
    );
}

#[test]
fn uploads_must_be_small_xlsx_workbooks_and_zip_bombs_are_refused() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    served.pages();
    let bomb = zip_bomb();
    let page = upload(
        &served,
        &[
            ("古い形式.xls", b"\xD0\xCF\x11\xE0 old excel"),
            ("偽物.xlsx", b"not a zip at all"),
            ("bomb.xlsx", &bomb),
            ("../../etc/passwd.xlsx", b"PK\x03\x04 broken"),
        ],
    )
    .text();
    assert!(
        page.contains("取り込めるのは Excel ブック（.xlsx）だけです"),
        "{page}"
    );
    assert!(page.contains("中身が Excel ブック（.xlsx）ではありません"));
    assert!(page.contains("展開すると大きすぎるファイルです"), "{page}");
    assert!(
        page.contains("..&#x2f;..&#x2f;etc&#x2f;passwd.xlsx"),
        "the name is only shown"
    );
    assert!(!page.contains("id=\"apply\""), "nothing to import");
    assert!(!data.path().join("results").exists());
    // A request larger than the limit is refused as a whole.
    let big = vec![b'x'; 65 * 1024 * 1024];
    let (kind, body) = multipart(&[("big.xlsx", &big)], &[]);
    let r = post(&served, "/import", &kind, &body);
    assert_eq!(r.status, 400);
    assert!(r.text().contains("合わせて 64 MB まで"), "{}", r.text());
}

#[test]
fn other_hosts_other_origins_and_other_methods_are_refused() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    served.pages();
    let get = |headers: &[(&str, &str)]| request(&served, "GET", "/", headers, b"").status;
    // A page elsewhere whose name points at 127.0.0.1 (DNS rebinding).
    assert_eq!(
        request(&served, "GET", "/", &[("Host", "evil.example:80")], b"").status,
        403
    );
    assert_eq!(get(&[]), 200);
    let (kind, body) = multipart(&[("a.xlsx", b"PK\x03\x04")], &[]);
    for origin in [None, Some("http://evil.example"), Some("null")] {
        let mut headers = vec![("Content-Type", kind.as_str())];
        if let Some(o) = origin {
            headers.push(("Origin", o));
        }
        let r = request(&served, "POST", "/import", &headers, &body);
        assert_eq!(r.status, 403, "{origin:?}");
    }
    assert_eq!(request(&served, "PUT", "/import", &[], b"").status, 405);
    assert_eq!(request(&served, "DELETE", "/", &[], b"").status, 405);
    assert_eq!(
        served
            .get("/download/workbook?department=..%2F..%2Fetc")
            .status,
        400
    );
    assert_eq!(
        served
            .get("/download/report.pdf?department=%E5%9C%B0%E5%9F%9F%E7%A6%8F%E7%A5%89%E7%A7%91")
            .status,
        400
    );
    assert!(!data.path().join("results").exists());
}

#[test]
fn listening_elsewhere_needs_the_token_on_every_request() {
    let data = copy_data();
    let served = Served::start(data.path(), &["--listen", "0.0.0.0"]);
    let (addr, token) = served
        .url
        .trim_start_matches("http://")
        .split_once("/?token=")
        .unwrap();
    assert_eq!(token.len(), 64);
    let port = addr.rsplit(':').next().unwrap();
    let host = format!("127.0.0.1:{port}");
    let get = |path: &str, headers: &[(&str, &str)]| over_tcp(&host, "GET", path, headers, b"");
    assert_eq!(get("/", &[]).status, 401);
    assert_eq!(get("/state.json", &[]).status, 401);
    assert_eq!(get("/?token=0123", &[]).status, 401);
    let wrong = format!("shinchoku_token={}", "0".repeat(64));
    assert_eq!(get("/", &[("Cookie", &wrong)]).status, 401);
    // The printed address: the token goes into a cookie and out of the address.
    let enter = get(&format!("/?token={token}"), &[]);
    assert_eq!(enter.status, 303);
    assert_eq!(enter.header("location"), Some("/"));
    let cookie = enter
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(enter.header("set-cookie").unwrap().contains("HttpOnly"));
    assert_eq!(get("/", &[("Cookie", &cookie)]).status, 200);
    assert_eq!(get("/check", &[("Cookie", &cookie)]).status, 200);
    let origin = format!("http://{host}");
    let r = over_tcp(
        &host,
        "POST",
        "/import",
        &[("Cookie", &cookie), ("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(r.status, 403);
    let r = over_tcp(&host, "POST", "/import", &[("Origin", &origin)], b"");
    assert_eq!(r.status, 401, "no token, no POST");
}

#[test]
fn downloads_are_the_documents_staff_hand_out() {
    let data = copy_data();
    let served = Served::start(data.path(), &[]);
    served.pages();
    let pdf_pages = |path: &str| {
        let r = served.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/pdf"));
        lopdf::Document::load_mem(&r.body)
            .unwrap()
            .get_pages()
            .len()
    };
    assert_eq!(pdf_pages("/download/report.pdf"), 50);
    assert_eq!(pdf_pages("/download/report.pdf?summary=true"), 51);
    assert_eq!(pdf_pages("/download/report.pdf?form=true"), 50);
    assert!(pdf_pages("/download/report.pdf?strategy=2") < 20);
    assert!(pdf_pages("/download/report.pdf?measure=1-2") < 10);
    assert!(
        pdf_pages(
            "/download/report.pdf?form=true&department=%E9%83%BD%E5%B8%82%E8%A8%88%E7%94%BB%E8%AA%B2"
        ) <= 2
    );
    let r = served.get("/download/report.pdf?strategy=2");
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("filename*=UTF-8''report%5F%E5%9F%BA%E6%9C%AC%E6%88%A6%E7%95%A52%2Epdf")
    );
    let html = served.get("/download/report.html");
    assert!(html.text().contains("効率的で効果的な福祉行政の推進"));
    let one =
        served.get("/download/workbook?department=%E9%83%BD%E5%B8%82%E8%A8%88%E7%94%BB%E8%AA%B2");
    assert!(one.body.starts_with(b"PK\x03\x04"));
    assert!(one.header("content-disposition").unwrap().contains(".xlsx"));
    let all = served.get("/download/workbook");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(all.body)).unwrap();
    assert_eq!(zip.len(), 17);
    assert!(
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n == "障害福祉課_2024.xlsx"))
    );
}

/// `serve --open` hands the workspace's address to the desktop's browser
/// (here a stand-in named by SHINCHOKU_BROWSER that writes it down).
#[test]
fn open_starts_the_browser_on_the_workspace() {
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["serve", "--port", "0", "--open", "--data"])
        .arg(common::data_dir())
        .env("SHINCHOKU_BROWSER", &browser)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "serve ended");
        if let Some(at) = line.find("http://") {
            break line[at..].trim().to_string();
        }
    };
    let start = std::time::Instant::now();
    while !seen.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read_to_string(&seen).unwrap().trim(), url);
}

/// Another city's plan: the page list speaks its words, not Honjo's.
#[test]
fn the_page_list_speaks_the_plans_words() {
    let data = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kawawada");
    common::copy_dir(&root, data.path());
    let served = Served::start(data.path(), &[]);
    let state = served.pages();
    assert_eq!(state["pages"][0]["title"], "計画の進行管理");
    assert_eq!(state["pages"][1]["title"], "施策の体系と担当課");
    let html = served.get("/").text();
    assert!(
        html.contains("<summary>施策の体系と担当課</summary>"),
        "{html}"
    );
    assert!(html.contains("〔再掲〕"));
    // 回収状況 too: its columns and words are the plan's.
    let status = served.get("/status").text();
    assert!(
        status.contains("担当課ごと") && status.contains("達成度なし"),
        "{status}"
    );
    for honjo in ["担当部署等", "自己評価", "【再掲】"] {
        assert!(!status.contains(honjo), "{honjo}: {status}");
    }
    for honjo in ["担当部署等一覧表", "【再掲】", ">進行管理<"] {
        assert!(!html.contains(honjo), "{honjo}");
        assert!(
            !state["nav"].as_str().unwrap_or_default().contains(honjo),
            "{honjo}"
        );
    }
}
