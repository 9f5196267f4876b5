//! How sure a ranking is (排名稳定性) when the weights are a matter of judgement: the weights of the
//! 一级 indicators (and of the 二级 where the scheme weights them) drawn uniformly within ±spread %
//! many times, each run scored by the engine on the same exact sums; per unit the median rank, the
//! 5–95 % interval and the share of runs in which it is 达标. Then each 一级 is left out in turn
//! and the largest rank moves are kept (Saisana, Saltelli & Tarantola 2005, as COINr does it).
//!
//! Only the weights are drawn, and they are drawn as integers: each factor is 1 + spread × k ÷ 10⁶
//! with k a whole number in −10⁴..=10⁴, an exact `Decimal`, so no float decides a rank and the same
//! seed gives the same ranks on every machine and in the page. Where the 一级 carry no weight, the
//! weight the plain ratio implies, each 一级's share of the unit's applicable points, is perturbed.

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::engine::{self, Evaluation, Parts, Scale, Weights};
use crate::rank::rank;
use crate::rules::Rules;
use crate::text;
use crate::tree::IndicatorTree;

/// How a sensitivity run is drawn.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub runs: u32,
    pub seed: u64,
    /// ± this many per cent around each weight; 0 ≤ spread < 100.
    pub spread: Decimal,
}

impl Default for Options {
    fn default() -> Self {
        Options { runs: 1000, seed: 1, spread: Decimal::from(25) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    #[error("{}", text::bad_spread(.0))]
    Spread(Decimal),
    #[error("{}", text::no_runs())]
    NoRuns,
}

impl SensitivityError {
    pub fn message(&self) -> text::Message {
        match self {
            SensitivityError::Spread(spread) => text::bad_spread(spread),
            SensitivityError::NoRuns => text::no_runs(),
        }
    }
}

/// One unit's ranks over the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitStability {
    pub unit: String,
    /// Its rank in the scoring run.
    pub rank: u32,
    /// The median rank over the runs (the lower median for an even count, so a rank that occurs).
    pub median: u32,
    /// The 5 % and 95 % ranks (nearest rank: the ⌈N × 5 ÷ 100⌉-th and ⌈N × 95 ÷ 100⌉-th of the sorted
    /// ranks): the best and worst rank once the best and worst 5 % of the runs are set aside.
    pub low: u32,
    pub high: u32,
    /// Runs in which it is 达标.
    pub eligible_runs: u32,
}

/// Leaving one 一级 out: the units whose rank moves most.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    pub code: String,
    pub name: String,
    /// Largest moves first (at most [`MOVES`]), units that do not move left out.
    pub moves: Vec<Move>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    pub unit: String,
    pub rank: u32,
    /// Its rank without the 一级.
    pub without: u32,
}

/// How many of the largest moves a removal keeps.
pub const MOVES: usize = 5;

/// The result of a sensitivity run.
#[derive(Clone, Debug)]
pub struct Stability {
    pub options: Options,
    /// Whether the weights drawn are the scheme's (otherwise the shares of points the plain ratio implies).
    pub weighted: bool,
    /// How many 一级 and 二级 weights each run draws.
    pub drawn: (usize, usize),
    /// The units in the evaluation's order.
    pub units: Vec<UnitStability>,
    pub removals: Vec<Removal>,
}

impl UnitStability {
    /// The share of runs in which the unit is 达标, in per cent (exact).
    pub fn eligible_share(&self, runs: u32) -> Decimal {
        Decimal::from(self.eligible_runs) * Decimal::ONE_HUNDRED / Decimal::from(runs)
    }
}

