//! Printing a scoring run: a table for people, json and csv for programs. Every number is written
//! as a decimal string, never through a float.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::{Evaluation, NodeScore, Reason, UnitResult};
use crate::location::{Location, Sources};
use crate::number::{self, display, display_text, shown, shown_text};
use crate::pipeline::Outcome;
use crate::problem::Problem;
use crate::quant::{Figures, RuleSource};
use crate::read::quant as standards;
use crate::rounds;
use crate::rules::{Basis, Combine, Missing, RankStyle, Rules};
use crate::score::quant::{self, Measurement};
use crate::scores::Round;
use crate::text;
use crate::tree::{Group, IndicatorTree, PointsFrom, Reading};

/// The rules of a run in words, for the foot of every output.
pub fn rule_lines(rules: &Rules, evaluation: &Evaluation) -> Vec<String> {
    let mut lines = vec![
        if evaluation.weighted { text::weighted_rule(rules.decimals) } else { text::rounding_rule(rules.decimals) },
        text::threshold_rule(rules.threshold.value.normalize(), rules.threshold.on == Basis::Rounded),
        text::rank_rule(rules.rank_on == Basis::Rounded, rules.rank_style == RankStyle::Dense, rules.order.name()),
        text::missing_rule(rules.missing == Missing::Zero),
        text::combine_rule(rules.combine.name()),
    ];
    lines.extend(rules.grade_order.map(|o| text::grade_order_rule(o.name())));
    lines.extend(scheme_lines(rules));
    lines.extend(evaluation.rounds.as_ref().map(|r| text::inflated_rule(plain(r.inflated))));
    let long = |u: &UnitResult| u.items.iter().filter_map(|i| i.value).any(number::is_long);
    if evaluation.units.iter().any(long) {
        lines.push(text::shown_decimals_rule(number::SHOWN_DECIMALS));
    }
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
    if !rules.penalty_items.is_empty() {
        lines.push(text::penalty_rule(rules.penalty_items.join(", ")));
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

/// The report; its units and departments are lists for whoever looks into them (the page), and
/// made as they are written for [`write_json`].
#[derive(Serialize)]
pub struct JsonReport<'a, U = Vec<JsonUnit<'a>>, D = Vec<JsonDepartmentScore>> {
    pub tree: JsonTree,
    pub rules: JsonRules,
    pub units: U,
    /// Each unit's departments by score rate (部门排名).
    pub departments: D,
    pub warnings: &'a [Problem],
}

/// The units, each made into a [`JsonUnit`] as it is written: at national scale all of them at
/// once, items and all, took as much memory as the run itself.
struct JsonUnits<'a>(&'a Outcome);

impl Serialize for JsonUnits<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(units(self.0))
    }
}

/// Each unit's departments, made as they are written like the units.
struct JsonDepartments<'a>(&'a Outcome);

impl Serialize for JsonDepartments<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(departments(self.0))
    }
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
    /// With a review round: 自评虚高, the self-assessed rate more than the margin above this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inflated: Option<bool>,
}

#[derive(Serialize)]
pub struct JsonTree {
    pub source: String,
    pub fingerprint: String,
    pub level1: usize,
    pub level2: usize,
    /// The 三级 groups of a four-tier tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level3: Option<usize>,
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
    /// 倒扣, taken off `raw` before the conversion: only when the rules have 倒扣项.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty: Option<String>,
    pub max: String,
    pub exact: String,
    pub score: String,
    pub rank: u32,
    pub eligible: bool,
    pub grade: Option<String>,
    pub reasons: Vec<String>,
    /// The rule behind each reason, the same whatever the language (`below_threshold`, `vetoed` …).
    pub reason_kinds: Vec<&'static str>,
    pub level1: Vec<JsonNode<'a>>,
    pub level2: Vec<JsonNode<'a>>,
    pub items: Vec<JsonItem<'a>>,
    /// With a review round: the unit scored on its self-assessment (自评).
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    pub own: Option<JsonOwn>,
    /// With a review round: 自评虚高.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inflated: Option<bool>,
}

