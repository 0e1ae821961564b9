//! `shinchoku import-forms`.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::{Error, Result};
use crate::services::forms::{self, ImportOptions};

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
    let mut failed = 0;
    for r in forms::import(&args.common.inputs()?, &args.files, options)? {
        match r {
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
