//! Properties of the engine over random trees and scores (proptest): bounds, monotonicity,
//! not-applicable as removal, and when weights give the plain ratio.

use proptest::prelude::*;
use rust_decimal::Decimal;

use zhibiao::engine::score_unit;
use zhibiao::grid::{Cell, Sheet};
use zhibiao::merge::ItemScore;
use zhibiao::rules::Rules;
use zhibiao::tree::IndicatorTree;

/// An item: its points and its score (`None`: 不涉及).
#[derive(Clone, Debug)]
struct Item {
    points: Decimal,
    score: Option<Decimal>,
}

/// 一级 → 二级 → items, with an optional weight per 一级.
#[derive(Clone, Debug)]
struct Shape {
    level1: Vec<(Option<Decimal>, Vec<Vec<Item>>)>,
}

fn item() -> impl Strategy<Value = Item> {
    // Points 1..=20, scores in half points up to the points, one item in six not applicable.
    (1u32..=20, 0u32..=1000, 0u8..6)
        .prop_map(|(p, s, na)| Item { points: Decimal::from(p), score: (na != 0).then(|| Decimal::from(s % (2 * p + 1)) / Decimal::TWO) })
}

fn shape(weighted: bool) -> impl Strategy<Value = Shape> {
    let level1 = (1u32..=50, prop::collection::vec(prop::collection::vec(item(), 1..4), 1..3));
    prop::collection::vec(level1, 1..5)
        .prop_map(move |groups| Shape { level1: groups.into_iter().map(|(w, l2)| (weighted.then(|| Decimal::from(w)), l2)).collect() })
}

impl Shape {
    fn items(&self) -> impl Iterator<Item = &Item> {
        self.level1.iter().flat_map(|(_, l2)| l2.iter().flatten())
    }

    /// Without the n-th item; 二级 and 一级 left empty go too.
    fn without(&self, n: usize) -> Shape {
        let mut index = 0..;
        let mut level1 = Vec::new();
        for (w, l2) in &self.level1 {
            let mut groups = Vec::new();
            for items in l2 {
                let kept: Vec<Item> = items.iter().filter(|_| index.next() != Some(n)).cloned().collect();
                if !kept.is_empty() {
                    groups.push(kept);
                }
            }
            if !groups.is_empty() {
                level1.push((*w, groups));
            }
        }
        Shape { level1 }
    }

    fn map_items(&self, f: impl Fn(usize, &Item) -> Item) -> Shape {
        let mut index = 0..;
        let level1 = self
            .level1
            .iter()
            .map(|(w, l2)| (*w, l2.iter().map(|items| items.iter().map(|it| f(index.next().unwrap_or_default(), it)).collect()).collect()))
            .collect();
        Shape { level1 }
    }

    /// The tree, the weight written on every row of its 一级 (权重 column), and the unit's exact score.
    fn score(&self) -> Decimal {
        let text = |s: String| Cell::Text(s);
        let mut rows = vec![["一级指标", "二级指标", "三级指标", "分值", "权重"].map(|h| text(h.into())).to_vec()];
        for (a, (w, l2)) in self.level1.iter().enumerate() {
            for (b, items) in l2.iter().enumerate() {
                for (c, it) in items.iter().enumerate() {
                    let first = |cond: bool, s: String| if cond { text(s) } else { Cell::Empty };
                    rows.push(vec![
                        first(b == 0 && c == 0, format!("一级{a}")),
                        first(c == 0, format!("二级{a}.{b}")),
                        text(format!("指标{a}.{b}.{c}")),
                        Cell::Number(it.points),
                        w.map_or(Cell::Empty, Cell::Number),
                    ]);
                }
            }
        }
        let sheet = Sheet::new("p.csv".into(), None, (0, 0), rows);
        let tree = IndicatorTree::from_sheet(&sheet, Decimal::TEN).expect("a well-formed tree");
        let scores = self
            .items()
            .map(|it| ItemScore { value: it.score, penalty: Decimal::ZERO, remark: None, sources: Default::default(), review: None, disputed: false })
            .collect();
        score_unit(&tree, &Rules::default(), "u".into(), scores).exact
    }

    fn unweighted(&self) -> Shape {
        Shape { level1: self.level1.iter().map(|(_, l2)| (None, l2.clone())).collect() }
    }
}

fn close(a: Decimal, b: Decimal) -> bool {
    // Quotients such as 1/3 are cut at 28 digits; the two ways of summing may differ down there.
    (a - b).abs() <= Decimal::new(1, 20)
}

proptest! {
    #[test]
    fn score_stays_within_0_and_100(s in prop_oneof![shape(false), shape(true)]) {
        let exact = s.score();
        prop_assert!(exact >= Decimal::ZERO && exact <= Decimal::ONE_HUNDRED, "{exact}");
    }

    #[test]
    fn raising_an_item_never_lowers_the_total(s in prop_oneof![shape(false), shape(true)], pick: prop::sample::Index, up in 0u32..=40) {
        let n = pick.index(s.items().count());
        let raised = s.map_items(|i, it| match (i == n, it.score) {
            (true, Some(v)) => Item { points: it.points, score: Some((v + Decimal::from(up) / Decimal::TWO).min(it.points)) },
            _ => it.clone(),
        });
        prop_assert!(raised.score() >= s.score());
    }

    #[test]
    fn not_applicable_equals_removing_the_item(s in prop_oneof![shape(false), shape(true)], pick: prop::sample::Index) {
        let n = pick.index(s.items().count());
        let removed = s.without(n);
        prop_assume!(!removed.level1.is_empty());
        let marked = s.map_items(|i, it| Item { points: it.points, score: if i == n { None } else { it.score } });
        prop_assert_eq!(marked.score(), removed.score());
    }

    /// "Equal" here: every 一级 has the same weight and the same applicable maximum (the same
    /// items, all applicable); the scores differ freely. Then the weighted score is the plain ratio.
    #[test]
    fn equal_weights_give_the_plain_ratio(
        template in prop::collection::vec(prop::collection::vec(1u32..=20, 1..4), 1..3),
        copies in 1usize..5,
        weight in 1u32..=50,
        raw in prop::collection::vec(0u32..=1000, 40),
    ) {
        let mut k = 0;
        let mut next = |p: u32| { k += 1; Decimal::from(raw[k % raw.len()] % (2 * p + 1)) / Decimal::TWO };
        let level1 = (0..copies)
            .map(|_| {
                let l2 = template.iter().map(|items| items.iter().map(|&p| Item { points: p.into(), score: Some(next(p)) }).collect()).collect();
                (Some(Decimal::from(weight)), l2)
            })
            .collect();
        let s = Shape { level1 };
        prop_assert!(close(s.score(), s.unweighted().score()));
    }

    /// Item-level equality: weights proportional to each 一级's applicable maximum (every item
    /// applicable) also give the plain ratio.
    #[test]
    fn weights_proportional_to_the_maxima_give_the_plain_ratio(s in shape(false)) {
        let all_applicable = s.map_items(|_, it| Item { points: it.points, score: Some(it.score.unwrap_or(it.points)) });
        let weighted = Shape {
            level1: all_applicable.level1.iter().map(|(_, l2)| (Some(l2.iter().flatten().map(|i| i.points).sum()), l2.clone())).collect(),
        };
        prop_assert!(close(weighted.score(), all_applicable.score()));
    }
}