/// A unit's self-assessment beside its verified result.
#[derive(Serialize)]
pub struct JsonOwn {
    pub raw: String,
    pub max: String,
    pub exact: String,
    pub score: String,
    /// Verified score − self-score, published values.
    pub difference: String,
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
    /// 倒扣 beyond the item's points: only when there is some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty: Option<Plain>,
    pub remark: Option<&'a str>,
    /// The cells the score came from, `file!sheet!cell`, joined by "; ".
    pub source: Sources<'a>,
    /// With a review round: the self-score (`null` for 不涉及), verified − self in points (`null`
    /// when either is 不涉及), and whether the item was verified (false: 未核定).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_score: Option<Option<Plain>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Option<Plain>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_source: Option<Sources<'a>>,
    /// A 定量指标 scored from figures: how its points came about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<JsonComputed>,
}

/// How a 定量指标's points came from its figures.
#[derive(Serialize)]
pub struct JsonComputed {
    /// 分子 and 分母, or `value` (数值): the others `null`.
    pub numerator: Option<Plain>,
    pub denominator: Option<Plain>,
    pub value: Option<Plain>,
    /// The rate in per cent (or the count) compared, and the target it was compared with.
    pub figure: Plain,
    pub target: Plain,
    pub met: bool,
    pub deducted: Plain,
    /// The whole computation in words, as `explain` and 明细 say it.
    pub text: String,
}

/// A decimal as a json string without trailing zeros: "1010", "8.5"; a combined score with more
/// decimals than shown is rounded: "9.7143".
pub struct Plain(pub Decimal);

impl Serialize for Plain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&shown_text(self.0))
    }
}

/// A published number as a json string with its decimals, rounded half away from zero: "90.2".
pub struct Shown(pub Decimal, pub u32);

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&display_text(self.0, self.1))
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

/// Writes the json report, the same text as `serde_json::to_writer_pretty(out, &json(outcome))`.
pub fn write_json(out: impl Write, outcome: &Outcome) -> serde_json::Result<()> {
    let report = report(outcome, JsonUnits(outcome), JsonDepartments(outcome));
    // The departments, written last, are ranked while the units are written, where there are
    // threads (the page's wasm has none); the writer waits for them if it gets there first.
    std::thread::scope(|scope| {
        if cfg!(not(target_family = "wasm")) {
            scope.spawn(|| outcome.departments().len());
        }
        report.serialize(&mut serde_json::Serializer::with_formatter(out, Pretty::default()))
    })
}

/// serde_json's `PrettyFormatter` with an indent of two spaces, a line break and its indent
/// written at once: it writes the indent a call per level, and a national report has two million
/// lines.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
    /// A comma, a line break and at least the current indent.
    breaks: Vec<u8>,
}

impl Pretty {
    fn line<W: ?Sized + Write>(&mut self, out: &mut W, comma: bool) -> io::Result<()> {
        let end = 2 + 2 * self.depth;
        if self.breaks.len() < end {
            self.breaks = b",\n".to_vec();
            self.breaks.resize(end + 32, b' ');
        }
        out.write_all(&self.breaks[usize::from(!comma)..end])
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(out, false)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

pub fn json(outcome: &Outcome) -> JsonReport<'_> {
    report(outcome, units(outcome).collect(), departments(outcome).collect())
}

fn report<U, D>(outcome: &Outcome, units: U, departments: D) -> JsonReport<'_, U, D> {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    JsonReport {
        tree: tree_summary(tree),
        rules: JsonRules {
            decimals: rules.decimals,
            rounding: "half-away-from-zero",
            threshold: plain(rules.threshold.value),
            threshold_on: rules.threshold.on,
            rank_on: rules.rank_on,
            rank_style: rules.rank_style,
            missing: rules.missing,
            combine: rules.combine,
            weighted: evaluation.weighted,
            description: rule_lines(rules, evaluation),
        },
        units,
        departments,
        warnings: &outcome.warnings,
    }
}

fn units(outcome: &Outcome) -> impl Iterator<Item = JsonUnit<'_>> {
    outcome.evaluation.units.iter().map(|u| unit(outcome, u))
}

