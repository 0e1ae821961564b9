//! `words.yaml`: the document's fixed words (文書の決まった文言), the ones
//! that are not the plan's content: what its levels are called and how they
//! are numbered, column labels, titles, how years are written, which boxes
//! appear. Every key is optional; what is left out (or the whole file)
//! is the wording of Honjo's plan, the shipped default.
//!
//! Labels may name the plan's levels and the year: `{strategy}`,
//! `{measure}`, `{initiative}` and `{year}` (see [`PLACEHOLDERS`]). A line
//! break in a label is where the PDF's heading breaks; elsewhere (Excel,
//! HTML, messages) the label is one line.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use super::Text;
use super::era::YearStyle;
use super::fields::Field;
use super::numbering::NumberStyle;

/// The names labels may use, each in braces.
pub const PLACEHOLDERS: [&str; 4] = ["strategy", "measure", "initiative", "year"];

/// The indicator columns a plan may show, with what each holds.
pub const INDICATOR_COLUMNS: [(&str, &str); 3] = [
    ("current", "現状値"),
    ("actual", "その年度の実績値"),
    ("target", "目標値"),
];

fn t(s: &str) -> Text {
    Text::new(s.to_string(), Location::UNKNOWN, Location::UNKNOWN)
}

fn yes() -> Spanned<bool> {
    Spanned::new(true, Location::UNKNOWN, Location::UNKNOWN)
}

fn no() -> Spanned<bool> {
    Spanned::new(false, Location::UNKNOWN, Location::UNKNOWN)
}

/// Defines a section of words.yaml: its keys, each with its default.
macro_rules! section {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident: $ty:ty = $default:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $($field: $default,)* }
            }
        }

        impl Visit for $name {
            fn visit<'a>(&'a self, key: &str, out: &mut Vec<(String, &'a Text)>) {
                $(
                    let k = if key.is_empty() {
                        stringify!($field).to_string()
                    } else {
                        format!("{key}.{}", stringify!($field))
                    };
                    self.$field.visit(&k, out);
                )*
            }
        }
    };
}

section!(
    /// `data/words.yaml`.
    Words {
        levels: Levels = Levels::default(),
        numbering: Numbering = Numbering::default(),
        years: Years = Years::default(),
        index: Index = Index::default(),
        summary: Summary = Summary::default(),
        intro: Intro = Intro::default(),
        indicators: Indicators = Indicators::default(),
        sdgs: Sdgs = Sdgs::default(),
        sheet: Sheet = Sheet::default(),
        columns: Columns = Columns::default(),
        marks: Marks = Marks::default(),
        document: Document = Document::default(),
        trend: Trend = Trend::default(),
        committee: Committee = Committee::default(),
        department_names: DepartmentNames = DepartmentNames::default(),
    }
);

section!(
    /// What the plan's three levels are called.
    Levels {
        strategy: Text = t("基本戦略"),
        measure: Text = t("施策細目"),
        initiative: Text = t("取組"),
    }
);

section!(
    /// Each level's numbering, by example.
    Numbering {
        strategy: Text = t("１"),
        measure: Text = t("（１）"),
        initiative: Text = t("①"),
    }
);

section!(
    Years {
        /// wareki, wareki-western or western ([`YearStyle`]).
        style: Text = t("wareki"),
        /// Whether （令和N年度） follows the sheet title.
        sheet_title: Spanned<bool> = yes(),
    }
);

section!(
    /// The 担当部署等一覧表.
    Index {
        title: Text = t("担当部署等一覧表"),
        strategy: Text = t("{strategy}"),
        measure: Text = t("{measure}"),
        initiative: Text = t("{initiative}名称"),
        departments: Text = t("担当部署等"),
        page: Text = t("頁"),
    }
);

section!(
    /// The 自己評価 summary page.
    Summary {
        title: Text = t("自己評価の集計"),
        category: Text = t("区分"),
        /// No grade yet (and grades marked `unrated`).
        unrated: Text = t("未評価"),
        total: Text = t("計"),
    }
);

section!(
    /// The headers of the grade table in the web version.
    Intro {
        grade: Text = t("評価"),
        meaning: Text = t("意味"),
    }
);

section!(
    /// The 成果指標 table of a strategy page.
    Indicators {
        heading: Text = t("成果指標の設定"),
        name: Text = t("指　標"),
        /// Which value columns, in order ([`INDICATOR_COLUMNS`]).
        columns: Vec<Text> = vec![t("current"), t("target")],
        current: Text = t("現状値\n（{year}）"),
        actual: Text = t("実績値\n（{year}）"),
        target: Text = t("目標値\n（{year}）"),
    }
);

section!(
    /// The SDG goals' box of a strategy page.
    Sdgs {
        show: Spanned<bool> = yes(),
        heading: Text = t("関連するSDGｓの目標"),
    }
);

section!(
    /// The labels of a sheet outside its table.
    Sheet {
        measure: Text = t("{measure}"),
        name: Text = t("{initiative}名称"),
        overview: Text = t("概　要"),
        note: Text = t("＜備考＞"),
        continued: Text = t("（続き）"),
    }
);

