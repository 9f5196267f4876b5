//! The scoring core through the real binary: check, tree, score; exit codes; exact numbers.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::support::{json_of, write, zhibiao};

/// A tree as offices write it: title row, merged hierarchy cells, a 合计 row and a note.
fn merged_tree(dir: &Path) -> PathBuf {
    let path = dir.join("指标体系.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("指标").unwrap();
    let merged = Format::new();
    sheet.merge_range(0, 0, 0, 4, "某区法治政府建设指标体系", &merged).unwrap();
    for (c, h) in ["一级指标", "二级指标", "三级指标", "分值", "责任单位"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.merge_range(2, 0, 4, 0, "一、依法全面履行政府职能", &merged).unwrap();
    sheet.merge_range(2, 1, 3, 1, "(一)深化行政审批制度改革", &merged).unwrap();
    sheet.write_string(2, 2, "行政审批事项清单向社会公开").unwrap();
    sheet.write_number(2, 3, 10).unwrap();
    sheet.write_string(2, 4, "政务服务中心、司法局").unwrap();
    sheet.write_string(3, 2, "中介服务事项实行清单管理").unwrap();
    sheet.write_number(3, 3, 10).unwrap();
    sheet.write_string(3, 4, "财政局").unwrap();
    sheet.write_string(4, 1, "(二)加强事中事后监管").unwrap();
    sheet.write_string(4, 2, "“双随机、一公开”监管全覆盖").unwrap();
    sheet.write_string(4, 3, "10分").unwrap();
    sheet.write_string(4, 4, "市场监管局").unwrap();
    sheet.write_string(5, 0, "二、完善依法行政制度体系").unwrap();
    sheet.write_string(5, 1, "(一)加强规范性文件监督管理").unwrap();
    sheet.write_string(5, 2, "行政规范性文件合法性审核率达100%").unwrap();
    sheet.write_number(5, 3, 10).unwrap();
    sheet.write_string(5, 4, "司法局").unwrap();
    sheet.write_string(6, 0, "合计").unwrap();
    sheet.write_number(6, 3, 40).unwrap();
    sheet.write_string(7, 0, "注:本表为测试用示例。").unwrap();
    book.save(&path).unwrap();
    path
}

#[test]
fn check_reads_merged_cells_title_and_footer() {
    let dir = tempfile::tempdir().unwrap();
    let tree = merged_tree(dir.path());
    zhibiao()
        .arg("check")
        .arg(&tree)
        .assert()
        .success()
        // `check` first says how it read the table, then its verdict.
        .stdout(predicates::str::ends_with("\n指标体系无误: 一级指标 2 项、二级指标 3 项、三级指标 4 项,满分 40 分\n"));
    zhibiao()
        .args(["--lang", "en", "check"])
        .arg(&tree)
        .assert()
        .success()
        .stdout(predicates::str::ends_with("\nindicator system is well formed: 2 level-1, 3 level-2, 4 items, 40 points in all\n"));
}

#[test]
fn check_reports_every_problem_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "bad.csv", "一级指标,二级指标,三级指标,编号,分值\n,,无上级,A1,10\n一,甲,x,A2,-1\n,,y,A2,十\n");
    let out = zhibiao().arg("check").arg(&tree).assert().code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    let path = tree.display();
    assert!(err.contains("共发现 4 个问题"), "{err}");
    assert!(err.contains(&format!("{path}!A2: 缺少一级指标,且上方没有可沿用的内容")), "{err}");
    assert!(err.contains(&format!("{path}!E3: 分值无效: -1 不能为负数")), "{err}");
    assert!(err.contains(&format!("{path}!E4: 分值无效: “十”不是数字")), "{err}");
    assert!(err.contains(&format!("{path}!D4: 编号 A2 重复(首次出现在 {path}!C3)")), "{err}");
}

#[test]
fn tree_without_items_and_missing_file_are_data_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.csv", "一级指标,二级指标,三级指标\n");
    zhibiao().arg("check").arg(&empty).assert().code(1).stderr(predicates::str::contains("指标体系中没有任何三级指标"));
    zhibiao().args(["check", "no-such-file.xlsx"]).assert().code(1).stderr(predicates::str::contains("找不到文件 no-such-file.xlsx"));
}

#[test]
fn usage_errors_exit_2() {
    zhibiao().args(["score", "x.csv"]).assert().code(2);
    zhibiao().arg("frobnicate").assert().code(2);
    zhibiao().args(["score", "--tree", "t.csv", "--decimals", "9", "s.csv"]).assert().code(2);
}

