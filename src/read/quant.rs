//! 定量规则 read from words: an item's 评分标准 where it has one of the common published forms
//! ("达到95%得满分,每低1个百分点扣0.5分,扣完为止", "100%得满分,每少报1件扣1分", "≥95%得满分,90%-95%得
//! 一半,低于90%不得分", "低于全市平均水平的不得分"), and a scheme's `target = "≥95%"`.
//!
//! The text is cut into clauses (at , ; 。), and each clause is read for what it is: a condition
//! (a comparison and a level: "达到95%以上", "低于全市平均水平", "90%-95%"), what it gives (得满分,
//! 不得分, 得一半, 得5分, 扣2分), a step ("每低1个百分点扣0.5分"), or a modifier (扣完为止, 不足1个百分点
//! 按1个计, 最多扣3分, 保留两位小数, 分母为0的不涉及). A text that speaks of rates but does not come
//! together as one rule is refused with the reason, never read half.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::location::Location;
use crate::number;
use crate::problem::Problem;
use crate::quant::{Award, Band, Cmp, Condition, Level, Measure, PartStep, QuantRule, RuleSource, Shortfall, StepUnit, Steps, WhenNone};
use crate::text;
use crate::tree::IndicatorTree;

/// What a scoring standard says.
#[derive(Debug, PartialEq)]
pub enum Read {
    /// Nothing about figures: an item judged, not counted.
    NotARule,
    Rule(QuantRule),
    /// It speaks of rates or counts but is not one rule: why.
    Refused(String),
}

/// An item's scoring standard read; `at` is its cell. Published tables often state the target in
/// the item's text ("案卷合格率达95%以上") and only the deduction in the standard ("合格率每低5个百分点扣1
/// 分"): a standard without a target takes the one the item's text (`item`) states.
pub fn read_standard(item: &str, standard: &str, at: Location) -> Read {
    let folded = fold(standard);
    if !looks_like_rule(&folded) && !counts_pieces(&folded, &fold(item)) {
        return Read::NotARule;
    }
    let read = match rule(standard, item) {
        Err(NotRead::NoTarget) => rule(&format!("{item}\n{standard}"), item),
        read => read,
    };
    match read.map_err(NotRead::why) {
        Ok(mut rule) => {
            rule.source = RuleSource::Text { text: standard.trim().to_string(), at };
            Read::Rule(rule)
        }
        Err(why) => Read::Refused(why),
    }
}

/// Whether a text speaks of a rate, an average, last year or percentage points: then it is a rule or refused.
fn looks_like_rule(folded: &str) -> bool {
    ["%", "百分点", "平均"].iter().chain(&PREVIOUS).any(|w| folded.contains(w))
}

/// Whether a text deducts per 件, 起 or 次 counted against a count: "每发生1起扣2分" (against none),
/// "每超过1件扣0.5分", or "每少报1件扣1分" where a count is the target ("报送不少于5件"). A deduction per
/// thing found wanting ("每缺1项扣1分", "每发现一件未经审查的扣1分") is an item judged, not counted.
fn counts_pieces(standard: &str, item: &str) -> bool {
    let pieces = |c: &&str| ["件", "起", "次"].iter().any(|u| c.contains(&format!("{u}扣")) || c.contains(&format!("{u}的扣")));
    let steps: Vec<Step> = clauses(standard).filter(pieces).filter_map(|c| step(c).ok().flatten()).collect();
    let count_level = || {
        clauses(standard)
            .chain(clauses(item))
            .filter(|c| !c.contains('每'))
            .any(|c| first_level(c).is_some_and(|(_, _, unit, _)| ["件", "起", "次"].contains(&unit)))
    };
    steps.iter().any(|s| !s.higher) || (!steps.is_empty() && count_level())
}

/// A text's clauses, cut at , ; 。 and line ends.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '，', ';', '；', '。', '\n']).filter(|c| !c.is_empty())
}

/// The words of last year's figure, longer first: "不低于上年", "较上一年度提高", "同比", "逐年提高".
const PREVIOUS: [&str; 7] = ["上一年度", "上一年", "上年度", "上年", "去年", "同比", "逐年"];

/// A condition as a scheme writes it ("≥95%", ">平均", "100%", "≤2件", ">上年"), with what it
/// measures; "持平" is equal to the level of the target, `target`, when there is one.
pub fn read_condition(written: &str, target: Option<Level>) -> Result<(Condition, Option<Measure>), String> {
    let clause = fold(written);
    let found = condition(&clause)?.ok_or_else(|| text::quant_no_level(written.trim()))?;
    match (found.level_of_target, target) {
        (false, _) => Ok((found.condition, found.measure)),
        (true, Some(level)) => Ok((Condition { cmp: Cmp::Equal, level }, None)),
        (true, None) => Err(text::quant_no_level(written.trim())),
    }
}

