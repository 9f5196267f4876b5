//! The file system, at the edge: files read into inputs (folders walked), outputs written atomically
//! and never over an input. The command line uses it; the run itself never touches the disk.

pub mod inputs;
pub mod output;
