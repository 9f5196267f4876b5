//! The service's operations, each once: the JSON API and the pages are two ways of calling them.
//! Library work (reading a tree, checking values, scoring) runs off the async threads, in a pool of
//! the request's language.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use serde::Serialize;

use super::Fail;
use super::auth;
use super::content::Refused;
use super::round::{self, Files};
use super::store::{Change, Department, Entry, Evidence, Round, Status, Store, Unit, Writer};
use zhibiao::export::{self, Export};
use zhibiao::pipeline::Input;
use zhibiao::pipeline::RunOptions;
use zhibiao::problem::{Problem, Severity};
use zhibiao::result_book::Date;
use zhibiao::text::{self, Args, Lang};
use zhibiao::tree::IndicatorTree;

pub struct State {
    pub store: Arc<Store>,
    /// Trees read, by the hashes of their tree and scheme: a board or a form needs the items, and
    /// reading a national tree again for every request would be most of the work.
    trees: Mutex<HashMap<(String, String), Arc<IndicatorTree>>>,
    /// Last year's scores by the hash of its workbook, read once: (unit, code) → the score as shown.
    previous: Mutex<HashMap<String, Arc<LastYear>>>,
    /// Failed sign-ins, by account and by address.
    pub throttle: auth::Throttle,
}

/// Last year's score of each unit and item, as the form shows it (不涉及 for not applicable).
type LastYear = HashMap<(String, String), String>;

impl State {
    pub fn new(store: Arc<Store>) -> State {
        State { store, trees: Mutex::new(HashMap::new()), previous: Mutex::new(HashMap::new()), throttle: auth::Throttle::default() }
    }
}

/// A problem as the API returns it: where, about which item, how grave, its code and arguments
/// (the library's, see `text::CODES`) and the sentence. A refusal of the service itself (a
/// request that failed as a whole) has no code.
#[derive(Clone, Debug, Serialize)]
pub struct ProblemOut {
    pub place: Option<String>,
    pub item: Option<String>,
    pub error: bool,
    pub code: Option<&'static str>,
    pub args: Args,
    pub message: String,
}

impl ProblemOut {
    fn of(item: Option<String>, p: &Problem) -> ProblemOut {
        ProblemOut {
            place: p.location.as_ref().map(ToString::to_string),
            item,
            error: p.severity == Severity::Error,
            code: Some(p.code),
            args: p.args.clone(),
            message: p.message.clone(),
        }
    }

    /// A request refused as a whole, said beside the problems that refused it.
    pub fn refusal(place: Option<String>, message: String) -> ProblemOut {
        ProblemOut { place, item: None, error: true, code: None, args: Args::default(), message }
    }
}

fn unprocessable(message: String, problems: Vec<ProblemOut>) -> Fail {
    Fail { status: StatusCode::UNPROCESSABLE_ENTITY, message, problems }
}

fn not_found() -> Fail {
    Fail::new(StatusCode::NOT_FOUND, text::serve_not_found())
}

fn conflict(message: String) -> Fail {
    Fail::new(StatusCode::CONFLICT, message)
}

/// Library work off the async threads, in the request's language.
async fn work<T: Send + 'static>(lang: Lang, f: impl FnOnce() -> T + Send + 'static) -> Result<T, Fail> {
    tokio::task::spawn_blocking(move || round::in_lang(lang, f)).await.map_err(|e| anyhow::anyhow!("{e}").into())
}

// ---- rounds ------------------------------------------------------------------------------

/// What a round is made from: the CLI's inputs.
pub struct NewRound {
    pub name: String,
    pub deadline: String,
    pub tree: (String, Vec<u8>),
    pub scheme: Option<(String, Vec<u8>)>,
    /// One unit a line: `name` or `name,group` (a comma, 、, a tab).
    pub units: String,
    /// Last year's result workbook, as `score --previous` reads it.
    pub previous: Option<(String, Vec<u8>)>,
}

