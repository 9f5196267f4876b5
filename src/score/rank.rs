//! Ranking with ties (名次): equal scores share a rank.

use crate::rules::RankStyle;

/// The rank of each value, highest first. Competition: 1, 2, 2, 4; dense: 1, 2, 2, 3.
pub fn rank<T: Ord>(values: &[T], style: RankStyle) -> Vec<u32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].cmp(&values[a]));
    let mut ranks = vec![0; values.len()];
    let mut current = 0;
    for (position, &i) in order.iter().enumerate() {
        let tied = position > 0 && values[order[position - 1]] == values[i];
        if !tied {
            current = match style {
                RankStyle::Competition => position as u32 + 1,
                RankStyle::Dense => current + 1,
            };
        }
        ranks[i] = current;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties() {
        let v = [90, 95, 90, 80];
        assert_eq!(rank(&v, RankStyle::Competition), [2, 1, 2, 4]);
        assert_eq!(rank(&v, RankStyle::Dense), [2, 1, 2, 3]);
        assert!(rank::<u8>(&[], RankStyle::Dense).is_empty());
    }

    proptest! {
        #[test]
        fn higher_never_ranks_below(values in proptest::collection::vec(0u32..20, 0..30)) {
            for style in [RankStyle::Competition, RankStyle::Dense] {
                let r = rank(&values, style);
                for i in 0..values.len() {
                    for j in 0..values.len() {
                        if values[i] > values[j] { prop_assert!(r[i] < r[j]); }
                        if values[i] == values[j] { prop_assert_eq!(r[i], r[j]); }
                    }
                }
                let better = |i: usize| values.iter().filter(|&&v| v > values[i]).count() as u32;
                if style == RankStyle::Competition {
                    for (i, rank) in r.iter().enumerate() { prop_assert_eq!(*rank, better(i) + 1); }
                }
            }
        }
    }
}
