//! A round's files and what the library makes of them: the tree as the run reads it, each unit's
//! workbook (the file the CLI reads, written from the stored values), the reader's checks of a
//! unit's values or uploaded workbook, and the result from `pipeline::run`. Everything here is
//! synchronous library work; the caller runs it in a pool of its request's language.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::store::{Entry, Round, Unit};
use zhibiao::grid::{Format, ReadError};
use zhibiao::location::Location;
use zhibiao::names::Distinct;
use zhibiao::pipeline::{self, Input, Outcome, RunError, RunOptions, Spec, TreeOptions};
use zhibiao::previous;
use zhibiao::problem::{Problem, Severity};
use zhibiao::scores::{Round as ScoreRound, ScoreValue};
use zhibiao::text::{self, Lang};
use zhibiao::tree::IndicatorTree;

/// The folder of the unit workbooks in an export, as the CLI is then pointed at it.
pub const SCORES_DIR: &str = "scores";
/// The one sheet of a unit's workbook.
const SHEET: &str = "评分表";

/// Runs library work on a thread pool whose threads speak `lang`: the pipeline reads files on
/// rayon's threads, and every sentence they build must be in the request's language.
pub fn in_lang<T: Send>(lang: Lang, work: impl FnOnce() -> T + Send) -> T {
    static POOLS: OnceLock<Vec<rayon::ThreadPool>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&lang| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
                    .thread_name(move |i| format!("zhibiao-{}-{i}", lang.name()))
                    .start_handler(move |_| text::set_thread_lang(lang))
                    .build()
                    .expect("a thread pool")
            })
            .collect()
    });
    let pool = &pools[Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0)];
    pool.install(|| text::with_lang(lang, work))
}

/// A round's stored files, named as its export names them.
pub struct Files {
    pub tree: Input,
    pub scheme: Option<Input>,
    /// Last year's result workbook, as `score --previous` reads it.
    pub previous: Option<Input>,
}

impl Files {
    pub fn new(round: &Round, tree: Vec<u8>, scheme: Option<Vec<u8>>, previous: Option<Vec<u8>>) -> Files {
        Files {
            tree: Input::new(round.tree_name.clone(), tree),
            scheme: scheme.map(|s| Input::new(round.scheme_name.clone(), s)),
            previous: previous.map(|p| Input::new(round.previous_name.clone(), p)),
        }
    }

    /// Last year's score of each unit and item, by the reader `score --previous` uses; none
    /// without a previous workbook.
    pub fn last_year(&self) -> Result<HashMap<(String, String), String>, RunError> {
        let Some(input) = &self.previous else { return Ok(HashMap::new()) };
        let failed = |e| RunError::Previous(text::reading_previous(&input.name), e);
        let format = Format::of(std::path::Path::new(&input.name)).ok_or_else(|| failed(ReadError::Unsupported(input.name.clone()).into()))?;
        let read = previous::read_bytes(&input.bytes, format, &input.name).map_err(failed)?;
        Ok(read.scores.into_iter().map(|s| ((s.unit, s.code), s.value.map_or_else(|| "不涉及".to_string(), |v| v.normalize().to_string()))).collect())
    }

    /// The tree as a run reads it: with the scheme's default points.
    pub fn tree(&self) -> Result<IndicatorTree, RunError> {
        let points = self.scheme.as_ref().map(pipeline::parse_scheme).transpose()?.and_then(|s| s.points());
        pipeline::read_tree(&self.tree, &TreeOptions { points, ..TreeOptions::default() })
    }

    /// A run of these workbooks on the round's tree and scheme, with these options over the scheme's.
    pub fn spec(&self, scores: Vec<Input>, options: RunOptions) -> Spec<'static> {
        Spec { scheme: self.scheme.clone(), options, ..Spec::new(self.tree.clone(), scores.into_iter().map(Ok).collect()) }
    }

    /// A unit's workbook, read as its own.
    fn unit_spec(&self, upload: Input, unit: &str) -> Spec<'static> {
        self.spec(vec![upload], RunOptions { unit: Some(unit.to_string()), ..RunOptions::default() })
    }
}

/// The departments that lead items (牵头单位): each answers those items of every unit's return.
/// A unit's return holds one self-score an item, so an item several departments share is the
/// lead's to answer, as `combine = "lead"` would take it from separate forms.
pub fn leads(tree: &IndicatorTree) -> Vec<String> {
    let mut leads: Vec<String> = Vec::new();
    for lead in tree.items.iter().filter_map(|i| i.lead.as_ref()) {
        if !leads.contains(lead) {
            leads.push(lead.clone());
        }
    }
    leads
}

/// Each unit's file name in an export (`scores/甲区.xlsx`), distinct however the names look.
pub fn file_names(units: &[Unit]) -> HashMap<String, String> {
    let mut distinct = Distinct::files();
    units.iter().map(|u| (u.name.clone(), format!("{SCORES_DIR}/{}.xlsx", distinct.name(&u.name)))).collect()
}