/// The units of a round's list: name and group, one a line; blank lines and `#` comments skipped.
fn unit_lines(list: &str) -> Vec<(String, String)> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once([',', '，', '\t', '、']) {
            Some((name, group)) => (name.trim().to_string(), group.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// A file's name as the store keeps it: safe on every system, its extension (the reader's only
/// hint of its format) kept.
fn safe_name(given: &str, fallback: &str) -> String {
    let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let stem = if stem.is_empty() { fallback } else { stem };
    if ext.is_empty() { zhibiao::names::file_stem(stem) } else { format!("{}.{ext}", zhibiao::names::file_stem(stem)) }
}

pub async fn create_round(state: &State, lang: Lang, new: NewRound) -> Result<i64, Fail> {
    let units = unit_lines(&new.units);
    if units.is_empty() {
        return Err(unprocessable(text::serve_no_units(), Vec::new()));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some((dup, _)) = units.iter().find(|(u, _)| !seen.insert(u.clone())) {
        return Err(unprocessable(text::serve_duplicate_unit(dup), Vec::new()));
    }
    let tree_name = safe_name(&new.tree.0, "tree");
    let scheme_name = new.scheme.as_ref().map(|(n, _)| safe_name(n, "scheme")).unwrap_or_default();
    let previous_name = new.previous.as_ref().map(|(n, _)| safe_name(n, "previous")).unwrap_or_default();
    // The tree, the scheme and last year's workbook are checked as a run would before anything is stored.
    let leads = check_files(lang, &new).await?;
    let tree_sha = state.store.put_blob(&new.tree.1).await?;
    let scheme_sha = match &new.scheme {
        Some((_, bytes)) => state.store.put_blob(bytes).await?,
        None => String::new(),
    };
    let previous_sha = match &new.previous {
        Some((_, bytes)) => state.store.put_blob(bytes).await?,
        None => String::new(),
    };
    let round = Round { id: 0, name: new.name, deadline: new.deadline, tree_name, tree_sha, scheme_name, scheme_sha, previous_name, previous_sha };
    let units: Vec<(String, String, String, String)> = units.into_iter().map(|(n, g)| (n, g, auth::token(), auth::token())).collect();
    Ok(state.store.create_round(&round, &units, &department_links(leads)).await?)
}

/// A fresh link (token and CSRF token) for each department.
fn department_links(names: Vec<String>) -> Vec<(String, String, String)> {
    names.into_iter().map(|n| (n, auth::token(), auth::token())).collect()
}

/// A run's error with its causes, as the CLI prints them.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(&format!("\n{}: {cause}", text::caused_by()));
        source = cause.source();
    }
    message
}

/// Replaces a round's tree and scheme while no unit has returned anything.
pub async fn replace_files(state: &State, lang: Lang, id: i64, tree: (String, Vec<u8>), scheme: Option<(String, Vec<u8>)>) -> Result<(), Fail> {
    let round = state.store.round(id).await?.ok_or_else(not_found)?;
    let units = state.store.units(id).await?;
    let list = units.iter().map(|u| format!("{},{}", u.name, u.group)).collect::<Vec<_>>().join("\n");
    // The same checks as a new round's, then only the files are swapped.
    let (tree_name, scheme_name) = (safe_name(&tree.0, "tree"), scheme.as_ref().map(|(n, _)| safe_name(n, "scheme")).unwrap_or_default());
    let probe = NewRound { name: round.name, deadline: round.deadline, tree: tree.clone(), scheme: scheme.clone(), units: list, previous: None };
    let leads = check_files(lang, &probe).await?;
    let tree_sha = state.store.put_blob(&tree.1).await?;
    let scheme_sha = match &scheme {
        Some((_, b)) => state.store.put_blob(b).await?,
        None => String::new(),
    };
    if !state.store.replace_files(id, (&tree_name, &tree_sha), (&scheme_name, &scheme_sha), &department_links(leads)).await? {
        return Err(conflict(text::serve_files_fixed()));
    }
    Ok(())
}

/// Checks a round's files as a run would; the departments that lead items (牵头单位), which get links.
async fn check_files(lang: Lang, new: &NewRound) -> Result<Vec<String>, Fail> {
    let files = Files {
        tree: Input::new(safe_name(&new.tree.0, "tree"), new.tree.1.clone()),
        scheme: new.scheme.as_ref().map(|(n, b)| Input::new(safe_name(n, "scheme"), b.clone())),
        previous: new.previous.as_ref().map(|(n, b)| Input::new(safe_name(n, "previous"), b.clone())),
    };
    work(lang, move || {
        zhibiao::pipeline::read(files.spec(Vec::new(), RunOptions::default())).map_err(|e| error_chain(&e))?;
        files.last_year().map_err(|e| error_chain(&e))?;
        Ok(round::leads(&files.tree().map_err(|e| error_chain(&e))?))
    })
    .await?
    .map_err(|m: String| unprocessable(m, Vec::new()))
}

pub async fn round(state: &State, id: i64) -> Result<Round, Fail> {
    state.store.round(id).await?.ok_or_else(not_found)
}

async fn files(state: &State, round: &Round) -> Result<Files, Fail> {
    let tree = state.store.blob(&round.tree_sha).await?.ok_or_else(not_found)?;
    let stored = async |sha: &str| -> Result<Option<Vec<u8>>, Fail> {
        if sha.is_empty() { Ok(None) } else { Ok(Some(state.store.blob(sha).await?.ok_or_else(not_found)?)) }
    };
    Ok(Files::new(round, tree, stored(&round.scheme_sha).await?, stored(&round.previous_sha).await?))
}

/// Last year's scores of the round's units, read once per workbook.
async fn last_year(state: &State, lang: Lang, round: &Round, files: &Arc<Files>) -> Result<Arc<LastYear>, Fail> {
    if let Some(known) = state.previous.lock().expect("the previous cache").get(&round.previous_sha) {
        return Ok(known.clone());
    }
    let reading = files.clone();
    let read = work(lang, move || reading.last_year().map_err(|e| error_chain(&e))).await?.map_err(|m| unprocessable(m, Vec::new()))?;
    let read = Arc::new(read);
    state.previous.lock().expect("the previous cache").insert(round.previous_sha.clone(), read.clone());
    Ok(read)
}

/// The round's tree as its run reads it (read once per tree and scheme).
async fn tree(state: &State, lang: Lang, round: &Round) -> Result<(Arc<Files>, Arc<IndicatorTree>), Fail> {
    let files = Arc::new(files(state, round).await?);
    let key = (round.tree_sha.clone(), round.scheme_sha.clone());
    if let Some(tree) = state.trees.lock().expect("the tree cache").get(&key) {
        return Ok((files, tree.clone()));
    }
    let reading = files.clone();
    let tree = work(lang, move || reading.tree().map_err(|e| error_chain(&e))).await?.map_err(|m| unprocessable(m, Vec::new()))?;
    let tree = Arc::new(tree);
    state.trees.lock().expect("the tree cache").insert(key, tree.clone());
    Ok((files, tree))
}

// ---- the board ---------------------------------------------------------------------------

#[derive(Serialize)]
pub struct BoardRow {
    pub unit: String,
    pub group: String,
    pub status: Status,
    pub status_text: String,
    pub version: i64,
    pub missing: usize,
    pub changed: String,
    pub comment: String,
    /// The departments that have submitted their items of this unit's return.
    pub departments: Vec<String>,
}

/// One item across the round's units: how many answered it.
#[derive(Serialize)]
pub struct ItemRow {
    pub code: String,
    pub name: String,
    pub answered: usize,
    pub missing: usize,
}

#[derive(Serialize)]
pub struct Board {
    pub round: Round,
    pub items: usize,
    pub groups: Vec<String>,
    /// The round's responsible departments, each with a link of its own.
    pub departments: Vec<String>,
    pub units: Vec<BoardRow>,
    /// Per item across all the round's units.
    pub by_item: Vec<ItemRow>,
}

pub async fn board(state: &State, lang: Lang, id: i64, group: Option<&str>) -> Result<Board, Fail> {
    let round = round(state, id).await?;
    let (_, tree) = tree(state, lang, &round).await?;
    let answered = state.store.answered(id).await?;
    let by_item = state.store.answered_items(id).await?;
    let units = state.store.units(id).await?;
    let mut returned = state.store.department_returns(id).await?;
    let departments = state.store.departments(id).await?.into_iter().map(|d| d.name).collect();
    let by_item = tree
        .items
        .iter()
        .map(|i| {
            let answered = by_item.get(&i.code).copied().unwrap_or(0);
            ItemRow { code: i.code.clone(), name: i.name.clone(), answered, missing: units.len().saturating_sub(answered) }
        })
        .collect();
    let mut groups: Vec<String> = units.iter().map(|u| u.group.clone()).filter(|g| !g.is_empty()).collect();
    groups.dedup();
    let rows = text::with_lang(lang, || {
        units
            .into_iter()
            .filter(|u| group.is_none_or(|g| g.is_empty() || u.group == g))
            .map(|u| BoardRow {
                missing: tree.items.len().saturating_sub(answered.get(&u.name).copied().unwrap_or(0)),
                status_text: text::serve_status(u.status.name()),
                changed: time_text(u.changed),
                departments: returned.remove(&u.name).unwrap_or_default(),
                unit: u.name,
                group: u.group,
                status: u.status,
                version: u.version,
                comment: u.comment,
            })
            .collect()
    });
    Ok(Board { round, items: tree.items.len(), groups, departments, units: rows, by_item })
}

/// Unix seconds as UTC, `2026-12-07 15:04`.
pub fn time_text(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let (h, m) = (secs.rem_euclid(86_400) / 3600, secs.rem_euclid(3600) / 60);
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

/// The board as csv: one row per unit.
pub fn board_csv(board: &Board) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = text::serve_board_header();
    let _ = out.write_record(&header);
    for r in &board.units {
        let _ = out.write_record([&r.unit, &r.group, &r.status_text, &r.version.to_string(), &r.missing.to_string(), &r.changed, &r.comment]);
    }
    out.into_inner().unwrap_or_default()
}

/// The units' links as csv, to print or mail merge.
pub async fn links_csv(state: &State, lang: Lang, id: i64, base: &str) -> Result<Vec<u8>, Fail> {
    round(state, id).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(text::with_lang(lang, text::serve_links_header));
    for u in state.store.units(id).await? {
        let _ = out.write_record([&u.name, &u.group, &format!("{base}/u/{}", u.token)]);
    }
    let department = text::with_lang(lang, text::serve_department_group);
    for d in state.store.departments(id).await? {
        let _ = out.write_record([&d.name, &department, &format!("{base}/d/{}", d.token)]);
    }
    Ok(out.into_inner().unwrap_or_default())
}

#[derive(Serialize)]
pub struct Link {
    pub unit: String,
    pub group: String,
    pub token: String,
}

pub async fn links(state: &State, id: i64) -> Result<Vec<Link>, Fail> {
    round(state, id).await?;
    Ok(state.store.units(id).await?.into_iter().map(|u| Link { unit: u.name, group: u.group, token: u.token }).collect())
}

#[derive(Serialize)]
pub struct DepartmentLink {
    pub department: String,
    pub token: String,
}

pub async fn department_links_of(state: &State, id: i64) -> Result<Vec<DepartmentLink>, Fail> {
    round(state, id).await?;
    Ok(state.store.departments(id).await?.into_iter().map(|d| DepartmentLink { department: d.name, token: d.token }).collect())
}

/// A new link for a department, or its link revoked, as a unit's.
pub async fn reissue_department(state: &State, id: i64, name: &str, who: &str, revoke: bool) -> Result<Option<String>, Fail> {
    let token = auth::token();
    if !state.store.set_department_token(id, name, &token, who, if revoke { "revoke" } else { "reissue" }).await? {
        return Err(not_found());
    }
    Ok((!revoke).then_some(token))
}

/// A new link for a unit (the old one stops opening anything); `revoke` leaves it without one
/// that anyone knows until reissued.
pub async fn reissue(state: &State, id: i64, unit: &str, who: &str, revoke: bool) -> Result<Option<String>, Fail> {
    state.store.unit(id, unit).await?.ok_or_else(not_found)?;
    let token = auth::token();
    // A revoked link's token is replaced by one never shown: nothing opens with the old one.
    state.store.set_token(id, unit, &token, who, if revoke { "revoke" } else { "reissue" }).await?;
    Ok((!revoke).then_some(token))
}

// ---- a unit's return ---------------------------------------------------------------------

#[derive(Serialize)]
pub struct ItemView {
    pub code: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub points: String,
    pub standard: String,
    /// Last year's score of this unit for the item, where the round's previous workbook has one.
    pub last_year: Option<String>,
    pub entry: Entry,
    pub problems: Vec<ProblemOut>,
    pub evidence: Vec<Evidence>,
}

#[derive(Serialize)]
pub struct UnitView {
    pub round: Round,
    pub unit: Unit,
    pub status_text: String,
    pub open: bool,
    pub items: Vec<ItemView>,
    /// Problems of no single item.
    pub problems: Vec<ProblemOut>,
    /// The department whose items these are, when it is a department's view.
    pub department: Option<String>,
}

/// A unit's items (text, points, 评分标准, last year's score), its values and evidence, and the
/// reader's problems with them; nothing of another unit. A department sees only the items it leads.
pub async fn unit_view(state: &State, lang: Lang, unit: Unit, extra: Vec<ProblemOut>, department: Option<&str>) -> Result<UnitView, Fail> {
    let round = round(state, unit.round_id).await?;
    let (files, tree) = tree(state, lang, &round).await?;
    let last_year = last_year(state, lang, &round, &files).await?;
    let entries = state.store.entries(unit.round_id, &unit.name).await?;
    let evidence = state.store.evidence(unit.round_id, &unit.name).await?;
    let checked = {
        let (tree, name, entries) = (tree.clone(), unit.name.clone(), entries.clone());
        work(lang, move || round::check(&files, &tree, &name, &entries, false)).await?.map_err(|m| unprocessable(m, Vec::new()))?
    };
    let mut problems: Vec<ProblemOut> = checked.problems.iter().map(|(item, p)| ProblemOut::of(item.clone(), p)).collect();
    problems.extend(extra);
    let by_code: HashMap<&str, &Entry> = entries.iter().map(|e| (e.code.as_str(), e)).collect();
    let items = tree
        .items
        .iter()
        .filter(|item| department.is_none_or(|d| item.lead.as_deref() == Some(d)))
        .map(|item| ItemView {
            code: item.code.clone(),
            level1: item.level1.and_then(|g| tree.level1.get(g)).map(|g| g.name.clone()).unwrap_or_default(),
            level2: item.level2.and_then(|g| tree.level2.get(g)).map(|g| g.name.clone()).unwrap_or_default(),
            name: item.name.clone(),
            points: item.points.normalize().to_string(),
            standard: item.standard.clone().unwrap_or_default(),
            last_year: last_year.get(&(unit.name.clone(), item.code.clone())).cloned(),
            entry: by_code.get(item.code.as_str()).map_or_else(|| Entry { code: item.code.clone(), ..Entry::default() }, |e| (*e).clone()),
            problems: problems.iter().filter(|p| p.item.as_deref() == Some(&item.code)).cloned().collect(),
            evidence: evidence.iter().filter(|e| e.code == item.code).cloned().collect(),
        })
        .collect();
    let problems = problems.into_iter().filter(|p| p.item.is_none()).collect();
    let status_text = text::with_lang(lang, || text::serve_status(unit.status.name()));
    Ok(UnitView { round, open: unit.status.open(), status_text, unit, items, problems, department: department.map(str::to_string) })
}

/// The unit behind a link's token, or a refusal that says nothing of any unit.
pub async fn unit_of_token(state: &State, token: &str) -> Result<Unit, Fail> {
    // A token is 64 hex digits; anything else is not looked up.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Fail::new(StatusCode::NOT_FOUND, text::serve_bad_link()));
    }
    state.store.unit_by_token(token).await?.ok_or_else(|| Fail::new(StatusCode::NOT_FOUND, text::serve_bad_link()))
}

