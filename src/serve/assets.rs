//! The pages' templates, style and script, built into the executable (no
//! JavaScript build step: one small plain script).

use axum::http::header;
use axum::response::IntoResponse;

/// Template names end in `.html`, so minijinja escapes every value for HTML.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("assets/base.html")),
    ("banner.html", include_str!("assets/banner.html")),
    ("report.html", include_str!("assets/report.html")),
    ("nav.html", include_str!("assets/nav.html")),
    ("check.html", include_str!("assets/check.html")),
    ("status.html", include_str!("assets/status.html")),
    ("import.html", include_str!("assets/import.html")),
    ("downloads.html", include_str!("assets/downloads.html")),
    ("message.html", include_str!("assets/message.html")),
    ("build.html", include_str!("assets/build.html")),
    ("years.html", include_str!("assets/years.html")),
];

pub const SCRIPT: &str = include_str!("assets/app.js");
pub const STYLE: &str = include_str!("assets/style.css");

pub fn templates() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("built-in templates are valid");
    }
    env
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
}

pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLE,
    )
}
