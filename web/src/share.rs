//! A share of the forms read by one of the page's helper workers, as it goes to the worker that
//! scores the run: the browser gives wasm no threads, so the page reads the forms in several workers
//! side by side, each with an instance of its own, and hands what they read over as bytes.
//!
//! Texts that entries share (units, files, sheets, departments) are written once and shared again
//! when read back, as the reader shares them; numbers keep their exact decimal text. A share is only
//! ever made by [`encode`] in the same page, against the same tree: bytes that do not decode are a
//! fault of the page, not of the clerk's files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zhibiao::location::{InputFile, Location, Origin, Part};
use zhibiao::pipeline::ScoresRead;
use zhibiao::problem::{Problem, Severity};
use zhibiao::quant::Figures;
use zhibiao::scores::{About, Reported, Round, ScoreEntry, ScoreValue};
use zhibiao::text::{Args, Message};

/// A problem as severity (error or not), place, code, arguments and sentence.
type SharedProblem = (bool, Option<Place>, String, Vec<(String, String)>, String);

#[derive(Serialize, Deserialize)]
struct Share {
    /// Every shared text, once; the rest refer to them by index.
    texts: Vec<String>,
    abouts: Vec<AboutRow>,
    entries: Vec<Entry>,
    problems: Vec<SharedProblem>,
    /// Each file read, with the SHA-256 of its bytes.
    files: Vec<(PathBuf, [u8; 32])>,
}

/// unit, item, value, place, verified, about. Every match on the model's enums here is exhaustive, so
/// that a new kind of value or round cannot be dropped on the way.
#[derive(Serialize, Deserialize)]
struct Entry(u32, usize, Value, Place, bool, Option<u32>);

#[derive(Serialize, Deserialize)]
enum Value {
    P(Decimal),
    NotApplicable,
    Blank,
    Invalid,
    /// A 定量指标's figures: 分子/分母 (or 数值 alone), their cells, and a score typed beside them.
    Figures(Decimal, Option<Decimal>, Vec<Place>, Option<(Decimal, Place)>),
}

/// file, sheet, (row, column).
#[derive(Serialize, Deserialize)]
struct Place(u32, Option<u32>, Option<(u32, u32)>, Part);

/// An about as shared: its department (a text's index), source, remark and whether disputed.
type AboutRow = (Option<u32>, Option<String>, Option<String>, bool);

/// Gives each shared text and about one index, by what it points at: the entries of a sheet hold
/// the same few.
#[derive(Default)]
struct Writer {
    texts: Vec<String>,
    text_index: HashMap<*const u8, u32>,
    abouts: Vec<AboutRow>,
    about_index: HashMap<*const About, u32>,
}

impl Writer {
    fn text(&mut self, text: &Arc<str>) -> u32 {
        let texts = &mut self.texts;
        *self.text_index.entry(text.as_ptr()).or_insert_with(|| {
            texts.push(text.to_string());
            texts.len() as u32 - 1
        })
    }

    fn place(&mut self, location: &Location) -> Place {
        Place(self.text(&location.origin.file), location.origin.sheet.as_ref().map(|s| self.text(s)), location.cell, location.part)
    }

    fn about(&mut self, about: &Arc<About>) -> u32 {
        if let Some(&index) = self.about_index.get(&Arc::as_ptr(about)) {
            return index;
        }
        let department = about.department.as_ref().map(|d| self.text(d));
        self.abouts.push((department, about.source.clone(), about.remark.clone(), about.disputed));
        let index = self.abouts.len() as u32 - 1;
        self.about_index.insert(Arc::as_ptr(about), index);
        index
    }
}

