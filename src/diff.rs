//! What changed between two submissions (`zhibiao diff`): a department corrects its form and sends
//! it again, and the office must see what changed before accepting it.
//!
//! Each side is a set of returned forms (files or folders), scored as `score` would score them, or
//! a result workbook written by zhibiao, read back from its 汇总 and 明细 sheets. Per unit and item:
//! old → new score with both source cells and remarks, items and units added or gone; per unit the
//! total, the 100-point score, 达标 and the rank before and after. Files identical by SHA-256 are
//! said to be unchanged; when every file is, nothing is read or compared.

use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::{self, Evaluation};
use crate::grid::{self, Format, Which};
use crate::merge;
use crate::pipeline::{self, Input};
use crate::number::display;
use crate::problem::{self, Problem, Problems};
use crate::report::{Sources, safe_csv};
use crate::result_book::previous::{self, Previous};
use crate::rounds;
use crate::rules::Rules;
use crate::scores::FileContext;
use crate::text;
use crate::tree::IndicatorTree;

/// One unit's score of one item on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    pub unit: String,
    pub code: String,
    /// `None` for 不涉及.
    pub value: Option<Decimal>,
    pub remark: Option<String>,
    /// The cells the score came from, `file!sheet!cell`, joined by "; ".
    pub source: String,
}

/// One unit's result on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub unit: String,
    /// 实得分 and 适用满分; a result workbook written before they were read may lack them.
    pub raw: Option<Decimal>,
    pub max: Option<Decimal>,
    /// The published 100-point score.
    pub score: Decimal,
    pub eligible: Option<bool>,
    pub rank: u32,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default)]
pub struct Side {
    pub items: Vec<ItemRow>,
    pub units: Vec<UnitRow>,
    /// Decimals the scores are published with.
    pub decimals: u32,
}

impl Side {
    /// The side of an evaluation of returned forms.
    pub fn of_evaluation(tree: &IndicatorTree, evaluation: &Evaluation, rules: &Rules) -> Side {
        let mut side = Side { decimals: rules.decimals, ..Side::default() };
        for u in &evaluation.units {
            side.units.push(UnitRow { unit: u.unit.clone(), raw: Some(u.raw), max: Some(u.max), score: u.score, eligible: Some(u.eligible), rank: u.rank });
            side.items.extend(tree.items.iter().zip(&u.items).map(|(item, s)| ItemRow {
                unit: u.unit.clone(),
                code: item.code.clone(),
                value: s.value,
                remark: s.remark.clone(),
                source: Sources(&s.sources).to_string(),
            }));
        }
        side
    }

    /// The side of a result workbook read back.
    pub fn of_result(result: Previous) -> Side {
        let decimals = result.units.iter().map(|u| u.score.scale()).max().unwrap_or(1);
        let units = result
            .units
            .into_iter()
            .map(|u| UnitRow { unit: u.unit, raw: u.raw, max: u.max, score: u.score, eligible: u.eligible, rank: u.rank })
            .collect();
        let items = result
            .scores
            .into_iter()
            .map(|s| ItemRow { unit: s.unit, code: s.code, value: s.value, remark: s.remark, source: s.source.replace('\n', "; ") })
            .collect();
        Side { items, units, decimals }
    }
}

/// How an item differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Changed,
    Added,
    Removed,
}

/// An item of a unit whose score differs, or that is on one side only.
#[derive(Debug, PartialEq)]
pub struct Change<'a> {
    pub kind: Kind,
    pub old: Option<&'a ItemRow>,
    pub new: Option<&'a ItemRow>,
}

impl Change<'_> {
    fn row(&self) -> &ItemRow {
        self.new.or(self.old).expect("a change has a side")
    }
}

/// What differs between two sides.
#[derive(Debug)]
pub struct Diff<'a> {
    pub changes: Vec<Change<'a>>,
    /// Every unit of either side: new side's order, then the units gone.
    pub units: Vec<(Option<&'a UnitRow>, Option<&'a UnitRow>)>,
    pub decimals: u32,
    /// Pairs of files identical by SHA-256 (old, new).
    pub identical: Vec<(String, String)>,
}