/// Each unit's departments by score rate, as the json report lists them.
pub fn departments(outcome: &Outcome) -> impl Iterator<Item = JsonDepartmentScore> + '_ {
    let (rules, inflated) = (&outcome.rules, outcome.inflated_departments());
    let rounds = outcome.evaluation.rounds.is_some();
    let departments = outcome.departments_by_unit().flat_map(|(unit, ranking)| ranking.iter().map(move |d| (unit, d)));
    departments.map(move |(unit, d)| JsonDepartmentScore {
        inflated: rounds.then(|| inflated.iter().any(|r| r.unit == unit && r.department == d.department)),
        unit: unit.to_string(),
        department: d.department.clone(),
        items: d.items,
        applicable: d.applicable,
        obtained: shown(d.obtained),
        possible: plain(d.possible),
        exact: d.rate.map(plain),
        rate: d.rate.map(|r| display(r, rules.decimals)),
        rank: d.rank,
    })
}

/// A unit's line in the ranking, its numbers as every output publishes them (the page's ranking).
#[derive(Serialize)]
pub struct JsonRanked {
    pub rank: u32,
    pub unit: String,
    pub raw: String,
    pub max: String,
    pub score: String,
    pub grade: Option<String>,
    pub eligible: bool,
}

pub fn ranked(outcome: &Outcome, u: &UnitResult) -> JsonRanked {
    JsonRanked {
        rank: u.rank,
        unit: u.unit.clone(),
        raw: shown(u.raw),
        max: plain(u.max),
        score: display(u.score, outcome.rules.decimals),
        grade: u.grade.clone(),
        eligible: u.eligible,
    }
}

/// One unit of the json report, items and all.
pub fn unit<'a>(outcome: &'a Outcome, u: &'a UnitResult) -> JsonUnit<'a> {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let d = rules.decimals;
    let JsonRanked { rank, unit, raw, max, score, grade, eligible } = ranked(outcome, u);
    // The unit's measurements by item, the verified round's over its own.
    let mut measured: Vec<&Measurement> = outcome.measured.iter().filter(|m| *m.unit == *u.unit).collect();
    measured.sort_by_key(|m| (m.item, m.round == Round::Verified));
    let computed = |i: usize| {
        let m = measured.iter().rev().find(|m| m.item == i)?;
        let rule = rules.quant.get(&tree.items[i].code)?;
        let (numerator, denominator, value) = match m.figures {
            Figures::Ratio { numerator, denominator } => (Some(Plain(numerator)), Some(Plain(denominator)), None),
            Figures::Value(v) => (None, None, Some(Plain(v))),
        };
        let c = &m.computed;
        Some(JsonComputed {
            numerator,
            denominator,
            value,
            figure: Plain(c.figure),
            target: Plain(c.target),
            met: c.met,
            deducted: Plain(c.deducted),
            text: quant::describe(tree, rule, m),
        })
    };
    JsonUnit {
        unit,
        raw,
        penalty: penalized(rules).then(|| plain(u.penalty)),
        max,
        exact: plain(u.exact),
        score,
        rank,
        eligible,
        grade,
        reasons: u.reasons.iter().map(ToString::to_string).collect(),
        reason_kinds: u.reasons.iter().map(Reason::kind).collect(),
        level1: nodes(&tree.level1, &u.level1, d),
        level2: nodes(&tree.level2, &u.level2, d),
        items: tree
            .items
            .iter()
            .zip(&u.items)
            .enumerate()
            .map(|(index, (item, s))| JsonItem {
                code: &item.code,
                score: s.value.map(Plain),
                points: Plain(item.points),
                penalty: (!s.penalty.is_zero()).then_some(Plain(s.penalty)),
                remark: s.remark.as_deref(),
                source: Sources(&s.sources),
                self_score: s.review.as_ref().map(|r| r.own.map(Plain)),
                adjustment: s.review.as_ref().map(|_| rounds::adjustment(s).map(Plain)),
                verified: s.review.as_ref().map(|r| r.verified),
                self_source: s.review.as_ref().map(|r| Sources(&r.own_sources)),
                computed: computed(index),
            })
            .collect(),
        own: u.own.as_ref().map(|own| JsonOwn {
            raw: plain(own.raw),
            max: plain(own.max),
            exact: plain(own.exact),
            score: display(own.score, d),
            difference: display(u.score - own.score, d),
        }),
        inflated: evaluation.rounds.as_ref().map(|r| r.unit_inflated(u)),
    }
}

