//! How sure the ranking is, rendered: the sensitivity of the ranks to the weights and what disputed
//! items could change, as a terminal table, json and csv; the workbook's sheet takes its rows from here.

use std::io::Write;

use serde::Serialize;

use crate::disputed::{Case, Dispute, Flip};
use crate::number::display;
use crate::pipeline::Outcome;
use crate::sensitivity::{Stability, UnitStability};
use crate::text;

/// What a stability report shows: either part may be missing.
pub struct Report<'a> {
    pub outcome: &'a Outcome,
    pub stability: Option<&'a Stability>,
    pub disputes: &'a [Dispute],
}

impl Report<'_> {
    fn stability_of(&self, unit: &str) -> Option<&UnitStability> {
        self.stability?.units.iter().find(|s| s.unit == unit)
    }

    fn dispute_of(&self, unit: &str) -> Option<&Dispute> {
        self.disputes.iter().find(|d| d.unit == unit)
    }

    fn codes(&self, items: &[usize]) -> String {
        text::list(items.iter().map(|&i| &self.outcome.tree.items[i].code))
    }

    fn case(&self, case: &Case) -> String {
        text::disputed_case(display(case.score, self.outcome.rules.decimals), case.eligible, case.grade.as_deref())
    }

    /// The fewest items that change the verdict, or why there are none.
    fn flips(&self, d: &Dispute) -> Vec<String> {
        if !d.can_flip() {
            return vec![text::disputed_cannot_flip()];
        }
        if !d.searched {
            return vec![text::disputed_not_searched(crate::disputed::MAX_SEARCH)];
        }
        let flip = |f: &Flip| (self.codes(&f.items), self.case(&f.case));
        let eligible = d.eligible_flip.as_ref().map(flip).map(|(items, case)| text::disputed_flip_eligible(items, case));
        let grade = d.grade_flip.as_ref().map(flip).map(|(items, case)| text::disputed_flip_grade(items, case));
        eligible.into_iter().chain(grade).collect()
    }

    /// The share shown with one decimal.
    fn share(&self, s: &UnitStability) -> String {
        let runs = self.stability.map_or(1, |st| st.options.runs);
        format!("{}%", display(s.eligible_share(runs), 1))
    }

    /// The headers of [`Report::rows`].
    pub fn headers(&self) -> Vec<String> {
        let mut headers = vec![text::one(text::COL_UNIT), text::one(text::COL_RANK)];
        if self.stability.is_some() {
            headers.extend([text::COL_MEDIAN_RANK, text::COL_RANK_INTERVAL, text::COL_ELIGIBLE_SHARE].map(text::one));
        }
        if !self.disputes.is_empty() {
            headers.extend([text::COL_DISPUTED, text::COL_DISPUTED_WORST, text::COL_DISPUTED_BEST, text::COL_DISPUTED_FLIP].map(text::one));
        }
        headers
    }

    /// One row a unit, in the ranking's order.
    pub fn rows(&self) -> Vec<Vec<String>> {
        let units = &self.outcome.evaluation.units;
        units
            .iter()
            .map(|u| {
                let mut row = vec![u.unit.clone(), u.rank.to_string()];
                if let Some(s) = self.stability_of(&u.unit) {
                    row.extend([s.median.to_string(), format!("{}–{}", s.low, s.high), self.share(s)]);
                }
                if !self.disputes.is_empty() {
                    match self.dispute_of(&u.unit) {
                        Some(d) => row.extend([self.codes(&d.items), self.case(&d.worst), self.case(&d.best), self.flips(d).join(";")]),
                        None => row.extend(std::iter::repeat_n(String::new(), 4)),
                    }
                }
                row
            })
            .collect()
    }

    /// The lines under the table: what was drawn, and each 一级 left out.
    pub fn notes(&self) -> Vec<String> {
        let Some(st) = self.stability else { return Vec::new() };
        if st.drawn.0 == 0 {
            return vec![text::stability_nothing_drawn()];
        }
        let o = st.options;
        let mut lines = vec![text::stability_line(o.runs, o.seed, o.spread.normalize(), st.drawn.0, st.drawn.1, st.weighted)];
        if !st.removals.is_empty() {
            lines.push(text::removal_heading());
        }
        for r in &st.removals {
            let moves = if r.moves.is_empty() {
                text::removal_none()
            } else {
                text::list(r.moves.iter().map(|m| text::removal_move(&m.unit, m.rank, m.without)))
            };
            lines.push(format!("  {}", text::removal_line(&r.code, &r.name, moves)));
        }
        lines
    }

    /// The lines `explain` adds for one unit.
    pub fn explain(&self, unit: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if let (Some(st), Some(s)) = (self.stability, self.stability_of(unit)) {
            let share = display(s.eligible_share(st.options.runs), 1);
            lines.push(text::explain_stability(s.median, s.low, s.high, share, st.options.runs, st.options.spread.normalize()));
        }
        if let Some(d) = self.dispute_of(unit) {
            lines.push(text::explain_disputed(self.codes(&d.items), self.case(&d.worst), self.case(&d.best)));
            lines.extend(self.flips(d).into_iter().map(|l| format!("  · {l}")));
        }
        lines
    }
}

