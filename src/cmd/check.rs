use std::io::Write;

use anyhow::Result;

use crate::cli::CheckArgs;
use std::collections::BTreeMap;

use zhibiao::quant::RuleSource;
use zhibiao::read::quant;
use zhibiao::{report, text};

pub fn run(args: CheckArgs) -> Result<()> {
    let tree = super::load_tree(&args.tree, &args.options)?;
    let mut out = std::io::stdout().lock();
    for line in report::check_lines(&tree) {
        writeln!(out, "{line}")?;
    }
    // The 定量规则 the 评分标准 state, each with its words; those that look like one and are not, warned.
    let mut rules = BTreeMap::new();
    super::print_warnings(&quant::rules_of_standards(&tree, &mut rules));
    for (code, rule) in &rules {
        if let RuleSource::Text { text: words, at } = &rule.source {
            writeln!(out, "{}", text::quant_read(code, rule.describe(), at, words))?;
        }
    }
    Ok(())
}