/// A unit's workbook: 单位, 编号, 三级指标, 自评得分, 说明, and 核定得分, 核减原因 once anything of
/// it was reviewed; the values as typed, a number as a number. The same values make the same bytes.
pub fn unit_workbook(tree: &IndicatorTree, unit: &str, entries: &[Entry]) -> Result<Vec<u8>, XlsxError> {
    let by_code: HashMap<&str, &Entry> = entries.iter().map(|e| (e.code.as_str(), e)).collect();
    let reviewed = entries.iter().any(|e| !e.verified.is_empty() || !e.reason.is_empty());
    let mut book = Workbook::new();
    // A fixed date: the file's bytes follow from its values alone.
    book.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?));
    let sheet = book.add_worksheet().set_name(SHEET)?;
    let mut header = vec!["单位", "编号", "三级指标", "自评得分", "说明"];
    if reviewed {
        header.extend(["核定得分", "核减原因"]);
    }
    for (col, name) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *name)?;
    }
    for (i, item) in tree.items.iter().enumerate() {
        let row = i as u32 + 1;
        let empty = Entry::default();
        let entry = by_code.get(item.code.as_str()).copied().unwrap_or(&empty);
        sheet.write_string(row, 0, unit)?;
        sheet.write_string(row, 1, &item.code)?;
        sheet.write_string(row, 2, &item.name)?;
        let mut values = vec![(3, &entry.score), (4, &entry.note)];
        if reviewed {
            values.extend([(5, &entry.verified), (6, &entry.reason)]);
        }
        for (col, value) in values {
            match plain_number(value) {
                Some(n) => sheet.write_number(row, col, n)?,
                None if value.is_empty() => sheet,
                None => sheet.write_string(row, col, value)?,
            };
        }
    }
    book.save_to_buffer()
}

/// A value typed as a plain decimal that a spreadsheet's double holds exactly as shown (15
/// significant digits, as the reader reads them back); anything else stays text for the reader.
fn plain_number(value: &str) -> Option<f64> {
    let d = Decimal::from_str(value.trim()).ok()?;
    (d.to_string() == value.trim() && d.mantissa().unsigned_abs() < 10u128.pow(15)).then(|| d.to_f64()).flatten()
}

/// What the reader says of a unit's values: every problem, each with the item it is about when
/// it names a cell of the unit's workbook.
pub struct Checked {
    pub problems: Vec<(Option<String>, Problem)>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|(_, p)| p.severity == Severity::Error).count()
    }
}

/// Checks a unit's values as the CLI would: its workbook written and read back by the same
/// reader (over points, not a number, 不涉及 …); an item left blank is a problem for 提交.
pub fn check(files: &Files, tree: &IndicatorTree, unit: &str, entries: &[Entry], complete: bool) -> Result<Checked, String> {
    let bytes = unit_workbook(tree, unit, entries).map_err(|e| e.to_string())?;
    let name = format!("{}.xlsx", zhibiao::names::file_stem(unit));
    let read = pipeline::read(files.unit_spec(Input::new(name, bytes), unit)).map_err(|e| e.to_string())?;
    let item_of = |location: &Option<Location>| {
        location.as_ref().and_then(|l| l.cell).and_then(|(row, _)| tree.items.get((row as usize).checked_sub(1)?)).map(|i| i.code.clone())
    };
    let mut problems: Vec<(Option<String>, Problem)> = read.problems.into_iter().map(|p| (item_of(&p.location), p)).collect();
    if complete {
        let by_code: HashMap<&str, &Entry> = entries.iter().map(|e| (e.code.as_str(), e)).collect();
        for item in &tree.items {
            if by_code.get(item.code.as_str()).is_none_or(|e| e.score.trim().is_empty()) {
                problems.push((Some(item.code.clone()), Problem::error(None, text::serve_item_blank(&item.code))));
            }
        }
    }
    Ok(Checked { problems })
}

/// A unit's uploaded workbook read by the same reader: its self-scores and notes by item, or every
/// problem with its cell. Scores of another unit are refused.
pub fn read_upload(files: &Files, unit: &str, upload: Input) -> Result<Result<Vec<Entry>, Vec<Problem>>, String> {
    let read = pipeline::read(files.unit_spec(upload, unit)).map_err(|e| e.to_string())?;
    let tree = files.tree().map_err(|e| e.to_string())?;
    let mut problems: Vec<Problem> = read.problems.into_iter().filter(|p| p.severity == Severity::Error).collect();
    let mut entries: HashMap<String, Entry> = HashMap::new();
    for entry in read.entries {
        if &*entry.unit != unit {
            problems.push(Problem::error(entry.location.clone(), text::serve_other_unit(&entry.unit, unit)));
            continue;
        }
        let code = tree.items[entry.item].code.clone();
        let stored = entries.entry(code.clone()).or_insert_with(|| Entry { code, ..Entry::default() });
        let value = match entry.value {
            ScoreValue::Points(p) => p.normalize().to_string(),
            // Stored in the tree's own words, whatever the language of the request.
            ScoreValue::NotApplicable => "不涉及".to_string(),
            ScoreValue::Blank | ScoreValue::Invalid => String::new(),
            ScoreValue::Figures(_) => {
                problems.push(Problem::error(entry.location.clone(), text::serve_figures_not_kept()));
                continue;
            }
        };
        let remark = entry.remark().unwrap_or_default().to_string();
        match entry.round {
            ScoreRound::Own => (stored.score, stored.note) = (value, remark),
            ScoreRound::Verified => {}
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(entries.into_values().collect()))
}

/// The round's result: every unit that returned anything, its workbook named as in the export,
/// scored by the library's one pipeline with the options asked for.
pub fn outcome(files: &Files, returns: &[(String, Vec<u8>)], options: RunOptions) -> Result<Outcome, RunError> {
    let mut scores: Vec<Input> = returns.iter().map(|(name, bytes)| Input::new(name.clone(), bytes.clone())).collect();
    // In the order the CLI walks the export's folder.
    scores.sort_by(|a, b| std::path::Path::new(&a.name).cmp(std::path::Path::new(&b.name)));
    let mut spec = files.spec(scores, options);
    spec.previous = files.previous.clone();
    pipeline::run(spec)
}