/// Compares two sides: items by unit and code, units by name.
pub fn compare<'a>(old: &'a Side, new: &'a Side, identical: Vec<(String, String)>) -> Diff<'a> {
    let key = |r: &ItemRow| (r.unit.clone(), r.code.clone());
    let old_items: std::collections::HashMap<_, &ItemRow> = old.items.iter().map(|r| (key(r), r)).collect();
    let new_keys: std::collections::HashSet<_> = new.items.iter().map(key).collect();
    let mut changes = Vec::new();
    for n in &new.items {
        match old_items.get(&key(n)) {
            None => changes.push(Change { kind: Kind::Added, old: None, new: Some(n) }),
            Some(o) if o.value != n.value => changes.push(Change { kind: Kind::Changed, old: Some(o), new: Some(n) }),
            Some(_) => {}
        }
    }
    changes.extend(old.items.iter().filter(|o| !new_keys.contains(&key(o))).map(|o| Change { kind: Kind::Removed, old: Some(o), new: None }));
    let find = |side: &'a Side, name: &str| side.units.iter().find(|u| u.unit == name);
    let mut units: Vec<_> = new.units.iter().map(|n| (find(old, &n.unit), Some(n))).collect();
    units.extend(old.units.iter().filter(|o| find(new, &o.unit).is_none()).map(|o| (Some(o), None)));
    Diff { changes, units, decimals: old.decimals.max(new.decimals), identical }
}

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Forms to score and no tree to score them by (a usage error).
    #[error("{}", text::diff_needs_tree())]
    NeedsTree,
    #[error(transparent)]
    Previous(#[from] previous::PreviousError),
    #[error(transparent)]
    Invalid(#[from] Problems),
}

/// The files of one side, each named relative to the side's folder (a lone file by its name), with
/// its bytes.
pub type SideFiles = Vec<(String, Input)>;

/// The two sides read and compared, or `Same` when every file is identical by SHA-256.
pub enum Outcome {
    Same(Vec<(String, String)>),
    Sides { old: Side, new: Side, identical: Vec<(String, String)>, warnings: Vec<Problem> },
}

/// Reads both sides; forms are scored by the tree's own rules (bonus and veto items as its 类型
/// column declares them, the plain defaults otherwise).
pub fn read(old: SideFiles, new: SideFiles, tree: Option<&IndicatorTree>, unit: Option<String>) -> Result<Outcome, DiffError> {
    let digests = |files: &SideFiles| files.iter().map(|(name, input)| (name.clone(), input.file())).collect::<Vec<_>>();
    let (old_digests, new_digests) = (digests(&old), digests(&new));
    let single = old.len() == 1 && new.len() == 1;
    // Two single files pair whatever their names; folders pair files by their path inside.
    let identical: Vec<(String, String)> = old_digests
        .iter()
        .filter_map(|(name, o)| {
            let (_, n) = new_digests.iter().find(|(n, f)| (single || n == name) && f.sha256 == o.sha256)?;
            Some((o.path.display().to_string(), n.path.display().to_string()))
        })
        .collect();
    if identical.len() == old.len() && identical.len() == new.len() {
        return Ok(Outcome::Same(identical));
    }
    let mut warnings = Vec::new();
    let sides = [old, new].map(|files| side(files, tree, unit.clone(), &mut warnings));
    let [old, new] = sides;
    Ok(Outcome::Sides { old: old?, new: new?, identical, warnings })
}

/// One side: a single result workbook read back, or forms scored.
fn side(files: SideFiles, tree: Option<&IndicatorTree>, unit: Option<String>, warnings: &mut Vec<Problem>) -> Result<Side, DiffError> {
    if let [(_, only)] = files.as_slice()
        && let Some(format) = Format::of(Path::new(&only.name))
        && let Ok(book) = grid::read_bytes(&only.bytes, format, only.name.as_str().into(), Which::Visible)
        && previous::is_result(&book)
    {
        return Ok(Side::of_result(previous::of_book(&book, &only.name, only.file())?));
    }
    let tree = tree.ok_or(DiffError::NeedsTree)?;
    let rules = Rules::of_tree(tree);
    let context = FileContext { unit, department: None, penalties: rules.penalty_indices(tree) };
    let read = pipeline::read_scores(tree, files.into_iter().map(|(_, input)| Ok(input)).collect(), &context, None);
    let (entries, mut problems) = (read.entries, read.problems);
    let (book, merged) = merge::merge(tree, entries, &rules);
    problems.extend(merged);
    problems.extend(rounds::unverified(tree, &book, false));
    let (mut found, errors) = problem::partition(problems);
    if let Some(errors) = errors {
        return Err(errors.into());
    }
    warnings.append(&mut found);
    let evaluation = engine::evaluate(tree, book, &rules);
    Ok(Side::of_evaluation(tree, &evaluation, &rules))
}

/// A score as shown: the number, 不涉及, or nothing for an item on the other side only.
fn shown(row: Option<&ItemRow>) -> Option<String> {
    row.map(|r| r.value.map_or_else(|| "不涉及".to_string(), |v| v.normalize().to_string()))
}

#[derive(Serialize)]
pub struct JsonDiff<'a> {
    pub changes: Vec<JsonChange<'a>>,
    pub units: Vec<JsonUnit<'a>>,
    /// Files identical by SHA-256 (old, new), not compared.
    pub identical: &'a [(String, String)],
}

