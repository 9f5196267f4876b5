//! One scoring run as one library call: a specification in (every input as a name and its bytes,
//! the options the office chose), an outcome out. The command line and the browser page build the
//! specification; the writers in `report` and `result_book` only render the outcome.
//!
//! The flow, top to bottom: the scheme is parsed; the tree is read; the scheme is checked against
//! the tree and the options are laid over it; the score files are read (in parallel where there
//! are threads); their entries are merged into one score per unit and item; the units are scored
//! and ranked; the departments are ranked; last year's result, when given, is compared.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::departments::{self, DepartmentScore};
use crate::diff::Side;
use crate::disputed::{self, Dispute, DisputeError, Disputes};
use crate::engine::{self, Evaluation};
use crate::grid::{self, Format, Which};
pub use crate::location::Input;
use crate::location::{InputFile, Location};
pub use crate::options::{RoundOptions, RuleOptions, RunOptions, TreeOptions};
use crate::previous::{self, Changes, Previous, PreviousError};
use crate::problem::{self, Problem, Problems};
use crate::read::tree::{TreeError, prose};
use crate::rounds::DepartmentRounds;
use crate::rules::{Missing, Rules};
use crate::scheme::{Scheme, SchemeError};
use crate::score::quant::{self, Measurement};
use crate::scores::{self, FileContext, ReadOptions, ScoreEntry};
use crate::status::{self, Status};
use crate::text::{self, Lang, Message};
use crate::tree::{IndicatorTree, ItemRef};
use crate::vocabulary::{self, ColumnNames};
use crate::{merge, rounds};

/// The spreadsheet format an input's name says, or the reader's message.
fn format(input: &Input) -> Result<Format, grid::ReadError> {
    if input.bytes.len() as u64 > grid::MAX_FILE_BYTES {
        return Err(grid::ReadError::FileTooLarge(input.name.clone()));
    }
    Format::of(Path::new(&input.name)).ok_or_else(|| grid::ReadError::Unsupported(input.name.clone()))
}

/// A score file as the run is given it.
pub type ScoreFile = Result<Input, grid::ReadError>;

/// Told of each score file read, for a progress bar.
pub type Progress<'a> = &'a (dyn Fn() + Sync);

/// Everything one scoring run reads and is told.
pub struct Spec<'a> {
    pub tree: Input,
    /// The scoring scheme (评分方案, TOML).
    pub scheme: Option<Input>,
    /// The score files, or why one could not be read: a problem of the run in its place.
    pub scores: Vec<ScoreFile>,
    /// Score files read beforehand by [`read`], each a share of the forms against the same tree and
    /// options, taken after `scores` in this order. The browser page has no threads: it reads shares
    /// side by side in workers of their own.
    pub read: Vec<ScoresRead>,
    /// What the office chose, over the scheme's: every option given wins.
    pub options: RunOptions,
    /// Last year's result workbook, for the year-over-year comparison.
    pub previous: Option<Input>,
    pub progress: Option<Progress<'a>>,
    /// The language of the run's sentences (its problems, how the tree was read), whatever the
    /// process's: a service answers two offices in two languages at once.
    pub lang: Lang,
}

impl Spec<'_> {
    /// A run of these score files on this tree, with every option at its default, in the
    /// caller's language.
    pub fn new(tree: Input, scores: Vec<ScoreFile>) -> Self {
        Spec { tree, scheme: None, scores, read: Vec::new(), options: RunOptions::default(), previous: None, progress: None, lang: text::lang() }
    }
}

/// Last year's result and what changed since.
pub struct YearComparison {
    pub previous: Previous,
    pub changes: Changes,
}

/// What a run found: the tree, the rules applied, every unit scored and ranked, and everything
/// a writer shows beside them.
pub struct Outcome {
    pub tree: IndicatorTree,
    pub rules: Rules,
    /// The score files read, with the digest of the bytes read.
    pub files: Vec<InputFile>,
    /// The units in the order the score files first name them.
    pub units: Vec<String>,
    pub evaluation: Evaluation,
    pub year: Option<YearComparison>,
    /// What was read but not understood, and how it was taken.
    pub warnings: Vec<Problem>,
    /// How each 定量指标's points came from its figures.
    pub measured: Vec<Measurement>,
    /// Each unit's disputed items (the scheme's and the options'), scored upheld and rejected.
    pub disputes: Vec<Dispute>,
    /// The round's name: the scheme's `name`, else the title above the tree's header.
    pub title: Option<String>,
    departments: OnceLock<Departments>,
    inflated: OnceLock<Vec<DepartmentRounds>>,
}

