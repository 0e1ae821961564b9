//! `shinchoku serve` as staff use it, measured on the default data with the
//! release executable over loopback:
//!
//! - first page: from starting the process to the first page's image
//!   received (median of 5 starts);
//! - edit: from saving a one-field edit to every changed page's new image
//!   received, pushed over the event stream a browser keeps open (median
//!   and worst of 100 edits);
//! - memory: resident size every 10 edits;
//! - idle CPU: CPU time used over 30 s with nothing saved and a browser's
//!   event stream open.
//!
//! Run: `cargo bench --bench serve` (about two minutes).

#[path = "../tests/suite/common/mod.rs"]
mod common;
#[path = "../tests/suite/serve_support/mod.rs"]
mod serve_support;
use serve_support as support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use support::Served;

const STARTS: usize = 5;
/// Edits measured (`SHINCHOKU_EDITS` for a longer soak).
fn edits() -> usize {
    std::env::var("SHINCHOKU_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100)
}
const IDLE: Duration = Duration::from_secs(30);

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
    let mut starts: Vec<f64> = (0..STARTS).map(|_| first_page(&data)).collect();
    println!(
        "first page after start: median {:.2} s ({})",
        median(&mut starts),
        list(&starts)
    );

    let served = Served::process(&data, &[]);
    served.pages();
    let events = events(&served.host);
    let file = data.join("strategies/1.yaml");
    let mut marker = String::from("移行準備事業を実施");
    let mut times = Vec::new();
    let mut layouts = Vec::new();
    let mut rss = Vec::new();
    for k in 1..=edits() {
        let next = format!("移行準備事業を実施（{k}）");
        let (took, layout) = edit(&served, &events, &file, &marker, &next);
        times.push(took);
        layouts.push(layout);
        marker = next;
        if k % 10 == 0 {
            rss.push(rss_kb(served.pid()) / 1024);
        }
    }
    let worst = times.iter().cloned().fold(0.0, f64::max);
    println!(
        "one-field edit to new page image: median {:.3} s, worst {worst:.3} s ({} edits)",
        median(&mut times),
        times.len()
    );
    let rss: Vec<String> = rss.iter().map(|m| m.to_string()).collect();
    println!(
        "  of which the server's lay-out (check + Typst, world reused): median {:.3} s",
        median(&mut layouts)
    );
    println!("resident memory every 10 edits: {} MB", rss.join(", "));

    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_ticks(served.pid());
    std::thread::sleep(IDLE);
    let used = cpu_ticks(served.pid()) - before;
    println!(
        "idle CPU over {} s: {used} ticks ({:.2} s)",
        IDLE.as_secs(),
        used as f64 / ticks_per_second()
    );
}

/// Seconds from starting `serve` to the first page's image received.
fn first_page(data: &Path) -> f64 {
    let start = Instant::now();
    let served = Served::process(data, &[]);
    let state = served.pages();
    let png = served.get(&format!(
        "/page/{}.png",
        state["pages"][0]["hash"].as_str().unwrap()
    ));
    assert_eq!(png.status, 200);
    start.elapsed().as_secs_f64()
}

/// The event stream a browser keeps open: each state as it arrives.
fn events(host: &str) -> Receiver<serde_json::Value> {
    let mut s = TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET /events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(json) = line.strip_prefix("data: ")
                && tx.send(serde_json::from_str(json).unwrap()).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// Save one edit; seconds until every changed page's image is received,
/// and the lay-out time the server reports.
fn edit(
    served: &Served,
    events: &Receiver<serde_json::Value>,
    file: &Path,
    from: &str,
    to: &str,
) -> (f64, f64) {
    let old: Vec<String> = hashes(&served.get("/state.json"));
    while events.try_recv().is_ok() {}
    let start = Instant::now();
    support::edit(file, from, to);
    let state = loop {
        let s = events
            .recv_timeout(Duration::from_secs(30))
            .expect("an update");
        if s["pages"].as_array().is_some_and(|p| p.len() == old.len())
            && support::page_hashes(&s) != old
        {
            break s;
        }
    };
    for (new, old) in support::page_hashes(&state).iter().zip(&old) {
        if new != old {
            assert_eq!(served.get(&format!("/page/{new}.png")).status, 200);
        }
    }
    let build = state["build"].as_str().unwrap_or_default();
    let layout = build
        .split('・')
        .nth(1)
        .and_then(|t| t.split(' ').next()?.parse().ok())
        .unwrap_or(f64::NAN);
    (start.elapsed().as_secs_f64(), layout)
}

fn hashes(r: &support::Response) -> Vec<String> {
    support::page_hashes(&serde_json::from_slice(&r.body).unwrap())
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

/// User + system CPU time of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces), 1-based 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn ticks_per_second() -> f64 {
    100.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn list(v: &[f64]) -> String {
    v.iter()
        .map(|x| format!("{x:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}
