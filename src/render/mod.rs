//! Data → Typst markup through the minijinja templates in `layouts/`.
//!
//! Data never becomes markup: every `{{ value }}` goes through
//! [`typst_literal`], which writes a Typst *literal* (a string literal for
//! text, arrays and dictionaries for lists and records). Typst then shows the
//! strings as plain text, so `#read(..)`, `*x*` or `$` print as typed.

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

pub mod layouts;

use crate::error::{Error, Result};
use crate::view::View;
pub use layouts::Layouts;

/// The template that produces the whole document.
pub const MAIN_TEMPLATE: &str = "report.j2";

/// A template environment reading from `layouts/`.
pub fn environment(layouts: &Layouts) -> Environment<'static> {
    let mut env = base_environment(layouts);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("valid syntax"),
    );
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst".into()));
    env.set_formatter(|out, _state, value| {
        let mut s = String::new();
        typst_literal(&mut s, value)?;
        out.write_str(&s).map_err(minijinja::Error::from)
    });
    env
}

/// Templates from `layouts/` only; an undefined value is an error.
fn base_environment(layouts: &Layouts) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let layouts = layouts.clone();
    env.set_loader(move |name| match layouts.read(name) {
        Ok(bytes) => Ok(String::from_utf8(bytes).ok()),
        Err(_) => Ok(None),
    });
    env
}

/// The template of the web version.
pub const HTML_TEMPLATE: &str = "report.html.j2";

/// A template environment for the HTML version: values are HTML-escaped.
pub fn html_environment(layouts: &Layouts) -> Environment<'static> {
    let mut env = base_environment(layouts);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env
}

/// Render the web version.
pub fn render_html(env: &Environment<'_>, view: &View) -> Result<String> {
    let tmpl = env.get_template(HTML_TEMPLATE).map_err(template_error)?;
    tmpl.render(Value::from(minijinja::value::Serde(view)))
        .map_err(template_error)
}

/// Render the document's Typst markup.
pub fn render(env: &Environment<'_>, view: &View) -> Result<String> {
    let tmpl = env.get_template(MAIN_TEMPLATE).map_err(template_error)?;
    tmpl.render(Value::from(minijinja::value::Serde(view)))
        .map_err(template_error)
}

fn template_error(e: minijinja::Error) -> Error {
    let mut message = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    if e.detail().is_some() {
        message = format!("{} ({})", message, e.kind());
    }
    Error::Template {
        file: format!("layouts/{}", e.name().unwrap_or(MAIN_TEMPLATE)),
        line: e.line().unwrap_or(0),
        message,
    }
}

/// Escape a text as a Typst string literal: the one way data enters markup.
pub fn string_literal(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Write a template value as a Typst literal. `none` and undefined values are
/// errors: a template must leave out what is absent, not print "none".
pub fn typst_literal(out: &mut String, v: &Value) -> std::result::Result<(), minijinja::Error> {
    let err = |msg: String| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, msg);
    match v.kind() {
        ValueKind::String => string_literal(out, v.as_str().unwrap_or_default()),
        ValueKind::Number => out.push_str(&v.to_string()),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for item in v.try_iter()? {
                typst_literal(out, &item)?;
                out.push(',');
            }
            out.push(')');
        }
        ValueKind::Map => {
            out.push('(');
            let mut empty = true;
            for key in v.try_iter()? {
                let item = v.get_item(&key)?;
                string_literal(out, &key.to_string());
                out.push(':');
                typst_literal(out, &item)?;
                out.push(',');
                empty = false;
            }
            if empty {
                out.push(':');
            }
            out.push(')');
        }
        ValueKind::None | ValueKind::Undefined => {
            return Err(err(
                "値がありません (none/undefined value): テンプレートでは {% if %} で省略してください"
                    .into(),
            ));
        }
        kind => return Err(err(format!("この種類の値は出力できません ({kind})"))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: Value) -> String {
        let mut s = String::new();
        typst_literal(&mut s, &v).unwrap();
        s
    }

    #[test]
    fn strings_become_escaped_literals() {
        assert_eq!(lit(Value::from("a\"b\\c\nd")), r#""a\"b\\c\nd""#);
        assert_eq!(lit(Value::from("#read(\"/x\")")), r##""#read(\"/x\")""##);
        assert_eq!(lit(Value::from("\u{7}")), r#""\u{7}""#);
    }

    #[test]
    fn collections_become_arrays_and_dicts() {
        assert_eq!(lit(Value::from(vec!["x"])), r#"("x",)"#);
        assert_eq!(lit(Value::from(Vec::<String>::new())), "()");
        let map: std::collections::BTreeMap<&str, i32> = [("a", 1)].into();
        assert_eq!(lit(Value::from(map)), r#"("a":1,)"#);
        assert_eq!(
            lit(Value::from(std::collections::BTreeMap::<String, i32>::new())),
            "(:)"
        );
    }

    #[test]
    fn none_is_an_error() {
        let mut s = String::new();
        assert!(typst_literal(&mut s, &Value::from(())).is_err());
        assert!(typst_literal(&mut s, &Value::UNDEFINED).is_err());
    }
}
