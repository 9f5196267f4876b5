//! The domain: the indicator tree (指标体系), the rules of a scoring (评分规则), where every value came
//! from, the problems found, and exact decimal numbers. It reads and writes nothing: readers build it,
//! the score layer computes on it, writers render it.

pub mod location;
pub mod number;
pub mod order;
pub mod problem;
pub mod quant;
pub mod rules;
pub mod tree;