/// What a save brought: the values of some items (self-score and note; others keep theirs).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Values {
    pub code: String,
    pub score: Option<String>,
    pub note: Option<String>,
}

/// The department behind a link's token, or a refusal that says nothing of any department.
pub async fn department_of_token(state: &State, token: &str) -> Result<Department, Fail> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Fail::new(StatusCode::NOT_FOUND, text::serve_bad_link()));
    }
    state.store.department_by_token(token).await?.ok_or_else(|| Fail::new(StatusCode::NOT_FOUND, text::serve_bad_link()))
}

/// A unit of a department's round, by name.
pub async fn department_unit(state: &State, department: &Department, unit: &str) -> Result<Unit, Fail> {
    state.store.unit(department.round_id, unit).await?.ok_or_else(not_found)
}

/// What a department's link opens: the round's units, where each stands, and whether the
/// department has submitted its items of each.
#[derive(Serialize)]
pub struct DepartmentView {
    pub round: Round,
    pub department: String,
    pub items: Vec<String>,
    pub units: Vec<DepartmentUnit>,
}

#[derive(Serialize)]
pub struct DepartmentUnit {
    pub unit: String,
    pub group: String,
    pub status: Status,
    pub status_text: String,
    pub submitted: bool,
}

pub async fn department_view(state: &State, lang: Lang, department: &Department) -> Result<DepartmentView, Fail> {
    let round = round(state, department.round_id).await?;
    let (_, tree) = tree(state, lang, &round).await?;
    let items = tree.items.iter().filter(|i| i.lead.as_deref() == Some(&department.name)).map(|i| i.code.clone()).collect();
    let returned = state.store.department_returns(round.id).await?;
    let units = state.store.units(round.id).await?;
    let units = text::with_lang(lang, || {
        units
            .into_iter()
            .map(|u| DepartmentUnit {
                submitted: returned.get(&u.name).is_some_and(|d| d.contains(&department.name)),
                status_text: text::serve_status(u.status.name()),
                unit: u.name,
                group: u.group,
                status: u.status,
            })
            .collect()
    });
    Ok(DepartmentView { round, department: department.name.clone(), items, units })
}

