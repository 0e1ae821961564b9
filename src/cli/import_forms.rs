//! `shinchoku import-forms`.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::{Error, Result};
use crate::services::forms::{self, ImportOptions, Resolutions};
use crate::services::returns::{self, Returned};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// 共同の行で、ほかの課の記入と違うときはこの様式の記入で置き換える (a shared row's text from these workbooks replaces another department's)
    #[arg(long)]
    replace_shared: bool,
    /// 取り込まずに、変わる欄と問題だけを表示する (show what would change; write nothing)
    #[arg(long)]
    dry_run: bool,
    /// 取り込むExcelファイル (workbooks)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<()> {
    let options = ImportOptions {
        replace_shared: args.replace_shared,
        dry_run: args.dry_run,
    };
    let inputs = args.common.inputs()?;
    let attempts = forms::attempts(&inputs, &args.files, options, &Resolutions::new())?;
    if !args.dry_run {
        let names: Vec<String> = args.files.iter().map(|f| file_name(f)).collect();
        let returned: Vec<Returned> = attempts
            .iter()
            .zip(&names)
            .map(|(attempt, name)| Returned {
                name,
                attempt,
                batch: None,
            })
            .collect();
        returns::record(&inputs, &returned)?;
    }
    let mut failed = 0;
    for a in attempts {
        match a.into_result() {
            Ok(i) => {
                let done = if args.dry_run {
                    "（取り込んでいません）"
                } else {
                    ""
                };
                say(&format!(
                    "{}: 変更 {} 件 → {}{done}",
                    i.department,
                    i.changes.len(),
                    i.results_file.display()
                ));
                for c in &i.changes {
                    say(&format!("  {c}"));
                }
                for n in &i.notes {
                    say(&format!("  ※ {n}"));
                }
            }
            Err(e) => {
                failed += 1;
                super::out::error(&e);
            }
        }
    }
    if failed > 0 {
        return Err(Error::Refused(failed));
    }
    Ok(())
}

/// The name a workbook was given as (the record keeps no folder).
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
