//! The csv floor of the benchmark: the csv crate reading a long score table with `ByteRecord`s and
//! parsing each row's 得分 to a `Decimal` (不涉及 and blanks skipped), and nothing else: no tree, no
//! merge, no output. What a csv → table run cannot go below.
//!
//!     cargo run --release --example csv_floor -- scores.csv

use std::str::FromStr;

use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: csv_floor SCORES.csv")?;
    let mut reader = csv::ReaderBuilder::new().from_path(&path)?;
    let score = reader.byte_headers()?.iter().position(|h| h == "得分".as_bytes()).ok_or("no 得分 column")?;
    let (mut rows, mut sum) = (0usize, Decimal::ZERO);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        let field = std::str::from_utf8(&record[score])?.trim();
        if let Ok(points) = Decimal::from_str(field) {
            sum += points;
        }
    }
    println!("{rows} rows, {sum} points");
    Ok(())
}
