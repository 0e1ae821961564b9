//! Arguments shared by several commands, and how they become the library's
//! options (clap's types stay here).

use std::path::PathBuf;

use clap::ValueEnum;

use crate::model::{InitiativeId, MeasureId};
use crate::pipeline::{Format, Inputs, Options};
use crate::typeset::Standard;
use crate::view::Selection;

#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// データのフォルダ。年度ごとのフォルダ（2024/ 2025/ …）を持つ計画のフォルダなら、最新の年度 (data folder, or a plan folder of year folders)
    #[arg(long, default_value = "data", value_name = "DIR")]
    pub data: PathBuf,
    /// 計画のフォルダの中の年度（西暦。例: 2025）。省略時は最新の年度 (which year of a plan folder)
    #[arg(long, value_name = "年度")]
    pub year: Option<i32>,
    /// レイアウトのフォルダ。省略時は layouts/、無ければ内蔵のもの (layouts folder)
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
    /// 追加のフォント。BIZ UD明朝・ゴシックは内蔵 (extra fonts folder)
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
}

impl Common {
    /// The inputs, with a plan folder resolved to the year asked for (or
    /// its latest).
    pub fn inputs(&self) -> crate::error::Result<Inputs> {
        Ok(Inputs {
            data: crate::load::years::resolve(&self.data, self.year)?,
            layouts: self.layouts.clone(),
            fonts: self.fonts.clone(),
        })
    }
}

/// The arguments of `build` and `watch`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub what: What,
    /// 出力するファイル。省略時は out/report.pdf（様式は out/form.pdf、抜粋は内容を表す名前） (output file)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl BuildArgs {
    pub fn output(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| {
            // Named in the plan's words; a words.yaml that cannot be read
            // is reported by the build itself.
            let data = crate::load::years::resolve(&self.common.data, self.common.year);
            let words = data.and_then(|d| crate::load::words(&d)).map(|w| w.value);
            self.what.default_output(&words.unwrap_or_default())
        })
    }
}

/// Output formats, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PDF（既定）
    Pdf,
    /// ウェブ公開用のHTML (accessible web version)
    Html,
    /// ページごとのPNG画像（確認用） (one PNG per page, for previews)
    Png,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Html => Format::Html,
            FormatArg::Png => Format::Png,
        }
    }
}

/// PDF standards, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StandardArg {
    /// PDF/UA-1 (accessibility)
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-2a (archival, accessible)
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-2b (archival)
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b (archival)
    #[value(name = "a-3b")]
    A3b,
}

impl From<StandardArg> for Standard {
    fn from(s: StandardArg) -> Self {
        match s {
            StandardArg::Ua1 => Standard::Ua1,
            StandardArg::A2a => Standard::A2a,
            StandardArg::A2b => Standard::A2b,
            StandardArg::A3b => Standard::A3b,
        }
    }
}

