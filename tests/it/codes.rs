//! Problems carry a stable code and their arguments beside their sentence, and a run speaks the
//! language its spec gives, whatever the process's or another run's.

use serde_json::json;
use zhibiao::pipeline::{self, Input, Spec};
use zhibiao::text::Lang;

use crate::support::*;

const TREE: &str = "一级指标,二级指标,三级指标,分值\n一、依法行政,(一)制度,审批事项公开,10\n一、依法行政,(一)制度,执法公示,5\n";

fn input(name: &str, text: &str) -> Input {
    Input::new(name, text.as_bytes().to_vec())
}

/// The problems of a run that gave no outcome, as the page and the API return them.
fn problems(tree: &str, scores: &str, lang: Lang) -> Vec<serde_json::Value> {
    let spec = Spec { lang, ..Spec::new(input("树.csv", tree), vec![Ok(input("得分.csv", scores))]) };
    let problems = pipeline::run(spec).err().expect("the run is refused").into_problems();
    problems.iter().map(|p| serde_json::to_value(p).unwrap()).collect()
}

fn code_and_args(p: &serde_json::Value) -> (String, serde_json::Value) {
    (p["code"].as_str().unwrap().to_string(), p["args"].clone())
}

#[test]
fn typical_problems_of_score_sheets_have_their_codes_and_arguments() {
    let scores =
        "单位,三级指标,得分\n甲市,审批事项公开,\n甲市,执法公示,7\n甲市,不存在的指标,3\n乙市,审批事项公开,8\n乙市,审批事项公开,8\n乙市,执法公示,5\n";
    let found: Vec<_> = problems(TREE, scores, Lang::Zh).iter().map(code_and_args).collect();
    assert_eq!(
        found,
        [
            ("score.duplicate".into(), json!({ "unit": "乙市", "item": "审批事项公开", "first": "得分.csv!C5" })),
            ("score.over_points".into(), json!({ "value": "7", "points": "5", "item": "执法公示" })),
            ("item.unknown".into(), json!({ "text": "不存在的指标" })),
            ("score.blank".into(), json!({ "item": "审批事项公开" })),
        ]
    );
}

#[test]
fn a_subtotal_that_disagrees_has_its_code() {
    let tree = "一级指标,二级指标,三级指标,分值\n一、依法行政(20分),(一)制度,审批事项公开,10\n一、依法行政(20分),(一)制度,执法公示,5\n";
    let found: Vec<_> = problems(tree, "单位,三级指标,得分\n甲市,审批事项公开,1\n", Lang::En).iter().map(code_and_args).collect();
    assert_eq!(
        found,
        [("tree.subtotal_mismatch".into(), json!({ "level": "level-1 indicator", "stated": "20", "items": "item", "sum": "15", "at": "" }))]
    );
}

/// Two runs at once in two languages, neither setting any language but on its spec: each says
/// its problems in its own, under the same codes.
#[test]
fn two_runs_at_once_speak_the_languages_their_specs_give() {
    let scores = "单位,三级指标,得分\n甲市,审批事项公开,\n甲市,执法公示,5\n";
    let run = |lang: Lang| std::thread::spawn(move || (0..20).map(|_| problems(TREE, scores, lang)).collect::<Vec<_>>());
    let (zh, en) = (run(Lang::Zh), run(Lang::En));
    for (zh, en) in zh.join().unwrap().iter().zip(en.join().unwrap()) {
        assert_eq!(zh[0]["code"], "score.blank");
        assert_eq!(en[0]["code"], "score.blank");
        assert_eq!(zh[0]["message"], "指标“审批事项公开”得分为空: 请填写得分,不适用的填“不涉及”(空白不会按 0 分处理)");
        assert_eq!(
            en[0]["message"],
            "item '审批事项公开': the score is blank; enter a score, or 不涉及 if the item does not apply (a blank is never taken as 0)"
        );
    }
}

/// `score --format json` lists its warnings with their codes and arguments beside the sentence.
#[test]
fn the_json_report_gives_each_warning_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let tree = write(dir.path(), "树.csv", TREE);
    let scores = write(dir.path(), "得分.csv", "单位,三级指标,得分\n甲市,审批事项公开,8\n甲市,审批事项公开,8\n甲市,执法公示,5\n");
    let json = json_of(&expect(zhibiao().arg("score").arg("--tree").arg(&tree).arg(&scores).args(["--format", "json"]), 0).stdout);
    let warning = &json["warnings"][0];
    assert_eq!(warning["code"], "score.duplicate");
    assert_eq!(warning["args"], json!({ "unit": "甲市", "item": "审批事项公开", "first": format!("{}!C2", scores.display()) }));
    assert_eq!(warning["severity"], "warning");
    assert!(warning["message"].as_str().unwrap().starts_with("甲市 的指标“审批事项公开”重复填写"), "{warning}");
}
