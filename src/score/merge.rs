//! Merging the score entries of many files into one score per unit and item (ItemScore), by the
//! rules for several departments and several sources, and saying what is missing.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use rust_decimal::Decimal;
use smallvec::SmallVec;

use crate::location::Location;
use crate::problem::Problem;
use crate::rules::{Combine, Missing, Rules};
use crate::scores::{Round, ScoreEntry, ScoreValue};
use crate::text;
use crate::tree::{IndicatorTree, Item};

/// The score of one item for one unit, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemScore {
    /// `None` when the item does not apply to the unit (不涉及). Within 0..points.
    pub value: Option<Decimal>,
    /// 倒扣: what a 倒扣项's deduction took beyond its points (0 for every other item); it comes
    /// off the unit's points obtained.
    pub penalty: Decimal,
    /// 扣分原因 and other remarks, joined.
    pub remark: Option<String>,
    /// Every cell that went into the score; empty for a missing score counted as 0. Nearly always
    /// one, held in place: a national table has 318,528 of them.
    pub sources: SmallVec<[Location; 1]>,
    /// The self-assessment beside the verified score, when the run has a review round (核定).
    pub review: Option<Box<Review>>,
    /// A row marks the item disputed (争议 / 申诉 column) for the unit: see `disputed`.
    pub disputed: bool,
}

/// The unit's own score (自评) kept beside the verified one (核定得分) that replaced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// The self-score: `None` for 不涉及. An item the unit left blank but the team verified counts
    /// at its verified score here (no adjustment).
    pub own: Option<Decimal>,
    /// The cells of the self-score; empty when there was none.
    pub own_sources: SmallVec<[Location; 1]>,
    /// The unit's own 扣分原因.
    pub own_remark: Option<String>,
    /// Whether the team verified the item; when not (未核定) the score is the self-score.
    pub verified: bool,
    /// Verified cells left blank (the item waits for its 核定得分).
    pub pending: SmallVec<[Location; 1]>,
}

impl Review {
    /// Whether the verified score differs from the self-score (a 不涉及 on either side counts).
    pub fn is_adjusted(&self, score: &ItemScore) -> bool {
        self.verified && self.own != score.value
    }
}

/// Every unit's item scores.
#[derive(Clone, Debug, Default)]
pub struct ScoreBook {
    /// Units in order of first appearance.
    pub units: Vec<String>,
    /// `scores[unit][item]`
    pub scores: Vec<Vec<Option<ItemScore>>>,
}

/// Merges entries by the rules; items still without a score are reported (or counted as 0).
pub fn merge(tree: &IndicatorTree, mut entries: Vec<ScoreEntry>, rules: &Rules) -> (ScoreBook, Vec<Problem>) {
    let mut book = ScoreBook::default();
    let mut units = UnitIndex::default();
    let key = |units: &mut UnitIndex, e: &ScoreEntry| (units.of(&e.unit), e.item);
    let (mut sorted, mut previous) = (true, (0, 0));
    for entry in &entries {
        let (unit, item) = key(&mut units, entry);
        if unit == book.units.len() {
            book.units.push(entry.unit.to_string());
        }
        sorted &= previous <= (unit, item);
        previous = (unit, item);
    }
    // Grouping by sorting rather than a map of vectors: no allocation per group, and the stable
    // sort keeps each group's entries in reading order. A long table comes sorted already.
    if !sorted {
        entries.sort_by_cached_key(|e| key(&mut units, e));
    }
    // With a review round the verified score replaces the self-score; without one nothing changes.
    // Sheets with a verified column only (考核得分 alone) are one round too, scored as they are.
    let reviewed = entries.iter().any(|e| e.round == Round::Verified) && entries.iter().any(|e| e.round == Round::Own);
    // Items whose rows were rejected, each with its own message: not missing as well.
    let mut rejected = vec![Vec::new(); book.units.len()];
    book.scores = vec![Vec::new(); book.units.len()];
    // Blocks of whole units are taken from the end, their units merged side by side, and the
    // entries' room given back as the item scores take theirs: a national table's entries and
    // scores are never held whole together. Each block's problems are put back in the order of
    // the blocks.
    let mut found = Vec::new();
    while !entries.is_empty() {
        let mut start = entries.len().saturating_sub(BLOCK);
        while start > 0 && same_unit(&entries[start - 1].unit, &entries[start].unit) {
            start -= 1;
        }
        let block: Vec<(usize, &[ScoreEntry])> =
            entries[start..].chunk_by(|a, b| same_unit(&a.unit, &b.unit)).map(|e| (units.of(&e[0].unit), e)).collect();
        let merged: Vec<_> =
            block.into_par_iter().map(|(unit, entries)| (unit, merge_unit(tree, &book.units[unit], entries, reviewed, rules))).collect();
        let mut problems = Vec::new();
        for (unit, (scores, unit_rejected, unit_problems)) in merged {
            (book.scores[unit], rejected[unit]) = (scores, unit_rejected);
            problems.extend(unit_problems);
        }
        found.push(problems);
        entries.truncate(start);
        if entries.len() <= entries.capacity() / 4 * 3 {
            entries.shrink_to_fit();
        }
    }
    let mut problems: Vec<Problem> = found.into_iter().rev().flatten().collect();
    report_missing(tree, &mut book, &rejected, rules, &mut problems);
    (book, problems)
}