/// The terminal table, with the notes under it.
pub fn table(report: &Report<'_>) -> String {
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(report.headers());
    for row in report.rows() {
        builder.push_record(row);
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{table}\n");
    for line in report.notes() {
        out.push_str(&format!("· {line}\n"));
    }
    out
}

pub fn csv(out: impl Write, report: &Report<'_>) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(report.headers())?;
    for row in report.rows() {
        w.write_record(row.iter().map(|c| crate::report::safe_csv(c)))?;
    }
    w.flush()?;
    Ok(())
}

#[derive(Serialize)]
struct JsonStability {
    runs: Option<u32>,
    seed: Option<u64>,
    spread: Option<String>,
    weighted: Option<bool>,
    units: Vec<JsonUnit>,
    removals: Vec<JsonRemoval>,
}

#[derive(Serialize)]
struct JsonUnit {
    unit: String,
    rank: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    median_rank: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rank_5: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rank_95: Option<u32>,
    /// Per cent, exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    eligible_share: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disputed: Option<JsonDispute>,
}

#[derive(Serialize)]
struct JsonDispute {
    items: Vec<String>,
    worst: JsonCase,
    best: JsonCase,
    can_flip: bool,
    searched: bool,
    eligible_flip: Option<JsonFlip>,
    grade_flip: Option<JsonFlip>,
}

#[derive(Serialize)]
struct JsonCase {
    score: String,
    exact: String,
    eligible: bool,
    grade: Option<String>,
}

#[derive(Serialize)]
struct JsonFlip {
    items: Vec<String>,
    case: JsonCase,
}

#[derive(Serialize)]
struct JsonRemoval {
    code: String,
    name: String,
    moves: Vec<JsonMove>,
}

#[derive(Serialize)]
struct JsonMove {
    unit: String,
    rank: u32,
    without: u32,
}

pub fn write_json(out: impl Write, report: &Report<'_>) -> serde_json::Result<()> {
    let tree = &report.outcome.tree;
    let decimals = report.outcome.rules.decimals;
    let codes = |items: &[usize]| items.iter().map(|&i| tree.items[i].code.clone()).collect();
    let case = |c: &Case| JsonCase {
        score: display(c.score, decimals),
        exact: c.exact.normalize().to_string(),
        eligible: c.eligible,
        grade: c.grade.clone(),
    };
    let flip = |f: &Flip| JsonFlip { items: codes(&f.items), case: case(&f.case) };
    let st = report.stability;
    let units = report
        .outcome
        .evaluation
        .units
        .iter()
        .map(|u| {
            let s = report.stability_of(&u.unit);
            let runs = st.map_or(1, |st| st.options.runs);
            JsonUnit {
                unit: u.unit.clone(),
                rank: u.rank,
                median_rank: s.map(|s| s.median),
                rank_5: s.map(|s| s.low),
                rank_95: s.map(|s| s.high),
                eligible_share: s.map(|s| s.eligible_share(runs).normalize().to_string()),
                disputed: report.dispute_of(&u.unit).map(|d| JsonDispute {
                    items: codes(&d.items),
                    worst: case(&d.worst),
                    best: case(&d.best),
                    can_flip: d.can_flip(),
                    searched: d.searched,
                    eligible_flip: d.eligible_flip.as_ref().map(flip),
                    grade_flip: d.grade_flip.as_ref().map(flip),
                }),
            }
        })
        .collect();
    let removals = st
        .map(|st| &st.removals[..])
        .unwrap_or_default()
        .iter()
        .map(|r| JsonRemoval {
            code: r.code.clone(),
            name: r.name.clone(),
            moves: r.moves.iter().map(|m| JsonMove { unit: m.unit.clone(), rank: m.rank, without: m.without }).collect(),
        })
        .collect();
    let json = JsonStability {
        runs: st.map(|s| s.options.runs),
        seed: st.map(|s| s.options.seed),
        spread: st.map(|s| s.options.spread.normalize().to_string()),
        weighted: st.map(|s| s.weighted),
        units,
        removals,
    };
    serde_json::to_writer_pretty(out, &json)
}
