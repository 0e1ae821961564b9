//! Results files are written by a YAML serialiser: any text a department
//! types reads back exactly (10,000 random strings, and the awkward ones).

use proptest::prelude::*;
use shinchoku::io::yaml::results_file;
use shinchoku::model::{Results, ResultsFile, RowKey};

/// Characters departments type, and those that mean something to YAML.
fn any_text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        3 => proptest::sample::select(":#'\"-?|>!&*%@`{}[],\\\t\r\n ".chars().collect::<Vec<_>>()),
        2 => proptest::char::range('ぁ', 'ゖ'),
        2 => proptest::char::range('一', '龠'),
        1 => proptest::char::range('！', '～'),
        1 => Just('　'),
        1 => any::<char>().prop_filter("YAML can hold it", |c| {
            !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
        }),
    ]
}

fn round_trip(values: &[String]) -> Vec<Results<Option<String>>> {
    let rows: Vec<(RowKey, Results<Option<String>>)> = values
        .chunks(4)
        .enumerate()
        .map(|(i, c)| {
            let key = RowKey::from_text(&format!("1-1-{}:地域福祉課", i + 1));
            let get = |k: usize| c.get(k).cloned();
            (
                key,
                Results {
                    actions: get(0),
                    results: get(1),
                    grade: get(2),
                    next_policy: get(3),
                },
            )
        })
        .collect();
    let text = results_file("地域福祉課", 2024, &rows);
    let file: ResultsFile = shinchoku::load::parse(std::path::Path::new("r.yaml"), &text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(file.department.value, "地域福祉課");
    assert_eq!(file.rows.len(), rows.len());
    file.rows
        .iter()
        .map(|r| r.results.map(|_, t| t.as_ref().map(|t| t.value.clone())))
        .collect()
}

fn expected(values: &[String]) -> Vec<Results<Option<String>>> {
    values
        .chunks(4)
        .map(|c| {
            let get = |k: usize| c.get(k).cloned();
            Results {
                actions: get(0),
                results: get(1),
                grade: get(2),
                next_policy: get(3),
            }
        })
        .collect()
}

#[test]
fn awkward_texts_read_back_exactly() {
    let values: Vec<String> = [
        "内訳:",
        "内訳: 10件",
        "# 見出し",
        "a # b",
        "'引用'",
        "\"二重\"",
        "  先頭の空白",
        "末尾の空白  ",
        "一行目\r\n二行目",
        "CRだけ\r",
        "タブ\tの後",
        "yes",
        "no",
        "null",
        "~",
        "1e3",
        "0x1F",
        "- x",
        "? y",
        "| z",
        "> w",
        "!tag",
        "&anchor",
        "*alias",
        "%directive",
        "@",
        "`",
        "[a, b]",
        "{a: b}",
        "",
        " ",
        "\n",
        "\n先頭の改行",
        "末尾の改行\n",
        "空行\n\n挟む",
        "---",
        "...",
        "\u{3000}全角空白",
        "12.5%",
        "1,234",
        "2025/6/1",
        "true",
        "FALSE",
        "0.1",
        "-0",
        ".inf",
        ".nan",
        "=SUM(A1)",
        "\\",
        "\\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(round_trip(&values), expected(&values));
}

proptest! {
    // 100 files × 100 strings = 10,000 strings.
    #![proptest_config(ProptestConfig { cases: 100, .. ProptestConfig::default() })]

    #[test]
    fn random_texts_read_back_exactly(
        strings in proptest::collection::vec(proptest::collection::vec(any_text_char(), 0..30), 100)
    ) {
        let values: Vec<String> = strings.into_iter().map(|cs| cs.into_iter().collect()).collect();
        prop_assert_eq!(round_trip(&values), expected(&values));
    }
}