/// Saves a unit's values as a draft, or submits them (提交 makes a version). A submission must
/// pass the reader's checks with every item answered; a draft is kept with its problems shown.
/// A department saves and submits only the items it leads; the unit's return is submitted once
/// every department has submitted and nothing of it is blank or wrong.
pub async fn save(
    state: &State,
    lang: Lang,
    unit: &Unit,
    values: Vec<Values>,
    submit: bool,
    who: &str,
    department: Option<&str>,
) -> Result<Vec<ProblemOut>, Fail> {
    if !unit.status.open() {
        return Err(conflict(text::serve_locked()));
    }
    let round = round(state, unit.round_id).await?;
    let (files, tree) = tree(state, lang, &round).await?;
    let mine = |code: &str| tree.items.iter().any(|i| i.code == code && department.is_none_or(|d| i.lead.as_deref() == Some(d)));
    let mut entries = state.store.entries(unit.round_id, &unit.name).await?;
    for v in values {
        if tree.items.iter().all(|i| i.code != v.code) {
            return Err(unprocessable(text::serve_unknown_item(&v.code), Vec::new()));
        }
        if !mine(&v.code) {
            return Err(Fail::new(StatusCode::FORBIDDEN, text::with_lang(lang, || text::serve_not_your_item(&v.code))));
        }
        let entry = match entries.iter_mut().find(|e| e.code == v.code) {
            Some(e) => e,
            None => {
                entries.push(Entry { code: v.code.clone(), ..Entry::default() });
                entries.last_mut().expect("just pushed")
            }
        };
        if let Some(score) = v.score {
            entry.score = score.trim().to_string();
        }
        if let Some(note) = v.note {
            entry.note = note.trim().to_string();
        }
    }
    let checked = {
        let (tree, name, entries) = (tree.clone(), unit.name.clone(), entries.clone());
        work(lang, move || round::check(&files, &tree, &name, &entries, submit)).await?.map_err(|m| unprocessable(m, Vec::new()))?
    };
    // A department hears of its own items only: the others are not its to see.
    let (mine_checked, whole_errors) = (checked.problems.iter().filter(|(item, _)| item.as_deref().is_none_or(&mine)), checked.errors());
    let problems: Vec<ProblemOut> = mine_checked.map(|(item, p)| ProblemOut::of(item.clone(), p)).collect();
    let errors = problems.iter().filter(|p| p.error).count();
    if submit && errors > 0 {
        return Err(unprocessable(text::with_lang(lang, || text::serve_not_submitted(errors)), problems));
    }
    let departments = round::leads(&tree);
    let by = match department {
        Some(name) => Writer::Department { name, submit, all: &departments, complete: whole_errors == 0 },
        None => Writer::To(
            match (submit, unit.status) {
                (true, _) => Status::Submitted,
                (false, Status::Returned) => Status::Returned,
                (false, _) => Status::Draft,
            },
            if submit { "submit" } else { "save" },
        ),
    };
    let written = state.store.write_entries(unit, &entries, who, by, &[Status::None, Status::Draft, Status::Returned]).await?;
    if !written {
        return Err(conflict(text::serve_locked()));
    }
    Ok(problems)
}