/// A step as a scheme writes it: "1个百分点", "1件", "0.5" (百分点 for a rate, 件 for a count).
pub fn read_step(written: &str, measure: Measure) -> Result<(Decimal, StepUnit), String> {
    let clause = fold(written);
    let (per, rest) = leading_number(&clause).ok_or_else(|| text::quant_bad_step(written.trim()))?;
    let unit = match rest {
        "" => match measure {
            Measure::Rate => StepUnit::Points,
            Measure::Count => StepUnit::Pieces,
        },
        rest => step_unit(rest).ok_or_else(|| text::quant_bad_step(written.trim()))?,
    };
    Ok((per, unit))
}

/// An award as a scheme writes it: "满分", "一半", "不得分", "5分", or a number of points.
pub fn read_award(written: &str) -> Result<Award, String> {
    let clause = fold(written);
    let clause = clause.strip_prefix('得').unwrap_or(&clause);
    match consequence(clause) {
        Some((_, Given::Award(a))) => Ok(a),
        _ => match leading_number(clause) {
            Some((points, "" | "分")) => Ok(Award::Points(points)),
            _ => Err(text::quant_bad_award(written.trim())),
        },
    }
}

/// The rules read from the items' 评分标准, for the items the scheme gives none: added to the rules;
/// a standard that looks like a rule and is not one is a warning at its cell.
pub fn rules_of_standards(tree: &IndicatorTree, rules: &mut BTreeMap<String, QuantRule>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for item in &tree.items {
        let (Some(standard), false) = (&item.standard, rules.contains_key(&item.code)) else { continue };
        let at = item.standard_at.clone().unwrap_or_else(|| item.location.clone());
        match read_standard(&item.name, standard, at.clone()) {
            Read::NotARule => {}
            Read::Rule(rule) => {
                rules.insert(item.code.clone(), rule);
            }
            Read::Refused(why) => problems.push(Problem::warning(at, text::quant_standard_refused(&item.code, why))),
        }
    }
    problems
}

/// The traditional forms the published texts use (達到, 於, 計), folded to the simplified ones, and
/// full-width forms to ASCII.
fn fold(text: &str) -> String {
    const PAIRS: [(char, char); 16] = [
        ('達', '达'),
        ('於', '于'),
        ('計', '计'),
        ('報', '报'),
        ('備', '备'),
        ('滿', '满'),
        ('則', '则'),
        ('為', '为'),
        ('個', '个'),
        ('點', '点'),
        ('數', '数'),
        ('項', '项'),
        ('結', '结'),
        ('審', '审'),
        ('規', '规'),
        ('範', '范'),
    ];
    number::fold_width(text)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '～' => '~',
            '—' | '–' => '-',
            c => PAIRS.iter().find(|(t, _)| *t == c).map_or(c, |(_, s)| *s),
        })
        .collect()
}

/// What a clause gives.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Given {
    Award(Award),
    /// 扣N分 (not per step).
    Deduct(Decimal),
}

/// A condition found in a clause, with the measure its level's unit says.
struct Found {
    condition: Condition,
    measure: Option<Measure>,
    /// "持平": equal to the target's level, resolved when the rule is put together.
    level_of_target: bool,
    /// The text before the comparison: the rate's name ("出庭应诉率").
    subject: String,
}

/// Why words are not a rule.
enum NotRead {
    /// Nothing says what earns full points.
    NoTarget,
    Why(String),
}

impl NotRead {
    fn why(self) -> String {
        match self {
            NotRead::NoTarget => text::quant_no_target(),
            NotRead::Why(why) => why,
        }
    }
}

impl From<String> for NotRead {
    fn from(why: String) -> Self {
        NotRead::Why(why)
    }
}

/// Reads a whole rule in words into a rule, or says why not; the caller says where it was read.
pub fn read_rule(words: &str) -> Result<QuantRule, String> {
    rule(words, "").map_err(NotRead::why)
}

