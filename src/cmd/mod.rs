//! One file per subcommand; each turns arguments into calls of the library.

mod check;
mod out;
mod explain;
mod score;
mod tree;

use std::io::Write;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, TreeOptions};
use zhibiao::problem::Problem;
use zhibiao::text;
use zhibiao::tree::IndicatorTree;

/// An error in how the tool was called rather than in the data (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Tree(args) => tree::run(args),
        Command::Score(args) => score::run(args),
        Command::Explain(args) => explain::run(args),
    }
}

fn load_tree(path: &std::path::Path, options: &TreeOptions) -> Result<IndicatorTree> {
    IndicatorTree::load(path, options.sheet.as_deref(), options.points.unwrap_or(rust_decimal::Decimal::TEN)).with_context(|| text::reading_tree(path.display()))
}

/// Warnings go to stderr, so that stdout stays clean for json and csv.
fn print_warnings(warnings: &[Problem]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{}: {w}", text::warning_prefix());
    }
}