/// A unit's filled workbook, read by the same reader; its values become the unit's draft, or every
/// problem is returned with its cell and nothing changes.
pub async fn upload(state: &State, lang: Lang, unit: &Unit, name: &str, bytes: Vec<u8>, who: &str) -> Result<Vec<ProblemOut>, Fail> {
    if !unit.status.open() {
        return Err(conflict(text::serve_locked()));
    }
    let round = round(state, unit.round_id).await?;
    let (files, _) = tree(state, lang, &round).await?;
    state.store.put_blob(&bytes).await?;
    let input = Input::new(safe_name(name, &unit.name), bytes);
    let unit_name = unit.name.clone();
    let read = work(lang, move || round::read_upload(&files, &unit_name, input)).await?.map_err(|m| unprocessable(m, Vec::new()))?;
    match read {
        Ok(entries) => {
            let values = entries.into_iter().map(|e| Values { code: e.code, score: Some(e.score), note: Some(e.note) }).collect();
            save(state, lang, unit, values, false, who, None).await
        }
        Err(problems) => {
            let problems = problems.iter().map(|p| ProblemOut::of(None, p)).collect();
            Err(unprocessable(text::with_lang(lang, text::serve_upload_refused), problems))
        }
    }
}

/// Evidence files (佐证材料): each stored once by its content hash and attached to the items named.
pub async fn attach(state: &State, lang: Lang, unit: &Unit, files: Vec<(String, Vec<u8>)>, codes: &[String]) -> Result<Vec<String>, Fail> {
    if !unit.status.open() {
        return Err(conflict(text::serve_locked()));
    }
    let round = round(state, unit.round_id).await?;
    let tree_codes = {
        let (_, tree) = tree(state, lang, &round).await?;
        tree.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>()
    };
    if let Some(bad) = codes.iter().find(|c| !tree_codes.contains(c)) {
        return Err(unprocessable(text::serve_unknown_item(bad), Vec::new()));
    }
    if files.is_empty() || files.len() > super::MAX_FILES {
        return Err(unprocessable(text::serve_file_count(super::MAX_FILES), Vec::new()));
    }
    // Every file checked before any is stored: a refusal keeps nothing of the upload.
    let refused: Vec<ProblemOut> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let refused = super::content::check(&safe_name(name, "file"), bytes).err()?;
            let message = text::with_lang(lang, || match refused {
                Refused::Program => text::serve_evidence_program(name),
                Refused::Unknown(accepted) => text::serve_evidence_unknown(name, accepted),
                Refused::Mismatch(ext, Some(found)) => text::serve_evidence_mismatch(name, ext, found),
                Refused::Mismatch(ext, None) => text::serve_evidence_unrecognised(name, ext),
            });
            Some(ProblemOut { place: Some(name.clone()), item: None, error: true, code: None, args: Args::default(), message })
        })
        .collect();
    if !refused.is_empty() {
        let message = refused.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("\n");
        return Err(unprocessable(message, refused));
    }
    let mut hashes = Vec::new();
    for (name, bytes) in files {
        let sha = state.store.put_blob(&bytes).await?;
        state.store.attach(unit, &sha, &safe_name(&name, "file"), codes).await?;
        hashes.push(sha);
    }
    Ok(hashes)
}

