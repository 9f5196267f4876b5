//! The department workflow through the real binary: templates for the shipped 9/37/112 sample,
//! filled as departments fill them (re-ordered, blank, 不涉及, formulas, one never returned), read
//! back by `score` and `status`; and the same files after LibreOffice saved them.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;
use zhibiao::grid::{Cell, Which};
use zhibiao::metadata::META_SHEET;

const SAMPLE: &str = "indicators/示范创建指标体系-示例.xlsx";
const UNIT: &str = "示范区";

use crate::support::{json_of, zhibiao};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What a department types into the 自评得分 cell.
#[derive(Clone)]
enum Fill {
    Text(&'static str),
    Number(f64),
    /// A formula and the value Excel would have cached for it.
    Formula(&'static str, &'static str),
    Blank,
}

/// How a department returns its template.
#[derive(Default)]
struct Filling {
    scores: HashMap<&'static str, Fill>,
    remarks: HashMap<&'static str, &'static str>,
    /// Rows in reverse order, an empty row inserted, and a sheet of their own added.
    reorder: bool,
    /// Codes of rows deleted.
    delete: Vec<&'static str>,
}

/// Fills a template as a clerk would and saves it as `out`: the cells, the merged hierarchy and the
/// template's defined names kept; every item not named in `filling.scores` gets 10. Returns the
/// worksheet row (1-based) where each item's score landed.
fn fill(template: &Path, out: &Path, filling: &Filling) -> HashMap<String, u32> {
    let read = crate::support::read_book(template, Which::VisibleAnd(META_SHEET));
    let sheet = &read.sheets[0];
    let mut book = Workbook::new();
    // Print titles (`_xlnm.*`) belong to the sheet's print setup, not to the template's identity.
    for (name, formula) in read.defined_names.iter().filter(|(n, _)| !n.starts_with("_xlnm.")) {
        book.define_name(name, &format!("={formula}")).unwrap();
    }
    let ws = book.add_worksheet().set_name(sheet.name.as_deref().unwrap()).unwrap();
    let put = |ws: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, cell: &Cell| match cell {
        Cell::Number(n) => {
            ws.write_number(row, col, n.to_string().parse::<f64>().unwrap()).unwrap();
        }
        Cell::Text(t) => {
            ws.write_string(row, col, t).unwrap();
        }
        _ => {}
    };
    put(ws, 0, 0, sheet.cell(0, 0));
    for c in 0..9 {
        put(ws, 1, c, sheet.cell(1, c as usize));
    }
    let kept = |r: &usize| !filling.delete.contains(&&*sheet.text(*r, 0).unwrap());
    let mut data: Vec<Option<usize>> = (2..sheet.height()).filter(kept).map(Some).collect();
    if filling.reorder {
        data.reverse();
        data.insert(data.len() / 2, None);
    }
    let mut rows = HashMap::new();
    for (k, source) in data.iter().enumerate() {
        let Some(r) = *source else { continue };
        let row = 2 + k as u32;
        let code = sheet.text(r, 0).unwrap().into_owned();
        for c in 0..6 {
            put(ws, row, c, sheet.cell(r, c as usize));
        }
        match filling.scores.get(code.as_str()).cloned().unwrap_or(Fill::Number(10.0)) {
            Fill::Text(t) => ws.write_string(row, 6, t).map(|_| ()).unwrap(),
            Fill::Number(n) => ws.write_number(row, 6, n).map(|_| ()).unwrap(),
            Fill::Formula(f, cached) => ws.write_formula(row, 6, Formula::new(f).set_result(cached)).map(|_| ()).unwrap(),
            Fill::Blank => {}
        }
        if let Some(remark) = filling.remarks.get(code.as_str()) {
            ws.write_string(row, 7, *remark).unwrap();
        }
        rows.insert(code, row + 1);
    }
    // Hierarchy cells merged again over the rows they spanned in the template.
    if !filling.reorder && filling.delete.is_empty() {
        for col in [1u16, 2] {
            let mut r = 2;
            while r < sheet.height() {
                let mut end = r;
                while end + 1 < sheet.height() && sheet.cell(end + 1, col as usize).is_blank() {
                    end += 1;
                }
                if end > r {
                    let name = sheet.text(r, col as usize).unwrap_or_default();
                    ws.merge_range(r as u32, col, end as u32, col, &name, &Format::new()).unwrap();
                }
                r = end + 1;
            }
        }
    }
    for meta in read.sheets.iter().filter(|s| s.name.as_deref() == Some(META_SHEET)) {
        let hidden = book.add_worksheet().set_name(META_SHEET).unwrap().set_hidden(true);
        for r in 0..meta.height() {
            for c in 0..meta.width() {
                put(hidden, r as u32, c as u16, meta.cell(r, c));
            }
        }
    }
    if filling.reorder {
        let notes = book.add_worksheet().set_name("自查说明").unwrap();
        notes.write_string(0, 0, "本部门已对照评分标准逐项自查。").unwrap();
        notes.write_string(1, 0, "联系人: 张三").unwrap();
    }
    book.save(out).unwrap();
    rows
}

fn filling(pairs: &[(&'static str, Fill)]) -> Filling {
    Filling { scores: pairs.iter().cloned().collect(), ..Filling::default() }
}

/// Templates for the sample and the departments' returns, 信访局 never returning. `blank_left`:
/// whether 市场监管局 still has its blank. Returns the rows where 司法局's scores landed.
fn returns(dir: &Path, blank_left: bool) -> HashMap<String, u32> {
    let templates = dir.join("templates");
    let out = zhibiao().args(["template", "--tree"]).arg(sample()).arg("--out").arg(&templates).args(["--units", UNIT]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("13 个评分表"), "{}", stdout(&out));
    let returned = dir.join("returned");
    fs::create_dir_all(&returned).unwrap();
    let mut justice =
        filling(&[("1.2.1", Fill::Number(6.0)), ("2.1.1", Fill::Text("９")), ("2.1.3", Fill::Text("8分")), ("2.2.1", Fill::Text(" 7 "))]);
    justice.remarks.insert("2.2.1", "清理结果未按时公布");
    justice.reorder = true;
    let rows = fill(&templates.join("司法局.xlsx"), &returned.join("司法局.xlsx"), &justice);
    let market = if blank_left { Fill::Blank } else { Fill::Number(7.0) };
    fill(&templates.join("市场监管局.xlsx"), &returned.join("市场监管局.xlsx"), &filling(&[("1.3.3", market)]));
    let na = Fill::Text("不涉及");
    fill(&templates.join("生态环境局.xlsx"), &returned.join("生态环境局.xlsx"), &filling(&[("1.6.1", na.clone()), ("1.6.2", na)]));
    fill(
        &templates.join("审计局.xlsx"),
        &returned.join("审计局.xlsx"),
        &filling(&[("7.3.1", Fill::Formula("=10-2", "8")), ("7.3.3", Fill::Formula("=SUM(4,5)", "9")), ("5.3.2", Fill::Formula("=10", "10"))]),
    );
    // 公安局 deletes a row it shares with 市场监管局 (whose score still counts) when it first returns.
    let police = Filling { delete: if blank_left { vec!["4.3.3"] } else { Vec::new() }, ..Filling::default() };
    fill(&templates.join("公安局.xlsx"), &returned.join("公安局.xlsx"), &police);
    // 应急管理局 first writes a grade where a score belongs.
    let grade = if blank_left { Fill::Text("优") } else { Fill::Number(10.0) };
    fill(&templates.join("应急管理局.xlsx"), &returned.join("应急管理局.xlsx"), &filling(&[("1.5.3", grade)]));
    for d in ["政务服务中心（行政审批局）", "发展改革委", "政府办公室", "财政局", "自然资源局", "人力资源社会保障局"]
    {
        fill(&templates.join(format!("{d}.xlsx")), &returned.join(format!("{d}.xlsx")), &Filling::default());
    }
    // An office lock file left behind by Excel is not a return.
    fs::write(returned.join("~$财政局.xlsx"), b"lock").unwrap();
    rows
}

fn score_json(dir: &Path, folder: &str, extra: &[&str]) -> Value {
    let out = zhibiao()
        .current_dir(dir)
        .args(["score", "--tree"])
        .arg(sample())
        .arg(folder)
        .args(["--missing", "zero", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    json_of(&out.stdout)
}

fn item<'a>(unit: &'a Value, code: &str) -> &'a Value {
    unit["items"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap()
}

fn department<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["departments"].as_array().unwrap().iter().find(|d| d["department"] == name).unwrap()
}

#[test]
fn templates_have_the_items_and_who_fills_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    zhibiao().args(["template", "--tree"]).arg(sample()).arg("--out").arg(&out).args(["--units", UNIT]).assert().success();
    let first = fs::read(out.join("审计局.xlsx")).unwrap();
    let book = crate::support::read_book(&out.join("审计局.xlsx"), Which::Visible);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["评分表", "填报说明"]);
    let sheet = &book.sheets[0];
    let header: Vec<String> = (0..9).map(|c| sheet.text(1, c).unwrap().into_owned()).collect();
    assert_eq!(header, ["编号", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分", "扣分原因", "佐证材料"]);
    let codes: Vec<String> = (2..sheet.height()).map(|r| sheet.text(r, 0).unwrap().into_owned()).collect();
    assert_eq!(codes, ["5.3.2", "7.3.1", "7.3.2", "7.3.3"]);
    assert_eq!(sheet.text(2, 4).as_deref(), Some("10"));
    assert_eq!(sheet.text(0, 0).as_deref(), Some("法治政府建设指标自评表(填报单位: 审计局;被评估单位: 示范区)"));
    let fingerprint = zhibiao().args(["tree", "--format", "json"]).arg(sample()).output().unwrap();
    let fingerprint = json_of(&fingerprint.stdout)["fingerprint"].as_str().unwrap().to_string();
    let mut names: Vec<_> = book.defined_names.iter().filter(|(n, _)| n.starts_with("ZHIBIAO_")).cloned().collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("ZHIBIAO_DEPARTMENT".to_string(), "\"审计局\"".to_string()),
            ("ZHIBIAO_FINGERPRINT".to_string(), format!("\"{fingerprint}\"")),
            ("ZHIBIAO_UNIT".to_string(), format!("\"{UNIT}\"")),
        ]
    );
    // The same, in a hidden sheet, for formats that lose such names (xls).
    let with_hidden = crate::support::read_book(&out.join("审计局.xlsx"), Which::VisibleAnd(META_SHEET));
    let hidden = &with_hidden.sheets[2];
    let pairs: Vec<(String, String)> =
        (0..hidden.height()).map(|r| (hidden.text(r, 0).unwrap().into_owned(), hidden.text(r, 1).unwrap().into_owned())).collect();
    let quoted: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k, format!("\"{v}\""))).collect();
    assert_eq!(quoted, [names[1].clone(), names[0].clone(), names[2].clone()]);
    // Same tree, same bytes: making them again is harmless.
    zhibiao().args(["template", "--tree"]).arg(sample()).arg("--out").arg(&out).args(["--units", UNIT]).assert().success();
    assert_eq!(fs::read(out.join("审计局.xlsx")).unwrap(), first);
    // A form that differs (filled in, or from another version) is not written over unasked.
    fill(&out.join("审计局.xlsx"), &out.join("审计局.xlsx"), &Filling::default());
    let filled = fs::read(out.join("审计局.xlsx")).unwrap();
    let again = zhibiao().args(["template", "--tree"]).arg(sample()).arg("--out").arg(&out).args(["--units", UNIT]).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    let expected = format!("{} 已存在且与新评分表不同(可能已被填写),未覆盖;确需覆盖请加 --force", out.join("审计局.xlsx").display());
    assert!(stderr(&again).contains(&expected), "{}", stderr(&again));
    assert_eq!(fs::read(out.join("审计局.xlsx")).unwrap(), filled);
    zhibiao().args(["template", "--force", "--tree"]).arg(sample()).arg("--out").arg(&out).args(["--units", UNIT]).assert().success();
    assert_eq!(fs::read(out.join("审计局.xlsx")).unwrap(), first);
}

