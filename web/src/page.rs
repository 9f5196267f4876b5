//! What the page asks for and what it is shown: one request in, one [`Response`] out.

use std::io::Write;

use serde::Serialize;
use zhibiao::disputed::{self, Disputes};
use zhibiao::export::{self, Export, Exporter};
use zhibiao::pipeline::{self, Input, Outcome, RunError, ScoreFile, Spec};
use zhibiao::problem::{Problem, Severity};
use zhibiao::report::{self, JsonDepartmentScore, JsonItem, JsonNode, JsonRanked};
use zhibiao::result_book::Date;
use zhibiao::rules::Missing;
use zhibiao::sensitivity;
use zhibiao::stability::{self, Report};
use zhibiao::status::Status;
use zhibiao::template::{self, By};
use zhibiao::text::{self, Lang, Message};
use zhibiao::verdict;

use crate::request::{self, Action, File, Kind, Request, Role};
use crate::response::{self, Downloads};
use crate::share;

/// Everything the page shows after a request, beside the downloads.
#[derive(Default, Serialize)]
pub struct Response {
    /// The request was done: no error among the problems.
    pub ok: bool,
    /// Every problem of the run, errors and warnings, in the request's language.
    pub problems: Vec<Problem>,
    /// The tree as read: counts, points, 一级 groups, departments (`zhibiao tree --format json`).
    pub tree: Option<serde_json::Value>,
    /// The ranking, the rules and the departments of a scored run.
    pub view: Option<View>,
    /// How the tree was read, line by line, as `zhibiao check` prints it ([`Action::Check`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reading: Vec<String>,
    /// Who is missing what (`zhibiao status`).
    pub status: Option<Status>,
    /// One unit's drill-down ([`Action::Unit`]).
    pub unit: Option<serde_json::Value>,
    /// How sure the ranking is ([`Action::Sensitivity`]): `zhibiao sensitivity --format json`'s report.
    pub stability: Option<serde_json::Value>,
    /// The outputs asked for: a workbook, csv or json of the last run, or the templates.
    pub downloads: Vec<response::Download>,
    /// A fault of the page itself (a malformed request), for a developer.
    pub fault: Option<String>,
}

/// What the page draws of a scored run: only what its tables show, since a national report is tens
/// of MB; the rest is made when asked ([`Action::Download`], [`Action::Unit`]).
#[derive(Serialize)]
pub struct View {
    pub ranking: Vec<JsonRanked>,
    /// The rules applied, one line each.
    pub rules: Vec<String>,
    /// 部门排名, the first [`DEPARTMENT_ROWS`] rows; `departments_total` counts them all.
    pub departments: Vec<JsonDepartmentScore>,
    pub departments_total: usize,
}

/// Department rows sent to the page: a table of thousands of rows is not read by anyone, and the
/// workbook has them all.
pub const DEPARTMENT_ROWS: usize = 2000;

/// A scored run, kept for the downloads and drill-downs the page asks for afterwards.
pub struct Kept {
    outcome: Outcome,
    date: Option<Date>,
}

/// Runs one request as encoded by the page. A scored run replaces `kept`; downloads and drill-downs
/// are made from it.
pub fn respond(bytes: &[u8], kept: &mut Option<Kept>) -> Encoded {
    let mut header = None;
    let mut downloads = Downloads::default();
    let response = match request::parse(bytes, &mut header) {
        Ok(request) => {
            // The request's language, for this request only: the runs take it on their spec, and
            // what the page says and writes around them is said in it too.
            let lang = lang(&request);
            let mut response = text::with_lang(lang, || match request.header.action {
                Action::Score => score(&request, kept),
                Action::Templates => templates(&request, &mut downloads),
                Action::Check => check(&request),
                Action::Read => read(&request, &mut downloads),
                Action::Download | Action::Unit | Action::Sensitivity => match kept {
                    Some(kept) => later(&request, kept, &mut downloads),
                    None => Response { fault: Some("no scored run to ask about".into()), ..Response::default() },
                },
            });
            response.ok = !response.problems.iter().any(|p| p.severity == Severity::Error) && response.fault.is_none();
            response.downloads = downloads.list.clone();
            response
        }
        Err(fault) => Response { fault: Some(fault), ..Response::default() },
    };
    Encoded { response, downloads }
}

/// A response ready to be laid out in memory for the page.
pub struct Encoded {
    pub response: Response,
    pub downloads: Downloads,
}

