//! Printing a scoring run: a table for people, json and csv for programs. Every number is written
//! as a decimal string, never through a float.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::NodeScore;
use crate::location::Location;
use crate::pipeline::Outcome;
use crate::number::display;
use crate::problem::Problem;
use crate::rules::{Basis, Combine, Missing, RankStyle, Rules};
use crate::text;
use crate::tree::{Group, IndicatorTree};

/// The rules of a run in words, for the foot of every output.
pub fn rule_lines(rules: &Rules, weighted: bool) -> Vec<String> {
    let mut lines = vec![
        if weighted { text::weighted_rule(rules.decimals) } else { text::rounding_rule(rules.decimals) },
        text::threshold_rule(rules.threshold.value.normalize(), rules.threshold.on == Basis::Rounded),
        text::rank_rule(rules.rank_on == Basis::Rounded, rules.rank_style == RankStyle::Dense),
        text::missing_rule(rules.missing == Missing::Zero),
        text::combine_rule(rules.combine),
    ];
    lines.extend(scheme_lines(rules));
    lines
}

/// The scheme's further rules (bonus, veto, minimum rates, grades); none for the plain rules.
fn scheme_lines(rules: &Rules) -> Vec<String> {
    let mut lines = Vec::new();
    if !rules.source_weights.is_empty() {
        lines.push(text::sources_rule(rules.source_weights.iter().map(|(s, w)| format!("{s} {}%", plain(*w))).collect::<Vec<_>>().join(", ")));
    }
    if !rules.bonus_items.is_empty() {
        lines.push(text::bonus_rule(rules.bonus_items.join(", "), rules.bonus_cap.map(plain)));
    }
    if !rules.veto_items.is_empty() {
        lines.push(text::veto_rule(rules.veto_items.join(", ")));
    }
    let mut minimums: Vec<(&String, &Decimal)> = rules.min_rates.iter().collect();
    minimums.sort();
    if !minimums.is_empty() {
        lines.push(text::min_rate_rule(minimums.iter().map(|(c, m)| format!("{c} ≥ {}%", plain(**m))).collect::<Vec<_>>().join(", ")));
    }
    let mut groups: Vec<_> = rules.grades.iter().collect();
    groups.sort_by_key(|(g, _)| (Some(g.as_str()) != rules.default_group.as_deref(), g.as_str()));
    for (group, bands) in groups {
        lines.push(text::grade_rule(group, bands.iter().map(|b| format!("{} ≥ {}", b.name, plain(b.min))).collect::<Vec<_>>().join(", ")));
    }
    lines
}

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub tree: JsonTree,
    pub rules: JsonRules,
    pub units: Vec<JsonUnit<'a>>,
    /// Each unit's departments by score rate (部门排名).
    pub departments: Vec<JsonDepartmentScore>,
    pub warnings: &'a [Problem],
}

#[derive(Serialize)]
pub struct JsonDepartmentScore {
    pub unit: String,
    pub department: String,
    pub items: usize,
    pub applicable: usize,
    pub obtained: String,
    pub possible: String,
    /// Exact rate on the 100 scale; `null` when none of the department's items applies.
    pub exact: Option<String>,
    pub rate: Option<String>,
    pub rank: Option<u32>,
}

#[derive(Serialize)]
pub struct JsonTree {
    pub source: String,
    pub fingerprint: String,
    pub level1: usize,
    pub level2: usize,
    pub items: usize,
    pub points: String,
}

#[derive(Serialize)]
pub struct JsonRules {
    pub decimals: u32,
    pub rounding: &'static str,
    pub threshold: String,
    pub threshold_on: Basis,
    pub rank_on: Basis,
    pub rank_style: RankStyle,
    pub missing: Missing,
    pub combine: Combine,
    pub weighted: bool,
    pub description: Vec<String>,
}

#[derive(Serialize)]
pub struct JsonUnit<'a> {
    pub unit: String,
    pub raw: String,
    pub max: String,
    pub exact: String,
    pub score: String,
    pub rank: u32,
    pub eligible: bool,
    pub grade: Option<String>,
    pub reasons: Vec<String>,
    pub level1: Vec<JsonNode<'a>>,
    pub level2: Vec<JsonNode<'a>>,
    pub items: Vec<JsonItem<'a>>,
}

// Unit, node and item entries borrow from the run and format their numbers as they are written: a
// national run has hundreds of thousands of them.

#[derive(Serialize)]
pub struct JsonNode<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub raw: Plain,
    pub max: Plain,
    /// Score rate on the 100 scale, rounded; `null` when nothing under the node applies.
    pub score: Option<Shown>,
}

