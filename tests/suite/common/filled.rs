//! The shipped plan with long results filled in, generated (deterministic,
//! fictional): every department row gets several sentences in 具体的な取組内容,
//! 成果 and 今後の方針, a grade, and every 15th row a 1,500-character
//! 具体的な取組内容. Each sentence starts with an id such as `[r012a03]`
//! (row 12, 具体的な取組内容, sentence 3) that no line break can split, so a
//! test can count every sentence in the laid-out document.

use super::{copy_data, yaml_str};

/// A generated data folder and the ids of its sentences, per row.
pub struct LongFilled {
    pub dir: tempfile::TempDir,
    /// For each filled row, in document order: its sentence ids.
    pub rows: Vec<Vec<String>>,
}

impl LongFilled {
    pub fn sentence_count(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// Pieces the fictional sentences are made of.
const SUBJECTS: [&str; 8] = [
    "市内の関係機関と連携し",
    "地域の民生委員・児童委員の協力を得て",
    "前年度の課題を踏まえ",
    "庁内の関係課と情報を共有しながら",
    "利用者アンケートの結果をもとに",
    "社会福祉協議会と協働して",
    "専門職による助言を受けながら",
    "窓口での聞き取りを通じて",
];
const DEEDS: [&str; 8] = [
    "架空の相談会を開催しました",
    "支援が必要な世帯を訪問しました",
    "講座の内容を見直しました",
    "周知用のチラシを作成して配布しました",
    "事例検討会を定期的に実施しました",
    "相談記録の様式を統一しました",
    "夜間・休日の相談窓口を試行しました",
    "関係者向けの研修を三回実施しました",
];
const TAILS: [&str; 9] = [
    "",
    "",
    "",
    "",
    "。参加者からは分かりやすかったとの声が多く寄せられました",
    "。今後も継続して取り組む必要があります",
    "。延べ百二十件の相談に対応し、必要な支援につなげました",
    "。一方で、若い世代への周知が十分ではありませんでした",
    "。関係機関との役割分担が明確になりました",
];

/// A deterministic pseudo-random sequence (an LCG).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn sentences(rng: &mut Rng, row: usize, field: char, n: usize, ids: &mut Vec<String>) -> String {
    let mut text = String::new();
    for k in 1..=n {
        let id = format!("[r{row:03}{field}{k:02}]");
        text.push_str(&id);
        text.push_str(SUBJECTS[rng.below(8) as usize]);
        text.push('、');
        text.push_str(DEEDS[rng.below(8) as usize]);
        text.push_str(TAILS[rng.below(9) as usize]);
        text.push('。');
        // Staff start a new line every few sentences.
        if k % 3 == 0 && k < n {
            text.push('\n');
        }
        ids.push(id);
    }
    text
}

/// The shipped data with every row's results filled in at length.
pub fn long_filled_data() -> LongFilled {
    let dir = copy_data();
    let mut rng = Rng(14);
    let mut rows = Vec::new();
    for n in 1..=3 {
        let path = dir.path().join(format!("strategies/{n}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        for line in text.lines() {
            let indent = &line[..line.len() - line.trim_start().len()];
            let filled = match line.trim() {
                r#"actions: """# => {
                    rows.push(Vec::new());
                    let row = rows.len();
                    let count = if row % 15 == 7 {
                        30
                    } else {
                        2 + rng.below(10) as usize
                    };
                    Some((
                        "actions",
                        sentences(&mut rng, row, 'a', count, rows.last_mut().unwrap()),
                    ))
                }
                r#"results: """# => {
                    let count = 1 + rng.below(6) as usize;
                    Some((
                        "results",
                        sentences(&mut rng, rows.len(), 'b', count, rows.last_mut().unwrap()),
                    ))
                }
                r#"next_policy: """# => {
                    let count = 1 + rng.below(5) as usize;
                    Some((
                        "next_policy",
                        sentences(&mut rng, rows.len(), 'c', count, rows.last_mut().unwrap()),
                    ))
                }
                r#"grade: """# => {
                    Some(("grade", ["A", "B", "C"][rng.below(3) as usize].to_string()))
                }
                _ => None,
            };
            match filled {
                Some((key, value)) => {
                    out.push_str(&format!("{indent}{key}: {}\n", yaml_str(&value)))
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        std::fs::write(&path, out).unwrap();
    }
    LongFilled { dir, rows }
}