#[test]
fn scores_merged_tree_with_not_applicable_and_text_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let tree = merged_tree(dir.path());
    // 甲区 marks one item 不涉及: its maximum is 30. Item text works where the code is left out.
    let scores = write(
        dir.path(),
        "scores.csv",
        "单位,编号,三级指标,得分,扣分原因\n\
         甲区,1.1.1,,９,公开不及时\n\
         甲区,,中介服务事项实行清单管理,8分,\n\
         甲区,1.2.1,,不涉及,\n\
         甲区,2.1.1,, 10 ,\n\
         乙区,1.1.1,,10,\n,1.1.2,,10,\n,1.2.1,,10,\n,2.1.1,,7,\n",
    );
    let out = zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores).assert().success();
    let json = json_of(&out.get_output().stdout);
    let units = json["units"].as_array().unwrap();
    assert_eq!(units[0]["unit"], "乙区");
    assert_eq!(units[0]["raw"], "37");
    assert_eq!(units[0]["max"], "40");
    assert_eq!(units[0]["score"], "92.5");
    assert_eq!(units[0]["rank"], 1);
    assert_eq!(units[1]["unit"], "甲区");
    assert_eq!(units[1]["raw"], "27");
    assert_eq!(units[1]["max"], "30");
    assert_eq!(units[1]["score"], "90.0");
    assert_eq!(units[1]["eligible"], true);
    assert_eq!(units[1]["level1"][0]["raw"], "17");
    assert_eq!(units[1]["level1"][0]["max"], "20");
    assert_eq!(units[1]["level1"][0]["score"], "85.0");
    let first = &units[1]["items"][0];
    assert_eq!(first["score"], "9");
    assert_eq!(first["remark"], "公开不及时");
    assert_eq!(first["source"], format!("{}!D2", scores.display()));
    assert_eq!(units[1]["items"][2]["score"], Value::Null);
    assert_eq!(json["tree"]["items"], 4);
    assert_eq!(json["rules"]["rounding"], "half-away-from-zero");
}

#[test]
fn rounds_half_away_from_zero_and_states_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "t.csv", "一级指标,二级指标,三级指标,分值\n一,甲,a,1000\n,,b,1000\n");
    // 1797 / 2000 × 100 = 89.85 exactly: 四舍五入 gives 89.9 (banker's rounding would give 89.8).
    let scores = write(dir.path(), "s.csv", "单位,编号,得分\n丙县,1.1.1,1000\n丙县,1.1.2,797\n");
    let out = zhibiao().args(["score", "--format", "json", "--tree"]).arg(&tree).arg(&scores).assert().success();
    let json = json_of(&out.get_output().stdout);
    assert_eq!(json["units"][0]["exact"], "89.85");
    assert_eq!(json["units"][0]["score"], "89.9");
    assert_eq!(json["units"][0]["eligible"], false);
    assert_eq!(json["units"][0]["reasons"][0], "得分 89.9 低于达标线 90 分,差 0.1 分");
    // The threshold on the rounded score: 89.95 rounds to 90.0 and passes; on the exact score it fails.
    let scores = write(dir.path(), "s2.csv", "单位,编号,得分\n丁县,1.1.1,1000\n丁县,1.1.2,799\n");
    let table = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).assert().success();
    let stdout = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("│ 1    │ 丁县 │ 1799   │ 2000     │ 90.0       │ 是   │"), "{stdout}");
    assert!(stdout.contains("四舍五入(逢五进一)保留 1 位小数"), "{stdout}");
    assert!(stdout.contains("达标线 90 分(含 90 分),按四舍五入后的得分判定"), "{stdout}");
    let exact = zhibiao().args(["score", "--threshold-on", "exact", "--format", "json", "--tree"]).arg(&tree).arg(&scores).assert().success();
    assert_eq!(json_of(&exact.get_output().stdout)["units"][0]["eligible"], false);
}