#[derive(Serialize)]
pub struct JsonChange<'a> {
    pub unit: &'a str,
    pub code: &'a str,
    /// A decimal string, "不涉及", or `null` when the item is on the other side only.
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_source: Option<&'a str>,
    pub new_source: Option<&'a str>,
    pub old_remark: Option<&'a str>,
    pub new_remark: Option<&'a str>,
    pub kind: Kind,
}

#[derive(Serialize)]
pub struct JsonUnit<'a> {
    pub unit: &'a str,
    pub old_score: Option<String>,
    pub new_score: Option<String>,
    pub old_rank: Option<u32>,
    pub new_rank: Option<u32>,
    pub old_raw: Option<String>,
    pub new_raw: Option<String>,
    pub old_max: Option<String>,
    pub new_max: Option<String>,
    pub old_eligible: Option<bool>,
    pub new_eligible: Option<bool>,
}

impl<'a> Diff<'a> {
    pub fn json(&'a self) -> JsonDiff<'a> {
        let d = self.decimals;
        let plain = |v: Option<Decimal>| v.map(|v| v.normalize().to_string());
        JsonDiff {
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    unit: &c.row().unit,
                    code: &c.row().code,
                    old: shown(c.old),
                    new: shown(c.new),
                    old_source: c.old.map(|r| r.source.as_str()),
                    new_source: c.new.map(|r| r.source.as_str()),
                    old_remark: c.old.and_then(|r| r.remark.as_deref()),
                    new_remark: c.new.and_then(|r| r.remark.as_deref()),
                    kind: c.kind,
                })
                .collect(),
            units: self
                .units
                .iter()
                .map(|(o, n)| JsonUnit {
                    unit: &n.or(*o).expect("a unit has a side").unit,
                    old_score: o.map(|u| display(u.score, d)),
                    new_score: n.map(|u| display(u.score, d)),
                    old_rank: o.map(|u| u.rank),
                    new_rank: n.map(|u| u.rank),
                    old_raw: plain(o.and_then(|u| u.raw)),
                    new_raw: plain(n.and_then(|u| u.raw)),
                    old_max: plain(o.and_then(|u| u.max)),
                    new_max: plain(n.and_then(|u| u.max)),
                    old_eligible: o.and_then(|u| u.eligible),
                    new_eligible: n.and_then(|u| u.eligible),
                })
                .collect(),
            identical: &self.identical,
        }
    }

    /// The first line of every output: how many items changed.
    pub fn headline(&self) -> String {
        text::diff_changed(self.changes.len())
    }

    /// The table people read: the count, identical files, the changed items, then every unit.
    pub fn table(&self) -> String {
        let mut out = format!("{}\n", self.headline());
        // Nothing read: every file was identical.
        let same = if self.units.is_empty() { text::diff_identical } else { text::diff_same_file };
        for (old, new) in &self.identical {
            out.push_str(&format!("{}\n", same(old, new)));
        }
        if self.units.is_empty() {
            return out;
        }
        let json = self.json();
        let absent = text::diff_absent;
        let or_absent = |v: Option<String>| v.unwrap_or_else(absent);
        if !json.changes.is_empty() {
            let mut builder = tabled::builder::Builder::default();
            builder.push_record(text::diff_headers());
            for c in json.changes {
                let text = |v: Option<&str>| v.unwrap_or_default().to_string();
                builder.push_record([
                    c.unit.to_string(),
                    c.code.to_string(),
                    or_absent(c.old),
                    or_absent(c.new),
                    text(c.old_source),
                    text(c.new_source),
                    text(c.old_remark),
                    text(c.new_remark),
                ]);
            }
            out.push_str(&format!("{}\n", builder.build().with(tabled::settings::Style::sharp())));
        }
        let mut builder = tabled::builder::Builder::default();
        builder.push_record(text::diff_unit_headers());
        let yes_no = |v: Option<bool>| v.map(|y| if y { text::yes() } else { text::no() });
        for u in json.units {
            builder.push_record([
                u.unit.to_string(),
                or_absent(u.old_raw),
                or_absent(u.new_raw),
                or_absent(u.old_score),
                or_absent(u.new_score),
                or_absent(yes_no(u.old_eligible)),
                or_absent(yes_no(u.new_eligible)),
                or_absent(u.old_rank.map(|r| r.to_string())),
                or_absent(u.new_rank.map(|r| r.to_string())),
            ]);
        }
        out.push_str(&format!("{}\n", builder.build().with(tabled::settings::Style::sharp())));
        out
    }

    /// One row per changed item.
    pub fn csv(&self, out: impl Write) -> csv::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        let mut header = text::diff_headers().to_vec();
        header.push(text::one(text::COL_KIND));
        writer.write_record(&header)?;
        for c in self.json().changes {
            let text = |v: Option<&str>| safe_csv(v.unwrap_or_default());
            let kind = serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
            writer.write_record([
                safe_csv(c.unit),
                safe_csv(c.code),
                c.old.unwrap_or_default(),
                c.new.unwrap_or_default(),
                text(c.old_source),
                text(c.new_source),
                text(c.old_remark),
                text(c.new_remark),
                kind,
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// Two sides whose files are all identical by SHA-256: nothing compared.
pub fn unchanged(identical: Vec<(String, String)>) -> Diff<'static> {
    Diff { changes: Vec::new(), units: Vec::new(), decimals: 0, identical }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(unit: &str, code: &str, value: Option<Decimal>) -> ItemRow {
        ItemRow { unit: unit.into(), code: code.into(), value, remark: None, source: String::new() }
    }

    #[test]
    fn items_changed_added_and_removed() {
        let old = Side { items: vec![row("甲", "1", Some(dec!(8))), row("甲", "2", Some(dec!(5))), row("甲", "3", None)], ..Side::default() };
        let new = Side { items: vec![row("甲", "1", Some(dec!(8.0))), row("甲", "2", None), row("甲", "4", Some(dec!(1)))], ..Side::default() };
        let diff = compare(&old, &new, Vec::new());
        let kinds: Vec<(Kind, &str)> = diff.changes.iter().map(|c| (c.kind, c.row().code.as_str())).collect();
        assert_eq!(kinds, [(Kind::Changed, "2"), (Kind::Added, "4"), (Kind::Removed, "3")]);
    }
}