/// One row per unit with its 一级 rates.
pub fn csv(out: impl Write, outcome: &Outcome) -> csv::Result<()> {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let mut writer = csv::Writer::from_writer(out);
    let graded = evaluation.units.iter().any(|u| u.grade.is_some());
    let mut header = result_headers(rules);
    header.extend(graded.then(text::grade_header));
    header.extend(round_headers(evaluation));
    header.extend(tree.level1.iter().map(|g| format!("{} {}", g.code, g.name)));
    writer.write_record(header.iter().map(|h| safe_csv(h)))?;
    for u in &evaluation.units {
        let mut row = result_row(u, rules);
        row[1] = safe_csv(&u.unit);
        row.extend(graded.then(|| safe_csv(u.grade.as_deref().unwrap_or_default())));
        row.extend(round_cells(u, rules));
        row.extend(u.level1.iter().map(|n| n.rate.map(|r| display(r, rules.decimals)).unwrap_or_default()));
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Whether the rules have 倒扣项: the results then show each unit's 倒扣.
fn penalized(rules: &Rules) -> bool {
    !rules.penalty_items.is_empty()
}

/// The result table's headers: 倒扣 after 实得分 when the rules have 倒扣项.
fn result_headers(rules: &Rules) -> Vec<String> {
    let mut headers = text::result_headers().to_vec();
    if penalized(rules) {
        headers.insert(3, text::penalty_header());
    }
    headers
}

/// A unit's row under [`result_headers`].
fn result_row(u: &UnitResult, rules: &Rules) -> Vec<String> {
    let mut row = vec![
        u.rank.to_string(),
        u.unit.clone(),
        shown(u.raw),
        plain(u.max),
        display(u.score, rules.decimals),
        if u.eligible { text::yes() } else { text::no() },
    ];
    if penalized(rules) {
        row.insert(3, plain(u.penalty));
    }
    row
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
    builder.push_record(result_headers(rules).into_iter().chain(graded.then(text::grade_header)).chain(round_headers(evaluation)));
    for u in &evaluation.units {
        builder.push_record(result_row(u, rules).into_iter().chain(graded.then(|| u.grade.clone().unwrap_or_default())).chain(round_cells(u, rules)));
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{}\n{table}\n", text::tree_line(&tree.source, tree.tiers(), tree.items.len(), tree.fingerprint()));
    out.push_str(&department_table(outcome));
    out.push_str(&adjustments(outcome));
    // A default never passes unsaid: the result names the points every item took.
    let default = tree.reading.default_points.map(|p| text::points_default(p.normalize()));
    for line in default.into_iter().chain(rule_lines(rules, evaluation)) {
        out.push_str(&format!("· {line}\n"));
    }
    out
}

/// 自评得分 and 差值, with a review round only.
fn round_headers(evaluation: &Evaluation) -> Vec<String> {
    let names = [text::COL_OWN_SCORE, text::COL_DIFFERENCE];
    evaluation.rounds.as_ref().map(|_| names.map(text::one).to_vec()).unwrap_or_default()
}

/// A unit's self-score and verified − self, published values, with a review round only.
fn round_cells(unit: &UnitResult, rules: &Rules) -> Vec<String> {
    let Some(own) = &unit.own else { return Vec::new() };
    vec![display(own.score, rules.decimals), display(unit.score - own.score, rules.decimals)]
}

/// With a review round: each unit's adjusted items, largest cut first, and the units and
/// departments whose self-assessment was inflated (自评虚高).
fn adjustments(outcome: &Outcome) -> String {
    let (tree, evaluation, rules) = (&outcome.tree, &outcome.evaluation, &outcome.rules);
    let Some(rounds) = &evaluation.rounds else { return String::new() };
    let d = rules.decimals;
    let mut out = String::new();
    for u in &evaluation.units {
        let (Some(own), adjusted) = (&u.own, rounds::adjusted(u)) else { continue };
        if adjusted.is_empty() {
            continue;
        }
        let (shown_own, shown) = (display(own.score, d), display(u.score, d));
        out.push_str(&format!("{}\n", text::adjustments_heading(&u.unit, shown_own, shown, display(u.score - own.score, d), adjusted.len())));
        for i in adjusted {
            let (score, review) = (&u.items[i], u.items[i].review.as_deref().expect("adjusted items have a review"));
            let shown = |v: Option<Decimal>| v.map_or_else(text::not_applicable_mark, plain);
            let difference = rounds::adjustment(score).map_or_else(text::applicability_changed, |a| format!("{a:+}"));
            let reason = score.remark.as_deref().unwrap_or_default();
            let line = text::adjustment_line(
                &tree.items[i].code,
                shown(review.own),
                shown(score.value),
                difference,
                reason,
                Sources(&review.own_sources),
                Sources(&score.sources),
            );
            out.push_str(&format!("  {line}\n"));
        }
    }
    let inflated: Vec<String> = evaluation
        .units
        .iter()
        .filter(|u| rounds.unit_inflated(u))
        .filter_map(|u| Some(format!("{} {} → {}", u.unit, display(u.own.as_ref()?.score, d), display(u.score, d))))
        .collect();
    if !inflated.is_empty() {
        out.push_str(&format!("{}\n", text::inflated_units(plain(rounds.inflated), inflated.join("、"))));
    }
    let departments: Vec<String> = outcome
        .inflated_departments()
        .iter()
        .map(|r| format!("{} {} {} → {}", r.unit, r.department, display(r.own, d), display(r.verified, d)))
        .collect();
    if !departments.is_empty() {
        out.push_str(&format!("{}\n", text::inflated_departments(plain(rounds.inflated), departments.join("、"))));
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
            shown(d.obtained),
            plain(d.possible),
            d.rate.map(|r| display(r, outcome.rules.decimals)).unwrap_or_default(),
        ]);
    }
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    format!("{}\n{table}\n", text::department_heading())
}

#[derive(Serialize)]
pub struct JsonTreeDetail<'a> {
    #[serde(flatten)]
    pub summary: JsonTree,
    /// How the table was read: header, columns, tiers, where the points came from, subtotals confirmed.
    pub reading: &'a Reading,
    pub groups: Vec<JsonGroup>,
    pub departments: Vec<JsonDepartment>,
}