#[test]
fn ties_share_a_rank_by_the_chosen_style() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "t.csv", "一级指标,二级指标,三级指标,分值\n一,甲,a,100\n");
    let scores = write(dir.path(), "s.csv", "单位,编号,得分\nA,1.1.1,90\nB,1.1.1,95\nC,1.1.1,90\nD,1.1.1,80\n");
    let ranks = |style: &str| {
        let out = zhibiao().args(["score", "--format", "csv", "--rank-style", style, "--tree"]).arg(&tree).arg(&scores).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    assert_eq!(
        ranks("competition"),
        "名次,单位,实得分,适用满分,百分制得分,达标,1 一\n1,B,95,100,95.0,是,95.0\n2,A,90,100,90.0,是,90.0\n2,C,90,100,90.0,是,90.0\n4,D,80,100,80.0,否,80.0\n"
    );
    assert!(ranks("dense").ends_with("2,C,90,100,90.0,是,90.0\n3,D,80,100,80.0,否,80.0\n"));
}

#[test]
fn every_data_error_of_a_run_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "t.csv", "一级指标,二级指标,三级指标,分值\n一,甲,a,10\n,,b,10\n,,c,10\n");
    let scores = write(dir.path(), "s.csv", "单位,编号,得分\nA,1.1.1,12\nA,1.1.2,\nA,9.9.9,5\nA,1.1.3,优\nB,1.1.1,5\nB,1.1.1,6\nB,1.1.2,5\n");
    let out = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let s = scores.display();
    for expected in [
        format!("{s}!C2: 得分 12 超过指标“a”的分值 10(应在 0 到 10 之间)"),
        format!("{s}!C3: 指标“b”得分为空: 请填写得分,不适用的填“不涉及”(空白不会按 0 分处理)"),
        format!("{s}!B4: 未知的指标编号“9.9.9”(指标体系中没有;请核对编号,或确认评分表来自同一版指标体系)"),
        format!("{s}!C5: “优”不是有效得分(应为数字,或“不涉及”)"),
        format!("{s}!C7: B 的指标“a”被重复评分且不一致: 5 与 6(另一处在 {s}!C6)"),
        // Only what has no row at all: the rejected rows above have their own messages.
        "B 有 1 项指标没有得分: “c”".to_string(),
    ] {
        assert!(err.contains(&expected), "missing «{expected}» in:\n{err}");
    }
    assert!(err.starts_with("错误: 共发现 6 个问题\n") && !err.contains("A 有"), "{err}");
    // Counting missing items as 0 is a choice the user makes, and it is still reported.
    let scores = write(dir.path(), "ok.csv", "单位,编号,得分\nA,1.1.1,10\nA,1.1.2,10\n");
    zhibiao()
        .args(["score", "--missing", "zero", "--format", "csv", "--tree"])
        .arg(&tree)
        .arg(&scores)
        .assert()
        .success()
        .stderr("警告: A 有 1 项指标没有得分,按 --missing zero 计 0 分: “c”\n")
        .stdout(predicates::str::contains("1,A,20,30,66.7,否,66.7"));
}

/// Sheets scored by deduction (扣分制): the score is the item's points less the deduction, a
/// deduction beyond the points stops at 0 with a warning, and a 得分 beside it must agree.
#[test]
fn deductions_score_the_points_left() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "t.csv", "编号,一级指标,二级指标,三级指标,分值\nA1,一,甲,a,10\nA2,一,甲,b,10\nA3,一,甲,c,5\n");
    let scores =
        write(dir.path(), "s.csv", "单位,编号,扣分,扣分说明\n甲区,A1,1.5,未按期公开\n,A2,0,\n,A3,不涉及,\n乙区,A1,12,重大违法决策\n,A2,2,\n,A3,5,\n");
    let out = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--format", "json"]).assert().success();
    let json = json_of(&out.get_output().stdout);
    let s = scores.display();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stderr),
        format!("警告: {s}!C5: 扣分 12 超过指标“A1 a”的分值 10,按 0 分计(扣分以分值为限)\n")
    );
    // 甲区: 8.5 + 10 of 20 (A3 not applicable) → 92.5; 乙区: 0 + 8 + 0 of 25 → 32.
    assert_eq!(
        (json["units"][0]["unit"].as_str(), json["units"][0]["raw"].as_str(), json["units"][0]["max"].as_str()),
        (Some("甲区"), Some("18.5"), Some("20"))
    );
    assert_eq!(json["units"][0]["score"], "92.5");
    assert_eq!((json["units"][1]["raw"].as_str(), json["units"][1]["score"].as_str()), (Some("8"), Some("32.0")));
    assert_eq!(json["units"][0]["items"][0]["remark"], "未按期公开");

    // With a 得分 column as well, the two must agree.
    let both = write(dir.path(), "both.csv", "单位,编号,得分,扣分\n甲区,A1,8,2\n甲区,A2,7,2\n甲区,A3,5,0\n");
    zhibiao()
        .args(["score", "--tree"])
        .arg(&tree)
        .arg(&both)
        .assert()
        .code(1)
        .stderr(format!("错误: 共发现 1 个问题\n  {}!C3: 得分 7 与扣分不符(分值 10 减去扣分为 8)\n", both.display()));

    // A deduction on a row that names no item is not lost.
    let orphan = write(dir.path(), "orphan.csv", "单位,编号,扣分\n甲区,A1,1\n甲区,,2\n甲区,A2,0\n甲区,A3,0\n");
    zhibiao()
        .args(["score", "--tree"])
        .arg(&tree)
        .arg(&orphan)
        .assert()
        .code(1)
        .stderr(format!("错误: 共发现 1 个问题\n  {}!C3: 这一行有得分,但没有编号或指标名称\n", orphan.display()));
}

