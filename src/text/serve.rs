//! `zhibiao serve`: the collection service's sentences.

use std::fmt::Display;

use super::{Lang, Message, lang, pick};

pub fn serve_department_group() -> String {
    say!("责任单位", "responsible department")
}
pub fn serve_not_your_item(code: impl Display) -> String {
    say!("指标 {code} 不由本部门负责(牵头),不能填报", "item {code} is not led by this department and cannot be filled in here")
}
pub fn serve_no_diff() -> String {
    say!(
        "两个版本之一有空项或错误,无法按 zhibiao diff 比较",
        "one of the two versions has a blank or a wrong value and cannot be compared as zhibiao diff would"
    )
}
pub fn serve_too_many_logins(minutes: u64) -> String {
    say!(
        "登录失败次数过多,该账号或地址已暂停登录,请 {minutes} 分钟后再试",
        "too many failed sign-ins: this account or address is paused, try again in {minutes} minute(s)"
    )
}
pub fn serve_evidence_program(name: impl Display) -> String {
    say!("{name} 是可执行程序,不能作为佐证材料上传", "{name} is a program and cannot be uploaded as evidence")
}
pub fn serve_evidence_unknown(name: impl Display, accepted: impl Display) -> String {
    say!("{name}: 不接受这种文件作为佐证材料(可上传: {accepted})", "{name}: evidence of this kind is not accepted (accepted: {accepted})")
}
pub fn serve_evidence_mismatch(name: impl Display, ext: impl Display, found: impl Display) -> String {
    say!(
        "{name} 的内容是 {found} 文件,与扩展名 .{ext} 不符: 请上传原文件或改正扩展名",
        "{name} holds a {found} file, not what its extension .{ext} says: upload the original or correct the extension"
    )
}
pub fn serve_evidence_unrecognised(name: impl Display, ext: impl Display) -> String {
    say!("{name} 的内容不是 .{ext} 文件(文件可能已损坏或被改名)", "{name} does not hold a .{ext} file (it may be damaged or renamed)")
}
pub fn serve_disk_full() -> String {
    say!(
        "服务器磁盘已满,本次提交未保存(已保存的内容不受影响): 请联系考核办腾出磁盘空间后重试",
        "the server's disk is full and this was not saved (nothing saved before is affected): ask the office to free some space, then try again"
    )
}
pub fn serve_listening(url: impl Display) -> String {
    say!("填报服务已启动: {url}", "the collection service is listening on {url}")
}
pub fn serve_cannot_listen(address: impl Display) -> String {
    say!("无法在 {address} 上监听(地址被占用或无权限)", "cannot listen on {address} (in use, or not allowed)")
}
pub fn serve_cannot_create(dir: impl Display) -> String {
    say!("无法创建数据文件夹 {dir}", "cannot create the data folder {dir}")
}
pub fn serve_cannot_open_store(url: impl Display) -> String {
    say!("无法打开数据库 {url}", "cannot open the database {url}")
}
pub fn serve_bad_database(url: impl Display) -> String {
    say!("不支持的数据库地址 {url}(应为 sqlite://… 或 postgres://…)", "unsupported database URL {url} (sqlite://… or postgres://…)")
}
pub fn serve_newer_schema(found: i64, known: i64) -> String {
    say!(
        "数据库结构版本为 {found},本程序只认识到 {known}: 请使用更新版本的 zhibiao",
        "the store's schema is version {found}, this zhibiao knows up to {known}: use a newer zhibiao"
    )
}
pub fn serve_backup_postgres() -> String {
    say!("PostgreSQL 数据库请用 pg_dump 备份", "back up a PostgreSQL store with pg_dump")
}
pub fn serve_backup_exists(path: impl Display) -> String {
    say!("备份文件 {path} 已存在,不会覆盖", "the backup {path} exists already and is not written over")
}
pub fn serve_admin_password_prompt() -> String {
    say!("首次启动: 请设置管理员(admin)密码: ", "first start: choose the administrator's (admin) password: ")
}
pub fn serve_admin_password_again() -> String {
    say!("再输入一次: ", "once more: ")
}
pub fn serve_passwords_differ() -> String {
    say!("两次输入的密码不一致", "the two passwords differ")
}
pub fn serve_password_needed() -> String {
    say!(
        "尚未设置管理员密码: 请在终端上启动,或用 --admin-password-file 指定密码文件",
        "no administrator password yet: start on a terminal, or give --admin-password-file"
    )
}
pub fn serve_weak_account() -> String {
    say!("账号名不能为空,密码至少 8 个字符", "an account needs a name and a password of at least 8 characters")
}
pub fn serve_token_made(token: impl Display) -> String {
    say!("管理员 API 令牌(只显示这一次,请妥善保存):\n{token}", "administrator API token (shown this once, keep it safe):\n{token}")
}
pub fn serve_backup_written(path: impl Display) -> String {
    say!("已写入备份 {path}", "backup written to {path}")
}
pub fn serve_exported(n: usize, dir: impl Display) -> String {
    say!("已导出 {n} 个文件到 {dir}", "{n} file(s) exported to {dir}")
}
pub fn serve_imported(units: impl Display) -> String {
    say!("已导入: {units}", "imported: {units}")
}
pub fn serve_account_set(name: impl Display) -> String {
    say!("已设置账号 {name}", "account {name} set")
}