#[derive(Serialize)]
pub struct JsonGroup {
    pub code: String,
    pub name: String,
    pub weight: Option<String>,
    pub level2: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level3: Option<usize>,
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
        level3: (tree.tiers() == 4).then_some(tree.level3.len()),
        items: tree.items.len(),
        points: plain(tree.total_points()),
    }
}

fn group_rows(tree: &IndicatorTree) -> Vec<JsonGroup> {
    tree.level1
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let items: Vec<_> = tree.items.iter().filter(|item| item.level1 == Some(i)).collect();
            JsonGroup {
                code: g.code.clone(),
                name: g.name.clone(),
                weight: g.weight.map(plain),
                level2: g.children.len(),
                level3: (tree.tiers() == 4).then(|| tree.level3.iter().filter(|l3| l3.parent.is_some_and(|p| g.children.contains(&p))).count()),
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

pub fn tree_json(tree: &IndicatorTree) -> JsonTreeDetail<'_> {
    JsonTreeDetail { summary: tree_summary(tree), reading: &tree.reading, groups: group_rows(tree), departments: department_rows(tree) }
}

/// How the table was read, in a few lines: what `check` says first.
/// What `check` says of a tree: how it was read, then its shape and points, then what its 类型
/// column declares. The page shows the same lines when the tree is chosen.
/// What `check` says of a tree: how it was read, the 定量规则 its 评分标准 state (each with its
/// words), and its verdict; with the warnings of standards that look like a rule and are not one.
pub fn check_lines(tree: &IndicatorTree) -> (Vec<String>, Vec<Problem>) {
    let mut lines = reading_lines(tree);
    let mut rules = BTreeMap::new();
    let warnings = standards::rules_of_standards(tree, &mut rules);
    for (code, rule) in &rules {
        if let RuleSource::Text { text: words, at } = &rule.source {
            lines.push(text::quant_read(code, rule.describe(), at, words));
        }
    }
    lines.push(text::tree_ok(&tree.tier_counts(), tree.scored_points().normalize()));
    lines.extend(tree.declared());
    (lines, warnings)
}

pub fn reading_lines(tree: &IndicatorTree) -> Vec<String> {
    let r = &tree.reading;
    let columns: Vec<String> = r.columns.iter().map(|c| text::reading_column(&c.column, &c.header, c.read_as.describe())).collect();
    let sep = text::list_separator();
    let mut lines = match &r.prose {
        Some(prose) => vec![text::reading_prose(prose.numbering.join(" → "))],
        None => vec![text::reading_header(r.header_row, columns.join(&sep))],
    };
    lines.extend(r.notes.iter().cloned());
    lines.push(text::reading_tiers(r.tiers));
    lines.push(match r.points {
        PointsFrom::Column => text::points_from_column(),
        PointsFrom::Text => text::points_from_text(),
        PointsFrom::ColumnAndText => text::points_from_both(),
        PointsFrom::Default => text::points_default(r.default_points.unwrap_or_default().normalize()),
    });
    let cell = |l: &Location| l.within().unwrap_or_default();
    if !r.carried.is_empty() {
        lines.push(text::reading_carried(r.carried.iter().map(cell).collect::<Vec<_>>().join(&sep)));
    }
    if r.confirmed.is_empty() {
        lines.push(text::reading_no_subtotals());
    } else {
        let confirmed: Vec<String> = r.confirmed.iter().map(|s| text::confirmed_cell(cell(&s.cell), plain(s.stated))).collect();
        lines.push(text::reading_confirmed(confirmed.len(), confirmed.join(&sep)));
    }
    if let Some(prose) = r.prose.as_ref().filter(|p| !p.left_out.is_empty()) {
        lines.push(text::reading_left_out(prose.left_out.len()));
        // A paragraph of preamble is shown by its start: enough to find it.
        let start = |t: &str| if t.chars().count() > 40 { format!("{}…", t.chars().take(40).collect::<String>()) } else { t.to_string() };
        lines.extend(prose.left_out.iter().map(|l| text::reading_left_out_line(cell(&l.at), start(&l.text))));
    }
    lines
}

/// The tree as csv: one row per 三级指标, with its tiers, points and departments.
pub fn tree_csv(out: impl Write, tree: &IndicatorTree) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    // A column per tier the tree has, named as `check` names it: no empty 二级 column in a two-tier tree.
    let tiers = usize::from(tree.tiers().clamp(1, 4));
    let header =
        [text::one(text::COL_CODE)].into_iter().chain(text::tier_names(tiers as u8)).chain([text::COL_POINTS, text::COL_DEPARTMENT].map(text::one));
    writer.write_record(header.collect::<Vec<_>>())?;
    for item in &tree.items {
        let groups = [tree.level1_of(item), tree.level2_of(item), tree.level3_of(item)];
        let names = groups[..tiers - 1].iter().map(|g| g.map_or("", |g| g.name.as_str()));
        let (points, departments) = (plain(item.points), item.departments.join("、"));
        let row = [item.code.as_str()].into_iter().chain(names).chain([item.name.as_str(), &points, &departments]);
        writer.write_record(row.map(safe_csv).collect::<Vec<_>>())?;
    }
    writer.flush()?;
    Ok(())
}