section!(
    /// The sheet table's column headers.
    Columns {
        departments: Text = t("担当部署等"),
        policy: Text = t("{year}の\n取組方針"),
        /// Over the result columns (actions, results, grade).
        group: Text = t("{year}実施結果"),
        actions: Text = t("具体的な取組\n内容"),
        results: Text = t("成　果"),
        grade: Text = t("自己\n評価"),
        next_policy: Text = t("今後の方針"),
    }
);

section!(
    /// The plan's years side by side (build --trend): pages after the
    /// index, off unless `show` is true.
    Trend {
        /// Whether the report carries the trend pages.
        show: Spanned<bool> = no(),
        /// Each row's grade in every year, one table per strategy.
        title: Text = t("{initiative}ごとの自己評価の推移"),
        /// Counts per grade and year, and the rows to look at.
        period: Text = t("計画期間の自己評価の推移"),
        /// 現状値, each year's 実績値, 目標値 and 達成率.
        indicators: Text = t("成果指標の推移"),
        /// The year column's header of the period table.
        year: Text = t("年度"),
        /// A year in which the row did not exist.
        absent: Text = t("－"),
        /// Rows graded lower than the year before.
        fell: Text = t("前の年度より評価が下がった{initiative}"),
        /// Rows at the lowest grade in the last two years.
        lowest: Text = t("2年続けて最も低い評価の{initiative}"),
        /// When such a list is empty.
        none: Text = t("なし"),
        /// The computed rate's column.
        rate: Text = t("達成率"),
        /// Before the values read out for a chart.
        chart: Text = t("グラフ"),
        /// Whether each sheet shows its rows' grades of every year so far.
        sheets: Spanned<bool> = no(),
        /// Before those grades on a sheet.
        history: Text = t("＜自己評価の推移＞"),
    }
);

section!(
    /// The 地域福祉検討会議's assessment (committee/<year>.yaml): on the
    /// sheets when `sheets` is true (build --committee), and its own
    /// documents (build --committee-digest, --opinions).
    Committee {
        sheets: Spanned<bool> = no(),
        /// Under a sheet's table, before the committee's grade.
        heading: Text = t("＜地域福祉検討会議の査定＞"),
        grade: Text = t("査定"),
        opinion: Text = t("意見"),
        answer: Text = t("市の考え方"),
        /// An opinion the city has not answered yet.
        unanswered: Text = t("未回答"),
        /// An initiative the committee has not graded.
        ungraded: Text = t("査定なし"),
        /// The digest for the meeting.
        digest: Text = t("自己評価と査定の一覧"),
        /// Its column of self grades.
        self_grades: Text = t("自己評価"),
        /// Marks an initiative whose grades differ.
        differ: Text = t("差異"),
        differ_mark: Text = t("●"),
        /// The digest's counts.
        count: Text = t("{initiative}数"),
        assessed: Text = t("査定済み"),
        /// The opinions with the city's answers.
        opinions: Text = t("主な意見と市の考え方"),
        /// Before the page of the sheet an opinion is about.
        page: Text = t("頁"),
        /// The summary page's second table.
        summary: Text = t("検討会議の査定の集計"),
    }
);

section!(
    /// Where a department name too long for its cell (担当部署等) may break:
    /// after these words (教育委員会／事務局／教育総務課). See `view::words`.
    DepartmentNames {
        break_after: Vec<Text> = ["委員会", "事務局", "協議会", "本部", "部", "局"].map(t).to_vec(),
    }
);

section!(Marks {
    /// Before every page title.
    title: Text = t("■"),
    /// After a re-listed initiative.
    relist: Text = t("【再掲】"),
});

section!(
    /// The PDF's metadata (and the web version's).
    Document {
        /// After 「計画名の」, before （年度）.
        subject: Text = t("{initiative}ごとの担当部署等・取組方針・実施結果・自己評価"),
        /// Between the plan's name and the year.
        keywords: Vec<Text> = vec![t("進捗管理シート"), t("担当部署等一覧表")],
    }
);

impl Columns {
    /// A result column's header.
    pub fn result(&self, f: Field) -> &Text {
        match f {
            Field::Actions => &self.actions,
            Field::Results => &self.results,
            Field::Grade => &self.grade,
            Field::NextPolicy => &self.next_policy,
        }
    }
}

impl Indicators {
    /// A value column's header by its key.
    pub fn column(&self, key: &str) -> Option<&Text> {
        match key.trim() {
            "current" => Some(&self.current),
            "actual" => Some(&self.actual),
            "target" => Some(&self.target),
            _ => None,
        }
    }

    /// The value columns shown, as keys (unknown ones left out).
    pub fn shown(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.columns {
            let k = c.value.trim();
            if self.column(k).is_some() && !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }
}

impl Words {
    /// A label with the level names and `year` put in.
    pub fn fill(&self, label: &str, year: &str) -> String {
        let mut s = label.to_string();
        for (key, value) in [
            ("strategy", &self.levels.strategy.value),
            ("measure", &self.levels.measure.value),
            ("initiative", &self.levels.initiative.value),
            ("year", &year.to_string()),
        ] {
            s = s.replace(&format!("{{{key}}}"), value.trim());
        }
        s
    }