impl Encoded {
    pub fn encode(&self) -> Vec<u8> {
        // Serialising plain data with string keys cannot fail.
        let json = serde_json::to_vec(&self.response).unwrap_or_default();
        response::encode(&json, &self.downloads)
    }
}

fn error(message: Message) -> Problem {
    Problem::error(None, message)
}

fn lang(request: &Request<'_>) -> Lang {
    if request.header.lang.as_deref() == Some("en") { Lang::En } else { Lang::Zh }
}

fn input(file: &File<'_>) -> Input {
    Input { sha256: file.sha256, ..Input::new(file.name, file.bytes.to_vec()) }
}

/// The one file of a role the page allows once (its chooser takes one).
fn single(request: &Request<'_>, role: Role) -> Option<Input> {
    request.files(role).next().map(input)
}

/// What the library is given for a run, from the request; the error is a fault of the page (a share
/// of the forms it could not read back).
fn spec<'a>(request: &Request<'_>, tree: Input) -> Result<Spec<'a>, String> {
    Ok(Spec {
        scheme: single(request, Role::Scheme),
        read: request.files(Role::Share).map(|f| share::decode(f.bytes)).collect::<Result<_, _>>()?,
        options: request.header.options.clone(),
        previous: single(request, Role::Previous),
        lang: lang(request),
        ..Spec::new(tree, request.files(Role::Scores).map(|f| ScoreFile::Ok(input(f))).collect())
    })
}

fn score(request: &Request<'_>, kept: &mut Option<Kept>) -> Response {
    // The last run's memory is given back before this one takes its own.
    *kept = None;
    let options = &request.header.options;
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    if request.files(Role::Scores).chain(request.files(Role::Share)).next().is_none() {
        response.problems.push(error(text::no_inputs()));
        return response;
    }
    let date = match Date::typed(options.date.as_deref()) {
        Ok(date) => date,
        Err(why) => {
            response.problems.push(error(why));
            return response;
        }
    };
    let spec = match spec(request, tree.clone()) {
        Ok(spec) => spec,
        Err(fault) => return Response { fault: Some(fault), ..response },
    };
    match pipeline::run(spec) {
        Ok(outcome) => {
            response.problems = outcome.warnings.clone();
            response.tree = serde_json::to_value(report::tree_json(&outcome.tree)).ok();
            response.view = Some(view(&outcome));
            // With unscored items counted as 0 the run succeeds with gaps: who is missing what still matters.
            if outcome.rules.missing == Missing::Zero {
                response.status = status(request, tree);
            }
            *kept = Some(Kept { outcome, date });
        }
        Err(err) => {
            let tree_read = !matches!(err, RunError::Tree(..) | RunError::Scheme(..));
            response.problems = err.into_problems();
            if tree_read {
                response.status = status(request, tree);
            }
        }
    }
    response
}

/// The tables of a scored run, numbers formatted as the json report formats them.
fn view(outcome: &Outcome) -> View {
    View {
        ranking: outcome.evaluation.units.iter().map(|u| report::ranked(outcome, u)).collect(),
        rules: report::rule_lines(&outcome.rules, &outcome.evaluation),
        departments: report::departments(outcome).take(DEPARTMENT_ROWS).collect(),
        departments_total: outcome.departments_by_unit().map(|(_, ranking)| ranking.len()).sum(),
    }
}

/// Who is missing what, from the same files.
fn status(request: &Request<'_>, tree: Input) -> Option<Status> {
    pipeline::status(spec(request, tree).ok()?, &[]).ok().map(|s| s.status)
}

/// A helper worker's share of the forms, read against the tree and options of the run.
fn read(request: &Request<'_>, downloads: &mut Downloads) -> Response {
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    let spec = match spec(request, tree) {
        Ok(spec) => spec,
        Err(fault) => return Response { fault: Some(fault), ..response },
    };
    match pipeline::read(spec) {
        // The share's problems are the run's, reported by the worker that scores it, in their place.
        Ok(read) => downloads.add(Kind::Share, String::new(), &share::encode(&read)),
        Err(err) => response.problems = err.into_problems(),
    }
    response
}

