//! A comparison of two submissions (`zhibiao diff`) as a table, json or csv.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diff::{Diff, ItemRow, Kind};
use crate::number::display;
use crate::report::safe_csv;
use crate::text;

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

