//! Serving the workspace for tests and benches: in process (requests
//! answered by the router) or the real executable on a free port with a
//! small HTTP client (loopback only), and workbooks filled in as a
//! department would.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::workbook::{read_book, write_texts};

/// A served workspace, stopped when dropped: in this process (the
/// library's `Server`, requests answered by its router without a socket),
/// or the real executable in a child process (the smoke test, the browser
/// test and the benches).
pub struct Served {
    backend: Backend,
    /// http://127.0.0.1:PORT/ (with ?token=… when one is needed).
    pub url: String,
    pub host: String,
}

enum Backend {
    Process(Child),
    InProcess(Option<shinchoku::serve::Server>),
}

impl Served {
    /// Serve `data` (with the repository's layouts) in this process on a
    /// free port; `extra` may be `["--listen", ADDR]`.
    pub fn start(data: &Path, extra: &[&str]) -> Served {
        let mut inputs = shinchoku::pipeline::Inputs::new(data);
        inputs.layouts = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts"));
        let mut config = shinchoku::serve::Config::new(inputs);
        config.port = 0;
        match extra {
            [] => {}
            ["--listen", ip] => config.ip = ip.parse().unwrap(),
            other => panic!("not supported in process: {other:?}"),
        }
        let server = shinchoku::serve::Server::start(config).expect("the server starts");
        let url = server.url();
        Served {
            host: host_of(&url),
            url,
            backend: Backend::InProcess(Some(server)),
        }
    }

    /// The real executable, `shinchoku serve`, on a free port, with `extra`
    /// arguments; returns once the address is printed.
    pub fn process(data: &Path, extra: &[&str]) -> Served {
        let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .arg("serve")
            .arg("--data")
            .arg(data)
            .arg("--layouts")
            .arg(&layouts)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("shinchoku serve starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let url = loop {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("serve ended before printing its address");
            }
            if let Some(at) = line.find("http://") {
                break line[at..].trim().to_string();
            }
        };
        // Keep reading its output, so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in out.lines() {});
        Served {
            host: host_of(&url),
            url,
            backend: Backend::Process(child),
        }
    }

    /// The base address without any token: http://127.0.0.1:PORT
    pub fn base(&self) -> String {
        format!("http://{}", self.host)
    }

    pub fn get(&self, path: &str) -> Response {
        request(self, "GET", path, &[], &[])
    }

    /// Wait until `state.json` says `ready`.
    pub fn wait_for(
        &self,
        what: &str,
        ready: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let r = self.get("/state.json");
            if r.status == 200 {
                let state: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                if ready(&state) {
                    return state;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The pages of the first good build.
    pub fn pages(&self) -> serde_json::Value {
        self.wait_for("the first pages", |s| {
            s["pages"].as_array().is_some_and(|p| !p.is_empty())
        })
    }

    /// The child's process id (a process only).
    pub fn pid(&self) -> u32 {
        match &self.backend {
            Backend::Process(child) => child.id(),
            Backend::InProcess(_) => panic!("served in this process"),
        }
    }
}

fn host_of(url: &str) -> String {
    url.trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

impl Drop for Served {
    fn drop(&mut self) {
        match &mut self.backend {
            Backend::Process(child) => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Backend::InProcess(server) => {
                if let Some(s) = server.take() {
                    s.stop();
                }
            }
        }
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request to the served workspace, read to its end: through the
/// router in process, or over loopback to a child process.
pub fn request(
    served: &Served,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    match &served.backend {
        Backend::InProcess(Some(server)) => {
            in_process(server, &served.host, method, path, headers, body)
        }
        _ => over_tcp(&served.host, method, path, headers, body),
    }
}

fn in_process(
    server: &shinchoku::serve::Server,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().method(method).uri(path);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req = req.header("Host", host);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(axum::body::Body::from(body.to_vec())).unwrap();
    server.block_on(async {
        let r = server.router().oneshot(req).await.unwrap();
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        Response {
            status,
            headers,
            body: body.to_vec(),
        }
    })
}

/// One HTTP/1.1 request to `host` (loopback), read to its end.
pub fn over_tcp(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (and close) before a refused body is all sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        body.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
    body
}

/// A multipart/form-data body with files under `files` (and other fields).
pub fn multipart(files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "shinchoku-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POST from the server's own page (the Origin a browser sends).
pub fn post(served: &Served, path: &str, content_type: &str, body: &[u8]) -> Response {
    let origin = served.base();
    request(
        served,
        "POST",
        path,
        &[("Origin", &origin), ("Content-Type", content_type)],
        body,
    )
}

/// The page hashes of a state pushed to the browser, in page order.
pub fn page_hashes(state: &serde_json::Value) -> Vec<String> {
    state["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hash"].as_str().unwrap().to_string())
        .collect()
}

/// The department's workbook exported from `data` into `dir`, every row
/// filled in with `text` (and grade Ａ), saved as Excel would.
pub fn filled_workbook(data: &Path, dir: &Path, dept: &str, text: &str) -> PathBuf {
    let inputs = shinchoku::pipeline::Inputs {
        data: data.to_path_buf(),
        layouts: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts")),
        fonts: None,
    };
    let e = shinchoku::services::forms::export(&inputs, &[dept.to_string()], dir, false).unwrap();
    let path = e[0].workbook.clone();
    let mut book = read_book(&path);
    for row in book[0].1.iter_mut().skip(3).filter(|r| !r[0].is_empty()) {
        row[6] = format!("{text}の取組");
        row[7] = format!("{text}の成果");
        row[8] = "A".into();
        row[9] = format!("{text}の今後");
    }
    write_texts(&path, &book);
    path
}

/// A filled workbook with a grade the scale does not have.
pub fn bad_workbook(data: &Path, dir: &Path, dept: &str) -> PathBuf {
    let path = filled_workbook(data, dir, dept, "誤り");
    let mut book = read_book(&path);
    if let Some(row) = book[0].1.iter_mut().skip(3).find(|r| !r[0].is_empty()) {
        row[8] = "Ｄ".into();
    }
    let bad = dir.join(format!("{dept}_誤り.xlsx"));
    write_texts(&bad, &book);
    bad
}

/// Replace `from` by `to` in a data file (as an editor saves it).
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}