/// An evidence file of this unit's: nothing of another unit's is served, even by its hash.
pub async fn evidence_file(state: &State, unit: &Unit, sha: &str) -> Result<(String, Vec<u8>), Fail> {
    let attached = state.store.evidence(unit.round_id, &unit.name).await?;
    let found = attached.into_iter().find(|e| e.sha256 == sha).ok_or_else(not_found)?;
    let bytes = state.store.blob(sha).await?.ok_or_else(not_found)?;
    Ok((found.file_name, bytes))
}

/// The unit's template (评分表), as `zhibiao template --by unit` makes it.
pub async fn template(state: &State, lang: Lang, unit: &Unit) -> Result<(String, Vec<u8>), Fail> {
    let round = round(state, unit.round_id).await?;
    let (_, tree) = tree(state, lang, &round).await?;
    let name = unit.name.clone();
    work(lang, move || {
        let plan = zhibiao::template::plan(&tree, zhibiao::template::By::Unit, std::slice::from_ref(&name)).map_err(|e| e.to_string())?;
        let t = plan.into_iter().next().ok_or_else(text::serve_internal)?;
        Ok((t.file_name.clone(), zhibiao::template::workbook(&tree, &t).map_err(|e| e.to_string())?))
    })
    .await?
    .map_err(|m: String| unprocessable(m, Vec::new()))
}

// ---- review ------------------------------------------------------------------------------

/// A reviewer's values of some items: 核定得分 and 核减原因.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Review {
    pub code: String,
    pub verified: Option<String>,
    pub reason: Option<String>,
}

/// Records the office's review of a submitted return, checked by the reader as the CLI would (a
/// 核定得分 over the points is refused).
pub async fn review(state: &State, lang: Lang, unit: &Unit, reviews: Vec<Review>, who: &str) -> Result<Vec<ProblemOut>, Fail> {
    if unit.status != Status::Submitted {
        return Err(conflict(text::serve_not_reviewable()));
    }
    let round = round(state, unit.round_id).await?;
    let (files, tree) = tree(state, lang, &round).await?;
    let mut entries = state.store.entries(unit.round_id, &unit.name).await?;
    for r in reviews {
        let Some(entry) = entries.iter_mut().find(|e| e.code == r.code) else {
            return Err(unprocessable(text::serve_unknown_item(&r.code), Vec::new()));
        };
        if let Some(v) = r.verified {
            entry.verified = v.trim().to_string();
        }
        if let Some(v) = r.reason {
            entry.reason = v.trim().to_string();
        }
    }
    let checked = {
        let (tree, name, entries) = (tree.clone(), unit.name.clone(), entries.clone());
        work(lang, move || round::check(&files, &tree, &name, &entries, false)).await?.map_err(|m| unprocessable(m, Vec::new()))?
    };
    let problems: Vec<ProblemOut> = checked.problems.iter().map(|(item, p)| ProblemOut::of(item.clone(), p)).collect();
    if checked.errors() > 0 {
        return Err(unprocessable(text::with_lang(lang, || text::serve_not_saved(checked.errors())), problems));
    }
    if !state.store.write_entries(unit, &entries, who, Writer::To(Status::Submitted, "review"), &[Status::Submitted]).await? {
        return Err(conflict(text::serve_not_reviewable()));
    }
    Ok(problems)
}