/// The departments ranked by 得分率: over all units together, and within each unit.
struct Departments {
    overall: Vec<DepartmentScore>,
    by_unit: Vec<Vec<DepartmentScore>>,
}

impl Outcome {
    /// The ranking of the departments over all units together.
    pub fn departments(&self) -> &[DepartmentScore] {
        &self.department_rankings().overall
    }

    /// The ranking of each unit's own departments, units in the evaluation's order.
    pub fn departments_by_unit(&self) -> impl Iterator<Item = (&str, &[DepartmentScore])> {
        let by_unit = &self.department_rankings().by_unit;
        self.evaluation.units.iter().zip(by_unit).map(|(u, d)| (u.unit.as_str(), d.as_slice()))
    }

    /// With a review round, the departments whose self-assessment was inflated (自评虚高) in a unit.
    pub fn inflated_departments(&self) -> &[DepartmentRounds] {
        self.inflated.get_or_init(|| rounds::inflated_departments(&self.tree, &self.evaluation, &self.rules))
    }

    // Worked out once, when a writer first asks: a csv of the units needs none of it.
    fn department_rankings(&self) -> &Departments {
        self.departments.get_or_init(|| Departments {
            overall: departments::overall(&self.tree, &self.evaluation, &self.rules),
            by_unit: departments::by_unit(&self.tree, &self.evaluation, &self.rules).into_iter().map(|(_, d)| d).collect(),
        })
    }
}