/// A tree's 类型 column declares bonus (加分项) and veto (否决项) items, as a scheme can: a bonus is
/// added on top of the 100-point score, a veto item scored below its points makes the unit ineligible
/// whatever its score. Other types (定量/定性 and such classifications are common) are scored as
/// usual, with a warning per type naming its first cell.
#[test]
fn the_tree_declares_bonus_and_veto_items() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(
        dir.path(),
        "t.csv",
        "一级指标,二级指标,三级指标,编号,分值,类型\n\
         一、依法履职,(一)审批,审批清单公开,1.1.1,10,\n\
         ,,中介服务清单,1.1.2,10,基本项\n\
         ,(二)监管,创新做法获上级推广,1.2.1,5,加分项\n\
         ,,未发生重大违法决策,1.2.2,10,一票否决\n",
    );
    let scores =
        write(dir.path(), "s.csv", "单位,编号,得分\n甲区,1.1.1,9\n,1.1.2,9\n,1.2.1,3\n,1.2.2,10\n乙区,1.1.1,10\n,1.1.2,10\n,1.2.1,0\n,1.2.2,6\n");
    let out = zhibiao().args(["score", "--tree"]).arg(&tree).arg(&scores).args(["--format", "json"]).assert().success();
    let json = json_of(&out.get_output().stdout);
    let unit = |i: usize| ["unit", "raw", "max", "score", "eligible"].map(|k| json["units"][i][k].to_string());
    // 乙区: 20 of 20 → 100.0, but its veto item lost 4 points; 甲区: 18 of 20 → 90 + 3 bonus.
    assert_eq!(unit(0), ["\"乙区\"", "\"20\"", "\"20\"", "\"100.0\"", "false"]);
    assert_eq!(unit(1), ["\"甲区\"", "\"18\"", "\"20\"", "\"93.0\"", "true"]);
    let reasons = json["units"][0]["reasons"].to_string();
    assert!(reasons.contains("1.2.2"), "{reasons}");
    let rules = json["rules"]["description"].to_string();
    assert!(rules.contains("1.2.1") && rules.contains("1.2.2"), "{rules}");

    zhibiao().arg("check").arg(&tree).assert().success().stdout(predicates::str::ends_with(
        "\n指标体系无误: 一级指标 1 项、二级指标 2 项、三级指标 4 项,满分 20 分\n类型栏声明 加分项: 1.2.1;否决项: 1.2.2(均不计入满分)\n",
    ));

    let odd = write(dir.path(), "odd.csv", "一级指标,二级指标,三级指标,分值,类型\n一,甲,a,10,定性\n,,b,10,定量\n,,c,10,定量\n");
    zhibiao()
        .arg("check")
        .arg(&odd)
        .assert()
        .success()
        .stdout(predicates::str::ends_with("\n指标体系无误: 一级指标 1 项、二级指标 1 项、三级指标 3 项,满分 30 分\n"))
        .stderr(format!(
            "警告: {0}!E2: 类型“定性”不是加分项或否决项,这 1 项按基本项计分\n警告: {0}!E3: 类型“定量”不是加分项或否决项,这 2 项按基本项计分\n",
            odd.display()
        ));
}

/// `tree --format csv` is csv: one row per item with its tiers, points and departments.
#[test]
fn tree_as_csv() {
    let out = crate::support::stdout_of(zhibiao().args(["tree", "indicators/小型示例.csv", "--format", "csv"]));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("编号,一级指标,二级指标,三级指标,分值,部门"));
    assert_eq!(lines.next(), Some("A1,一、依法行政制度体系完善,（一）规范性文件管理,行政规范性文件合法性审核率达100%,10,司法局"));
    assert_eq!(out.lines().count(), 1 + 8, "{out}");
}