#[derive(Serialize)]
pub struct JsonItem<'a> {
    pub code: &'a str,
    /// `null` when the item does not apply (不涉及).
    pub score: Option<Plain>,
    pub points: Plain,
    pub remark: Option<&'a str>,
    /// The cells the score came from, `file!sheet!cell`, joined by "; ".
    pub source: Sources<'a>,
}

/// An exact decimal as a json string without trailing zeros: "1010", "8.5".
pub struct Plain(pub Decimal);

impl Serialize for Plain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.normalize())
    }
}

/// A published number as a json string with its decimals, rounded half away from zero: "90.2".
pub struct Shown(pub Decimal, pub u32);

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&display(self.0, self.1))
    }
}

/// Source cells, `file!sheet!cell`, joined by "; ".
pub struct Sources<'a>(pub &'a [Location]);

impl std::fmt::Display for Sources<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, cell) in self.0.iter().enumerate() {
            write!(f, "{}{cell}", if i > 0 { "; " } else { "" })?;
        }
        Ok(())
    }
}

impl Serialize for Sources<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Exact decimals print without trailing zeros: 1010, 8.5.
fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

fn nodes<'a>(groups: &'a [Group], scores: &[NodeScore], decimals: u32) -> Vec<JsonNode<'a>> {
    groups
        .iter()
        .zip(scores)
        .map(|(g, n)| JsonNode { code: &g.code, name: &g.name, raw: Plain(n.raw), max: Plain(n.max), score: n.rate.map(|r| Shown(r, decimals)) })
        .collect()
}

pub fn json(outcome: &Outcome) -> JsonReport<'_> {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let d = rules.decimals;
    JsonReport {
        tree: tree_summary(tree),
        rules: JsonRules {
            decimals: d,
            rounding: "half-away-from-zero",
            threshold: plain(rules.threshold.value),
            threshold_on: rules.threshold.on,
            rank_on: rules.rank_on,
            rank_style: rules.rank_style,
            missing: rules.missing,
            combine: rules.combine,
            weighted: evaluation.weighted,
            description: rule_lines(rules, evaluation.weighted),
        },
        units: evaluation
            .units
            .iter()
            .map(|u| JsonUnit {
                unit: u.unit.clone(),
                raw: plain(u.raw),
                max: plain(u.max),
                exact: plain(u.exact),
                score: display(u.score, d),
                rank: u.rank,
                eligible: u.eligible,
                grade: u.grade.clone(),
                reasons: u.reasons.clone(),
                level1: nodes(&tree.level1, &u.level1, d),
                level2: nodes(&tree.level2, &u.level2, d),
                items: tree
                    .items
                    .iter()
                    .zip(&u.items)
                    .map(|(item, s)| JsonItem {
                        code: &item.code,
                        score: s.value.map(Plain),
                        points: Plain(item.points),
                        remark: s.remark.as_deref(),
                        source: Sources(&s.sources),
                    })
                    .collect(),
            })
            .collect(),
        departments: outcome
            .departments_by_unit()
            .flat_map(|(unit, ranking)| ranking.iter().map(move |d| (unit, d)))
            .map(|(unit, d)| JsonDepartmentScore {
                unit: unit.to_string(),
                department: d.department.clone(),
                items: d.items,
                applicable: d.applicable,
                obtained: plain(d.obtained),
                possible: plain(d.possible),
                exact: d.rate.map(plain),
                rate: d.rate.map(|r| display(r, rules.decimals)),
                rank: d.rank,
            })
            .collect(),
        warnings: &outcome.warnings,
    }
}