/// Why a run gave no outcome. Each names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Tree(String, #[source] TreeError),
    #[error("{0}")]
    Scheme(String, #[source] SchemeError),
    #[error("{0}")]
    Previous(String, #[source] PreviousError),
    /// Every problem of the score files, reported together, with the run's warnings.
    #[error(transparent)]
    Scores(#[from] Problems),
    /// An option the office gave that cannot be taken: how the run was asked for, not the data.
    #[error("{0}")]
    Options(Message),
    /// A disputed item or unit the run does not have.
    #[error(transparent)]
    Disputed(#[from] DisputeError),
}

impl RunError {
    /// The problems a run that gave no outcome ends with, each naming its file and, where it can,
    /// its sheet and cell; said in the caller's language.
    pub fn into_problems(self) -> Vec<Problem> {
        let file = |context: String, why: Message| vec![Problem::error(None, why.within(context))];
        match self {
            RunError::Scores(Problems(problems))
            | RunError::Tree(_, TreeError::Invalid(Problems(problems)))
            | RunError::Previous(_, PreviousError::Invalid(Problems(problems))) => problems,
            RunError::Tree(context, TreeError::Read(e)) | RunError::Previous(context, PreviousError::Read(e)) => file(context, e.message()),
            RunError::Scheme(context, e) => file(context, e.message()),
            RunError::Options(why) => vec![Problem::error(None, why)],
            RunError::Disputed(e) => vec![Problem::error(None, e.message())],
        }
    }
}

/// Scores the units: the whole run, in the spec's language.
pub fn run(spec: Spec<'_>) -> Result<Outcome, RunError> {
    text::with_lang(spec.lang, || scored(spec))
}

fn scored(spec: Spec<'_>) -> Result<Outcome, RunError> {
    let Ground { tree, rules, reading, name } = ground(&spec)?;
    // Last year's workbook is read before the score files: a wrong one stops the run at once.
    let previous = spec.previous.as_ref().map(read_previous).transpose()?;
    let (scheme, rounds) = (spec.scheme.as_ref().map(|s| Location::file(s.name.as_str())), spec.options.rounds.clone());
    let disputes = Disputes::parse(spec.options.disputed.as_deref().unwrap_or_default());
    let mut read = read_forms(&tree, &rules, &reading, spec);
    let mut problems = read.problems;
    let (measured, quant_problems) = quant::score(&tree, &rules, &mut read.entries, previous.as_ref());
    problems.extend(quant_problems);
    let (book, merge_problems) = merge::merge(&tree, read.entries, &rules);
    problems.extend(merge_problems);
    problems.extend(rounds::unverified(&tree, &book, rounds.require_verified));
    let ungrouped = rules.ungrouped(&book.units);
    if !ungrouped.is_empty() {
        let groups: Vec<&str> = rules.grades.keys().map(String::as_str).collect();
        problems.push(Problem::error(scheme.clone(), crate::text::units_without_group(&ungrouped, &groups)));
    }
    let uncoded = rules.uncoded(&book.units);
    if !uncoded.is_empty() {
        problems.push(Problem::error(scheme, crate::text::units_without_code(&uncoded)));
    }
    let (warnings, errors) = problem::partition(problems);
    // The tree's warnings come first, as the tree was read first; an error keeps them all.
    let warnings = [tree.warnings.clone(), warnings].concat();
    if let Some(Problems(errors)) = errors {
        return Err(Problems([warnings, errors].concat()).into());
    }
    let units = book.units.clone();
    let mut evaluation = engine::evaluate(&tree, book, &rules);
    if let (Some(rounds), Some(margin)) = (&mut evaluation.rounds, rounds.inflated) {
        rounds.inflated = margin;
    }
    let disputes = disputed::assess(&tree, &rules, &evaluation, &disputes)?;
    let year = previous.map(|previous| {
        let ranked: Vec<String> = evaluation.units.iter().map(|u| u.unit.clone()).collect();
        let changes = previous::compare(&previous, &tree, &ranked);
        YearComparison { previous, changes }
    });
    let title = name.or_else(|| tree.reading.title.clone());
    Ok(Outcome {
        tree,
        rules,
        files: read.files,
        units,
        evaluation,
        year,
        warnings,
        measured,
        disputes,
        title,
        departments: OnceLock::new(),
        inflated: OnceLock::new(),
    })
}

/// Reads a run's score files without scoring them: the share of the forms one of the browser
/// page's workers reads, for the run that scores them all ([`Spec::read`]).
pub fn read(spec: Spec<'_>) -> Result<ScoresRead, RunError> {
    text::with_lang(spec.lang, || {
        let Ground { tree, rules, reading, .. } = ground(&spec)?;
        Ok(read_forms(&tree, &rules, &reading, spec))
    })
}

/// What the score files are read against: the tree, the rules its scheme and the options make, and
/// how score sheets are read (the options over the scheme).
struct Ground {
    tree: IndicatorTree,
    rules: Rules,
    reading: ReadOptions,
    /// The scheme's name of the round.
    name: Option<String>,
}

fn ground(spec: &Spec<'_>) -> Result<Ground, RunError> {
    let scheme = spec.scheme.as_ref().map(parse_scheme).transpose()?;
    let options = &spec.options;
    let columns = options.columns.as_deref().map(ColumnNames::parse).transpose();
    let columns = columns.map_err(|part| RunError::Options(text::bad_columns(part, vocabulary::keys())))?.unwrap_or_default();
    let tree_options = TreeOptions { points: options.tree.points.or_else(|| scheme.as_ref().and_then(Scheme::points)), ..options.tree.clone() };
    let tree = read_tree(&spec.tree, &tree_options)?;
    let mut base = match (&scheme, &spec.scheme) {
        (Some(scheme), Some(input)) => scheme.rules(&tree).map_err(|e| RunError::Scheme(crate::text::reading_scheme(&input.name), e))?,
        _ => Rules::of_tree(&tree),
    };
    // The 定量规则 the items' 评分标准 state, where the scheme gives none. A standard that looks like one
    // and is not is said by `check` (a run scores such an item as typed, as before, and refuses
    // figures for it).
    crate::read::quant::rules_of_standards(&tree, &mut base.quant);
    let scheme_reading = scheme.as_ref().map(Scheme::reading).unwrap_or_default();
    let reading =
        ReadOptions { columns: columns.over(&scheme_reading.columns), deductions_only: options.deductions_only || scheme_reading.deductions_only };
    let name = scheme.and_then(|s| s.name).filter(|n| !n.trim().is_empty());
    Ok(Ground { tree, rules: options.rules.over(base), reading, name })
}

/// The score files of a run read, then those read beforehand added after them.
fn read_forms(tree: &IndicatorTree, rules: &Rules, reading: &ReadOptions, spec: Spec<'_>) -> ScoresRead {
    let context = FileContext {
        unit: spec.options.unit,
        penalties: rules.penalty_indices(tree),
        bonus: indices(tree, &rules.bonus_items),
        columns: reading.columns.clone(),
        deductions_only: reading.deductions_only,
        missing_zero: rules.missing == Missing::Zero,
        quant: rules.quant_indices(tree),
        ..FileContext::default()
    };
    let mut read = read_scores(tree, spec.scores, &context, spec.progress);
    for share in spec.read {
        read.append(share);
    }
    read
}

/// The items of these codes, by index.
fn indices(tree: &IndicatorTree, codes: &[String]) -> Vec<usize> {
    codes.iter().filter_map(|c| tree.find(ItemRef::Code(c))).collect()
}

/// Reads an indicator tree (指标体系) from its file's bytes.
pub fn read_tree(input: &Input, options: &TreeOptions) -> Result<IndicatorTree, RunError> {
    let failed = |e: TreeError| RunError::Tree(crate::text::reading_tree(&input.name), e);
    let format = format(input).map_err(|e| failed(e.into()))?;
    let which = options.sheet.as_deref().map_or(Which::First, Which::Named);
    let book = grid::read_bytes(&input.bytes, format, input.name.as_str().into(), which).map_err(|e| failed(e.into()))?;
    let sheet = book.sheets.into_iter().next().ok_or_else(|| failed(grid::ReadError::Empty(input.name.clone()).into()))?;
    let points = options.points.unwrap_or(Decimal::TEN);
    // A document's text, or a sheet of one text column, is read by its numbering.
    let tree = if prose::applies(&sheet) { prose::read(&sheet, points) } else { IndicatorTree::from_sheet(&sheet, points) };
    let mut tree = tree.map_err(|e| failed(e.into()))?;
    tree.input = Some(input.file());
    Ok(tree)
}

/// Parses a scoring scheme; it is checked against the tree by [`run`].
pub fn parse_scheme(input: &Input) -> Result<Scheme, RunError> {
    let failed = |e| RunError::Scheme(crate::text::reading_scheme(&input.name), e);
    let source = std::str::from_utf8(&input.bytes).map_err(|_| {
        failed(SchemeError::Read(
            input.name.clone().into(),
            std::io::Error::new(std::io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"),
        ))
    })?;
    Scheme::parse(Path::new(&input.name), source.to_string()).map_err(failed)
}

fn read_previous(input: &Input) -> Result<Previous, RunError> {
    let failed = |e| RunError::Previous(crate::text::reading_previous(&input.name), e);
    let format = format(input).map_err(|e| failed(e.into()))?;
    previous::read_bytes(&input.bytes, format, &input.name).map_err(failed)
}

/// What the score files gave: their entries, their problems (unreadable files among them), and
/// the files read.
pub struct ScoresRead {
    pub entries: Vec<ScoreEntry>,
    pub problems: Vec<Problem>,
    pub files: Vec<InputFile>,
}

/// Reads every score file, in parallel where there are threads; an unreadable file is a problem
/// of the run, not its end. Each file's bytes are let go once it is read. The problems are said in
/// the caller's language, on whichever thread a file is read.
pub fn read_scores(tree: &IndicatorTree, inputs: Vec<ScoreFile>, context: &FileContext, progress: Option<Progress<'_>>) -> ScoresRead {
    let lang = text::lang();
    let read: Vec<_> = inputs
        .into_par_iter()
        .map(|input| {
            let result = input.and_then(|input| {
                let format = format(&input)?;
                // The digest of a large file is worked out beside its reading, not after it.
                let (file, read) = rayon::join(
                    || input.file(),
                    || text::with_lang(lang, || scores::read_bytes(&input.bytes, format, Arc::from(input.name.as_str()), tree, context)),
                );
                Ok((file, read?))
            });
            if let Some(progress) = progress {
                progress();
            }
            result
        })
        .collect();
    let mut all = ScoresRead { entries: Vec::new(), problems: Vec::new(), files: Vec::with_capacity(read.len()) };
    for result in read {
        match result {
            Ok((file, (entries, problems))) => all.append(ScoresRead { entries, problems, files: vec![file] }),
            Err(err) => all.problems.push(Problem::error(None::<Location>, err.message())),
        }
    }
    all
}

impl ScoresRead {
    /// Adds what was read after these.
    pub fn append(&mut self, mut later: ScoresRead) {
        // The first file's entries are moved, not copied: with one large file that halves the peak.
        if self.entries.is_empty() {
            self.entries = later.entries;
        } else {
            self.entries.append(&mut later.entries);
        }
        self.problems.append(&mut later.problems);
        self.files.append(&mut later.files);
    }
}

/// Who returned what (报送情况): a report, not a verdict.
pub struct StatusOutcome {
    pub tree: IndicatorTree,
    pub status: Status,
    /// Every problem of the files, errors and warnings alike (the tree's warnings are its own).
    pub problems: Vec<Problem>,
}

/// Reads the returned forms and says, per department and unit, what was expected, scored,
/// 不涉及, blank and missing, and which departments sent nothing; `units` are the units expected.
/// A scheme, when the spec gives one, declares its penalty items as it does for a run.
pub fn status(spec: Spec<'_>, units: &[String]) -> Result<StatusOutcome, RunError> {
    text::with_lang(spec.lang, || {
        let Ground { tree, rules, reading, .. } = ground(&spec)?;
        let read = read_forms(&tree, &rules, &reading, spec);
        let status = status::status(&tree, &read.entries, units);
        Ok(StatusOutcome { tree, status, problems: read.problems })
    })
}

// ---- the diff run -----------------------------------------------------------------------

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Forms to score and no tree to score them by (a usage error).
    #[error("{}", text::diff_needs_tree())]
    NeedsTree,
    #[error(transparent)]
    Previous(#[from] previous::PreviousError),
    #[error(transparent)]
    Invalid(#[from] Problems),
}

/// The files of one side, each named relative to the side's folder (a lone file by its name), with
/// its bytes.
pub type SideFiles = Vec<(String, Input)>;

/// The two sides read and compared, or `Same` when every file is identical by SHA-256.
pub enum DiffOutcome {
    Same(Vec<(String, String)>),
    Sides { old: Side, new: Side, identical: Vec<(String, String)>, warnings: Vec<Problem> },
}

/// The diff run: reads both sides and tells whether there is anything to compare; forms are scored by the tree's own rules (bonus and veto items as its 类型
/// column declares them, the plain defaults otherwise).
pub fn diff(old: SideFiles, new: SideFiles, tree: Option<&IndicatorTree>, unit: Option<String>) -> Result<DiffOutcome, DiffError> {
    let digests = |files: &SideFiles| files.iter().map(|(name, input)| (name.clone(), input.file())).collect::<Vec<_>>();
    let (old_digests, new_digests) = (digests(&old), digests(&new));
    let single = old.len() == 1 && new.len() == 1;
    // Two single files pair whatever their names; folders pair files by their path inside.
    let identical: Vec<(String, String)> = old_digests
        .iter()
        .filter_map(|(name, o)| {
            let (_, n) = new_digests.iter().find(|(n, f)| (single || n == name) && f.sha256 == o.sha256)?;
            Some((o.path.display().to_string(), n.path.display().to_string()))
        })
        .collect();
    if identical.len() == old.len() && identical.len() == new.len() {
        return Ok(DiffOutcome::Same(identical));
    }
    let mut warnings = Vec::new();
    let sides = [old, new].map(|files| side(files, tree, unit.clone(), &mut warnings));
    let [old, new] = sides;
    Ok(DiffOutcome::Sides { old: old?, new: new?, identical, warnings })
}

/// One side: a single result workbook read back, or forms scored.
fn side(files: SideFiles, tree: Option<&IndicatorTree>, unit: Option<String>, warnings: &mut Vec<Problem>) -> Result<Side, DiffError> {
    if let [(_, only)] = files.as_slice()
        && let Some(format) = Format::of(Path::new(&only.name))
        && let Ok(book) = grid::read_bytes(&only.bytes, format, only.name.as_str().into(), Which::Visible)
        && previous::is_result(&book)
    {
        return Ok(Side::of_result(previous::of_book(&book, &only.name, only.file())?));
    }
    let tree = tree.ok_or(DiffError::NeedsTree)?;
    let rules = Rules::of_tree(tree);
    let context = FileContext {
        unit,
        penalties: rules.penalty_indices(tree),
        bonus: indices(tree, &rules.bonus_items),
        missing_zero: rules.missing == Missing::Zero,
        quant: rules.quant_indices(tree),
        ..FileContext::default()
    };
    let read = read_scores(tree, files.into_iter().map(|(_, input)| Ok(input)).collect(), &context, None);
    let (entries, mut problems) = (read.entries, read.problems);
    let (book, merged) = merge::merge(tree, entries, &rules);
    problems.extend(merged);
    problems.extend(rounds::unverified(tree, &book, false));
    let (mut found, errors) = problem::partition(problems);
    if let Some(errors) = errors {
        return Err(errors.into());
    }
    warnings.append(&mut found);
    let evaluation = engine::evaluate(tree, book, &rules);
    Ok(Side::of_evaluation(tree, &evaluation, &rules))
}