#[test]
fn blank_and_missing_scores_are_errors_and_status_lists_who_to_chase() {
    let dir = tempfile::tempdir().unwrap();
    returns(dir.path(), true);
    let out = zhibiao().current_dir(dir.path()).args(["score", "--tree"]).arg(sample()).arg("returned").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误: 共发现 3 个问题\n  \
         returned/应急管理局.xlsx!评分表!G3: “优”不是有效得分(应为数字,或“不涉及”)\n  \
         returned/市场监管局.xlsx!评分表!G6: 指标“推进“互联网+监管”，监管行为数…”得分为空: 请填写得分,不适用的填“不涉及”(空白不会按 0 分处理)\n  \
         示范区 有 1 项指标没有得分: “推进信访工作法治化，依法分类处理…”\n"
    );

    let out = zhibiao().current_dir(dir.path()).args(["status", "--tree"]).arg(sample()).args(["returned", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_of(&out.stdout);
    let status = &report["status"];
    let row = |d: &str| status["returns"].as_array().unwrap().iter().find(|r| r["department"] == d).unwrap().clone();
    let brief = |d: &str| {
        let r = row(d);
        (
            r["expected"].as_u64().unwrap(),
            r["scored"].as_u64().unwrap(),
            r["not_applicable"].as_u64().unwrap(),
            r["blank"].clone(),
            r["missing"].clone(),
        )
    };
    let none = serde_json::json!([]);
    assert_eq!(brief("司法局"), (56, 56, 0, none.clone(), none.clone()));
    assert_eq!(brief("市场监管局"), (13, 12, 0, serde_json::json!(["1.3.3"]), none.clone()));
    assert_eq!(brief("生态环境局"), (3, 1, 2, none.clone(), none.clone()));
    assert_eq!(brief("审计局"), (4, 4, 0, none.clone(), none.clone()));
    assert_eq!(brief("公安局"), (6, 5, 0, none.clone(), serde_json::json!(["4.3.3"])));
    assert_eq!(brief("信访局"), (5, 0, 0, none.clone(), serde_json::json!(["6.1.1", "6.1.3", "6.3.1", "6.3.3", "7.5.1"])));
    assert_eq!(status["silent_departments"], serde_json::json!(["信访局"]));
    assert_eq!(status["complete"], false);
    assert_eq!(status["returns"].as_array().unwrap().len(), 13);
    assert_eq!(brief("应急管理局"), (3, 2, 0, none, serde_json::json!(["1.5.3"])));
    let unreadable = "“优”不是有效得分(应为数字,或“不涉及”)";
    assert_eq!(
        report["problems"],
        serde_json::json!([{
            "severity": "error",
            "location": "returned/应急管理局.xlsx!评分表!G3",
            "code": "cell.not_a_score",
            "args": { "text": "优" },
            "message": unreadable
        }])
    );

    let out = zhibiao().current_dir(dir.path()).args(["status", "--tree"]).arg(sample()).arg("returned").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = stdout(&out);
    assert!(table.contains("│ 市场监管局 "), "{table}");
    assert!(table.contains("空白: 1.3.3"), "{table}");
    assert!(table.contains("缺: 6.1.1, 6.1.3, 6.3.1, 6.3.3, 7.5.1"), "{table}");
    let end = "4 份评分不完整(见上表“待补指标”),需要催报。\n未报送任何评分的部门(1 个): 信访局\n\
               读取时发现 1 个问题(需退回更正):\n  returned/应急管理局.xlsx!评分表!G3: “优”不是有效得分(应为数字,或“不涉及”)\n";
    assert!(table.ends_with(end), "{table}");
}

#[test]
fn returned_templates_give_exact_totals_provenance_and_department_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let rows = returns(dir.path(), false);
    let report = score_json(dir.path(), "returned", &[]);
    let unit = &report["units"][0];
    assert_eq!(unit["unit"], UNIT);
    // 1120 possible − 10 (1.6.1 不涉及) = 1110; 1120 − 10 (1.6.1) − 10 (6.3.1 never returned, 0)
    // − 2 (1.2.1: 6 and 10, mean 8) − 1 − 2 − 3 (司法局) − 3 (1.3.3) − 2 − 1 (formulas) = 1086.
    assert_eq!((unit["raw"].as_str(), unit["max"].as_str(), unit["score"].as_str()), (Some("1086"), Some("1110"), Some("97.8")));
    assert_eq!(item(unit, "1.6.1")["score"], Value::Null);
    assert_eq!(item(unit, "1.6.2")["score"], "10");
    assert_eq!(item(unit, "7.3.1")["score"], "8");
    assert_eq!(item(unit, "1.2.1")["score"], "8");
    let reason = item(unit, "2.2.1");
    assert_eq!(reason["score"], "7");
    assert_eq!(reason["remark"], "清理结果未按时公布");
    assert_eq!(reason["source"], format!("returned/司法局.xlsx!评分表!G{}", rows["2.2.1"]));
    let shared = item(unit, "1.2.1")["source"].as_str().unwrap().to_string();
    assert!(
        shared.contains(&format!("returned/司法局.xlsx!评分表!G{}", rows["1.2.1"])) && shared.contains("returned/政府办公室.xlsx!评分表!G"),
        "{shared}"
    );
    assert!(
        report["rules"]["description"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().starts_with("同一指标有多个部门评分时按部门权重加权平均"))
    );

    // 得分率 over each department's applicable items; eight departments tie at 100.
    let rank = |d: &str| {
        let d = department(&report, d);
        (d["rate"].as_str().unwrap().to_string(), d["rank"].as_u64().unwrap())
    };
    assert_eq!(rank("生态环境局"), ("100.0".into(), 1));
    assert_eq!(rank("政府办公室"), ("99.3".into(), 9));
    assert_eq!(rank("司法局"), ("98.6".into(), 10));
    assert_eq!(rank("市场监管局"), ("97.7".into(), 11));
    assert_eq!(rank("审计局"), ("92.5".into(), 12));
    assert_eq!(rank("信访局"), ("80.0".into(), 13));
    let audit = department(&report, "审计局");
    assert_eq!((audit["obtained"].as_str(), audit["possible"].as_str(), audit["items"].as_u64()), (Some("37"), Some("40"), Some(4)));
    let ecology = department(&report, "生态环境局");
    assert_eq!((ecology["items"].as_u64(), ecology["applicable"].as_u64()), (Some(3), Some(2)));

    // The lowest of several departments' scores: 1.2.1 counts 6.
    let min = score_json(dir.path(), "returned", &["--combine", "min"]);
    assert_eq!((min["units"][0]["raw"].as_str(), min["units"][0]["score"].as_str()), (Some("1084"), Some("97.7")));
    assert!(min["rules"]["description"].as_array().unwrap().iter().any(|l| l == "同一指标有多个部门评分时取最低分(--combine min)"));

    let table = zhibiao().current_dir(dir.path()).args(["score", "--tree"]).arg(sample()).args(["returned", "--missing", "zero"]).output().unwrap();
    let table = stdout(&table);
    assert!(table.contains("部门得分率排名"), "{table}");
    assert!(table.contains("│ 13   │ 示范区 │ 信访局 "), "{table}");
}

