//! Who may use the server, checked on every request before any handler:
//!
//! - Loopback (the default): only requests naming this computer in their
//!   `Host` (a web page elsewhere cannot reach the server by pointing its
//!   own name at 127.0.0.1).
//! - `--listen` elsewhere: a random token, printed at start, in the address
//!   opened first; it is then kept in a cookie. Compared in constant time,
//!   never logged.
//! - Anything that changes state is a POST, and a POST must come from the
//!   server's own pages (its `Origin` is the server).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::{Error, Result};

const COOKIE: &str = "shinchoku_token";

/// 32 random bytes as hex.
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Serve(format!("乱数を得られません: {e}")))?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a request must show.
#[derive(Clone)]
pub struct Access {
    /// `Host` values allowed (loopback only); `None`: any, as a token is asked.
    hosts: Option<Vec<String>>,
    token: Option<String>,
}

impl Access {
    pub fn new(addr: SocketAddr, token: Option<String>) -> Arc<Self> {
        let port = addr.port();
        let hosts = token.is_none().then(|| {
            ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .map(|h| format!("{h}:{port}"))
                .chain([addr.to_string()])
                .collect()
        });
        Arc::new(Self { hosts, token })
    }

    fn host_allowed(&self, host: &str) -> bool {
        self.hosts
            .as_ref()
            .is_none_or(|hosts| hosts.iter().any(|h| h.eq_ignore_ascii_case(host)))
    }
}

/// The check itself (an axum middleware).
pub async fn check(State(access): State<Arc<Access>>, req: Request, next: Next) -> Response {
    let host = header_str(req.headers(), header::HOST).unwrap_or_default();
    if !access.host_allowed(&host) {
        return refuse(
            StatusCode::FORBIDDEN,
            "このアドレスでは開けません (unknown host)",
        );
    }
    if let Some(token) = &access.token {
        if let Some(given) = query_token(req.uri().query()) {
            return enter(&req, token, &given);
        }
        let cookie = cookie_token(req.headers());
        if !cookie.is_some_and(|c| same(c.as_bytes(), token.as_bytes())) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "起動したときに表示されたアドレス（token= 付き）を開いてください (token required)",
            );
        }
    }
    if req.method() == Method::POST && !same_origin(req.headers(), &host) {
        return refuse(
            StatusCode::FORBIDDEN,
            "ほかのページからの送信は受け付けません (cross-origin request refused)",
        );
    }
    let mut response = next.run(req).await;
    protect(response.headers_mut());
    response
}

/// The first visit with the token: keep it in a cookie and drop it from
/// the address (so it does not stay in the history or the page's links).
fn enter(req: &Request, token: &str, given: &str) -> Response {
    if !same(given.as_bytes(), token.as_bytes()) {
        return refuse(StatusCode::UNAUTHORIZED, "トークンが違います (wrong token)");
    }
    let path = req.uri().path();
    let mut response = Redirect::to(if path.starts_with('/') { path } else { "/" }).into_response();
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    protect(response.headers_mut());
    response
}

/// Equal bytes, compared without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_string)
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .map(str::to_string)
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            kv.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        })
}

/// A POST from the server's own pages: its Origin names this server, or
/// (where a browser sends no Origin, or "null" as under a strict referrer
/// policy) its `Sec-Fetch-Site`, which pages cannot set, says same-origin.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let fetch_site = || {
        header_str(headers, header::HeaderName::from_static("sec-fetch-site"))
            .is_some_and(|s| s == "same-origin")
    };
    match header_str(headers, header::ORIGIN) {
        Some(origin) if origin != "null" => origin.eq_ignore_ascii_case(&format!("http://{host}")),
        _ => fetch_site(),
    }
}

/// Headers on every answer: our own scripts and styles only, no framing,
/// no address sent elsewhere.
fn protect(headers: &mut HeaderMap) {
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "same-origin");
    set(headers, "x-frame-options", "DENY");
}

fn refuse(status: StatusCode, message: &'static str) -> Response {
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response();
    protect(r.headers_mut());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_cookies() {
        let t = new_token().unwrap();
        assert_eq!(t.len(), 64);
        assert_ne!(t, new_token().unwrap());
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert_eq!(query_token(Some("a=1&token=xyz")), Some("xyz".into()));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; shinchoku_token=q1"),
        );
        assert_eq!(cookie_token(&h), Some("q1".into()));
    }

    #[test]
    fn posts_need_this_origin() {
        let mut h = HeaderMap::new();
        assert!(!same_origin(&h, "127.0.0.1:3000"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:3000"),
        );
        assert!(same_origin(&h, "127.0.0.1:3000"));
        assert!(!same_origin(&h, "127.0.0.1:3001"));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&h, "127.0.0.1:3000"));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h, "127.0.0.1:3000"));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&h, "127.0.0.1:3000"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h, "127.0.0.1:3000"), "a real Origin decides");
    }
}