// ---- answers -----------------------------------------------------------------------------

pub fn serve_internal() -> String {
    say!("服务内部错误,详见服务日志", "internal error; see the service's log")
}
pub fn serve_not_found() -> String {
    say!("没有找到", "not found")
}
pub fn serve_unauthorized() -> String {
    say!("需要登录或有效的 API 令牌", "a login or a valid API token is needed")
}
pub fn serve_admin_only() -> String {
    say!("只有管理员可以这样做", "only the administrator may do this")
}
pub fn serve_bad_link() -> String {
    say!("链接无效或已作废,请向考核办索取新链接", "this link is not valid or was revoked; ask the office for a new one")
}
pub fn serve_bad_csrf() -> String {
    say!("表单已过期,请刷新页面后重试", "the form has expired; reload the page and try again")
}
pub fn serve_bad_login() -> String {
    say!("账号或密码不正确", "wrong account or password")
}
pub fn serve_bad_options(why: impl Display) -> String {
    say!(
        "选项无法理解: {why}(选项名与命令行相同, 如 threshold、rank_style)",
        "options not understood: {why} (named as the command line's, e.g. threshold, rank_style)"
    )
}
pub fn serve_missing_field(what: impl Display) -> String {
    say!("缺少 {what}", "{what} is missing")
}
pub fn serve_no_units() -> String {
    say!("没有被评估单位(每行一个: 单位,分组)", "no units (one a line: unit,group)")
}
pub fn serve_duplicate_unit(unit: impl Display) -> String {
    say!("单位 {unit} 重复", "unit {unit} is listed twice")
}
pub fn serve_files_fixed() -> String {
    say!(
        "已有单位填报,指标体系和评分方案不能再改(新版指标体系请新建一轮)",
        "units have returned values: the tree and the scheme are fixed (a new tree is a new round)"
    )
}
pub fn serve_unknown_item(code: impl Display) -> String {
    say!("没有编号为 {code} 的指标", "there is no item {code}")
}
pub fn serve_item_blank(code: impl Display) -> Message {
    problem!(
        "serve.item_blank",
        [code],
        "指标 {code} 未填写自评得分(不适用请填“不涉及”)",
        "item {code} has no self-score (write 不涉及 where it does not apply)"
    )
}
pub fn serve_not_submitted(errors: usize) -> String {
    say!("有 {errors} 个问题,未提交;已填内容请先保存为草稿", "{errors} problem(s): not submitted")
}
pub fn serve_not_saved(errors: usize) -> String {
    say!("有 {errors} 个问题,未保存", "{errors} problem(s): not saved")
}
pub fn serve_upload_refused() -> String {
    say!("上传的评分表有问题,未导入", "the uploaded workbook has problems: nothing was taken")
}
pub fn serve_other_unit(found: impl Display, unit: impl Display) -> Message {
    problem!("serve.other_unit", [found, unit], "这一行是 {found} 的得分,不是 {unit} 的", "this row scores {found}, not {unit}")
}
pub fn serve_figures_not_kept() -> Message {
    problem!(
        "serve.figures_not_kept",
        [],
        "定量指标的分子、分母(数值)暂不能在填报系统中保存;请填写得分,或由考核办用命令行 score 计算",
        "the figures of a measured item (numerator, denominator or value) cannot be kept by the service yet; give the score, or have the office score it with the command line"
    )
}
pub fn serve_locked() -> String {
    say!("已提交或已核定,不能修改", "submitted or approved: it cannot be changed")
}
pub fn serve_not_reviewable() -> String {
    say!("只有已提交(未核定)的填报可以审核", "only a submitted return (not yet approved) can be reviewed")
}
pub fn serve_comment_needed() -> String {
    say!("退回时请写明原因", "a return needs a comment")
}
pub fn serve_wrong_status(action: impl Display) -> String {
    say!("当前状态下不能执行 {action}", "{action} is not possible in the current status")
}
pub fn serve_file_count(max: usize) -> String {
    say!("每次上传 1 至 {max} 个文件", "upload 1 to {max} files at a time")
}
pub fn serve_too_large(mb: usize) -> String {
    say!("上传内容过大(上限 {mb} MB)", "the upload is too large (at most {mb} MB)")
}
pub fn serve_no_result() -> String {
    say!("尚不能计算结果: 下列问题须先解决", "no result yet: the problems below come first")
}
pub fn serve_no_unit_for(stem: impl Display) -> Message {
    problem!("serve.no_unit_for", [stem], "本轮没有名为 {stem} 的单位", "this round has no unit named {stem}")
}
pub fn serve_status(status: &str) -> String {
    match (status, lang()) {
        ("draft", Lang::Zh) => "草稿",
        ("draft", Lang::En) => "draft",
        ("submitted", Lang::Zh) => "已提交",
        ("submitted", Lang::En) => "submitted",
        ("returned", Lang::Zh) => "已退回",
        ("returned", Lang::En) => "returned",
        ("approved", Lang::Zh) => "已核定",
        ("approved", Lang::En) => "approved",
        (_, Lang::Zh) => "未开始",
        (_, Lang::En) => "not started",
    }
    .to_string()
}
pub fn serve_board_header() -> Vec<String> {
    let zh = ["单位", "分组", "状态", "版本", "缺项", "最后修改", "退回意见"];
    let en = ["unit", "group", "status", "version", "items missing", "last change", "comment"];
    pick_all(&zh, &en)
}
pub fn serve_links_header() -> Vec<String> {
    pick_all(&["单位", "分组", "填报链接"], &["unit", "group", "link"])
}