#[test]
fn a_template_from_another_tree_version_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    returns(dir.path(), false);
    // The same system with one item worth 12: templates made before carry the old fingerprint.
    let csv = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("indicators/示范创建指标体系-示例.csv")).unwrap();
    let changed = csv.replacen(",10,信访局,", ",12,信访局,", 1);
    assert_ne!(csv, changed);
    fs::write(dir.path().join("新版.csv"), changed).unwrap();
    let out = zhibiao().current_dir(dir.path()).args(["score", "--tree", "新版.csv", "returned", "--missing", "zero"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings = stderr(&out);
    assert_eq!(warnings.matches("这份评分表由另一版指标体系生成").count(), 12, "{warnings}");
    assert!(warnings.contains("警告: returned/审计局.xlsx: 这份评分表由另一版指标体系生成(表内指纹 "), "{warnings}");
}

#[test]
fn each_combination_rule_on_a_lead_department() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree.csv");
    fs::write(
        &tree,
        "一级指标,二级指标,三级指标,分值,牵头单位,配合单位\n一、职能,(一)清单,权责清单动态调整,10,司法局,财政局\n,,收费清单公开,10,财政局,\n",
    )
    .unwrap();
    let templates = dir.path().join("t");
    zhibiao().args(["template", "--tree"]).arg(&tree).arg("--out").arg(&templates).args(["--units", UNIT]).assert().success();
    let returned = dir.path().join("r");
    fs::create_dir_all(&returned).unwrap();
    fill(&templates.join("司法局.xlsx"), &returned.join("司法局.xlsx"), &filling(&[("1.1.1", Fill::Number(6.0))]));
    fill(&templates.join("财政局.xlsx"), &returned.join("财政局.xlsx"), &filling(&[("1.1.1", Fill::Number(9.0))]));
    let raw = |rule: &str| {
        let out = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&returned).args(["--format", "json", "--combine", rule]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        json_of(&out.stdout)["units"][0]["items"][0]["score"].as_str().unwrap().to_string()
    };
    assert_eq!(raw("mean"), "7.5");
    assert_eq!(raw("lead"), "6");
    assert_eq!(raw("min"), "6");
}