/// `item`: the item's text, which names the rate where the standard only says "高于上年的得满分".
fn rule(standard: &str, item: &str) -> Result<QuantRule, NotRead> {
    let mut target: Option<(Condition, Option<Measure>)> = None;
    let mut bare: Option<(Condition, Option<Measure>)> = None;
    let mut not_met: Option<(Option<Condition>, Given)> = None;
    let mut bands: Vec<(Found, Award)> = Vec::new();
    let mut steps: Option<Step> = None;
    let (mut part, mut cap, mut decimals, mut when_none) = (PartStep::ProRata, None, None, WhenNone::Refuse);
    let mut subject = String::new();
    let whole = fold(standard);
    for raw in clauses(standard).map(fold) {
        let clause = raw.trim_end_matches('.');
        if clause.contains("扣完为止") && !clause.contains('每') {
            continue;
        }
        if let Some(p) = part_step(clause) {
            part = p;
            continue;
        }
        if let Some(c) = cap_of(clause) {
            cap = Some(c);
            continue;
        }
        if let Some(d) = decimals_of(clause) {
            decimals = Some(d);
            continue;
        }
        if clause == "四舍五入" {
            continue;
        }
        if let Some(w) = none_of(clause) {
            when_none = w;
            continue;
        }
        if let Some(found) = step(clause)? {
            if steps.replace(found).is_some() {
                return Err(text::quant_two_steps().into());
            }
            continue;
        }
        let (before, given) = match consequence(clause) {
            Some((before, given)) => (before, Some(given)),
            None => (clause, None),
        };
        let before = before.trim_end_matches('的');
        let found = condition(before)?;
        if subject.is_empty()
            && let Some(f) = &found
        {
            subject = f.subject.clone();
        }
        match (found, given) {
            (Some(f), Some(Given::Award(Award::Full))) if target.is_none() && !f.level_of_target => target = Some((f.condition, f.measure)),
            (Some(f), Some(Given::Award(Award::Nothing))) if !f.level_of_target && is_negation(before) => {
                not_met = Some((Some(f.condition), Given::Award(Award::Nothing)))
            }
            (Some(f), Some(Given::Award(award))) => bands.push((f, award)),
            (None, Some(given)) if is_negation(before) => not_met = Some((None, given)),
            (Some(f), Some(given @ Given::Deduct(_))) if is_negation(before) => not_met = Some((Some(f.condition), given)),
            (Some(f), None) if bare.is_none() && !f.level_of_target => bare = Some((f.condition, f.measure)),
            (None, None) => {}
            _ => return Err(text::quant_clause_not_read(clause).into()),
        }
    }
    if rates_named(&subject) > 1 {
        return Err(text::quant_several_rates(&subject).into());
    }
    // The target: what gives full points; else the level a clause states alone ("报备率100%,每少报1件扣1
    // 分"); else the other side of the one that gives nothing ("低于全市平均水平的不得分").
    let negated = not_met.as_ref().and_then(|(c, _)| c.map(|c| (negate(c), None)));
    // "每发生1起扣2分" alone: none is the target.
    let none = steps
        .filter(|s| s.occurs && s.unit == StepUnit::Pieces)
        .map(|_| (Condition { cmp: Cmp::AtMost, level: Level::Fixed(Decimal::ZERO) }, Some(Measure::Count)));
    let (target, measure) = target.or(bare).or(negated).or(none).ok_or(NotRead::NoTarget)?;
    // 低于90%不得分 below bands is what lies below them anyway.
    bands.retain(|(f, a)| !(*a == Award::Nothing && is_lower_than_bands(f)));
    // A rate by its name, or by a step in 百分点.
    let rate = whole.contains('率') || item.contains('率') || steps.is_some_and(|s| s.unit == StepUnit::Points);
    let measure = measure.unwrap_or(if rate { Measure::Rate } else { Measure::Count });
    let bands: Vec<Band> = bands
        .into_iter()
        .map(|(f, award)| {
            let from = if f.level_of_target { Condition { cmp: Cmp::Equal, level: target.level } } else { f.condition };
            Band { from, award }
        })
        .collect();
    let shortfall = match (steps, bands.is_empty(), not_met) {
        (Some(_), false, _) | (None, false, Some((_, Given::Deduct(_)))) => return Err(text::quant_steps_and_bands().into()),
        (Some(_), true, Some(_)) => return Err(text::quant_two_shortfalls().into()),
        (Some(Step { higher, per, unit, deduct, .. }), true, _) => {
            if target.cmp != Cmp::Equal && higher != target.cmp.higher_is_better() {
                return Err(text::quant_step_direction().into());
            }
            if measure == Measure::Count && unit == StepUnit::Points {
                return Err(text::quant_step_direction().into());
            }
            Shortfall::Steps(Steps { per, unit, deduct, part, cap })
        }
        (None, false, _) => Shortfall::Bands(bands),
        (None, true, Some((_, Given::Deduct(d)))) => Shortfall::Deduct(d),
        (None, true, Some((_, Given::Award(Award::Nothing)))) => Shortfall::Nothing,
        (None, true, _) => return Err(text::quant_no_shortfall().into()),
    };
    Ok(QuantRule { measure, target, shortfall, when_none, decimals, source: RuleSource::Scheme { line: 0 } })
}