/// One row per unit with its 一级 rates.
pub fn csv(out: impl Write, outcome: &Outcome) -> csv::Result<()> {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let mut writer = csv::Writer::from_writer(out);
    let graded = evaluation.units.iter().any(|u| u.grade.is_some());
    let mut header: Vec<String> = text::result_headers().to_vec();
    header.extend(graded.then(text::grade_header));
    header.extend(tree.level1.iter().map(|g| format!("{} {}", g.code, g.name)));
    writer.write_record(header.iter().map(|h| safe_csv(h)))?;
    for u in &evaluation.units {
        let mut row = vec![
            u.rank.to_string(),
            safe_csv(&u.unit),
            plain(u.raw),
            plain(u.max),
            display(u.score, rules.decimals),
            if u.eligible { text::yes() } else { text::no() },
        ];
        row.extend(graded.then(|| safe_csv(u.grade.as_deref().unwrap_or_default())));
        row.extend(u.level1.iter().map(|n| n.rate.map(|r| display(r, rules.decimals)).unwrap_or_default()));
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// A csv cell that a spreadsheet would run as a formula (= + - @ first) is prefixed with a quote.
pub fn safe_csv(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

/// The table people read in a terminal, with the rules under it.
pub fn table(outcome: &Outcome) -> String {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let graded = evaluation.units.iter().any(|u| u.grade.is_some());
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(text::result_headers().into_iter().chain(graded.then(text::grade_header)));
    for u in &evaluation.units {
        let row = [
            u.rank.to_string(),
            u.unit.clone(),
            plain(u.raw),
            plain(u.max),
            display(u.score, rules.decimals),
            if u.eligible { text::yes() } else { text::no() },
        ];
        builder.push_record(row.into_iter().chain(graded.then(|| u.grade.clone().unwrap_or_default())));
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{}\n{table}\n", text::tree_line(&tree.source, tree.items.len(), tree.fingerprint()));
    out.push_str(&department_table(outcome));
    for line in rule_lines(rules, evaluation.weighted) {
        out.push_str(&format!("· {line}\n"));
    }
    out
}

/// The department ranking under the result table; nothing when the tree names no department.
fn department_table(outcome: &Outcome) -> String {
    if outcome.tree.departments().is_empty() {
        return String::new();
    }
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(text::department_headers());
    for (unit, d) in outcome.departments_by_unit().flat_map(|(u, r)| r.iter().map(move |d| (u, d))) {
        builder.push_record([
            d.rank.map(|r| r.to_string()).unwrap_or_default(),
            unit.to_string(),
            d.department.clone(),
            d.applicable.to_string(),
            plain(d.obtained),
            plain(d.possible),
            d.rate.map(|r| display(r, outcome.rules.decimals)).unwrap_or_default(),
        ]);
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    format!("{}\n{table}\n", text::department_heading())
}

#[derive(Serialize)]
pub struct JsonTreeDetail {
    #[serde(flatten)]
    pub summary: JsonTree,
    pub groups: Vec<JsonGroup>,
    pub departments: Vec<JsonDepartment>,
}

#[derive(Serialize)]
pub struct JsonGroup {
    pub code: String,
    pub name: String,
    pub weight: Option<String>,
    pub level2: usize,
    pub items: usize,
    pub points: String,
}

#[derive(Serialize)]
pub struct JsonDepartment {
    pub department: String,
    pub items: usize,
}

fn tree_summary(tree: &IndicatorTree) -> JsonTree {
    JsonTree {
        source: tree.source.to_string(),
        fingerprint: tree.fingerprint(),
        level1: tree.level1.len(),
        level2: tree.level2.len(),
        items: tree.items.len(),
        points: plain(tree.total_points()),
    }
}

fn group_rows(tree: &IndicatorTree) -> Vec<JsonGroup> {
    tree.level1
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let items: Vec<_> = tree.items.iter().filter(|item| item.level1 == i).collect();
            JsonGroup {
                code: g.code.clone(),
                name: g.name.clone(),
                weight: g.weight.map(plain),
                level2: g.children.len(),
                items: items.len(),
                points: plain(items.iter().map(|item| item.points).sum()),
            }
        })
        .collect()
}

fn department_rows(tree: &IndicatorTree) -> Vec<JsonDepartment> {
    tree.departments()
        .into_iter()
        .map(|d| JsonDepartment { items: tree.items.iter().filter(|i| i.departments.contains(&d)).count(), department: d })
        .collect()
}

pub fn tree_json(tree: &IndicatorTree) -> JsonTreeDetail {
    JsonTreeDetail { summary: tree_summary(tree), groups: group_rows(tree), departments: department_rows(tree) }
}

/// The `tree` command's view: 一级 indicators with their counts and points, then departments.
pub fn tree_table(tree: &IndicatorTree) -> String {
    let mut builder = tabled::builder::Builder::default();
    builder.push_record(text::tree_headers());
    for g in group_rows(tree) {
        builder.push_record([g.code, g.name, g.level2.to_string(), g.items.to_string(), g.points]);
    }
    let s = tree_summary(tree);
    builder.push_record([String::new(), text::total(), s.level2.to_string(), s.items.to_string(), s.points.clone()]);
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{}\n{table}\n", text::tree_line(&s.source, s.items, &s.fingerprint));
    if let Some(declared) = tree.declared() {
        out.push_str(&format!("{declared}\n"));
    }
    let departments = department_rows(tree);
    if !departments.is_empty() {
        out.push_str(&format!("{}:\n", text::departments_heading()));
        for d in departments {
            out.push_str(&format!("  {} {}\n", d.department, d.items));
        }
    }
    out
}
