//! zhibiao (指标): scoring rule-of-law government (法治政府建设) indicator systems.
//!
//! The domain in the middle — the indicator tree, score entries, merging, the rules and the engine
//! that aggregates and converts, ranking — and the readers and writers of files at the edges.

pub mod departments;
pub mod engine;
pub mod grid;
pub mod header;
pub mod inputs;
pub mod location;
pub mod names;
pub mod merge;
pub mod number;
pub mod output;
pub mod pipeline;
pub mod problem;
pub mod rank;
pub mod report;
pub mod result_book;
pub mod rules;
pub mod scheme;
pub mod scores;
pub mod status;
pub mod template;
pub mod text;
pub mod tree;
pub mod verdict;