/// A clause saying what happens when the target is missed: "未达到的", "否则", "低于…的".
fn is_negation(before: &str) -> bool {
    ["未达到", "达不到", "未达", "否则", "低于", "不足", "少于", "高于", "超过", "以下"].iter().any(|w| before.contains(w))
}

/// A band that gives nothing below the others is no band.
fn is_lower_than_bands(found: &Found) -> bool {
    matches!(found.condition.cmp, Cmp::Below | Cmp::AtMost)
}

fn negate(c: Condition) -> Condition {
    let cmp = match c.cmp {
        Cmp::Below => Cmp::AtLeast,
        Cmp::AtMost => Cmp::Above,
        Cmp::Above => Cmp::AtMost,
        Cmp::AtLeast => Cmp::Below,
        Cmp::Equal => Cmp::Equal,
    };
    Condition { cmp, level: c.level }
}

/// How many rates a clause's subject names: "报备率、及时率、规范率" three.
fn rates_named(subject: &str) -> usize {
    subject.split(['、', '和', '及']).filter(|p| p.contains('率')).count()
}

/// What the end of a clause gives: 得满分, 不得分, 得一半, 得N分, 扣N分; with the text before it.
fn consequence(clause: &str) -> Option<(&str, Given)> {
    const AWARDS: [(&str, Award); 9] = [
        ("不得分", Award::Nothing),
        ("不计分", Award::Nothing),
        ("得满分", Award::Full),
        ("得全分", Award::Full),
        ("满分", Award::Full),
        ("得分减半", Award::Share(Decimal::from_parts(5, 0, 0, false, 1))),
        ("得一半分", Award::Share(Decimal::from_parts(5, 0, 0, false, 1))),
        ("得一半", Award::Share(Decimal::from_parts(5, 0, 0, false, 1))),
        ("一半", Award::Share(Decimal::from_parts(5, 0, 0, false, 1))),
    ];
    for (word, award) in AWARDS {
        if let Some(at) = clause.rfind(word)
            && clause[at + word.len()..].trim_end_matches(['.', '。']).is_empty()
        {
            return Some((&clause[..at], Given::Award(award)));
        }
    }
    // 得N分 / 扣N分 at the end.
    let body = clause.strip_suffix('分')?;
    let start = body.rfind(|c: char| !(c.is_ascii_digit() || c == '.' || chinese_digit(c).is_some()))?;
    let (before, n) = body.split_at(start);
    let word = n.chars().next()?;
    let value = number_of(&n[word.len_utf8()..])?;
    match word {
        '得' if value.is_zero() => Some((before, Given::Award(Award::Nothing))),
        '得' => Some((before, Given::Award(Award::Points(value)))),
        '扣' if !before.contains('每') => Some((before, Given::Deduct(value))),
        _ => None,
    }
}

/// A step: "每低1个百分点扣0.5分", "每发生1起扣2分".
#[derive(Clone, Copy)]
struct Step {
    /// Whether more is better (每低, 每少报), or less (每超过, 每发生).
    higher: bool,
    per: Decimal,
    unit: StepUnit,
    deduct: Decimal,
    /// Counted from none (每发生1起): the target, where the text states none, is 0.
    occurs: bool,
}

fn step(clause: &str) -> Result<Option<Step>, String> {
    let Some(at) = clause.find('每') else { return Ok(None) };
    let rest = &clause[at + '每'.len_utf8()..];
    const LOWER: [&str; 9] = ["少报", "降低", "下降", "减少", "低于", "少", "低", "差", "缺"];
    const HIGHER: [&str; 8] = ["发生", "超过", "超出", "增加", "上升", "超", "高", "多"];
    let occurs = rest.starts_with("发生");
    let (higher, rest) = match (LOWER.iter().find(|w| rest.starts_with(*w)), HIGHER.iter().find(|w| rest.starts_with(*w))) {
        (Some(w), _) => (true, &rest[w.len()..]),
        (None, Some(w)) => (false, &rest[w.len()..]),
        (None, None) => return Ok(None),
    };
    let Some((per, rest)) = leading_number(rest) else { return Err(text::quant_clause_not_read(clause)) };
    let Some(cut) = rest.find('扣') else { return Err(text::quant_clause_not_read(clause)) };
    let unit = step_unit(&rest[..cut]).ok_or_else(|| text::quant_clause_not_read(clause))?;
    let after = rest[cut + '扣'.len_utf8()..].trim_end_matches("扣完为止");
    let deduct = after.strip_suffix('分').and_then(number_of).ok_or_else(|| text::quant_clause_not_read(clause))?;
    if per.is_zero() {
        return Err(text::quant_clause_not_read(clause));
    }
    Ok(Some(Step { higher, per, unit, deduct, occurs }))
}