    /// A label as one line (Excel, messages): line breaks and the spacing
    /// full-width spaces of a printed heading (成　果) taken out.
    pub fn plain(&self, label: &str, year: &str) -> String {
        self.fill(label, year).replace(['\n', '　'], "")
    }

    /// A label without its year, for messages and lists of changes:
    /// 「{year}の\n取組方針」 → 取組方針.
    pub fn name(&self, label: &str) -> String {
        let mut s = label.to_string();
        for pattern in ["（{year}）", "({year})", "{year}の", "{year}"] {
            s = s.replace(pattern, "");
        }
        self.plain(&s, "")
    }

    /// The words after which a long department name may break.
    pub fn break_after(&self) -> Vec<&str> {
        let words = &self.department_names.break_after;
        words.iter().map(|w| w.value.trim()).collect()
    }

    /// departments.yaml in messages: 担当部署等の一覧.
    pub fn departments_list(&self) -> String {
        format!("{}の一覧", self.name(&self.columns.departments.value))
    }

    /// The name of a result column in messages: 成果, 自己評価.
    pub fn field(&self, f: Field) -> String {
        self.name(&self.columns.result(f).value)
    }

    /// The numbering of each level (the default where a style is not valid;
    /// validation reports it).
    pub fn styles(&self) -> [NumberStyle; 3] {
        let n = &self.numbering;
        let defaults = Numbering::default();
        [
            (&n.strategy, &defaults.strategy),
            (&n.measure, &defaults.measure),
            (&n.initiative, &defaults.initiative),
        ]
        .map(|(s, d)| {
            NumberStyle::parse(&s.value)
                .or_else(|| NumberStyle::parse(&d.value))
                .expect("the default styles are valid")
        })
    }

    pub fn year_style(&self) -> YearStyle {
        YearStyle::parse(&self.years.style.value).unwrap_or_default()
    }

    /// An item in the document's words, for messages: 基本戦略1（２）③. The
    /// strategy's number is half-width, as staff type it.
    pub fn item(&self, strategy: u32, measure: Option<u32>, initiative: Option<u32>) -> String {
        let [s, m, i] = self.styles();
        let number: String = s
            .format(strategy)
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        let mut out = format!("{}{number}", self.levels.strategy.value.trim());
        out.extend(measure.map(|n| m.format(n)));
        out.extend(initiative.map(|n| i.format(n)));
        out
    }

    /// Every text of the file with its key (`columns.policy`), for
    /// validation.
    pub fn texts(&self) -> Vec<(String, &Text)> {
        let mut out = Vec::new();
        self.visit("", &mut out);
        out
    }
}

/// Walks the texts of words.yaml, naming each by its keys.
trait Visit {
    fn visit<'a>(&'a self, key: &str, out: &mut Vec<(String, &'a Text)>);
}

impl Visit for Text {
    fn visit<'a>(&'a self, key: &str, out: &mut Vec<(String, &'a Text)>) {
        out.push((key.to_string(), self));
    }
}

impl Visit for Vec<Text> {
    fn visit<'a>(&'a self, key: &str, out: &mut Vec<(String, &'a Text)>) {
        self.iter().for_each(|t| t.visit(key, out));
    }
}

impl Visit for Spanned<bool> {
    fn visit<'a>(&'a self, _: &str, _: &mut Vec<(String, &'a Text)>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_original_wording() {
        let w = Words::default();
        assert_eq!(
            w.fill(&w.columns.policy.value, "令和６年度"),
            "令和６年度の\n取組方針"
        );
        assert_eq!(
            w.plain(&w.columns.policy.value, "令和６年度"),
            "令和６年度の取組方針"
        );
        assert_eq!(w.name(&w.columns.policy.value), "取組方針");
        assert_eq!(w.name(&w.columns.group.value), "実施結果");
        assert_eq!(w.field(Field::Results), "成果");
        assert_eq!(w.field(Field::Actions), "具体的な取組内容");
        assert_eq!(w.fill(&w.index.initiative.value, ""), "取組名称");
        assert_eq!(w.item(1, Some(2), Some(3)), "基本戦略1（２）③");
        assert_eq!(w.item(12, None, None), "基本戦略12");
        for f in Field::ALL {
            assert_eq!(w.field(f), f.heading());
        }
    }

    #[test]
    fn another_plans_words() {
        let w: Words = serde_saphyr::from_str(
            "levels: {strategy: 基本目標, measure: 施策}\nnumbering: {strategy: Ⅰ, measure: \"(1)\", initiative: ア}\n",
        )
        .unwrap();
        assert_eq!(w.item(2, Some(1), Some(3)), "基本目標Ⅱ(1)ウ");
        assert_eq!(w.fill(&w.index.initiative.value, ""), "取組名称");
        assert_eq!(w.fill(&w.sheet.measure.value, ""), "施策");
    }
}