/// Draws the weights `options.runs` times and ranks the units of the evaluation in each run.
pub fn assess(tree: &IndicatorTree, rules: &Rules, evaluation: &Evaluation, options: Options) -> Result<Stability, SensitivityError> {
    if options.spread < Decimal::ZERO || options.spread >= Decimal::ONE_HUNDRED {
        return Err(SensitivityError::Spread(options.spread));
    }
    if options.runs == 0 {
        return Err(SensitivityError::NoRuns);
    }
    let weights = Weights::of(tree, rules);
    let kinds = engine::kinds(tree, rules);
    // The sums are the same in every run: worked out once, each run is a weighted sum per unit.
    let parts: Vec<Parts> = evaluation.units.iter().map(|u| Parts::of(tree, rules, &kinds, &u.items)).collect();
    let drawn = (tree.level1.len(), if weights.level2_weighted() { tree.level2.len() } else { 0 });
    let mut rng = SplitMix64(options.seed);
    let draws: Vec<Vec<Decimal>> = (0..options.runs).map(|_| (0..drawn.0 + drawn.1).map(|_| rng.factor(options.spread)).collect()).collect();
    let ones = vec![Decimal::ONE; tree.level2.len()];
    let runs: Vec<(Vec<u32>, Vec<bool>)> = draws
        .par_iter()
        .map(|factors| {
            let (level1, level2) = factors.split_at(drawn.0);
            let scale = Scale { level1, level2: if drawn.1 == 0 { &ones } else { level2 } };
            ranked(tree, rules, &weights, &scale, &parts)
        })
        .collect();

    let units = evaluation
        .units
        .iter()
        .enumerate()
        .map(|(u, result)| {
            let mut ranks: Vec<u32> = runs.iter().map(|(r, _)| r[u]).collect();
            ranks.sort_unstable();
            let at = |percent: usize| ranks[(ranks.len() * percent).div_ceil(100).max(1) - 1];
            let eligible_runs = runs.iter().filter(|(_, e)| e[u]).count() as u32;
            UnitStability { unit: result.unit.clone(), rank: result.rank, median: at(50), low: at(5), high: at(95), eligible_runs }
        })
        .collect();
    let removals = removals(tree, rules, &weights, &parts, evaluation, &ones);
    Ok(Stability { options, weighted: weights.level1_weighted(), drawn, units, removals })
}

/// Every unit's rank and 达标 under one scale of the weights.
fn ranked(tree: &IndicatorTree, rules: &Rules, weights: &Weights, scale: &Scale<'_>, parts: &[Parts]) -> (Vec<u32>, Vec<bool>) {
    let (keys, eligible): (Vec<Decimal>, Vec<bool>) = parts
        .iter()
        .map(|p| {
            let standing = engine::standing(tree, rules, weights, Some(scale), p);
            (standing.key(rules), standing.eligible(tree, rules, p))
        })
        .unzip();
    (rank(&keys, rules.rank_style), eligible)
}

/// Each 一级 left out (its weight, or its points, times 0), where there are two or more.
fn removals(tree: &IndicatorTree, rules: &Rules, weights: &Weights, parts: &[Parts], evaluation: &Evaluation, ones: &[Decimal]) -> Vec<Removal> {
    if tree.level1.len() < 2 {
        return Vec::new();
    }
    (0..tree.level1.len())
        .into_par_iter()
        .map(|g| {
            let level1: Vec<Decimal> = (0..tree.level1.len()).map(|i| if i == g { Decimal::ZERO } else { Decimal::ONE }).collect();
            let (ranks, _) = ranked(tree, rules, weights, &Scale { level1: &level1, level2: ones }, parts);
            let mut moves: Vec<Move> = evaluation
                .units
                .iter()
                .zip(ranks)
                .filter(|(u, without)| u.rank != *without)
                .map(|(u, without)| Move { unit: u.unit.clone(), rank: u.rank, without })
                .collect();
            // Stable: equal moves stay in the evaluation's order.
            moves.sort_by_key(|m| std::cmp::Reverse(m.rank.abs_diff(m.without)));
            moves.truncate(MOVES);
            Removal { code: tree.level1[g].code.clone(), name: tree.level1[g].name.clone(), moves }
        })
        .collect()
}

/// SplitMix64 (Steele, Lea & Flood 2014): a few lines of integer arithmetic, so the same seed
/// draws the same numbers on every machine and in WebAssembly.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 1 + spread × k ÷ 10⁶ for k uniform in −10⁴..=10⁴ (the high bits of a 128-bit product, so
    /// every k is as likely as the next to within 2⁻⁵⁰): within ±spread %, exact.
    fn factor(&mut self, spread: Decimal) -> Decimal {
        let k = ((u128::from(self.next()) * 20_001) >> 64) as i64 - 10_000;
        Decimal::ONE + spread * Decimal::new(k, 6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_published_sequence() {
        // The first outputs for seed 0 of the reference implementation (Vigna's splitmix64.c).
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn factors_stay_within_the_spread() {
        let mut rng = SplitMix64(7);
        for _ in 0..10_000 {
            let f = rng.factor(Decimal::from(25));
            assert!(f >= Decimal::new(75, 2) && f <= Decimal::new(125, 2), "{f}");
        }
        assert_eq!(SplitMix64(7).factor(Decimal::ZERO), Decimal::ONE);
    }
}