fn step_unit(text: &str) -> Option<StepUnit> {
    let text = text.trim_end_matches('的');
    if ["个百分点", "百分点", "%"].contains(&text) {
        return Some(StepUnit::Points);
    }
    ["件", "次", "个", "人", "起", "项", "家", "件次"].contains(&text).then_some(StepUnit::Pieces)
}

/// "不足1个百分点按1个计" (whole), "不足1个百分点的不扣分" (nothing), "按比例扣分" (pro rata).
fn part_step(clause: &str) -> Option<PartStep> {
    if clause.contains("按比例") {
        return Some(PartStep::ProRata);
    }
    let rest = &clause[clause.find("不足")? + "不足".len()..];
    // A part of a step, not a level: "不足1个百分点", never "不足95%".
    let (_, unit) = leading_number(rest)?;
    if !["个百分点", "百分点", "件", "次", "起", "个"].iter().any(|u| unit.starts_with(u)) {
        return None;
    }
    if rest.contains("不扣") || rest.contains("不计") {
        Some(PartStep::Drop)
    } else if rest.contains('按') && rest.contains('计') {
        Some(PartStep::Whole)
    } else {
        None
    }
}

/// "最多扣3分", "扣分不超过3分", "累计扣分不超过3分", "最高扣3分".
fn cap_of(clause: &str) -> Option<Decimal> {
    for word in ["最多扣", "最高扣", "扣分不超过", "扣分最多", "扣分上限为", "扣分上限"] {
        if let Some(at) = clause.find(word) {
            let rest = clause[at + word.len()..].trim_start_matches("除");
            return leading_number(rest).filter(|(_, r)| r.starts_with('分')).map(|(n, _)| n);
        }
    }
    None
}

/// "保留两位小数", "保留2位小数".
fn decimals_of(clause: &str) -> Option<u32> {
    let rest = &clause[clause.find("保留")? + "保留".len()..];
    let (n, rest) = leading_number(rest)?;
    (rest.starts_with("位小数") && n.fract().is_zero() && n <= Decimal::from(6)).then(|| n.try_into().unwrap_or(0))
}

/// "分母为0的不涉及", "无案件的不涉及", "未发生…的得满分".
fn none_of(clause: &str) -> Option<WhenNone> {
    let none = clause.contains("分母为0") || clause.starts_with('无') || clause.starts_with("未发生") || clause.starts_with("没有");
    if !none {
        return None;
    }
    if clause.contains("不涉及") || clause.contains("不适用") {
        Some(WhenNone::NotApplicable)
    } else if clause.ends_with("满分") {
        Some(WhenNone::Full)
    } else {
        None
    }
}