/// 退回 (with a comment the unit sees), 核定 (locks), or unlock (the administrator's, logged).
pub async fn decide(state: &State, unit: &Unit, action: &str, comment: &str, office: &auth::Office) -> Result<(), Fail> {
    let (to, from): (Status, &[Status]) = match action {
        "return" => (Status::Returned, &[Status::Submitted]),
        "approve" => (Status::Approved, &[Status::Submitted]),
        "unlock" if office.admin => (Status::Submitted, &[Status::Approved]),
        "unlock" => return Err(Fail::new(StatusCode::FORBIDDEN, text::serve_admin_only())),
        _ => return Err(not_found()),
    };
    if action == "return" && comment.trim().is_empty() {
        return Err(unprocessable(text::serve_comment_needed(), Vec::new()));
    }
    if !state.store.set_status(unit, to, from, comment.trim(), &office.name, action).await? {
        return Err(conflict(text::serve_wrong_status(action)));
    }
    Ok(())
}

pub async fn history(state: &State, id: i64, unit: &str) -> Result<Vec<Change>, Fail> {
    state.store.unit(id, unit).await?.ok_or_else(not_found)?;
    Ok(state.store.history(id, unit).await?)
}

/// What changed from one version of a unit's return to the next (or from the last to its values
/// now), as `zhibiao diff` says it of the two workbooks: the library's diff, on the workbooks
/// the export writes for each.
#[derive(Serialize)]
pub struct VersionDiff {
    pub from: i64,
    /// `None`: the values as they are now (a draft after the last submission, or a review).
    pub to: Option<i64>,
    pub headline: String,
    /// `zhibiao diff --format json` of the two; `None` when a side cannot be scored.
    pub diff: Option<serde_json::Value>,
    /// Why not, then (a blank or wrong value on a side).
    pub problem: Option<String>,
}

/// The values as they stood at each submission (1, 2 …) and now, replayed from the history.
fn versions(history: &[Change], submitted: i64) -> Vec<(Option<i64>, Vec<Entry>)> {
    let mut values: Vec<Entry> = Vec::new();
    let mut states = Vec::new();
    let mut changes = history.iter().peekable();
    for version in 1..=submitted {
        // A change is written with the version it leads up to, less one.
        while let Some(c) = changes.next_if(|c| c.version < version) {
            apply(&mut values, c);
        }
        states.push((Some(version), values.clone()));
    }
    changes.for_each(|c| apply(&mut values, c));
    if states.last().is_none_or(|(_, last)| *last != values) {
        states.push((None, values));
    }
    states
}

fn apply(values: &mut Vec<Entry>, change: &Change) {
    let at = match values.iter().position(|e| e.code == change.code) {
        Some(at) => at,
        None => {
            values.push(Entry { code: change.code.clone(), ..Entry::default() });
            values.len() - 1
        }
    };
    let entry = &mut values[at];
    let field = match change.field.as_str() {
        "score" => &mut entry.score,
        "note" => &mut entry.note,
        "verified" => &mut entry.verified,
        _ => &mut entry.reason,
    };
    field.clone_from(&change.new);
}

/// Each version of a unit's return against the one before, by the library's diff.
pub async fn version_diffs(state: &State, lang: Lang, unit: &Unit) -> Result<Vec<VersionDiff>, Fail> {
    let round = round(state, unit.round_id).await?;
    let (_, tree) = tree(state, lang, &round).await?;
    let states = versions(&state.store.history(unit.round_id, &unit.name).await?, unit.version);
    let name = unit.name.clone();
    let diffs = work(lang, move || -> Result<Vec<VersionDiff>, String> {
        let file = format!("{}.xlsx", zhibiao::names::file_stem(&name));
        let side = |entries: &[Entry]| -> Result<zhibiao::pipeline::SideFiles, String> {
            let bytes = round::unit_workbook(&tree, &name, entries).map_err(|e| e.to_string())?;
            Ok(vec![(file.clone(), Input::new(file.clone(), bytes))])
        };
        let mut diffs = Vec::new();
        for pair in states.windows(2) {
            let [(Some(from), old), (to, new)] = pair else { continue };
            let made = zhibiao::pipeline::diff(side(old)?, side(new)?, Some(&tree), Some(name.clone()));
            let (headline, diff, problem) = match made {
                Ok(zhibiao::pipeline::DiffOutcome::Same(identical)) => {
                    let diff = zhibiao::diff::unchanged(identical);
                    (diff.headline(), serde_json::to_value(diff.json()).ok(), None)
                }
                Ok(zhibiao::pipeline::DiffOutcome::Sides { old, new, identical, .. }) => {
                    let diff = zhibiao::diff::compare(&old, &new, identical);
                    (diff.headline(), serde_json::to_value(diff.json()).ok(), None)
                }
                Err(e) => (text::serve_no_diff(), None, Some(error_chain(&e))),
            };
            diffs.push(VersionDiff { from: *from, to: *to, headline, diff, problem });
        }
        Ok(diffs)
    })
    .await?;
    diffs.map_err(|m| unprocessable(m, Vec::new()))
}

