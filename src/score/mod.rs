//! Scoring: the entries of many files merged into one score per unit and item (`merge`), summed up the
//! tree and converted to the 100-point scale (`engine`), ranked (`rank`, `departments`), two rounds
//! compared (`rounds`), verdicts explained (`verdict`), returns reported (`status`) and two
//! submissions compared (`diff`).

pub mod departments;
pub mod diff;
pub mod disputed;
pub mod engine;
pub mod merge;
pub mod quant;
pub mod rank;
pub mod rounds;
pub mod sensitivity;
pub mod status;
pub mod verdict;