/// The condition a clause states: its comparison and level, or `None` when it states none.
fn condition(clause: &str) -> Result<Option<Found>, String> {
    const WORDS: [(&str, Cmp); 27] = [
        ("不低于", Cmp::AtLeast),
        ("不少于", Cmp::AtLeast),
        ("未达到", Cmp::Below),
        ("达不到", Cmp::Below),
        ("不高于", Cmp::AtMost),
        ("不超过", Cmp::AtMost),
        ("不大于", Cmp::AtMost),
        ("不多于", Cmp::AtMost),
        ("不足", Cmp::Below),
        ("达到", Cmp::AtLeast),
        ("高于", Cmp::Above),
        ("超过", Cmp::Above),
        ("大于", Cmp::Above),
        ("多于", Cmp::Above),
        ("低于", Cmp::Below),
        ("少于", Cmp::Below),
        ("小于", Cmp::Below),
        ("≥", Cmp::AtLeast),
        (">=", Cmp::AtLeast),
        ("≤", Cmp::AtMost),
        ("<=", Cmp::AtMost),
        (">", Cmp::Above),
        ("<", Cmp::Below),
        ("=", Cmp::Equal),
        ("等于", Cmp::Equal),
        ("达", Cmp::AtLeast),
        ("为", Cmp::Equal),
    ];
    if clause.contains("持平") {
        let cmp = Cmp::Equal;
        return Ok(Some(Found { condition: Condition { cmp, level: Level::Mean }, measure: None, level_of_target: true, subject: String::new() }));
    }
    // The level: a relative one by its words, else the first number with a unit.
    let (level, measure, at, after) = if let Some(at) = clause.find("平均") {
        let before = &clause[..at];
        if let Some(area) = ["全国", "全省", "全州", "国家", "省"].iter().find(|w| before.ends_with(*w)) {
            return Err(text::quant_outside_mean(format!("{area}平均")));
        }
        let start = ["全市", "全区", "全县", "本市", "各单位", "全"].iter().find(|w| before.ends_with(*w)).map_or(at, |w| at - w.len());
        (Level::Mean, None, start, clause[at..].trim_start_matches("平均").trim_start_matches(['值', '数']).trim_start_matches("水平"))
    } else if let Some((at, word)) = PREVIOUS.iter().find_map(|w| clause.find(w).map(|at| (at, *w))) {
        // "较上年", "比上年": the comparison is in the words after ("提高") or before ("高于").
        let start = ["较", "比"].iter().find(|w| clause[..at].ends_with(*w)).map_or(at, |w| at - w.len());
        let after = clause[at + word.len()..].trim_start_matches("同期").trim_start_matches('的').trim_start_matches(['值', '数']);
        (Level::Previous, None, start, after.trim_start_matches("水平").trim_start_matches("有所"))
    } else {
        let Some((at, value, unit, rest)) = first_level(clause) else { return Ok(None) };
        let measure = match unit {
            "%" => Measure::Rate,
            _ => Measure::Count,
        };
        // A range, "90%-95%" or "90%至95%": from its lower end.
        let rest = match rest.strip_prefix(['-', '~', '至', '到']) {
            Some(upper) => first_level(upper).map_or(rest, |(_, _, _, r)| r),
            None => rest,
        };
        // "参考率达100%、合格率达95%以上": two targets in one clause, never the first alone.
        if first_level(rest).is_some() {
            return Err(text::quant_several_levels(clause));
        }
        (Level::Fixed(value), Some(measure), at, rest)
    };
    let before = &clause[..at];
    let word = WORDS.iter().filter_map(|(w, cmp)| before.rfind(w).map(|i| (i, *w, *cmp))).max_by_key(|(i, w, _)| (*i + w.len(), w.len()));
    let after = after.trim_start_matches("(含)").trim_start_matches("及");
    let suffix = if after.starts_with("以上") {
        Some(Cmp::AtLeast)
    } else if after.starts_with("以下") {
        Some(Cmp::AtMost)
    } else if ["提高", "增长", "上升"].iter().any(|w| after.starts_with(w)) {
        Some(Cmp::Above)
    } else if ["下降", "降低", "减少"].iter().any(|w| after.starts_with(w)) {
        Some(Cmp::Below)
    } else {
        None
    };
    let (cmp, subject_end) = match (word, suffix) {
        // 达到95%以上, 95%以上: at least; 低于90%以下 is below.
        (Some((i, _, Cmp::AtLeast)), Some(Cmp::AtLeast)) | (Some((i, _, Cmp::Equal)), Some(Cmp::AtLeast)) => (Cmp::AtLeast, i),
        (Some((i, _, cmp)), _) => (cmp, i),
        (None, Some(cmp)) => (cmp, at),
        (None, None) => (Cmp::AtLeast, at),
    };
    let subject = before[..subject_end].to_string();
    Ok(Some(Found { condition: Condition { cmp, level }, measure, level_of_target: false, subject }))
}

/// The first number followed by a unit in a clause: (its byte offset, value, unit, the rest).
fn first_level(clause: &str) -> Option<(usize, Decimal, &str, &str)> {
    let mut from = 0;
    while let Some(start) = clause[from..].find(|c: char| c.is_ascii_digit()).map(|i| i + from) {
        let (value, rest) = leading_number(&clause[start..])?;
        for unit in ["%", "件", "次", "起", "人", "个", "项"] {
            if let Some(after) = rest.strip_prefix(unit) {
                return Some((start, value, unit, after));
            }
        }
        from = clause.len() - rest.len();
    }
    None
}

/// A number at the start of a text (digits, or a small Chinese numeral), and the rest.
fn leading_number(text: &str) -> Option<(Decimal, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || chinese_digit(c).is_some())).unwrap_or(text.len());
    let (n, rest) = text.split_at(end);
    Some((number_of(n)?, rest))
}

