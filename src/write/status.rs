//! The status report (报送情况) as people read it: the table, then who to chase and what was wrong in
//! the files.

use crate::problem::Problem;
use crate::status::Status;
use crate::text;

/// The report people read: the table, then who to chase and what was wrong in the files.
pub fn table(status: &Status, problems: &[Problem]) -> String {
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(text::status_headers());
    for r in &status.returns {
        let mut chase = Vec::new();
        if !r.blank.is_empty() {
            chase.push(text::blank_codes(brief(&r.blank)));
        }
        if !r.missing.is_empty() {
            chase.push(text::missing_codes(brief(&r.missing)));
        }
        builder.push_record([
            r.department.clone().unwrap_or_else(text::no_department),
            r.unit.clone(),
            r.expected.to_string(),
            r.scored.to_string(),
            r.not_applicable.to_string(),
            r.blank.len().to_string(),
            r.missing.len().to_string(),
            chase.join(";"),
        ]);
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{table}\n");
    let incomplete = status.returns.iter().filter(|r| !r.is_complete()).count();
    if status.complete && problems.is_empty() {
        out.push_str(&format!("{}\n", text::status_complete()));
    }
    if incomplete > 0 {
        out.push_str(&format!("{}\n", text::status_incomplete(incomplete)));
    }
    if !status.silent_departments.is_empty() {
        let names = text::list(&status.silent_departments);
        out.push_str(&format!("{}\n", text::silent_departments(status.silent_departments.len(), names)));
    }
    if !status.silent_units.is_empty() {
        out.push_str(&format!("{}\n", text::silent_units(status.silent_units.len(), text::list(&status.silent_units))));
    }
    if !problems.is_empty() {
        out.push_str(&format!("{}\n", text::status_problems(problems.len())));
        for p in problems {
            out.push_str(&format!("  {p}\n"));
        }
    }
    out
}

/// At most a few codes, so that the table stays readable; json has them all.
fn brief(codes: &[String]) -> String {
    const SHOWN: usize = 6;
    if codes.len() <= SHOWN {
        return codes.join(", ");
    }
    text::codes_and_more(codes[..SHOWN].join(", "), codes.len())
}