/// The `tree` command's view: 一级 indicators with their counts and points, then departments.
pub fn tree_table(tree: &IndicatorTree) -> String {
    let mut builder = tabled::builder::Builder::default();
    // The tiers `check` reports: no column of 二级 counts in a tree without them.
    let tiers = tree.tiers();
    // The counts of the tiers under 一级 the tree has, items last.
    let row = |code, name, level2: usize, level3: Option<usize>, items: usize, points| {
        let level2 = (tiers >= 3).then(|| level2.to_string());
        let counts = [level2, level3.map(|n| n.to_string()), Some(items.to_string())];
        [Some(code), Some(name)].into_iter().chain(counts).chain([Some(points)]).flatten().collect::<Vec<String>>()
    };
    builder.push_record(text::tree_headers(tiers));
    for g in group_rows(tree) {
        builder.push_record(row(g.code, g.name, g.level2, g.level3, g.items, g.points));
    }
    let s = tree_summary(tree);
    builder.push_record(row(String::new(), text::total(), s.level2, s.level3, s.items, s.points.clone()));
    let mut table = builder.build();
    table.with(tabled::settings::Style::sharp());
    let mut out = format!("{}\n{table}\n", text::tree_line(&s.source, tiers, s.items, &s.fingerprint));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_writes_what_serde_json_writes() {
        // Deeper than the line breaks first made.
        let deep = (0..30).fold(serde_json::json!([1, {}]), |v, _| serde_json::json!({ "a": [v, 2] }));
        let value = serde_json::json!({
            "units": [{ "items": [{ "code": "1.1", "score": null, "deep": deep }], "empty": [], "none": {} }],
            "warnings": [],
            "text": "a \"quoted\" 行\n",
        });
        let mut ours = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut ours, Pretty::default())).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }
}