/// What to print: the whole report, the blank form, or some sheets.
#[derive(Debug, Clone, clap::Args)]
pub struct What {
    /// 各課へ送る空欄の様式（実施結果の欄を空にする） (blank form: result columns empty)
    #[arg(long)]
    pub form: bool,
    /// 一覧表の後に自己評価の集計ページを入れる (add a grade summary page)
    #[arg(long)]
    pub summary: bool,
    /// 一覧表の後に年度ごとの推移（自己評価・成果指標の達成率）のページを入れる (add the trend pages: every year of the plan)
    #[arg(long)]
    pub trend: bool,
    /// 年度ごとの推移のページだけの PDF（会議資料用。既定の出力先 out/trend.pdf） (the trend pages alone)
    #[arg(long, conflicts_with = "trend")]
    pub trend_only: bool,
    /// 各シートの表の下に、行ごとの年度ごとの自己評価を載せる (each sheet shows its rows' grades of every year)
    #[arg(long)]
    pub history: bool,
    /// 各シートの表の下に地域福祉検討会議の査定・意見・市の考え方を載せる（committee/<年度>.yaml） (the committee's assessment on each sheet)
    #[arg(long)]
    pub committee: bool,
    /// 会議用の「自己評価と査定の一覧」（既定の出力先 out/committee-digest.pdf） (the committee digest)
    #[arg(long)]
    pub committee_digest: bool,
    /// 「主な意見と市の考え方」（既定の出力先 out/opinions.pdf） (opinions with the city's answers)
    #[arg(long, conflicts_with = "committee_digest")]
    pub opinions: bool,
    /// この番号の 1 段目だけ（例: 1。複数可） (only this strategy; repeatable)
    #[arg(long = "strategy", value_name = "N")]
    pub strategies: Vec<u32>,
    /// この番号の 2 段目だけ（例: 1-2。複数可） (only this measure; repeatable)
    #[arg(long = "measure", value_name = "N-N", value_parser = parse_measure)]
    pub measures: Vec<MeasureId>,
    /// この番号の 3 段目だけ（例: 1-2-1。複数可） (only this initiative; repeatable)
    #[arg(long = "initiative", value_name = "N-N-N", value_parser = parse_initiative)]
    pub initiatives: Vec<InitiativeId>,
    /// この課の行だけ（例: 障害福祉課。複数可） (only this department's rows; repeatable)
    #[arg(long = "department", value_name = "課名")]
    pub departments: Vec<String>,
    /// 出力の形式: pdf（既定）、html（ウェブ公開用）、png（ページ画像） (output format)
    #[arg(long, value_enum, default_value_t = FormatArg::Pdf, value_name = "形式")]
    pub format: FormatArg,
    /// 古いデータ（フォルダ、または git の 版:フォルダ 例 HEAD~1:data）から変わった欄に色を付ける (highlight changes since OLD)
    #[arg(long, value_name = "OLD")]
    pub mark_changes: Option<String>,
    /// PDF/UA-1（アクセシビリティ）に加えて準拠するPDF規格（PDF/A）。複数可。PDF/UA-1 は常に付きます (PDF/A levels to meet too; PDF/UA-1 is always kept)
    #[arg(long = "pdf-standard", value_enum, value_name = "規格")]
    pub standards: Vec<StandardArg>,
    /// PDF/UA-1 を外す（公表用には使わないでください） (leave out PDF/UA-1)
    #[arg(long)]
    pub no_pdf_ua: bool,
}

impl What {
    pub fn options(&self) -> Options {
        Options {
            form: self.form,
            summary: self.summary,
            trend: self.trend,
            trend_only: self.trend_only,
            history: self.history,
            committee: self.committee,
            digest: self.committee_digest,
            opinions: self.opinions,
            selection: Selection {
                strategies: self.strategies.clone(),
                measures: self.measures.clone(),
                initiatives: self.initiatives.clone(),
                departments: self.departments.clone(),
            },
            standards: self.standards.iter().map(|s| (*s).into()).collect(),
            no_ua: self.no_pdf_ua,
            format: self.format.into(),
            mark_changes: self.mark_changes.clone(),
        }
    }

    /// out/report.pdf, out/form.pdf, out/report_基本戦略1_障害福祉課.pdf …
    /// (the levels named as in `words`).
    pub fn default_output(&self, words: &crate::model::Words) -> PathBuf {
        let options = self.options();
        let mut name = String::from(match (self.form, self.trend_only) {
            (true, _) => "form",
            (_, true) => "trend",
            _ if self.committee_digest => "committee-digest",
            _ if self.opinions => "opinions",
            _ => "report",
        });
        if !options.selection.is_empty() {
            name.push('_');
            // A name typed on the command line never becomes a folder.
            let describe = options.selection.describe(words);
            name.extend(describe.chars().map(|c| {
                if "/\\:*?\"<>|".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            }));
        }
        PathBuf::from("out").join(format!("{name}.{}", options.format.extension()))
    }
}

fn parse_measure(s: &str) -> Result<MeasureId, String> {
    MeasureId::parse(s).ok_or_else(|| {
        format!("「{s}」は 1-2 のように、1 段目と 2 段目の番号を - でつないで書いてください")
    })
}

fn parse_initiative(s: &str) -> Result<InitiativeId, String> {
    InitiativeId::parse(s).ok_or_else(|| {
        format!("「{s}」は 1-2-1 のように、1〜3 段目の番号を - でつないで書いてください")
    })
}