/// A download or a drill-down of the kept run.
fn later(request: &Request<'_>, kept: &Kept, downloads: &mut Downloads) -> Response {
    let fault = |why: String| Response { fault: Some(why), ..Response::default() };
    match (request.header.action, request.header.kind, request.header.unit) {
        (Action::Download, Some(kind), _) => match write(kind, kept) {
            Ok(bytes) => {
                downloads.add(kind, file_name(kind), &bytes);
                Response::default()
            }
            Err(why) => Response { problems: vec![error(text::output_failed(why))], ..Response::default() },
        },
        (Action::Sensitivity, ..) => sensitivity(&request.header.sensitivity, &kept.outcome),
        (Action::Unit, _, Some(index)) => match drill_down(&kept.outcome, index) {
            Some(unit) => Response { unit: Some(unit), ..Response::default() },
            None => fault(format!("no unit {index} in the last run")),
        },
        _ => fault("a download without its kind, or a drill-down without its unit".into()),
    }
}

/// The library's exporter of a run's output the page downloads, by the name the page gives it;
/// templates and shares are not a run's outputs.
fn exporter(kind: Kind) -> Option<&'static dyn Exporter> {
    export::by_name(serde_json::to_value(kind).ok()?.as_str()?)
}

/// The file name of a download, in the request's language.
fn file_name(kind: Kind) -> String {
    match (kind, exporter(kind).and_then(|e| e.extension())) {
        (_, Some(extension)) => format!("{}.{extension}", text::web_result_name()),
        (Kind::Templates, _) => format!("{}.zip", text::web_templates_name()),
        _ => String::new(),
    }
}

/// The result workbook, the csv or the json, as `score --out` writes them.
fn write(kind: Kind, kept: &Kept) -> Result<Vec<u8>, String> {
    let exporter = exporter(kind).ok_or("templates are made from the tree alone, shares by reading")?;
    export::to_bytes(exporter, &Export { date: kept.date, ..Export::new(&kept.outcome) }).map_err(|e| e.to_string())
}

/// The weights drawn and the disputed items assessed on the kept run, by the command line's
/// functions with its defaults: the same seed gives the page the CLI's numbers.
fn sensitivity(asked: &request::Sensitivity, outcome: &Outcome) -> Response {
    let (tree, rules, evaluation) = (&outcome.tree, &outcome.rules, &outcome.evaluation);
    let defaults = sensitivity::Options::default();
    let options = sensitivity::Options {
        runs: asked.runs.unwrap_or(defaults.runs),
        seed: asked.seed.unwrap_or(defaults.seed),
        spread: asked.spread.unwrap_or(defaults.spread),
    };
    let listed = asked.disputed.as_deref().map(Disputes::parse).unwrap_or_default();
    let assessed = sensitivity::assess(tree, rules, evaluation, options)
        .map_err(|e| e.message())
        .and_then(|st| Ok((st, disputed::assess(tree, rules, evaluation, &listed).map_err(|e| e.message())?)));
    let (st, disputes) = match assessed {
        Ok(assessed) => assessed,
        Err(why) => return Response { problems: vec![error(why)], ..Response::default() },
    };
    let mut json = Vec::new();
    let written = stability::write_json(&mut json, &Report { outcome, stability: Some(&st), disputes: &disputes });
    Response { stability: written.ok().and_then(|()| serde_json::from_slice(&json).ok()), ..Response::default() }
}

/// One unit's 一级 rates, its lost points with their reasons and cells, and explain's verdict and gap.
#[derive(Serialize)]
struct DrillDown<'a> {
    unit: &'a str,
    level1: Vec<JsonNode<'a>>,
    lost: Vec<Lost<'a>>,
    explain: String,
}

/// An item that lost points (or took 倒扣), named, as the report gives it.
#[derive(Serialize)]
struct Lost<'a> {
    name: &'a str,
    #[serde(flatten)]
    item: JsonItem<'a>,
}

fn drill_down(outcome: &Outcome, index: usize) -> Option<serde_json::Value> {
    let result = outcome.evaluation.units.get(index)?;
    let unit = report::unit(outcome, result);
    let tree = &outcome.tree;
    let lost = tree
        .items
        .iter()
        .zip(&result.items)
        .zip(unit.items)
        .filter(|((item, s), _)| s.value.is_some_and(|v| v < item.points) || !s.penalty.is_zero())
        .map(|((item, _), json)| Lost { name: &item.name, item: json })
        .collect();
    let explain = verdict::explain(tree, &outcome.rules, &outcome.evaluation, &outcome.measured, result);
    serde_json::to_value(DrillDown { unit: &result.unit, level1: unit.level1, lost, explain }).ok()
}