#[test]
fn templates_by_unit_and_several_units_per_department() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree.csv");
    fs::write(
        &tree,
        "一级指标,二级指标,三级指标,分值,责任单位\n一、职能,(一)清单,权责清单动态调整,10,司法局\n,,收费清单公开,5,财政局\n,,行政复议决定公开,10,\n",
    )
    .unwrap();
    let units = dir.path().join("units.txt");
    fs::write(&units, "# 参评单位\n甲区\n\n乙/区\n").unwrap();
    let by_unit = dir.path().join("u");
    let out = zhibiao()
        .args(["template", "--by", "unit", "--tree"])
        .arg(&tree)
        .arg("--out")
        .arg(&by_unit)
        .arg("--units-file")
        .arg(&units)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut files: Vec<String> = fs::read_dir(&by_unit).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, ["乙_区.xlsx", "甲区.xlsx"]);
    let returned = dir.path().join("r");
    fs::create_dir_all(&returned).unwrap();
    fill(&by_unit.join("甲区.xlsx"), &returned.join("甲区.xlsx"), &filling(&[("1.1.2", Fill::Number(4.0))]));
    let out = zhibiao().args(["status", "--tree"]).arg(&tree).arg(&returned).arg("--units-file").arg(&units).output().unwrap();
    let table = stdout(&out);
    assert!(table.contains("未报送任何评分的单位(1 个): 乙/区"), "{table}");
    assert!(table.contains("│ (未注明部门) │ 甲区  │ 3    │ 3      │ 0      │ 0    │ 0    │"), "{table}");
    let out = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&returned).args(["--format", "json"]).output().unwrap();
    assert_eq!(json_of(&out.stdout)["units"][0]["raw"], "24");

    // One workbook per department holding a 评分表 per unit, each with a 单位 column.
    let by_department = dir.path().join("d");
    let out = zhibiao().args(["template", "--tree"]).arg(&tree).arg("--out").arg(&by_department).args(["--units", "甲区，乙区"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stderr(&out), "警告: 1 项指标没有责任单位,不在任何部门的评分表中: 1.1.3\n");
    let book = crate::support::read_book(&by_department.join("司法局.xlsx"), Which::Visible);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["评分表-甲区", "评分表-乙区", "填报说明"]);
    assert_eq!(book.sheets[1].text(2, 0).as_deref(), Some("乙区"));
    let out = zhibiao().args(["status", "--tree"]).arg(&tree).arg(&by_department).args(["--format", "json"]).output().unwrap();
    let status = json_of(&out.stdout);
    let blanks: Vec<(String, String, String)> = status["status"]["returns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["department"].as_str().unwrap().into(), r["unit"].as_str().unwrap().into(), r["blank"][0].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        blanks,
        [
            ("司法局".into(), "甲区".into(), "1.1.1".into()),
            ("司法局".into(), "乙区".into(), "1.1.1".into()),
            ("财政局".into(), "甲区".into(), "1.1.2".into()),
            ("财政局".into(), "乙区".into(), "1.1.2".into()),
        ]
    );
}

