//! zhibiao (指标): scoring rule-of-law government (法治政府建设) indicator systems.
//!
//! One run is one call, [`pipeline::run`]: a specification in (every input as a name and its bytes,
//! the options the office chose), an outcome out. The layers, each a folder (see ARCHITECTURE.md):
//!
//! - [`model`]: the domain — the indicator tree, rules, locations, problems, exact numbers. It reads
//!   and writes nothing.
//! - [`read`]: the readers that build the model from spreadsheets and schemes.
//! - [`score`]: merging, scoring, ranking, explaining.
//! - [`write`]: the writers that render an outcome (table, json, csv, the result workbook, templates).
//! - [`disk`]: the file system, used by the command line only (the browser page hands over bytes).
//! - [`text`]: every sentence a user reads, 中文 and English; it imports nothing from the crate.
//!
//! The modules are re-exported at the root, so that paths stay short: `zhibiao::tree`, `zhibiao::engine`.

pub mod disk;
pub mod model;
pub mod options;
pub mod pipeline;
pub mod read;
pub mod score;
pub mod text;
pub mod write;

pub use disk::{inputs, output};
pub use model::{location, number, order, problem, quant, rules, tree};
pub use read::{grid, header, metadata, previous, scheme, scores, vocabulary};
pub use score::{departments, diff, disputed, engine, merge, rank, rounds, sensitivity, status, verdict};
pub use write::{export, names, report, result_book, stability, template};