fn pick_all(zh: &[&str], en: &[&str]) -> Vec<String> {
    zh.iter().zip(en).map(|(z, e)| pick(z.to_string(), e.to_string())).collect()
}
pub fn serve_saved_notice() -> String {
    say!("已保存为草稿(尚未提交)", "saved as a draft (not submitted yet)")
}
pub fn serve_submitted_notice() -> String {
    say!("已提交,等待考核办审核", "submitted; the office will review it")
}

/// The pages' words, by the key the templates use.
pub fn serve_words() -> Vec<(&'static str, String)> {
    let words: [(&str, &str, &str); 59] = [
        ("app", "法治政府建设考核填报", "rule-of-law assessment returns"),
        ("rounds", "考核轮次", "rounds"),
        ("accounts", "账号", "accounts"),
        ("logout", "退出", "sign out"),
        ("login", "登录", "sign in"),
        ("account", "账号名", "account"),
        ("password", "密码", "password"),
        ("round_name", "名称", "name"),
        ("deadline", "截止日期", "deadline"),
        ("tree", "指标体系文件", "indicator system"),
        ("scheme", "评分方案(TOML)", "scoring scheme (TOML)"),
        ("new_round", "新建考核轮次", "new round"),
        ("units_list", "被评估单位(每行: 单位,分组)", "units (one a line: unit,group)"),
        ("create", "创建", "create"),
        ("items", "项指标", "items"),
        ("group", "分组", "group"),
        ("all", "全部", "all"),
        ("filter", "筛选", "filter"),
        ("export_board", "导出报送情况(csv)", "export the board (csv)"),
        ("export_links", "导出填报链接(csv)", "export the links (csv)"),
        ("result", "下载年度结果工作簿", "download the result workbook"),
        ("unit", "单位", "unit"),
        ("status", "状态", "status"),
        ("version", "版本", "version"),
        ("missing", "缺项", "items missing"),
        ("changed", "最后修改", "last change"),
        ("comment", "意见", "comment"),
        ("code", "编号", "code"),
        ("item", "指标", "item"),
        ("points", "分值", "points"),
        ("self_score", "自评得分", "self-score"),
        ("note", "说明", "note"),
        ("evidence", "佐证材料", "evidence"),
        ("verified", "核定得分", "verified score"),
        ("reason", "核减原因", "reason for the cut"),
        ("over_points", "超过分值 {points}", "over the {points} points"),
        ("not_number", "不是数字(不适用请填“不涉及”)", "not a number (write 不涉及 where it does not apply)"),
        ("save_review", "保存核定", "save the review"),
        ("return", "退回", "return"),
        ("approve", "核定", "approve"),
        ("unlock", "解锁(管理员)", "unlock (administrator)"),
        ("reissue", "重新生成链接", "new link"),
        ("revoke", "作废链接", "revoke the link"),
        ("history", "修改记录", "history"),
        ("who", "修改人", "by"),
        ("field", "字段", "field"),
        ("old", "原值", "was"),
        ("new", "新值", "now"),
        ("log", "操作记录", "log"),
        ("returned_with", "考核办退回意见", "returned by the office"),
        ("standard", "评分标准", "scoring standard"),
        ("save_draft", "保存草稿", "save draft"),
        ("submit", "提交", "submit"),
        ("by_workbook", "或: 下载评分表填写后上传", "or: download the form, fill it in, upload it"),
        ("download_template", "下载本单位评分表", "download this unit's form"),
        ("upload", "上传已填评分表", "upload the filled form"),
        ("evidence_once", "同一文件只需上传一次,可勾选多个指标共用。", "upload a file once and tick every item it supports."),
        ("attach", "上传并关联", "upload and attach"),
        ("role", "角色", "role"),
    ];
    let mut out: Vec<(&'static str, String)> = words.iter().map(|&(k, zh, en)| (k, pick(zh.to_string(), en.to_string()))).collect();
    out.push(("add_reviewer", say!("添加审核人员", "add a reviewer")));
    out.push(("by_item", say!("各指标填报情况(所有单位)", "per item, across the units")));
    out.push(("answered", say!("已填单位数", "units answered")));
    out.push(("missing_units", say!("未填单位数", "units missing")));
    out.push(("departments", say!("责任单位报送", "departments submitted")));
    out.push(("department", say!("责任单位", "department")));
    out.push(("department_items", say!("本部门负责(牵头)的指标", "the items this department leads")));
    out.push(("submitted_yes", say!("本部门已提交", "submitted by this department")));
    out.push(("last_year", say!("上年得分", "last year")));
    out.push(("versions", say!("版本对比(同 zhibiao diff)", "versions compared (as zhibiao diff)")));
    out.push(("version_now", say!("当前", "now")));
    out.push(("score_100", say!("百分制得分", "score (of 100)")));
    out.push(("previous", say!("上年度结果工作簿(可选)", "last year's result workbook (optional)")));
    out
}