/// LibreOffice's export filters and the extensions they write.
const FORMATS: [(&str, &str); 3] = [("ods", "ods"), ("xlsx", "xlsx"), ("xls:MS Excel 97", "xls")];

/// LibreOffice, if installed: templates and returns saved again as ods, xlsx and xls read back the same.
#[test]
fn returns_saved_by_libreoffice_read_back_identically() {
    if !crate::support::has_soffice() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    returns(dir.path(), false);
    let files: Vec<PathBuf> = fs::read_dir(dir.path().join("returned"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("~$"))
        .collect();
    let profile = format!("file://{}", dir.path().join("lo-profile").display());
    let convert = |files: &[PathBuf], folder: &str| {
        for (filter, format) in FORMATS {
            let status = std::process::Command::new("soffice")
                .args(["--headless", "--norestore", &format!("-env:UserInstallation={profile}"), "--convert-to", filter, "--outdir"])
                .arg(dir.path().join(format!("{folder}-{format}")))
                .args(files)
                .output()
                .unwrap();
            assert!(status.status.success(), "{}", stderr(&status));
        }
    };
    convert(&files, "lo");
    // The templates themselves, untouched, with their merges, dropdowns and protection.
    let templates: Vec<PathBuf> = ["司法局", "生态环境局", "审计局"].iter().map(|d| dir.path().join("templates").join(format!("{d}.xlsx"))).collect();
    convert(&templates, "lo-templates");
    let status_of = |folder: PathBuf| {
        let out = zhibiao().args(["status", "--tree"]).arg(sample()).arg(folder).args(["--format", "json"]).output().unwrap();
        json_of(&out.stdout)
    };
    let blank = dir.path().join("blank");
    fs::create_dir_all(&blank).unwrap();
    for t in &templates {
        fs::copy(t, blank.join(t.file_name().unwrap())).unwrap();
    }
    let expected = status_of(blank);
    let justice = expected["status"]["returns"].as_array().unwrap().iter().find(|r| r["department"] == "司法局").unwrap();
    assert_eq!(justice["blank"].as_array().unwrap().len(), 56);
    for (_, format) in FORMATS {
        assert_eq!(status_of(dir.path().join(format!("lo-templates-{format}"))), expected, "{format}");
    }

    let original = score_json(dir.path(), "returned", &[]);
    let scores = |report: &Value| -> Vec<(Value, Value, Value)> {
        report["units"][0]["items"].as_array().unwrap().iter().map(|i| (i["code"].clone(), i["score"].clone(), i["remark"].clone())).collect()
    };
    for (_, format) in FORMATS {
        let again = score_json(dir.path(), &format!("lo-{format}"), &[]);
        assert_eq!(scores(&again), scores(&original), "{format}");
        assert_eq!(again["units"][0]["score"], original["units"][0]["score"], "{format}");
        assert_eq!(again["departments"], original["departments"], "{format}");
        let source = item(&again["units"][0], "2.2.1")["source"].as_str().unwrap().to_string();
        assert!(source.starts_with(&format!("lo-{format}/司法局.{format}!评分表!G")), "{source}");
    }
}

/// Templates made without `--units` name no unit: the office is told so when they are made, and so
/// is the department in the form's 填报说明, since scoring them back then needs `--unit`.
#[test]
fn templates_without_units_say_that_scoring_needs_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let mut cmd = zhibiao();
    cmd.args(["template", "--tree"]).arg(sample()).arg("--out").arg(&out);
    let stdout = crate::support::stdout_of(&mut cmd);
    assert!(stdout.ends_with("评分表未注明被评估单位(未给出 --units): 报回后计分或查看报送情况时须用 --unit 指定单位\n"), "{stdout}");
    let book = crate::support::read_book(&out.join("审计局.xlsx"), Which::Visible);
    let guide: Vec<String> = book.sheets.iter().flat_map(|s| (0..s.height()).filter_map(move |r| s.text(r, 0).map(|t| t.into_owned()))).collect();
    assert!(guide.iter().any(|l| l == "1. 本表由 审计局 填写。表中未注明被评估单位: 报回后计分时须指定单位(--unit)。"), "{guide:?}");
}
