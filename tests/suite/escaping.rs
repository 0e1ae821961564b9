//! Data never becomes markup: strings that mean something to Typst print
//! exactly as typed, in every kind of field.

use crate::common;

use common::*;

const ADVERSARIAL: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "*x*",
    "_y_",
    "$z$",
    "@w",
    "<v>",
    "]",
    "\\",
    "// c",
    "/* d */",
    "= h",
    "- l",
    "+ m",
    "\"q\"",
    "'s'",
    "--",
    "---",
    "...",
    "https://example.com",
    "#{1+1}",
    "{{ x }}",
    "{% if %}",
    "```raw```",
    "~",
    "\\n",
];

fn rows_yaml(policies: &[&str]) -> String {
    policies
        .iter()
        .map(|p| {
            format!(
                "          - departments: [地域福祉課]\n            policy: {}\n",
                yaml_str(p)
            )
        })
        .collect()
}

#[test]
fn adversarial_strings_print_verbatim() {
    let mut initiatives = String::new();
    for (k, s) in ADVERSARIAL.iter().enumerate() {
        // Name, overview and the policy cell each carry the string; "= h" and
        // "- l" start a line there, as they would start a markup line.
        initiatives.push_str(&format!(
            "      - number: {}\n        name: {}\n        overview: {}\n        rows:\n{}",
            k + 1,
            yaml_str(&format!("名{s}")),
            yaml_str(s),
            rows_yaml(&[s, &format!("行頭\n{s}")]),
        ));
    }
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let compiled = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let text = text_of(&compiled);
    for s in ADVERSARIAL {
        let name = format!("名{s}");
        assert!(text.contains(&name), "name {s:?} not verbatim");
        assert!(
            text.contains(&format!("行頭{s}")),
            "{s:?} after a line break not verbatim"
        );
        // At least three times: overview, policy, and the name (twice: index and sheet).
        assert!(text.matches(*s).count() >= 4, "{s:?} missing somewhere");
    }
    // Nothing was read from the file system.
    assert!(!text.contains("root:"));
}

#[test]
fn a_newline_in_data_is_a_line_break_not_markup() {
    let initiatives = initiative_yaml(
        1,
        "名前",
        "一行目\n= 二行目",
        "地域福祉課",
        "方針\n- 二行目",
    );
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let compiled = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let text = text_of(&compiled);
    assert!(text.contains("一行目= 二行目"), "{text}");
    assert!(text.contains("方針- 二行目"));
    // The generated markup holds the values only as string literals.
    let markup = &compiled.prepared.markup;
    assert!(markup.contains(r#""一行目\n= 二行目""#));
    assert!(!markup.contains("\n= 二行目"));
}