/// The one tree of the request; none or several is the page's user's mistake.
fn one_tree(request: &Request<'_>, problems: &mut Vec<Problem>) -> Option<Input> {
    let mut trees = request.files(Role::Tree);
    match (trees.next(), trees.next()) {
        (Some(file), None) => Some(input(file)),
        _ => {
            problems.push(error(text::web_one_tree()));
            None
        }
    }
}

/// The tree alone: how it was read and its problems, as `zhibiao check` says them.
fn check(request: &Request<'_>) -> Response {
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    match pipeline::read_tree(&tree, &request.header.options.tree) {
        Ok(tree) => {
            let (reading, rules) = report::check_lines(&tree);
            response.reading = reading;
            response.tree = serde_json::to_value(report::tree_json(&tree)).ok();
            response.problems = tree.warnings;
            response.problems.extend(rules);
        }
        Err(err) => response.problems = err.into_problems(),
    }
    response
}

/// The templates of the tree, one workbook per department, zipped.
fn templates(request: &Request<'_>, downloads: &mut Downloads) -> Response {
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    let tree = match pipeline::read_tree(&tree, &request.header.options.tree) {
        Ok(tree) => tree,
        Err(err) => {
            response.problems = err.into_problems();
            return response;
        }
    };
    response.problems.extend(tree.warnings.iter().cloned());
    let units: Vec<String> = request.header.units.as_deref().map(zhibiao::read::units::typed).unwrap_or_default();
    let zipped = template::plan(&tree, By::Department, &units).map_err(|e| e.to_string()).and_then(|mut plan| {
        if request.header.figures {
            template::with_figures(&tree, &mut plan);
        }
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        for t in &plan {
            let bytes = template::workbook(&tree, t).map_err(|e| e.to_string())?;
            zip.start_file(t.file_name.as_str(), options).map_err(|e| e.to_string())?;
            zip.write_all(&bytes).map_err(|e| e.to_string())?;
        }
        zip.finish().map(|c| c.into_inner()).map_err(|e| e.to_string())
    });
    match zipped {
        Ok(bytes) => downloads.add(Kind::Templates, file_name(Kind::Templates), &bytes),
        Err(why) => response.problems.push(error(text::output_failed(why))),
    }
    let unassigned = template::unassigned(&tree);
    if !unassigned.is_empty() {
        response.problems.push(Problem::warning(None, text::unassigned_items(unassigned.len(), unassigned.join(", "))));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::tests::encode;
    use std::path::Path;
    use std::sync::{PoisonError, RwLock};

    fn shipped(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
    }

    static LANGUAGE: RwLock<()> = RwLock::new(());

    /// The page's worker: one instance, the last scored run kept in it.
    #[derive(Default)]
    struct Worker {
        kept: Option<Kept>,
    }

    impl Worker {
        fn run(&mut self, header: serde_json::Value, files: &[(&str, &str, &[u8])]) -> Encoded {
            // A request's language is its own on the page, which has no threads; natively the
            // writers also build sentences on rayon's threads, which speak the process's language.
            // So a test in English sets that too, and runs alone.
            if header["lang"] == "en" {
                let _alone = LANGUAGE.write().unwrap_or_else(PoisonError::into_inner);
                text::set_lang(Lang::En);
                let out = respond(&encode(header, files), &mut self.kept);
                text::set_lang(Lang::Zh);
                out
            } else {
                let _shared = LANGUAGE.read().unwrap_or_else(PoisonError::into_inner);
                respond(&encode(header, files), &mut self.kept)
            }
        }

        fn download(&mut self, kind: &str) -> Vec<u8> {
            let out = self.run(serde_json::json!({ "action": "download", "kind": kind }), &[]);
            assert!(out.response.ok, "{:?} {:?}", out.response.fault, out.response.problems);
            out.downloads.get(serde_json::from_value(kind.into()).unwrap()).expect("the download").to_vec()
        }

        fn report(&mut self) -> serde_json::Value {
            serde_json::from_slice(&self.download("json")).unwrap()
        }
    }

    fn view(out: &Encoded) -> &View {
        out.response.view.as_ref().expect("a scored run")
    }

    #[test]
    fn the_shipped_district_scores_90_2_and_its_outputs_are_made_when_asked() {
        let (tree, scores) = (shipped("indicators/示范创建指标体系-示例.xlsx"), shipped("samples/顺城区-自评得分.xlsx"));
        let mut worker = Worker::default();
        let header = serde_json::json!({ "action": "score", "options": { "date": "2025-01-31" } });
        let out = worker.run(header, &[("tree", "示范创建指标体系-示例.xlsx", &tree), ("scores", "顺城区-自评得分.xlsx", &scores)]);
        assert!(out.response.ok, "{:?}", out.response.problems);
        // 1010 of 1120 → 90.178… → 90.2 (DOMAIN.md's worked example).
        let row = &view(&out).ranking[0];
        assert_eq!(
            (row.rank, row.unit.as_str(), row.raw.as_str(), row.max.as_str(), row.score.as_str(), row.eligible),
            (1, "顺城区", "1010", "1120", "90.2", true)
        );
        assert_eq!(out.response.tree.as_ref().unwrap()["items"], 112);
        assert!(out.response.downloads.is_empty(), "nothing is made before it is asked for");
        // Every item scored, or the run would have failed: who is missing what is asked only then.
        assert!(out.response.status.is_none());
        let unit = &worker.report()["units"][0];
        assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("1010"), Some("1120"), Some("90.2")));
        assert!(worker.download("workbook").starts_with(b"PK"));
        let drill = worker.run(serde_json::json!({ "action": "unit", "unit": 0 }), &[]);
        let drill = drill.response.unit.as_ref().unwrap();
        assert_eq!(drill["unit"], "顺城区");
        assert!(drill["explain"].as_str().unwrap().contains("90.2"), "{drill}");
        // 110 points lost, each item that lost some named with its cell.
        let lost = drill["lost"].as_array().unwrap();
        assert!(lost.iter().all(|i| i["name"].is_string() && i["source"].as_str().unwrap().starts_with("顺城区-自评得分.xlsx!")), "{lost:?}");
        // Decoded as the page decodes it: the JSON's ranges point into the bytes after it.
        let csv = worker.run(serde_json::json!({ "action": "download", "kind": "csv" }), &[]);
        let bytes = csv.encode();
        let json_len = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        let shown: serde_json::Value = serde_json::from_slice(&bytes[8..8 + json_len]).unwrap();
        let range = &shown["downloads"][0];
        assert_eq!((range["kind"].as_str(), range["name"].as_str()), (Some("csv"), Some("年度结果.csv")));
        let body = &bytes[8 + json_len..];
        assert_eq!(&body[range["start"].as_u64().unwrap() as usize..range["end"].as_u64().unwrap() as usize], csv.downloads.get(Kind::Csv).unwrap());
    }

    #[test]
    fn the_tree_alone_is_read_as_check_reads_it() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let out = Worker::default().run(serde_json::json!({ "action": "check" }), &[("tree", "t.xlsx", &tree)]);
        assert!(out.response.ok, "{:?}", out.response.problems);
        let reading = &out.response.reading;
        assert!(reading.iter().any(|l| l.contains("112")), "{reading:?}");
        assert_eq!(out.response.tree.as_ref().unwrap()["items"], 112);
        assert!(out.response.view.is_none() && out.response.status.is_none());
        let broken = Worker::default().run(serde_json::json!({ "action": "check" }), &[("tree", "坏.xlsx", b"not a workbook")]);
        assert!(!broken.response.ok && broken.response.reading.is_empty());
        assert!(broken.response.problems[0].message.contains("坏.xlsx"), "{:?}", broken.response.problems);
    }

    #[test]
    fn a_broken_score_file_is_named_and_nothing_is_scored_or_kept() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let mut worker = Worker::default();
        let header = serde_json::json!({ "action": "score" });
        let out = worker.run(header, &[("tree", "t.xlsx", &tree), ("scores", "坏文件.xlsx", b"not a workbook")]);
        assert!(!out.response.ok);
        assert!(out.response.problems[0].message.contains("坏文件.xlsx"), "{:?}", out.response.problems);
        assert!(out.response.view.is_none());
        let after = worker.run(serde_json::json!({ "action": "download", "kind": "workbook" }), &[]);
        assert!(!after.response.ok && after.response.fault.is_some() && after.downloads.list.is_empty());
    }

    #[test]
    fn a_blank_score_is_an_error_at_its_cell_and_the_status_says_who_is_missing_what() {
        let tree = shipped("indicators/小型示例.csv");
        let scores = "单位,编号,得分\n甲区,A1,\n".as_bytes();
        let out = Worker::default().run(serde_json::json!({ "action": "score" }), &[("tree", "小型示例.csv", &tree), ("scores", "s.csv", scores)]);
        assert!(!out.response.ok);
        assert!(
            out.response.problems.iter().any(|p| p.location.as_ref().is_some_and(|l| l.to_string() == "s.csv!C2")),
            "{:?}",
            out.response.problems
        );
        let status = out.response.status.as_ref().unwrap();
        assert!(!status.complete);
        assert_eq!(status.returns[0].blank, ["A1"]);
    }

    #[test]
    fn without_a_tree_the_page_is_told_to_choose_one() {
        let out = Worker::default().run(serde_json::json!({ "action": "score", "lang": "en" }), &[("scores", "s.csv", b"x")]);
        assert!(!out.response.ok);
        assert!(out.response.problems[0].message.starts_with("choose one"), "{:?}", out.response.problems);
    }

    #[test]
    fn options_reach_the_rules() {
        let (tree, scores) = (shipped("indicators/示范创建指标体系-示例.xlsx"), shipped("samples/顺城区-自评得分.xlsx"));
        let header = serde_json::json!({ "action": "score", "options": { "threshold": "95", "decimals": 2 } });
        let out = Worker::default().run(header, &[("tree", "t.xlsx", &tree), ("scores", "s.xlsx", &scores)]);
        let row = &view(&out).ranking[0];
        // 1010 / 1120 × 100 = 90.1785… → 90.18; below 95.
        assert_eq!((row.score.as_str(), row.eligible), ("90.18", false));
    }

    #[test]
    fn the_options_the_page_lacked_reach_the_run() {
        let tree = shipped("indicators/小型示例.csv");
        // A review round with A2 self-scored and not verified.
        let scores = "单位,编号,自评得分,核定得分\n甲区,A1,9,8\n甲区,A2,5,\n甲区,A3,15,15\n甲区,A4,5,5\n甲区,B1,10,10\n甲区,B2,10,9\n甲区,B3,5,5\n甲区,B4,15,15\n";
        let files = [("tree", "小型示例.csv", &tree[..]), ("scores", "s.csv", scores.as_bytes())];
        let run = |options: serde_json::Value| Worker::default().run(serde_json::json!({ "action": "score", "options": options }), &files);
        // Items self-scored and not verified: a warning, or with require_verified an error.
        let plain = run(serde_json::json!({ "order": "strokes", "inflated": "1" }));
        assert!(plain.response.ok, "{:?}", plain.response.problems);
        let strict = run(serde_json::json!({ "require_verified": true, "deductions_only": null }));
        assert!(!strict.response.ok && strict.response.fault.is_none(), "{:?}", strict.response.problems);
        assert!(strict.response.problems.iter().any(|p| p.severity == Severity::Error && p.message.contains("A2")), "{:?}", strict.response.problems);
        // The tree's sheet, named: one the workbook does not have is said.
        let book = shipped("indicators/示范创建指标体系-示例.xlsx");
        for action in ["check", "score"] {
            let header = serde_json::json!({ "action": action, "options": { "sheet": "没有这张表" } });
            let out = Worker::default().run(header, &[("tree", "t.xlsx", &book), files[1]]);
            assert!(!out.response.ok && out.response.problems[0].message.contains("没有这张表"), "{action}: {:?}", out.response.problems);
        }
        // A misspelt option is a fault of the request, never ignored.
        let wrong = run(serde_json::json!({ "oder": "strokes" }));
        assert!(wrong.response.fault.as_deref().is_some_and(|f| f.contains("oder")), "{:?}", wrong.response.fault);
    }

    #[test]
    fn columns_named_in_the_settings_and_deduction_lists_reach_the_reader() {
        let tree = shipped("indicators/小型示例.csv");
        // A header the reader knows nothing of: named by hand, by header and by letter.
        let scores = "受检单位,指标代码,打分\n甲区,A1,8\n".as_bytes();
        let files = [("tree", "小型示例.csv", tree.as_slice()), ("scores", "s.csv", scores)];
        let named = serde_json::json!({ "action": "score", "options": { "columns": "unit=受检单位, code=B, score=C", "deductions_only": true } });
        let out = Worker::default().run(named, &files);
        // 8 of A1's 10, every other item at its points (a deduction list): 73 of 75 → 97.3.
        let row = &view(&out).ranking[0];
        assert_eq!((row.unit.as_str(), row.raw.as_str(), row.max.as_str(), row.score.as_str()), ("甲区", "73", "75", "97.3"));
        // A part not understood is the clerk's to correct: a problem that names it.
        let wrong = Worker::default().run(serde_json::json!({ "action": "score", "options": { "columns": "itme=x" } }), &files);
        assert!(!wrong.response.ok && wrong.response.fault.is_none());
        assert!(wrong.response.problems[0].message.contains("“itme=x”"), "{:?}", wrong.response.problems);
    }

    #[test]
    fn templates_come_as_one_zip_with_a_workbook_per_department() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let out = Worker::default().run(serde_json::json!({ "action": "templates" }), &[("tree", "t.xlsx", &tree)]);
        let zip = zip::ZipArchive::new(std::io::Cursor::new(out.downloads.get(Kind::Templates).unwrap())).unwrap();
        let parsed = pipeline::read_tree(&Input::new("t.xlsx", tree), &Default::default()).unwrap();
        assert_eq!(zip.len(), parsed.departments().len());
        assert!(zip.file_names().all(|n| n.unwrap().ends_with(".xlsx")));
    }

    #[test]
    fn a_scheme_and_last_years_workbook_are_taken_from_their_roles() {
        let (tree, scores) = (shipped("indicators/加权示例指标体系.csv"), shipped("samples/加权示例得分.csv"));
        let scheme = shipped("indicators/方案-加权.toml");
        let files =
            [("tree", "加权示例指标体系.csv", &tree[..]), ("scores", "加权示例得分.csv", &scores[..]), ("scheme", "方案-加权.toml", &scheme[..])];
        let mut worker = Worker::default();
        let first = worker.run(serde_json::json!({ "action": "score" }), &files);
        assert!(first.response.ok, "{:?}", first.response.problems);
        assert!(view(&first).ranking.iter().any(|u| u.grade.is_some()), "the scheme's grades apply");
        assert_eq!(worker.report()["rules"]["weighted"], true, "the scheme's weights apply");
        // Last year's result: this year's own workbook, read back as the previous one.
        let previous = worker.download("workbook");
        let again = worker.run(serde_json::json!({ "action": "score" }), &[files[0], files[1], files[2], ("previous", "上年结果.xlsx", &previous)]);
        assert!(again.response.ok, "{:?}", again.response.problems);
        let broken = worker.run(serde_json::json!({ "action": "score" }), &[files[0], files[1], ("scheme", "方案.toml", b"threshold = ")]);
        assert!(!broken.response.ok);
        assert!(broken.response.problems[0].message.contains("方案.toml"), "{:?}", broken.response.problems);
    }

    /// The run in one worker, and the same run with its forms read in shares by helper workers (cut
    /// after the files `cuts` names): the same response, and the same downloads byte for byte.
    fn whole_and_in_shares(files: &[(&str, &str, &[u8])], cuts: &[usize]) -> [(serde_json::Value, Vec<Vec<u8>>); 2] {
        let header = serde_json::json!({ "action": "score", "options": { "date": "2025-01-31" } });
        let common: Vec<_> = files.iter().copied().filter(|f| f.0 != "scores").collect();
        let forms: Vec<_> = files.iter().copied().filter(|f| f.0 == "scores").collect();
        let bounds: Vec<usize> = [0].into_iter().chain(cuts.iter().copied()).chain([forms.len()]).collect();
        let shares: Vec<Vec<u8>> = bounds
            .windows(2)
            .map(|w| {
                let asked = [&common[..], &forms[w[0]..w[1]]].concat();
                let out = Worker::default().run(serde_json::json!({ "action": "read" }), &asked);
                assert!(out.response.ok && out.response.problems.is_empty(), "{:?}", out.response.problems);
                out.downloads.get(Kind::Share).expect("a share").to_vec()
            })
            .collect();
        let named: Vec<String> = (0..shares.len()).map(|i| format!("share{i}")).collect();
        let given: Vec<_> = common.iter().copied().chain(shares.iter().zip(&named).map(|(s, n)| ("share", n.as_str(), &s[..]))).collect();
        [files.to_vec(), given].map(|files| {
            let mut worker = Worker::default();
            let out = worker.run(header.clone(), &files);
            assert!(out.response.fault.is_none(), "{:?}", out.response.fault);
            let made = if out.response.ok { ["workbook", "csv", "json"].map(|k| worker.download(k)).to_vec() } else { Vec::new() };
            (serde_json::to_value(&out.response).unwrap(), made)
        })
    }

    #[test]
    fn forms_read_in_shares_by_helper_workers_score_exactly_as_read_in_one() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let (units, own, verified) =
            (shipped("samples/多单位得分.csv"), shipped("samples/顺城区-自评得分.xlsx"), shipped("samples/顺城区-核定得分.xlsx"));
        let files =
            [("tree", "t.xlsx", &tree[..]), ("scores", "多单位得分.csv", &units), ("scores", "自评.xlsx", &own), ("scores", "核定.xlsx", &verified)];
        for cuts in [&[1][..], &[2], &[1, 2]] {
            let [whole, shared] = whole_and_in_shares(&files, cuts);
            assert_eq!(whole.0["ok"], true, "{}", whole.0["problems"]);
            // The review round is taken across shares: 顺城区's verified scores are in another share.
            assert!(whole.0["problems"].as_array().unwrap().iter().any(|p| p["message"].as_str().unwrap().contains("自评.xlsx")));
            assert_eq!(whole.0, shared.0, "cut after {cuts:?}");
            assert!(whole.1 == shared.1, "the workbook, csv and json, cut after {cuts:?}");
        }
        // A run that fails: every problem in the same order, and the same status.
        let blank = "单位,编号,得分\n己县,1.1.1,\n".as_bytes();
        let files = [files[0], files[1], ("scores", "坏文件.xlsx", b"not a workbook"), ("scores", "空白.csv", blank), files[2]];
        let [whole, shared] = whole_and_in_shares(&files, &[2, 3]);
        assert_eq!(whole.0["ok"], false);
        assert!(whole.0["status"].is_object());
        assert_eq!(whole.0, shared.0);
    }

    #[test]
    fn the_sensitivity_of_the_kept_run_is_the_command_lines_report() {
        let tree = "编号,一级指标,二级指标,三级指标,分值\nA1,一、制度,(一)文件,审核,10\nA2,,,审查,10\nB1,二、执法,(一)公示,公示,10\nB2,,,应诉,10\n";
        let scores = "单位,编号,得分,是否申诉\n甲区,A1,10,\n甲区,A2,10,\n甲区,B1,8,\n甲区,B2,8,\n乙区,A1,10,\n乙区,A2,6,是\n乙区,B1,10,\n乙区,B2,9,\n丙区,A1,9,\n丙区,A2,9,\n丙区,B1,8,\n丙区,B2,8,\n";
        let mut worker = Worker::default();
        let out = worker.run(serde_json::json!({ "action": "score" }), &[("tree", "t.csv", tree.as_bytes()), ("scores", "s.csv", scores.as_bytes())]);
        assert!(out.response.ok, "{:?}", out.response.problems);
        let asked = serde_json::json!({ "action": "sensitivity", "sensitivity": { "seed": 7, "disputed": "丙区:B1" } });
        let out = worker.run(asked, &[]);
        let json = out.response.stability.as_ref().expect("the report");
        // As `tests/it/stability.rs` has them from `zhibiao sensitivity --seed 7`.
        let ranks = |u: &serde_json::Value| {
            (u["unit"].clone(), u["median_rank"].clone(), u["rank_5"].clone(), u["rank_95"].clone(), u["eligible_share"].clone())
        };
        assert_eq!(
            ranks(&json["units"][0]),
            ranks(&serde_json::json!({ "unit": "甲区", "median_rank": 1, "rank_5": 1, "rank_95": 2, "eligible_share": "52" }))
        );
        assert_eq!((json["runs"].as_u64(), json["seed"].as_u64()), (Some(1000), Some(7)));
        // 乙区 marked A2 in its sheet (6 → 10: 39/40 = 97.5); 丙区 was given B1 (8 → 10: 36/40 = 90.0).
        assert_eq!(json["units"][1]["disputed"]["best"]["score"], "97.5");
        assert_eq!(json["units"][2]["disputed"]["best"]["score"], "90.0");
        // A spread the command line refuses is a problem, said in its words.
        let out = worker.run(serde_json::json!({ "action": "sensitivity", "sensitivity": { "spread": "100" } }), &[]);
        assert!(!out.response.ok && out.response.problems[0].message.contains("--spread 100"), "{:?}", out.response.problems);
    }

    #[test]
    fn a_share_that_cannot_be_read_back_is_a_fault_of_the_page() {
        let tree = shipped("indicators/小型示例.csv");
        let out = Worker::default().run(serde_json::json!({ "action": "score" }), &[("tree", "t.csv", &tree), ("share", "s", b"{\"texts\":[]}")]);
        assert!(!out.response.ok && out.response.fault.as_deref().unwrap().starts_with("a share of the forms"), "{:?}", out.response.fault);
    }
}
