use std::io::Write;

use anyhow::Result;

use crate::cli::ExplainArgs;
use zhibiao::number::display;
use zhibiao::{engine, text, verdict};

pub fn run(args: ExplainArgs) -> Result<()> {
    let prepared = super::score::prepare(args.run, Some(args.unit.clone()))?;
    let (tree, rules) = (&prepared.tree, &prepared.rules);
    let evaluation = engine::evaluate(tree, &prepared.book, rules);
    let Some(unit) = evaluation.units.iter().find(|u| u.unit == args.unit) else {
        let known = prepared.book.units.join("、");
        return Err(super::UsageError(text::unit_not_found(&args.unit, known)).into());
    };
    let d = rules.decimals;
    let mut out = String::new();
    let exact = unit.exact.normalize();
    out.push_str(&text::explain_heading(&unit.unit, display(unit.score, d), exact, unit.rank, evaluation.units.len()));
    out.push('\n');
    out.push_str(&format!("{}\n{}\n{}\n", text::explain_grade(unit.grade.as_deref()), text::explain_verdict(unit.eligible), text::explain_reasons()));
    for reason in &unit.reasons {
        out.push_str(&format!("  · {reason}\n"));
    }
    if let Some(gap) = verdict::gap(tree, rules, unit) {
        let shown = display(gap.short, if rules.threshold.on == zhibiao::rules::Basis::Exact { d.max(2) } else { d });
        if gap.closes {
            let codes: Vec<&str> = gap.restore.iter().map(|r| tree.items[r.item].code.as_str()).collect();
            let lost: rust_decimal::Decimal = gap.restore.iter().map(|r| r.lost).sum();
            out.push_str(&format!("{}\n", text::explain_gap(&shown, &codes, lost.normalize())));
        } else {
            out.push_str(&format!("{}\n", text::explain_gap_open(&shown)));
        }
        for r in &gap.restore {
            let item = &tree.items[r.item];
            out.push_str(&format!("  {}\n", text::explain_item(&item.code, &item.name, r.lost.normalize(), display(r.gain, d.max(2)))));
        }
        out.push_str(&format!("{}\n", text::explain_after(display(gap.after, d))));
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