pub async fn office_unit(state: &State, id: i64, unit: &str) -> Result<Unit, Fail> {
    state.store.unit(id, unit).await?.ok_or_else(not_found)
}

// ---- results, export, import -------------------------------------------------------------

/// Each unit that returned anything, with its workbook as the export writes it.
async fn returns(state: &State, round: &Round, tree: &Arc<IndicatorTree>) -> Result<Vec<(String, Vec<u8>)>, Fail> {
    let units = state.store.units(round.id).await?;
    let names = round::file_names(&units);
    let mut returns = Vec::new();
    for u in units.iter().filter(|u| u.status != Status::None) {
        let entries = state.store.entries(round.id, &u.name).await?;
        let bytes = round::unit_workbook(tree, &u.name, &entries).map_err(|e| anyhow::anyhow!("{e}"))?;
        returns.push((names[&u.name].clone(), bytes));
    }
    Ok(returns)
}

/// The annual result workbook, computed by the pipeline from the stored returns with the options
/// asked for (over the scheme's), as `zhibiao score --out` on the export with the same flags.
pub async fn result(state: &State, lang: Lang, id: i64, options: RunOptions) -> Result<Vec<u8>, Fail> {
    let date = Date::typed(options.date.as_deref()).map_err(|why| unprocessable(why.to_string(), Vec::new()))?;
    let round = round(state, id).await?;
    let (files, tree) = tree(state, lang, &round).await?;
    let returns = returns(state, &round, &tree).await?;
    let made = work(lang, move || match round::outcome(&files, &returns, options) {
        Ok(outcome) => export::to_bytes(&export::Workbook, &Export { date, ..Export::new(&outcome) }).map_err(|e| (e.to_string(), Vec::new())),
        Err(zhibiao::pipeline::RunError::Scores(problems)) => {
            Err((text::serve_no_result(), problems.0.iter().filter(|p| p.severity == Severity::Error).map(|p| ProblemOut::of(None, p)).collect()))
        }
        Err(e) => Err((error_chain(&e), Vec::new())),
    })
    .await?;
    made.map_err(|(m, p)| unprocessable(m, p))
}

/// Writes the round as the CLI reads it: the tree, the scheme and `scores/` with one workbook
/// per unit that returned anything. Files are written atomically; the folder may exist.
pub async fn export(state: &State, lang: Lang, id: i64, to: &Path) -> Result<Vec<PathBuf>, Fail> {
    let round = round(state, id).await?;
    let (files, tree) = tree(state, lang, &round).await?;
    let returns = returns(state, &round, &tree).await?;
    let mut written = Vec::new();
    let mut all = vec![(files.tree.name.clone(), files.tree.bytes.to_vec())];
    all.extend(files.scheme.iter().chain(&files.previous).map(|s| (s.name.clone(), s.bytes.to_vec())));
    all.extend(returns);
    for (name, bytes) in all {
        let path = to.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| anyhow::anyhow!(text::cannot_write(parent.display(), e)))?;
        }
        zhibiao::output::write_atomic(&path, &bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
        written.push(path);
    }
    Ok(written)
}

/// Reads a folder of returned workbooks into a round: each file's unit (its 单位 column, else the
/// unit its file is named after) gets the file's values as a draft.
pub async fn import(state: &State, lang: Lang, id: i64, from: &Path) -> Result<Vec<String>, Fail> {
    let paths = zhibiao::inputs::collect(&[from.to_path_buf()]).map_err(|e| anyhow::anyhow!("{e}"))?;
    let units = state.store.units(id).await?;
    let mut imported = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let Some(unit) = units.iter().find(|u| u.name == stem || zhibiao::names::file_stem(&u.name) == stem) else {
            let problem = Problem::error(None, text::serve_no_unit_for(stem));
            problems.push(ProblemOut { place: Some(path.display().to_string()), ..ProblemOut::of(None, &problem) });
            continue;
        };
        let bytes = std::fs::read(&path).map_err(|e| anyhow::anyhow!(text::unreadable(path.display(), e)))?;
        let name = path.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        match upload(state, lang, unit, &name, bytes, "import").await {
            Ok(_) => imported.push(unit.name.clone()),
            Err(fail) => problems.extend(fail.problems.into_iter().chain([ProblemOut::refusal(Some(path.display().to_string()), fail.message)])),
        }
    }
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.place.as_deref().unwrap_or_default(), p.message)).collect();
        return Err(unprocessable(lines.join("\n"), problems));
    }
    Ok(imported)
}

/// Adds a reviewer (审核人员) of the office, or sets a reviewer's password.
pub async fn add_reviewer(state: &State, name: &str, password: &str) -> Result<(), Fail> {
    let name = name.trim();
    if name.is_empty() || password.chars().count() < 8 {
        return Err(unprocessable(text::serve_weak_account(), Vec::new()));
    }
    if state.store.account(name).await?.is_some_and(|(role, _)| role == auth::ADMIN) {
        return Err(conflict(text::serve_weak_account()));
    }
    state.store.set_account(name, auth::REVIEWER, &auth::hash_password(password)?).await?;
    Ok(())
}