/// The entries merged a block at a time: some 150 units of a long table, side by side where
/// there are threads.
const BLOCK: usize = 1 << 14;

/// One unit's entries, sorted by item, merged item by item: its item scores, the items whose rows
/// were rejected, and the problems in the order of the items.
fn merge_unit(
    tree: &IndicatorTree,
    unit: &str,
    entries: &[ScoreEntry],
    reviewed: bool,
    rules: &Rules,
) -> (Vec<Option<ItemScore>>, Vec<bool>, Vec<Problem>) {
    let (mut scores, mut rejected, mut problems) = (vec![None; tree.items.len()], vec![false; tree.items.len()], Vec::new());
    for entries in entries.chunk_by(|a, b| a.item == b.item) {
        let item = entries[0].item;
        let group: SmallVec<[&ScoreEntry; 2]> = entries.iter().collect();
        let context = Context { unit, item: &tree.items[item], lead: tree.items[item].lead.as_deref() };
        let merged = if reviewed { review(&context, &group, rules, &mut problems) } else { combine(&context, &group, rules, &mut problems) };
        match merged {
            // Disputed where any of its rows says so, in either round.
            Some(score) => scores[item] = Some(ItemScore { disputed: group.iter().any(|e| e.disputed()), ..score }),
            None => rejected[item] = true,
        }
    }
    (scores, rejected, problems)
}

/// Whether two rows name one unit. The rows of one unit share its name's allocation (see
/// `ScoreEntry::unit`): the pointers are compared before the text.
fn same_unit(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// Units by index, in order of first appearance. A unit's rows usually follow one another: the
/// last unit asked for is checked before the map.
#[derive(Default)]
struct UnitIndex {
    map: HashMap<Arc<str>, usize>,
    last: Option<(Arc<str>, usize)>,
}

impl UnitIndex {
    /// The unit's index: the next one for a unit not seen yet.
    fn of(&mut self, unit: &Arc<str>) -> usize {
        if let Some((name, index)) = &self.last
            && same_unit(name, unit)
        {
            return *index;
        }
        let next = self.map.len();
        let index = *self.map.entry(unit.clone()).or_insert(next);
        self.last = Some((unit.clone(), index));
        index
    }
}

struct Context<'a> {
    unit: &'a str,
    /// Named in messages as the table prints it.
    item: &'a Item,
    lead: Option<&'a str>,
}

/// One source's entries by department.
/// Small vectors: nearly every group is one row of one department and source, and a heap
/// allocation for each of them was a third of merging a national table.
type ByDepartment<'a> = SmallVec<[(Option<&'a str>, &'a ScoreEntry); 2]>;

/// One unit's entries for one item → its score. Same department and source must agree; several
/// departments combine by `rules.combine`; several sources by their weights.
fn combine(context: &Context<'_>, group: &[&ScoreEntry], rules: &Rules, problems: &mut Vec<Problem>) -> Option<ItemScore> {
    let combined = match group {
        // One row that scores the item, nearly every group of a long table: its value as it stands.
        [entry] if rules.source_weights.is_empty() && matches!(entry.value, ScoreValue::Points(_) | ScoreValue::NotApplicable) => match entry.value {
            ScoreValue::Points(p) => Some(p),
            _ => None,
        },
        _ => combine_rows(context, group, rules, problems)?,
    };
    // A 倒扣项's scores may be below 0 (see `scores::row_value`): they combine as they are, and what
    // is below 0 after combining is the penalty.
    let penalty = combined.filter(|v| v.is_sign_negative()).map_or(Decimal::ZERO, |v| -v);
    // `max(0)` without comparing decimals; a zero of any scale gives way to 0, as `max` gives it.
    let value = combined.map(|v| if v.is_sign_positive() && !v.is_zero() { v } else { Decimal::ZERO });
    // Joined without a list of them first: one allocation for the usual single remark or none.
    let mut remarks = group.iter().filter_map(|e| e.remark());
    let remark = remarks.next().map(|first| {
        remarks.fold(first.to_string(), |mut all, r| {
            all.push(';');
            all.push_str(r);
            all
        })
    });
    Some(ItemScore { value, penalty, remark, sources: group.iter().map(|e| e.location.clone()).collect(), review: None, disputed: false })
}