/// Each reason in json carries a kind that does not change with --lang, beside its sentence that does.
#[test]
fn reasons_carry_a_kind_whatever_the_language() {
    let run = |lang: &str| {
        let args = ["--lang", lang, "score", "--scheme", "indicators/方案-加权.toml", "samples/加权示例得分.csv", "--format", "json"];
        json_of(&crate::support::expect(zhibiao().args(args), 0).stdout)
    };
    let (zh, en) = (run("zh"), run("en"));
    for (a, b) in zh["units"].as_array().unwrap().iter().zip(en["units"].as_array().unwrap()) {
        assert_eq!(a["reason_kinds"], b["reason_kinds"]);
        assert_ne!(a["reasons"], b["reasons"]);
        assert_eq!(a["reason_kinds"].as_array().unwrap().len(), a["reasons"].as_array().unwrap().len());
    }
    let kinds: Vec<&str> = zh["units"].as_array().unwrap().iter().map(|u| u["reason_kinds"][0].as_str().unwrap()).collect();
    assert!(kinds.iter().all(|k| *k == "meets_threshold" || *k == "below_threshold"), "{kinds:?}");
    assert!(kinds.contains(&"below_threshold"), "{kinds:?}");
}

/// The command line's flags and the JSON the page and the service send are one type: every option
/// spelt as a flag and as a JSON name gives the same options, and a run of them the same outcome.
#[test]
fn the_flags_and_the_pages_and_services_json_are_the_same_options() {
    use clap::Parser;
    use zhibiao::export::Exporter;
    use zhibiao::pipeline::{self, Input, RunOptions, Spec};

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        options: RunOptions,
    }
    let flags = "zhibiao --sheet 指标 --points 5 --decimals 2 --threshold 85 --threshold-on exact --rank-on exact --rank-style dense \
        --order strokes --missing zero --combine min --require-verified --inflated 2 --deductions-only --columns score=C --disputed A1";
    let flags = Flags::parse_from(flags.split_whitespace());
    let json = serde_json::json!({
        "sheet": "指标", "points": "5", "decimals": 2, "threshold": "85", "threshold_on": "exact", "rank_on": "exact", "rank_style": "dense",
        "order": "strokes", "missing": "zero", "combine": "min", "require_verified": true, "inflated": "2", "deductions_only": true,
        "columns": "score=C", "disputed": "A1",
    });
    let options: RunOptions = serde_json::from_value(json).unwrap();
    assert_eq!(flags.options, options);
    // Misspelt, as a flag and as a name: refused, not ignored.
    assert!(Flags::try_parse_from(["zhibiao", "--thresold", "85"]).is_err());
    assert!(serde_json::from_value::<RunOptions>(serde_json::json!({ "thresold": "85" })).is_err());
    // Run in-process, the JSON's options give what `zhibiao score` gives with the flags: 甲区 and 乙区
    // tie on 90.0 and strokes order them (甲 5 strokes, 乙 1).
    let scores = "单位,编号,得分\n甲区,A1,9\n乙区,A1,9\n";
    let options: RunOptions = serde_json::from_str(r#"{ "order": "strokes", "missing": "zero", "decimals": 2 }"#).unwrap();
    let tree = Input::new("小型示例.csv", std::fs::read(crate::support::repo_file("indicators/小型示例.csv")).unwrap());
    let spec = Spec { options, ..Spec::new(tree, vec![Ok(Input::new("s.csv", scores.as_bytes().to_vec()))]) };
    let outcome = pipeline::run(spec).unwrap();
    let mut bytes = Vec::new();
    zhibiao::export::Csv.write(&zhibiao::export::Export::new(&outcome), &mut std::io::Cursor::new(&mut bytes)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.csv", scores);
    let tree = crate::support::repo_file("indicators/小型示例.csv");
    let flags = "--order strokes --missing zero --decimals 2 --format csv".split(' ');
    let cli = crate::support::stdout_of(zhibiao().arg("score").arg("--tree").arg(&tree).arg(&file).args(flags));
    assert_eq!(String::from_utf8(bytes).unwrap(), cli);
    assert!(cli.lines().nth(1).unwrap().contains("乙区"), "{cli}");
}