fn number_of(n: &str) -> Option<Decimal> {
    if n.is_empty() {
        return None;
    }
    if n.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return number::parse_text(n).ok();
    }
    // 一 … 九, 十, 两: the small numerals rules write (每低一个百分点, 保留两位小数).
    let digits: Vec<u32> = n.chars().map(chinese_digit).collect::<Option<_>>()?;
    match digits[..] {
        [d] if d < 10 => Some(Decimal::from(d)),
        [10] => Some(Decimal::TEN),
        [10, d] => Some(Decimal::from(10 + d)),
        [d, 10] => Some(Decimal::from(d * 10)),
        [d, 10, e] => Some(Decimal::from(d * 10 + e)),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九十".chars().position(|d| d == c).map(|p| p as u32).or((c == '两').then_some(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rule(text: &str) -> QuantRule {
        match read_standard("", text, Location::file("t.xlsx")) {
            Read::Rule(r) => r,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn refused(text: &str) -> String {
        match read_standard("", text, Location::file("t.xlsx")) {
            Read::Refused(why) => why,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn at_least(v: Decimal) -> Condition {
        Condition { cmp: Cmp::AtLeast, level: Level::Fixed(v) }
    }

    #[test]
    fn the_common_forms() {
        let r = rule("出庭应诉率达到95%得满分,每低1个百分点扣0.5分,不足1个百分点按1个计,扣完为止");
        assert_eq!((r.measure, r.target), (Measure::Rate, at_least(dec!(95))));
        assert_eq!(
            r.shortfall,
            Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Points, deduct: dec!(0.5), part: PartStep::Whole, cap: None })
        );
        let r = rule("规范性文件报备率100%,每少报1件扣1分");
        assert_eq!(r.target, at_least(dec!(100)));
        assert_eq!(
            r.shortfall,
            Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Pieces, deduct: dec!(1), part: PartStep::ProRata, cap: None })
        );
        let r = rule("≥95%得满分,90%-95%得一半,<90%不得分");
        assert_eq!(r.shortfall, Shortfall::Bands(vec![Band { from: at_least(dec!(90)), award: Award::Share(dec!(0.5)) }]));
        let r = rule("办结率低于全市平均水平的不得分");
        assert_eq!((r.target, r.shortfall), (Condition { cmp: Cmp::AtLeast, level: Level::Mean }, Shortfall::Nothing));
        let r = rule("高于全市平均水平的得满分,持平的得一半,低于的不得分");
        assert_eq!(r.target, Condition { cmp: Cmp::Above, level: Level::Mean });
        assert_eq!(
            r.shortfall,
            Shortfall::Bands(vec![Band { from: Condition { cmp: Cmp::Equal, level: Level::Mean }, award: Award::Share(dec!(0.5)) }])
        );
        let r = rule("败诉率不超过5%得满分,每超过一个百分点扣1分,最多扣3分;分母为0的不涉及;比率保留两位小数");
        assert_eq!((r.target.cmp, r.when_none, r.decimals), (Cmp::AtMost, WhenNone::NotApplicable, Some(2)));
        assert_eq!(
            r.shortfall,
            Shortfall::Steps(Steps { per: dec!(1), unit: StepUnit::Points, deduct: dec!(1), part: PartStep::ProRata, cap: Some(dec!(3)) })
        );
        let r = rule("合法性审核率达100%的得满分,未达到的扣2分");
        assert_eq!(r.shortfall, Shortfall::Deduct(dec!(2)));
        let r = rule("行政机关負責人出庭應訴率達到95%以上的得滿分,否則不得分");
        assert_eq!((r.target, r.shortfall), (at_least(dec!(95)), Shortfall::Nothing));
    }

    #[test]
    fn what_is_no_rule_and_what_is_refused() {
        assert_eq!(read_standard("", "未建立制度的扣1分", Location::file("t")), Read::NotARule);
        // The target in the item's text, the deduction in the standard.
        let Read::Rule(r) = read_standard("开展行政执法案卷评查，案卷合格率达95%以上", "合格率每低5个百分点扣1分，扣完为止", Location::file("t"))
        else {
            panic!("not read")
        };
        assert_eq!(r.target, at_least(dec!(95)));
        assert_eq!(
            r.shortfall,
            Shortfall::Steps(Steps { per: dec!(5), unit: StepUnit::Points, deduct: dec!(1), part: PartStep::ProRata, cap: None })
        );
        assert_eq!(refused("出庭应诉率达到95%以上"), text::quant_no_shortfall());
        assert_eq!(refused("报备率、及时率、规范率达到100%,每少报1件扣1分"), text::quant_several_rates("报备率、及时率、规范率"));
        assert_eq!(refused("败诉率高于全国平均值的扣2分"), text::quant_outside_mean("全国平均"));
        assert_eq!(refused("达到95%得满分,每低1个百分点扣0.5分,90%-95%得一半"), text::quant_steps_and_bands());
        assert_eq!(refused("达到95%得满分,每低1个百分点扣1分,未达到的扣2分"), text::quant_two_shortfalls());
        let both = "公务员年度学法考试参考率达100%、合格率达95%以上";
        assert_eq!(read_standard(both, "参考率每低1个百分点扣1分", Location::file("t")), Read::Refused(text::quant_several_levels(both)));
    }

    #[test]
    fn steps_counted_in_pieces() {
        let steps = |per, deduct, part| Shortfall::Steps(Steps { per, unit: StepUnit::Pieces, deduct, part, cap: None });
        let count = |cmp, v| Condition { cmp, level: Level::Fixed(v) };
        let r = rule("每发生1起扣2分");
        assert_eq!((r.measure, r.target, r.shortfall), (Measure::Count, count(Cmp::AtMost, dec!(0)), steps(dec!(1), dec!(2), PartStep::ProRata)));
        let r = rule("败诉案件不超过2件，每超过1件扣0.5分，扣完为止");
        assert_eq!((r.measure, r.target, r.shortfall), (Measure::Count, count(Cmp::AtMost, dec!(2)), steps(dec!(1), dec!(0.5), PartStep::ProRata)));
        let r = rule("报送不少于5件，每少报1件扣1分");
        assert_eq!((r.measure, r.target, r.shortfall), (Measure::Count, count(Cmp::AtLeast, dec!(5)), steps(dec!(1), dec!(1), PartStep::ProRata)));
        let r = rule("不超过2件,每超过2件扣1分,不足2件按2件计");
        assert_eq!(r.shortfall, steps(dec!(2), dec!(1), PartStep::Whole));
        // The target in the item's text.
        let Read::Rule(r) = read_standard("超期案件不超过3件", "每超过1件扣1分", Location::file("t")) else { panic!("not read") };
        assert_eq!(r.target, count(Cmp::AtMost, dec!(3)));
        // Past a limit never stated: refused, not read as none.
        assert_eq!(refused("每超过1件扣0.5分，扣完为止"), text::quant_no_target());
        // Deductions per thing found wanting are judged.
        for judged in ["每少报1件扣1分", "材料每缺1项扣1分", "每发现一件未经审查的扣1分", "未经审核的每件扣1分", "发生1起扣2分"]
        {
            assert_eq!(read_standard("规范性文件备案", judged, Location::file("t")), Read::NotARule, "{judged}");
        }
    }

    #[test]
    fn last_year_s_figure() {
        let previous = |cmp| Condition { cmp, level: Level::Previous };
        let half = |cmp| Shortfall::Bands(vec![Band { from: previous(cmp), award: Award::Share(dec!(0.5)) }]);
        let Read::Rule(r) = read_standard("出庭应诉率较上年提高", "高于上年的得满分,持平得一半", Location::file("t")) else {
            panic!("not read")
        };
        assert_eq!((r.measure, r.target, r.shortfall), (Measure::Rate, previous(Cmp::Above), half(Cmp::Equal)));
        let r = rule("出庭应诉率较上年提高的得满分，与上年持平的得一半，低于上年不得分");
        assert_eq!((r.target, r.shortfall), (previous(Cmp::Above), half(Cmp::Equal)));
        let r = rule("不低于上年的得满分，低于上年不得分");
        assert_eq!((r.target, r.shortfall), (previous(Cmp::AtLeast), Shortfall::Nothing));
        let r = rule("办结率低于上年度的不得分");
        assert_eq!((r.target, r.shortfall), (previous(Cmp::AtLeast), Shortfall::Nothing));
        assert_eq!(read_condition("> 上年", None).unwrap(), (previous(Cmp::Above), None));
        assert_eq!(read_condition("持平", Some(Level::Previous)).unwrap(), (previous(Cmp::Equal), None));
        assert!(read_condition("持平", None).is_err());
    }

    #[test]
    fn a_scheme_s_words() {
        assert_eq!(read_condition("≥ 95%", None).unwrap(), (at_least(dec!(95)), Some(Measure::Rate)));
        assert_eq!(read_condition("≤2件", None).unwrap(), (Condition { cmp: Cmp::AtMost, level: Level::Fixed(dec!(2)) }, Some(Measure::Count)));
        assert_eq!(read_condition("> 平均", None).unwrap(), (Condition { cmp: Cmp::Above, level: Level::Mean }, None));
        assert_eq!(read_step("1个百分点", Measure::Rate).unwrap(), (dec!(1), StepUnit::Points));
        assert_eq!(read_step("1件", Measure::Rate).unwrap(), (dec!(1), StepUnit::Pieces));
        assert_eq!(read_award("一半").unwrap(), Award::Share(dec!(0.5)));
        assert_eq!(read_award("5").unwrap(), Award::Points(dec!(5)));
        assert!(read_award("优").is_err());
    }
}
