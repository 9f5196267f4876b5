//! Who is missing what (报送情况): per department and unit, the items expected, scored, not
//! applicable, blank or absent, and the departments and units that sent nothing at all — the list
//! an office chases every year.

use std::collections::HashMap;

use serde::Serialize;

use crate::scores::{Round, ScoreEntry, ScoreValue};
use crate::tree::IndicatorTree;

/// What one department returned for one unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Return {
    /// `None` for scores that name no department (forms filled in by the unit itself).
    pub department: Option<String>,
    pub unit: String,
    pub expected: usize,
    pub scored: usize,
    pub not_applicable: usize,
    /// Codes of items whose score cell is blank.
    pub blank: Vec<String>,
    /// Codes of items the returned files do not have at all (or not readably).
    pub missing: Vec<String>,
}

impl Return {
    pub fn is_complete(&self) -> bool {
        self.blank.is_empty() && self.missing.is_empty()
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    pub returns: Vec<Return>,
    /// Departments of the tree without a single score in any file.
    pub silent_departments: Vec<String>,
    /// Units expected (`units`) without a single score.
    pub silent_units: Vec<String>,
    /// Something was returned, and every expected item of it has a score: no blank, nothing
    /// missing, no department or unit silent. Nothing read is not complete.
    pub complete: bool,
}

/// The return status of every department for every unit: the `units` expected and any other unit
/// the entries name. When no entry names a department, forms were filled in by units and the
/// status is per unit only.
pub fn status(tree: &IndicatorTree, entries: &[ScoreEntry], units: &[String]) -> Status {
    // What the departments returned: the assessment team's verified scores (核定) are not a return.
    let entries: &[&ScoreEntry] = &entries.iter().filter(|e| e.round == Round::Own).collect::<Vec<_>>();
    let mut all_units: Vec<String> = units.to_vec();
    for e in entries {
        if !all_units.iter().any(|u| **u == *e.unit) {
            all_units.push(e.unit.to_string());
        }
    }
    // What each (department, unit, item) holds: the best of its rows (a score over 不涉及 over blank).
    let mut held: HashMap<(Option<&str>, &str, usize), u8> = HashMap::new();
    for e in entries {
        let rank = match e.value {
            ScoreValue::Points(_) | ScoreValue::Figures(_) => 3,
            ScoreValue::NotApplicable => 2,
            ScoreValue::Blank => 1,
            // Listed among the problems to send back; the item is not returned until it is mended.
            ScoreValue::Invalid => continue,
        };
        let slot = held.entry((e.department(), &*e.unit, e.item)).or_default();
        *slot = (*slot).max(rank);
    }
    let by_department = entries.is_empty() || entries.iter().any(|e| e.department().is_some());
    let mut departments: Vec<Option<String>> = Vec::new();
    if by_department {
        departments.extend(tree.departments().into_iter().map(Some));
    }
    for e in entries {
        if !departments.iter().any(|d| d.as_deref() == e.department()) {
            departments.push(e.department().map(String::from));
        }
    }
    let mut returns = Vec::new();
    for department in &departments {
        let expected: Vec<usize> = match department {
            Some(d) if tree.items.iter().any(|i| i.departments.contains(d)) => {
                (0..tree.items.len()).filter(|&i| tree.items[i].departments.contains(d)).collect()
            }
            // A department the tree does not name answers for what it sent.
            Some(d) => {
                let mut sent: Vec<usize> = entries.iter().filter(|e| e.department() == Some(d.as_str())).map(|e| e.item).collect();
                sent.sort_unstable();
                sent.dedup();
                sent
            }
            None => (0..tree.items.len()).collect(),
        };
        for unit in &all_units {
            let mut r = Return {
                department: department.clone(),
                unit: unit.clone(),
                expected: expected.len(),
                scored: 0,
                not_applicable: 0,
                blank: Vec::new(),
                missing: Vec::new(),
            };
            for &i in &expected {
                let code = || tree.items[i].code.clone();
                match held.get(&(department.as_deref(), unit.as_str(), i)) {
                    Some(3) => r.scored += 1,
                    Some(2) => r.not_applicable += 1,
                    Some(_) => r.blank.push(code()),
                    None => r.missing.push(code()),
                }
            }
            returns.push(r);
        }
    }
    let silent_departments: Vec<String> =
        departments.iter().flatten().filter(|d| !entries.iter().any(|e| e.department() == Some(d.as_str()))).cloned().collect();
    let silent_units: Vec<String> = units.iter().filter(|u| !entries.iter().any(|e| *e.unit == **u)).cloned().collect();
    let complete = !entries.is_empty() && returns.iter().all(Return::is_complete) && silent_departments.is_empty() && silent_units.is_empty();
    Status { returns, silent_departments, silent_units, complete }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Location;
    use rust_decimal_macros::dec;

    fn tree() -> IndicatorTree {
        IndicatorTree::of_texts(&[["一级指标", "二级指标", "三级指标", "责任单位"], ["一", "甲", "a", "司法局、财政局"], ["", "", "b", "财政局"]])
    }

    fn entry(department: &str, item: usize, value: ScoreValue) -> ScoreEntry {
        let location = Location::file(format!("{department}.xlsx"));
        ScoreEntry {
            unit: "甲区".into(),
            item,
            value,
            location,
            round: crate::scores::Round::Own,
            about: crate::scores::About::of(Some(department.into()), None, None),
        }
    }

    #[test]
    fn a_score_beats_a_blank_duplicate_and_silent_departments_are_listed() {
        let entries =
            vec![entry("财政局", 0, ScoreValue::Blank), entry("财政局", 0, ScoreValue::Points(dec!(8))), entry("财政局", 1, ScoreValue::Blank)];
        let s = status(&tree(), &entries, &["甲区".into(), "乙区".into()]);
        let finance = &s.returns[2];
        assert_eq!((finance.department.as_deref(), &*finance.unit), (Some("财政局"), "甲区"));
        assert_eq!((finance.expected, finance.scored, finance.blank.clone()), (2, 1, vec!["1.1.2".to_string()]));
        assert_eq!(s.returns[3].missing, ["1.1.1", "1.1.2"]);
        assert_eq!(s.silent_departments, ["司法局"]);
        assert_eq!(s.silent_units, ["乙区"]);
        assert!(!s.complete);
    }

    #[test]
    fn nothing_read_is_not_complete_and_every_department_is_silent() {
        let s = status(&tree(), &[], &[]);
        assert!(s.returns.is_empty());
        assert_eq!(s.silent_departments, ["司法局", "财政局"]);
        assert!(!s.complete, "no file read is no claim that every item is scored");
    }
}
