//! The integration tests: one binary (the xsv layout), one module per area, shared support.

mod support;

mod cli;
mod codes;
mod diff;
mod documents;
mod limits;
mod messages;
mod penalty;
mod performance;
mod printed_book;
mod properties;
mod published_scores;
mod published_trees;
mod quant;
mod result_book;
mod robustness;
mod rounds;
mod samples;
mod scheme;
#[cfg(feature = "serve")]
mod serve;
mod stability;
mod trees;
mod wide;
mod workflow;
