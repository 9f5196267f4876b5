//! Readers: spreadsheets of any kind into grids of cells (`grid`, `header`), and those into the model —
//! the indicator tree (`tree`), score sheets (`scores`, `metadata` of returned templates), scoring
//! schemes (`scheme`) and last year's result workbook (`previous`). Bytes in; nothing is written.

pub mod grid;
pub mod header;
pub mod metadata;
pub mod previous;
pub mod quant;
pub mod scheme;
pub mod scores;
pub mod tree;
pub mod units;
pub mod vocabulary;
