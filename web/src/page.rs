//! What the page asks for and what it is shown: one request in, one [`Response`] out.

use std::io::Write;

use serde::Serialize;
use zhibiao::pipeline::{self, Input, Outcome, RoundOptions, RuleOptions, RunError, ScoreFile, Spec, TreeOptions};
use zhibiao::previous::PreviousError;
use zhibiao::problem::{Problem, Problems, Severity};
use zhibiao::read::tree::TreeError;
use zhibiao::result_book::{self, Date};
use zhibiao::rules::Missing;
use zhibiao::status::Status;
use zhibiao::template::{self, By};
use zhibiao::text::{self, Lang};
use zhibiao::{report, verdict};

use crate::request::{self, Action, File, Request, Role};
use crate::response::{self, Downloads};

/// Everything the page shows after a run, beside the downloads.
#[derive(Debug, Default, Serialize)]
pub struct Response {
    /// The run was scored (or the templates made): no error among the problems.
    pub ok: bool,
    /// Every problem of the run, errors and warnings, in the request's language.
    pub problems: Vec<Problem>,
    /// The tree as read: counts, points, 一级 groups, departments (`zhibiao tree --format json`).
    pub tree: Option<serde_json::Value>,
    /// The 三级 items in tree order, for the drill-down: the report names them by code only.
    pub items: Vec<ItemName>,
    /// Who is missing what (`zhibiao status`).
    pub status: Option<Status>,
    /// Per unit, `zhibiao explain`'s text: verdict, reasons, and the gap to the threshold.
    pub explain: Vec<Explained>,
    /// The result workbook, csv and json (its `report` is what the tables show), or the templates.
    pub downloads: Vec<response::Download>,
    /// A fault of the page itself (a malformed request), for a developer.
    pub fault: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemName {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Explained {
    pub unit: String,
    pub text: String,
}

/// Runs one request as encoded by the page.
pub fn respond(bytes: &[u8]) -> Encoded {
    let mut header = None;
    let mut downloads = Downloads::default();
    let response = match request::parse(bytes, &mut header) {
        Ok(request) => {
            text::set_lang(if request.header.lang.as_deref() == Some("en") { Lang::En } else { Lang::Zh });
            let mut response = match request.header.action {
                Action::Score => score(&request, &mut downloads),
                Action::Templates => templates(&request, &mut downloads),
            };
            response.ok = !response.problems.iter().any(|p| p.severity == Severity::Error);
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

fn error(message: String) -> Problem {
    Problem::error(None, message)
}

/// Units above which the drill-down's gap analysis (explain) is left out: it re-scores a unit once
/// per item that lost points, and a national run has thousands of units.
const EXPLAIN_UNITS: usize = 300;

fn input(file: &File<'_>) -> Input {
    Input::new(file.name, file.bytes.to_vec())
}

/// The one file of a role the page allows once (its chooser takes one).
fn single(request: &Request<'_>, role: Role) -> Option<Input> {
    request.files(role).next().map(input)
}

/// What the library is given for a run, from the request.
fn spec<'a>(request: &Request<'_>, tree: Input) -> Spec<'a> {
    let o = &request.header.options;
    Spec {
        tree,
        tree_options: TreeOptions { sheet: None, points: o.points },
        scheme: single(request, Role::Scheme),
        scores: request.files(Role::Scores).map(|f| ScoreFile::Ok(input(f))).collect(),
        unit: o.unit.clone(),
        rules: RuleOptions {
            decimals: o.decimals,
            threshold: o.threshold,
            threshold_on: o.threshold_on,
            rank_on: o.rank_on,
            rank_style: o.rank_style,
            missing: o.missing,
            combine: o.combine,
        },
        // Self-assessment and verified scores (自评/核定) as the command line takes them by default.
        rounds: RoundOptions::default(),
        previous: single(request, Role::Previous),
        progress: None,
    }
}

/// A run that gave no outcome, as the list of problems the page shows: each names its file, and
/// where it can its sheet and cell.
fn problems_of(err: RunError) -> Vec<Problem> {
    let file = |context: &str, why: String| vec![error(format!("{context}: {why}"))];
    match err {
        RunError::Scores(Problems(problems)) | RunError::Tree(_, TreeError::Invalid(Problems(problems))) => problems,
        RunError::Previous(_, PreviousError::Invalid(Problems(problems))) => problems,
        RunError::Tree(context, e) => file(&context, e.to_string()),
        RunError::Scheme(context, e) => file(&context, e.to_string()),
        RunError::Previous(context, e) => file(&context, e.to_string()),
    }
}

fn score(request: &Request<'_>, downloads: &mut Downloads) -> Response {
    let options = &request.header.options;
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    if request.files(Role::Scores).next().is_none() {
        response.problems.push(error(text::no_inputs()));
        return response;
    }
    let date = match options.date.as_deref().map(str::parse::<Date>) {
        Some(Err(())) => {
            response.problems.push(error(text::bad_date(options.date.as_deref().unwrap_or_default())));
            return response;
        }
        date => date.and_then(Result::ok),
    };
    match pipeline::run(spec(request, tree.clone())) {
        Ok(outcome) => {
            shown(&mut response, &outcome);
            // With unscored items counted as 0 the run succeeds with gaps: who is missing what still matters.
            if outcome.rules.missing == Missing::Zero {
                response.status = status(request, tree);
            }
            if let Err(why) = write(&outcome, date, downloads) {
                response.problems.push(error(why));
            }
        }
        Err(err) => {
            let tree_read = !matches!(err, RunError::Tree(..) | RunError::Scheme(..));
            response.problems = problems_of(err);
            if tree_read {
                response.status = status(request, tree);
            }
        }
    }
    response
}

/// The tree and the explanations the page shows beside the report.
fn shown(response: &mut Response, outcome: &Outcome) {
    response.problems = outcome.warnings.clone();
    response.tree = serde_json::to_value(report::tree_json(&outcome.tree)).ok();
    response.items = outcome.tree.items.iter().map(|i| ItemName { code: i.code.clone(), name: i.name.clone() }).collect();
    let units = &outcome.evaluation.units;
    if units.len() <= EXPLAIN_UNITS {
        response.explain = units
            .iter()
            .map(|u| Explained { unit: u.unit.clone(), text: verdict::explain(&outcome.tree, &outcome.rules, &outcome.evaluation, u) })
            .collect();
    }
}

/// Who is missing what, from the same files.
fn status(request: &Request<'_>, tree: Input) -> Option<Status> {
    let options = &request.header.options;
    let scores = request.files(Role::Scores).map(|f| ScoreFile::Ok(input(f))).collect();
    let tree_options = TreeOptions { sheet: None, points: options.points };
    pipeline::status(&tree, &tree_options, scores, options.unit.clone(), &[], None).ok().map(|s| s.status)
}

/// The result workbook, the csv and the json, as `score --out` writes them.
fn write(outcome: &Outcome, date: Option<Date>, downloads: &mut Downloads) -> Result<(), String> {
    let stem = text::web_result_name();
    downloads.add("workbook", format!("{stem}.xlsx"), &result_book::write(outcome, date).map_err(|e| e.to_string())?);
    let mut csv = Vec::new();
    report::csv(&mut csv, outcome).map_err(|e| e.to_string())?;
    downloads.add("csv", format!("{stem}.csv"), &csv);
    downloads.add("json", format!("{stem}.json"), &serde_json::to_vec_pretty(&report::json(outcome)).map_err(|e| e.to_string())?);
    Ok(())
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

/// The templates of the tree, one workbook per department, zipped.
fn templates(request: &Request<'_>, downloads: &mut Downloads) -> Response {
    let mut response = Response::default();
    let Some(tree) = one_tree(request, &mut response.problems) else { return response };
    let tree = match pipeline::read_tree(&tree, &TreeOptions { sheet: None, points: request.header.options.points }) {
        Ok(tree) => tree,
        Err(err) => {
            response.problems = problems_of(err);
            return response;
        }
    };
    response.problems.extend(tree.warnings.iter().cloned());
    let units: Vec<String> = request.header.options.units.as_deref().map(zhibiao::read::units::typed).unwrap_or_default();
    let zipped = template::plan(&tree, By::Department, &units).map_err(|e| e.to_string()).and_then(|plan| {
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
        Ok(bytes) => downloads.add("templates", format!("{}.zip", text::web_templates_name()), &bytes),
        Err(why) => response.problems.push(error(why)),
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

    fn shipped(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
    }

    fn run(header: serde_json::Value, files: &[(&str, &str, &[u8])]) -> Encoded {
        respond(&encode(header, files))
    }

    fn report(encoded: &Encoded) -> serde_json::Value {
        serde_json::from_slice(encoded.downloads.get("json").expect("a json download")).unwrap()
    }

    #[test]
    fn the_shipped_district_scores_90_2_and_every_download_is_there() {
        let (tree, scores) = (shipped("indicators/示范创建指标体系-示例.xlsx"), shipped("samples/顺城区-自评得分.xlsx"));
        let header = serde_json::json!({ "action": "score", "options": { "date": "2025-01-31" } });
        let out = run(header, &[("tree", "示范创建指标体系-示例.xlsx", &tree), ("scores", "顺城区-自评得分.xlsx", &scores)]);
        assert!(out.response.ok, "{:?}", out.response.problems);
        // 1010 of 1120 → 90.178… → 90.2 (DOMAIN.md's worked example).
        let unit = &report(&out)["units"][0];
        assert_eq!((unit["unit"].as_str(), unit["raw"].as_str(), unit["max"].as_str()), (Some("顺城区"), Some("1010"), Some("1120")));
        assert_eq!((unit["score"].as_str(), unit["eligible"].as_bool()), (Some("90.2"), Some(true)));
        assert_eq!(out.response.tree.as_ref().unwrap()["items"], 112);
        let kinds: Vec<&str> = out.response.downloads.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, ["workbook", "csv", "json"]);
        assert!(out.downloads.get("workbook").unwrap().starts_with(b"PK"));
        assert_eq!(out.response.explain.len(), 1);
        // Every item scored, or the run would have failed: who is missing what is asked only then.
        assert!(out.response.status.is_none());
        // Decoded as the page decodes it: the JSON's ranges point into the bytes after it.
        let bytes = out.encode();
        let json_len = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        let shown: serde_json::Value = serde_json::from_slice(&bytes[8..8 + json_len]).unwrap();
        let csv = &shown["downloads"][1];
        let body = &bytes[8 + json_len..];
        assert_eq!(&body[csv["start"].as_u64().unwrap() as usize..csv["end"].as_u64().unwrap() as usize], out.downloads.get("csv").unwrap());
    }

    #[test]
    fn a_broken_score_file_is_named_and_nothing_is_scored() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let header = serde_json::json!({ "action": "score" });
        let out = run(header, &[("tree", "t.xlsx", &tree), ("scores", "坏文件.xlsx", b"not a workbook")]);
        assert!(!out.response.ok);
        assert!(out.response.problems[0].message.contains("坏文件.xlsx"), "{:?}", out.response.problems);
        assert!(out.response.downloads.is_empty());
    }

    #[test]
    fn a_blank_score_is_an_error_at_its_cell_and_the_status_says_who_is_missing_what() {
        let tree = shipped("indicators/小型示例.csv");
        let scores = "单位,编号,得分\n甲区,A1,\n".as_bytes();
        let out = run(serde_json::json!({ "action": "score" }), &[("tree", "小型示例.csv", &tree), ("scores", "s.csv", scores)]);
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
        let out = run(serde_json::json!({ "action": "score", "lang": "en" }), &[("scores", "s.csv", b"x")]);
        assert!(!out.response.ok);
        assert_eq!(out.response.problems[0].message, text::web_one_tree());
        assert!(out.response.problems[0].message.starts_with("choose one"));
        text::set_lang(Lang::Zh);
    }

    #[test]
    fn options_reach_the_rules() {
        let (tree, scores) = (shipped("indicators/示范创建指标体系-示例.xlsx"), shipped("samples/顺城区-自评得分.xlsx"));
        let header = serde_json::json!({ "action": "score", "options": { "threshold": "95", "decimals": 2 } });
        let out = run(header, &[("tree", "t.xlsx", &tree), ("scores", "s.xlsx", &scores)]);
        let unit = &report(&out)["units"][0];
        // 1010 / 1120 × 100 = 90.1785… → 90.18; below 95.
        assert_eq!((unit["score"].as_str(), unit["eligible"].as_bool()), (Some("90.18"), Some(false)));
    }

    #[test]
    fn templates_come_as_one_zip_with_a_workbook_per_department() {
        let tree = shipped("indicators/示范创建指标体系-示例.xlsx");
        let out = run(serde_json::json!({ "action": "templates" }), &[("tree", "t.xlsx", &tree)]);
        let zip = zip::ZipArchive::new(std::io::Cursor::new(out.downloads.get("templates").unwrap())).unwrap();
        let parsed = pipeline::read_tree(&Input::new("t.xlsx", tree), &TreeOptions::default()).unwrap();
        assert_eq!(zip.len(), parsed.departments().len());
        assert!(zip.file_names().all(|n| n.unwrap().ends_with(".xlsx")));
    }

    #[test]
    fn a_scheme_and_last_years_workbook_are_taken_from_their_roles() {
        let (tree, scores) = (shipped("indicators/加权示例指标体系.csv"), shipped("samples/加权示例得分.csv"));
        let scheme = shipped("indicators/方案-加权.toml");
        let files =
            [("tree", "加权示例指标体系.csv", &tree[..]), ("scores", "加权示例得分.csv", &scores[..]), ("scheme", "方案-加权.toml", &scheme[..])];
        let first = run(serde_json::json!({ "action": "score" }), &files);
        assert!(first.response.ok, "{:?}", first.response.problems);
        assert_eq!(report(&first)["rules"]["weighted"], true, "the scheme's weights apply");
        assert!(report(&first)["units"].as_array().unwrap().iter().any(|u| u["grade"].is_string()), "the scheme's grades apply");
        // Last year's result: this year's own workbook, read back as the previous one.
        let previous = first.downloads.get("workbook").unwrap().to_vec();
        let again = run(serde_json::json!({ "action": "score" }), &[files[0], files[1], files[2], ("previous", "上年结果.xlsx", &previous)]);
        assert!(again.response.ok, "{:?}", again.response.problems);
        let broken = run(serde_json::json!({ "action": "score" }), &[files[0], files[1], ("scheme", "方案.toml", b"threshold = ")]);
        assert!(!broken.response.ok);
        assert!(broken.response.problems[0].message.contains("方案.toml"), "{:?}", broken.response.problems);
    }
}