/// The combined value of several rows (`None`: not applicable), or `None` when they cannot give one.
fn combine_rows(context: &Context<'_>, group: &[&ScoreEntry], rules: &Rules, problems: &mut Vec<Problem>) -> Option<Option<Decimal>> {
    let mut by_source: SmallVec<[(Option<&str>, ByDepartment<'_>); 1]> = SmallVec::new();
    let mut failed = false;
    for entry in group {
        if matches!(entry.value, ScoreValue::Blank | ScoreValue::Invalid) {
            // An invalid cell was reported when it was read.
            if entry.value == ScoreValue::Blank {
                problems.push(Problem::error(entry.location.clone(), text::blank_score(context.item.label())));
            }
            failed = true;
            continue;
        }
        let source = entry.source();
        let position = by_source.iter().position(|(s, _)| *s == source).unwrap_or_else(|| {
            by_source.push((source, SmallVec::new()));
            by_source.len() - 1
        });
        let departments = &mut by_source[position].1;
        let department = entry.department();
        match departments.iter().find(|(d, _)| *d == department) {
            Some((_, first)) if first.value != entry.value => {
                problems.push(Problem::error(
                    entry.location.clone(),
                    text::conflict(context.unit, context.item.label(), &first.value, &entry.value, &first.location),
                ));
                failed = true;
            }
            Some((_, first)) => {
                problems.push(Problem::warning(entry.location.clone(), text::duplicate_row(context.unit, context.item.label(), &first.location)))
            }
            None => departments.push((department, *entry)),
        }
    }
    if !rules.source_weights.is_empty() {
        let present: Vec<Option<&str>> = by_source.iter().map(|(s, _)| *s).collect();
        failed |= !check_sources(context, group, &present, rules, problems);
    }
    if failed {
        return None;
    }
    let mut per_source: SmallVec<[_; 2]> = SmallVec::new();
    for (source, departments) in &by_source {
        match combine_departments(context, departments, rules) {
            Ok(value) => per_source.push((*source, value)),
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        }
    }
    Some(combine_sources(&per_source, rules))
}

/// One unit's entries for one item in a run with a review round: the verified rows give the
/// score, the unit's own rows the self-score beside it. Without a verified score the item keeps
/// its self-score and waits (未核定, see `rounds::unverified`); a blank self-score beside a
/// verified one is said, and counts at the verified score.
fn review(context: &Context<'_>, group: &[&ScoreEntry], rules: &Rules, problems: &mut Vec<Problem>) -> Option<ItemScore> {
    let (verified, own): (Vec<&ScoreEntry>, Vec<&ScoreEntry>) = group.iter().partition(|e| e.round == Round::Verified);
    let (filled, pending): (Vec<&ScoreEntry>, Vec<&ScoreEntry>) = verified.into_iter().partition(|e| e.value != ScoreValue::Blank);
    if filled.is_empty() && own.is_empty() {
        // Blank verified cells and nothing else: blanks, said as such.
        return combine(context, &pending, rules, problems);
    }
    let pending = pending.iter().map(|e| e.location.clone()).collect();
    if filled.is_empty() {
        let score = combine(context, &own, rules, problems)?;
        let review = Review { own: score.value, own_sources: score.sources.clone(), own_remark: score.remark.clone(), verified: false, pending };
        return Some(ItemScore { review: Some(Box::new(review)), ..score });
    }
    let mut score = combine(context, &filled, rules, problems)?;
    let (blank, scored): (Vec<&ScoreEntry>, Vec<&ScoreEntry>) = own.into_iter().partition(|e| e.value == ScoreValue::Blank);
    for entry in blank {
        problems.push(Problem::warning(entry.location.clone(), text::own_blank_verified(context.unit, context.item.label())));
    }
    let mine = if scored.is_empty() { None } else { combine(context, &scored, rules, problems) };
    let review = match mine {
        Some(mine) => Review { own: mine.value, own_sources: mine.sources, own_remark: mine.remark, verified: true, pending },
        None => Review { own: score.value, own_sources: SmallVec::new(), own_remark: None, verified: true, pending },
    };
    score.review = Some(Box::new(review));
    Some(score)
}

/// With source weights, every row names a known source and every source scores the item (or says
/// 不涉及): a missing source is an error rather than a silent re-weighting.
fn check_sources(context: &Context<'_>, group: &[&ScoreEntry], present: &[Option<&str>], rules: &Rules, problems: &mut Vec<Problem>) -> bool {
    let known = || text::list(rules.source_weights.iter().map(|(s, _)| s));
    let mut ok = true;
    for entry in group {
        match entry.source() {
            None => problems.push(Problem::error(entry.location.clone(), text::no_source(known()))),
            Some(s) if !rules.source_weights.iter().any(|(name, _)| name == s) => {
                problems.push(Problem::error(entry.location.clone(), text::unknown_source(s, known())))
            }
            Some(_) => continue,
        }
        ok = false;
    }
    let absent: Vec<&str> = rules.source_weights.iter().map(|(s, _)| s.as_str()).filter(|s| !present.contains(&Some(*s))).collect();
    if ok && !absent.is_empty() {
        let at = group.first().map(|e| e.location.clone());
        problems.push(Problem::error(at, text::missing_sources(context.unit, context.item.label(), text::list(&absent))));
        ok = false;
    }
    ok
}

/// Departments that mark an item 不涉及 leave the combination; it is not applicable only when
/// every department says so.
fn combine_departments(context: &Context<'_>, departments: &[(Option<&str>, &ScoreEntry)], rules: &Rules) -> Result<Option<Decimal>, Problem> {
    let scored: SmallVec<[(Option<&str>, Decimal, &Location); 2]> = departments
        .iter()
        .filter_map(|(d, e)| match e.value {
            ScoreValue::Points(p) => Some((*d, p, &e.location)),
            _ => None,
        })
        .collect();
    if scored.is_empty() {
        return Ok(None);
    }
    if scored.len() == 1 {
        return Ok(Some(scored[0].1));
    }
    let value = match rules.combine {
        Combine::Min => scored.iter().map(|s| s.1).min(),
        Combine::Lead => match scored.iter().find(|s| s.0.is_some() && s.0 == context.lead) {
            Some(s) => Some(s.1),
            None => {
                let at = scored[0].2.clone();
                return Err(Problem::error(at, text::lead_not_scored(context.unit, context.item.label(), context.lead.unwrap_or("?"))));
            }
        },
        Combine::Mean => {
            let weight = |d: Option<&str>| d.and_then(|d| rules.department_weights.get(d)).copied().unwrap_or(Decimal::ONE);
            let total: Decimal = scored.iter().map(|s| weight(s.0)).sum();
            (!total.is_zero()).then(|| scored.iter().map(|s| s.1 * weight(s.0)).sum::<Decimal>() / total)
        }
    };
    Ok(value)
}

/// Sources combine by their weights over the sources that score the item (not 不涉及); without
/// source weights in the rules every source counts 1.
fn combine_sources(per_source: &[(Option<&str>, Option<Decimal>)], rules: &Rules) -> Option<Decimal> {
    let scored: SmallVec<[(Option<&str>, Decimal); 2]> = per_source.iter().filter_map(|(s, v)| v.map(|v| (*s, v))).collect();
    match scored.len() {
        0 => None,
        1 => Some(scored[0].1),
        _ => {
            let weight = |s: Option<&str>| s.and_then(|s| rules.source_weights.iter().find(|(name, _)| name == s)).map_or(Decimal::ONE, |w| w.1);
            let total: Decimal = scored.iter().map(|s| weight(s.0)).sum();
            (!total.is_zero()).then(|| scored.iter().map(|s| s.1 * weight(s.0)).sum::<Decimal>() / total)
        }
    }
}

fn report_missing(tree: &IndicatorTree, book: &mut ScoreBook, rejected: &[Vec<bool>], rules: &Rules, problems: &mut Vec<Problem>) {
    for (unit, scores) in book.scores.iter_mut().enumerate() {
        let missing: Vec<usize> = (0..tree.items.len()).filter(|&i| scores[i].is_none() && !rejected[unit][i]).collect();
        if missing.is_empty() {
            continue;
        }
        let codes = missing.iter().map(|&i| format!("“{}”", tree.items[i].label())).collect::<Vec<_>>().join("、");
        let name = &book.units[unit];
        match rules.missing {
            Missing::Error => problems.push(Problem::error(None, text::missing_items(name, missing.len(), codes))),
            Missing::Zero => {
                problems.push(Problem::warning(None, text::missing_counted_zero(name, missing.len(), codes)));
                for i in missing {
                    scores[i] = Some(ItemScore {
                        value: Some(Decimal::ZERO),
                        penalty: Decimal::ZERO,
                        remark: None,
                        sources: SmallVec::new(),
                        review: None,
                        disputed: false,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::About;
    use rust_decimal_macros::dec;

    fn tree() -> IndicatorTree {
        IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "分值", "牵头单位", "配合单位"],
            ["一", "甲", "a", "10", "司法局", "财政局、审计局"],
        ])
    }

    fn entry(department: &str, source: Option<&str>, value: ScoreValue) -> ScoreEntry {
        ScoreEntry {
            unit: "甲区".into(),
            item: 0,
            value,
            location: Location::file(format!("{department}.xlsx")),
            round: Round::Own,
            about: About::of(Some(department.into()), source.map(String::from), None),
        }
    }

    fn merged(entries: Vec<ScoreEntry>, rules: &Rules) -> (Option<Decimal>, Vec<Problem>) {
        let (book, problems) = merge(&tree(), entries, rules);
        (book.scores[0][0].as_ref().and_then(|s| s.value), problems)
    }

    #[test]
    fn departments_combine_by_the_chosen_rule() {
        let entries = || {
            vec![
                entry("司法局", None, ScoreValue::Points(dec!(9))),
                entry("财政局", None, ScoreValue::Points(dec!(6))),
                entry("审计局", None, ScoreValue::NotApplicable),
            ]
        };
        let mut rules = Rules::default();
        assert_eq!(merged(entries(), &rules).0, Some(dec!(7.5)));
        rules.department_weights.insert("司法局".into(), dec!(2));
        assert_eq!(merged(entries(), &rules).0, Some(dec!(8)));
        rules.combine = Combine::Lead;
        assert_eq!(merged(entries(), &rules).0, Some(dec!(9)));
        rules.combine = Combine::Min;
        assert_eq!(merged(entries(), &rules).0, Some(dec!(6)));
    }

    #[test]
    fn lead_rule_without_the_lead_is_an_error() {
        let rules = Rules { combine: Combine::Lead, ..Rules::default() };
        let entries = vec![entry("财政局", None, ScoreValue::Points(dec!(6))), entry("审计局", None, ScoreValue::Points(dec!(7)))];
        let (value, problems) = merged(entries, &rules);
        assert_eq!(value, None);
        assert!(problems[0].message.contains("牵头单位 司法局 没有评分"), "{}", problems[0].message);
    }

    #[test]
    fn sources_combine_by_weight_and_all_not_applicable_stays_not_applicable() {
        let rules = Rules {
            source_weights: vec![("自评".into(), dec!(30)), ("专家评估".into(), dec!(50)), ("满意度测评".into(), dec!(20))],
            ..Rules::default()
        };
        let entries = vec![
            entry("司法局", Some("自评"), ScoreValue::Points(dec!(10))),
            entry("司法局", Some("专家评估"), ScoreValue::Points(dec!(8))),
            entry("司法局", Some("满意度测评"), ScoreValue::Points(dec!(5))),
        ];
        // (10×30 + 8×50 + 5×20) ÷ 100 = 8
        assert_eq!(merged(entries, &rules).0, Some(dec!(8)));
        let (value, problems) = merged(vec![entry("司法局", None, ScoreValue::NotApplicable)], &Rules::default());
        assert_eq!((value, problems.len()), (None, 0));
    }

    #[test]
    fn a_penalty_is_what_stays_below_0_once_the_departments_combine() {
        // 司法局 takes 6 beyond the points (倒扣), 财政局 gives 4: the mean −1 is 0 and 1 倒扣.
        let entries = vec![entry("司法局", None, ScoreValue::Points(dec!(-6))), entry("财政局", None, ScoreValue::Points(dec!(4)))];
        let (book, problems) = merge(&tree(), entries, &Rules::default());
        let score = book.scores[0][0].as_ref().unwrap();
        assert_eq!((score.value, score.penalty, problems.len()), (Some(dec!(0)), dec!(1), 0));
    }

    #[test]
    fn entries_out_of_order_merge_as_sorted_and_problems_follow_units_and_items() {
        let tree = IndicatorTree::of_texts(&[
            ["一级指标", "二级指标", "三级指标", "编号", "分值"],
            ["一", "甲", "a", "1", "10"],
            ["一", "甲", "b", "2", "10"],
        ]);
        let at = |unit: &str, item: usize, value| ScoreEntry {
            unit: unit.into(),
            item,
            value,
            location: Location::file(format!("{unit}{item}.csv")),
            round: Round::Own,
            about: None,
        };
        let entries = vec![
            at("乙区", 1, ScoreValue::Blank),
            at("甲区", 1, ScoreValue::Points(dec!(7))),
            at("乙区", 0, ScoreValue::Blank),
            at("甲区", 0, ScoreValue::Points(dec!(8))),
            at("甲区", 1, ScoreValue::Points(dec!(7))),
        ];
        let (book, problems) = merge(&tree, entries, &Rules::default());
        assert_eq!(book.units, ["乙区", "甲区"], "units in order of first appearance");
        let values: Vec<Vec<Option<Decimal>>> = book.scores.iter().map(|s| s.iter().map(|s| s.as_ref().and_then(|s| s.value)).collect()).collect();
        assert_eq!(values, [vec![None, None], vec![Some(dec!(8)), Some(dec!(7))]]);
        let places: Vec<String> = problems.iter().map(|p| p.location.as_ref().unwrap().to_string()).collect();
        assert_eq!(places, ["乙区0.csv", "乙区1.csv", "甲区1.csv"], "{problems:?}");
    }

    #[test]
    fn same_department_must_agree() {
        let entries = vec![entry("司法局", None, ScoreValue::Points(dec!(9))), entry("司法局", None, ScoreValue::Points(dec!(9)))];
        let (value, problems) = merged(entries, &Rules::default());
        assert_eq!(value, Some(dec!(9)));
        assert_eq!(problems[0].severity, crate::problem::Severity::Warning);
        let entries = vec![entry("司法局", None, ScoreValue::Points(dec!(9))), entry("司法局", None, ScoreValue::NotApplicable)];
        let (_, problems) = merged(entries, &Rules::default());
        assert_eq!(problems[0].severity, crate::problem::Severity::Error);
    }

    #[test]
    fn a_verified_score_replaces_the_self_score_and_keeps_it_beside() {
        let verified = |value| ScoreEntry {
            round: Round::Verified,
            about: About::of(Some("考核组".into()), None, Some("核减".into())),
            ..entry("考核组", None, value)
        };
        // 9 self, 7 verified: the score is 7, adjusted by −2; the self-score's cell is kept.
        let (book, problems) =
            merge(&tree(), vec![entry("司法局", None, ScoreValue::Points(dec!(9))), verified(ScoreValue::Points(dec!(7)))], &Rules::default());
        let score = book.scores[0][0].clone().unwrap();
        let review = score.review.as_deref().unwrap();
        assert_eq!((score.value, review.own, review.verified, score.remark.as_deref()), (Some(dec!(7)), Some(dec!(9)), true, Some("核减")));
        assert_eq!((review.own_sources[0].to_string(), score.sources[0].to_string()), ("司法局.xlsx".into(), "考核组.xlsx".into()));
        assert!(problems.is_empty());
        // Verified 不涉及 against a self-scored 9: an adjustment.
        let (book, _) =
            merge(&tree(), vec![entry("司法局", None, ScoreValue::Points(dec!(9))), verified(ScoreValue::NotApplicable)], &Rules::default());
        let score = book.scores[0][0].clone().unwrap();
        assert!(score.value.is_none() && score.review.as_deref().unwrap().is_adjusted(&score));
        // A blank verified cell: the self-score stands, not verified, the blank cell remembered.
        let (book, problems) =
            merge(&tree(), vec![entry("司法局", None, ScoreValue::Points(dec!(9))), verified(ScoreValue::Blank)], &Rules::default());
        let score = book.scores[0][0].clone().unwrap();
        let review = score.review.as_deref().unwrap();
        assert_eq!((score.value, review.verified, review.pending.len(), problems.len()), (Some(dec!(9)), false, 1, 0));
        // Nothing but a blank verified cell is a blank, an error.
        let (book, problems) = merge(&tree(), vec![verified(ScoreValue::Blank)], &Rules::default());
        assert!(book.scores[0][0].is_none() && problems[0].severity == crate::problem::Severity::Error);
    }
}