/// What a helper worker read, as bytes for the worker that scores.
pub fn encode(read: &ScoresRead) -> Vec<u8> {
    let mut w = Writer::default();
    let entries = read
        .entries
        .iter()
        .map(|e| {
            let value = match &e.value {
                ScoreValue::Points(p) => Value::P(*p),
                ScoreValue::NotApplicable => Value::NotApplicable,
                ScoreValue::Blank => Value::Blank,
                ScoreValue::Invalid => Value::Invalid,
                ScoreValue::Figures(r) => {
                    let (a, b) = match r.figures {
                        Figures::Ratio { numerator, denominator } => (numerator, Some(denominator)),
                        Figures::Value(v) => (v, None),
                    };
                    let cells = r.cells.iter().map(|c| w.place(c)).collect();
                    Value::Figures(a, b, cells, r.claimed.as_ref().map(|(p, at)| (*p, w.place(at))))
                }
            };
            let verified = match e.round {
                Round::Own => false,
                Round::Verified => true,
            };
            Entry(w.text(&e.unit), e.item, value, w.place(&e.location), verified, e.about.as_ref().map(|a| w.about(a)))
        })
        .collect();
    let problems = read
        .problems
        .iter()
        .map(|p| {
            let error = match p.severity {
                Severity::Warning => false,
                Severity::Error => true,
            };
            (error, p.location.as_ref().map(|l| w.place(l)), p.code.to_string(), p.args.0.clone(), p.message.clone())
        })
        .collect();
    let files = read.files.iter().map(|f| (f.path.clone(), f.sha256)).collect();
    let share = Share { texts: w.texts, abouts: w.abouts, entries, problems, files };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_vec(&share).unwrap_or_default()
}

/// The share a helper worker read, back from its bytes; the error is a fault of the page.
pub fn decode(bytes: &[u8]) -> Result<ScoresRead, String> {
    let share: Share = serde_json::from_slice(bytes).map_err(|e| format!("a share of the forms: {e}"))?;
    let texts: Vec<Arc<str>> = share.texts.iter().map(|t| Arc::from(t.as_str())).collect();
    let text = |i: u32| texts.get(i as usize).cloned().ok_or_else(|| format!("a share of the forms: no text {i}"));
    // One file and sheet for all their cells, as the reader shares them.
    let mut origins: HashMap<(u32, Option<u32>), Arc<Origin>> = HashMap::new();
    let mut place = |p: &Place| -> Result<Location, String> {
        let origin = match origins.get(&(p.0, p.1)) {
            Some(origin) => origin.clone(),
            None => {
                let origin = Arc::new(Origin { file: text(p.0)?, sheet: p.1.map(text).transpose()? });
                origins.insert((p.0, p.1), origin.clone());
                origin
            }
        };
        Ok(Location { origin, cell: p.2, part: p.3 })
    };
    let abouts = share
        .abouts
        .iter()
        .map(|(department, source, remark, disputed)| {
            Ok(Arc::new(About { department: department.map(text).transpose()?, source: source.clone(), remark: remark.clone(), disputed: *disputed }))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let entries = share
        .entries
        .iter()
        .map(|Entry(unit, item, value, at, verified, about)| {
            let value = match value {
                Value::P(p) => ScoreValue::Points(*p),
                Value::NotApplicable => ScoreValue::NotApplicable,
                Value::Blank => ScoreValue::Blank,
                Value::Invalid => ScoreValue::Invalid,
                Value::Figures(a, b, cells, claimed) => {
                    let figures = match b {
                        Some(denominator) => Figures::Ratio { numerator: *a, denominator: *denominator },
                        None => Figures::Value(*a),
                    };
                    let cells = cells.iter().map(&mut place).collect::<Result<_, String>>()?;
                    let claimed = claimed.as_ref().map(|(p, at)| Ok::<_, String>((*p, place(at)?))).transpose()?;
                    ScoreValue::Figures(Box::new(Reported { figures, cells, claimed }))
                }
            };
            let about = about.map(|i| abouts.get(i as usize).cloned().ok_or_else(|| format!("a share of the forms: no about {i}"))).transpose()?;
            let round = if *verified { Round::Verified } else { Round::Own };
            Ok(ScoreEntry { unit: text(*unit)?, item: *item, value, location: place(at)?, round, about })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let problems = share
        .problems
        .iter()
        .map(|(error, at, code, args, message)| {
            let severity = if *error { Severity::Error } else { Severity::Warning };
            let message =
                Message::known(code, Args(args.clone()), message.clone()).ok_or_else(|| format!("a share of the forms: no problem {code}"))?;
            Ok(Problem::new(severity, at.as_ref().map(&mut place).transpose()?, message))
        })
        .collect::<Result<_, String>>()?;
    let files = share.files.into_iter().map(|(path, sha256)| InputFile { path, sha256 }).collect();
    Ok(ScoresRead { entries, problems, files })
}
