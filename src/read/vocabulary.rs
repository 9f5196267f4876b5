//! The names offices give their columns (列名), one list for every reader: a name the tree reader
//! accepts means the same in a score sheet, and a score sheet's own columns (得分, 扣分 …) are
//! named here too, so that no list of accepted names is written twice. The columns an office names
//! by hand (`[columns]` in the scheme, the page's settings) are read here as well.

use crate::header;
use crate::location::column_name;
use crate::tree::Role;

/// What a column name says, before a reader's structure decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// 一级/二级/三级 by name (1–3), or a hierarchy column placed by its position (0).
    Tier(u8),
    /// 考核标准: the items where another column holds the scoring rule, else the rule.
    ItemsOrStandard,
    /// 序号, 指标序号: an item number if it runs through the table, else a row number.
    Numbering,
    /// A column of the tree's table: 编号, 分值, 责任单位, 评分标准 …
    Tree(Role),
    /// A column of a score sheet.
    Score(Part),
    /// Known, and never read: evidence, totals, ranks.
    Other,
}

/// The columns only a score sheet has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// 单位: the evaluated unit.
    Unit,
    /// 得分 / 自评分: the score.
    Score,
    /// 扣分: points lost.
    Deduction,
    /// 扣分原因.
    Remark,
    /// 核定得分 / 考核分: the assessment team's score.
    Verified,
    /// 核减原因.
    VerifiedRemark,
    /// 评分来源.
    Source,
    /// 分子: the cases that meet the measure (定量指标).
    Numerator,
    /// 分母: the cases counted.
    Denominator,
    /// 数值 / 实际值: a rate or a count given directly.
    Figure,
    /// 争议 / 申诉: the unit disputes the item's score (see `disputed`).
    Disputed,
}

use Meaning::{ItemsOrStandard, Numbering, Other, Tier, Tree};
use Part::*;

/// Every name, lower-cased and without spaces as [`header::normalize`] leaves it.
pub const NAMES: &[(&str, Meaning)] = &[
    ("一级指标", Tier(1)),
    ("一级", Tier(1)),
    ("level1", Tier(1)),
    ("二级指标", Tier(2)),
    ("二级", Tier(2)),
    ("level2", Tier(2)),
    ("三级指标", Tier(3)),
    ("三级", Tier(3)),
    ("指标内容", Tier(3)),
    ("level3", Tier(3)),
    ("item", Tier(3)),
    ("考核项目", Tier(0)),
    ("评价项目", Tier(0)),
    ("考评项目", Tier(0)),
    ("项目", Tier(0)),
    ("考核内容", Tier(0)),
    ("评价内容", Tier(0)),
    ("考评内容", Tier(0)),
    ("考核细项", Tier(0)),
    ("考评细项", Tier(0)),
    ("考核要点", Tier(0)),
    ("评价要点", Tier(0)),
    ("评价事项", Tier(0)),
    ("考核事项", Tier(0)),
    ("评查内容", Tier(0)),
    ("指标名称", Tier(0)),
    ("考核指标", Tier(0)),
    ("评价指标", Tier(0)),
    ("评分项", Tier(0)),
    ("内容", Tier(0)),
    ("考核标准", ItemsOrStandard),
    ("考核细则", ItemsOrStandard),
    ("评价标准", ItemsOrStandard),
    ("序号", Numbering),
    ("指标序号", Numbering),
    ("编号", Tree(Role::Code)),
    ("指标编号", Tree(Role::Code)),
    ("code", Tree(Role::Code)),
    ("分值", Tree(Role::Points)),
    ("总分值", Tree(Role::Points)),
    ("标准分值", Tree(Role::Points)),
    ("标准分", Tree(Role::Points)),
    ("满分", Tree(Role::Points)),
    ("分数", Tree(Role::Points)),
    ("points", Tree(Role::Points)),
    ("权重", Tree(Role::Weight)),
    ("weight", Tree(Role::Weight)),
    ("责任单位", Tree(Role::Departments)),
    ("责任部门", Tree(Role::Departments)),
    ("部门", Tree(Role::Departments)),
    ("填报单位", Tree(Role::Departments)),
    ("评分单位", Tree(Role::Departments)),
    ("departments", Tree(Role::Departments)),
    ("department", Tree(Role::Departments)),
    ("牵头单位", Tree(Role::Lead)),
    ("牵头部门", Tree(Role::Lead)),
    ("lead", Tree(Role::Lead)),
    ("配合单位", Tree(Role::Assist)),
    ("配合部门", Tree(Role::Assist)),
    ("assist", Tree(Role::Assist)),
    ("评分标准", Tree(Role::Standard)),
    ("评分细则", Tree(Role::Standard)),
    ("扣分标准", Tree(Role::Standard)),
    ("扣分细则", Tree(Role::Standard)),
    ("扣分办法", Tree(Role::Standard)),
    ("扣分项", Tree(Role::Standard)),
    ("评分办法", Tree(Role::Standard)),
    ("计分标准", Tree(Role::Standard)),
    ("评分方法", Tree(Role::Standard)),
    ("计分方法", Tree(Role::Standard)),
    ("认定标准", Tree(Role::Standard)),
    ("standard", Tree(Role::Standard)),
    ("类型", Tree(Role::Kind)),
    ("指标类型", Tree(Role::Kind)),
    ("项目类型", Tree(Role::Kind)),
    ("type", Tree(Role::Kind)),
    ("kind", Tree(Role::Kind)),
    ("单位", Meaning::Score(Unit)),
    ("单位名称", Meaning::Score(Unit)),
    ("被评估单位", Meaning::Score(Unit)),
    ("被考核单位", Meaning::Score(Unit)),
    ("参评单位", Meaning::Score(Unit)),
    ("地区", Meaning::Score(Unit)),
    ("unit", Meaning::Score(Unit)),
    ("得分", Meaning::Score(Score)),
    ("实得分", Meaning::Score(Score)),
    ("自评分", Meaning::Score(Score)),
    ("自评得分", Meaning::Score(Score)),
    ("评分", Meaning::Score(Score)),
    ("评估得分", Meaning::Score(Score)),
    ("score", Meaning::Score(Score)),
    ("扣分", Meaning::Score(Deduction)),
    ("扣分值", Meaning::Score(Deduction)),
    ("扣减分值", Meaning::Score(Deduction)),
    ("deduction", Meaning::Score(Deduction)),
    ("扣分原因", Meaning::Score(Remark)),
    ("扣分说明", Meaning::Score(Remark)),
    ("扣分情况", Meaning::Score(Remark)),
    ("扣分理由", Meaning::Score(Remark)),
    ("扣分依据", Meaning::Score(Remark)),
    ("得分说明", Meaning::Score(Remark)),
    ("得分情况", Meaning::Score(Remark)),
    ("说明", Meaning::Score(Remark)),
    ("备注", Meaning::Score(Remark)),
    ("remark", Meaning::Score(Remark)),
    ("reason", Meaning::Score(Remark)),
    // The assessment team's score: it replaces the self-score (自评分) beside it, and is the score
    // where it stands alone.
    ("核定得分", Meaning::Score(Verified)),
    ("考核得分", Meaning::Score(Verified)),
    ("审核得分", Meaning::Score(Verified)),
    ("评审得分", Meaning::Score(Verified)),
    ("复核得分", Meaning::Score(Verified)),
    ("核定分", Meaning::Score(Verified)),
    ("考核分", Meaning::Score(Verified)),
    ("考评分", Meaning::Score(Verified)),
    ("考评得分", Meaning::Score(Verified)),
    ("verified", Meaning::Score(Verified)),
    ("核减原因", Meaning::Score(VerifiedRemark)),
    ("核定说明", Meaning::Score(VerifiedRemark)),
    ("核减说明", Meaning::Score(VerifiedRemark)),
    ("核定理由", Meaning::Score(VerifiedRemark)),
    ("verifiedremark", Meaning::Score(VerifiedRemark)),
    ("来源", Meaning::Score(Source)),
    ("评分来源", Meaning::Score(Source)),
    ("source", Meaning::Score(Source)),
    ("分子", Meaning::Score(Numerator)),
    ("分子数", Meaning::Score(Numerator)),
    ("numerator", Meaning::Score(Numerator)),
    ("分母", Meaning::Score(Denominator)),
    ("分母数", Meaning::Score(Denominator)),
    ("denominator", Meaning::Score(Denominator)),
    ("数值", Meaning::Score(Figure)),
    ("实际值", Meaning::Score(Figure)),
    ("实际数", Meaning::Score(Figure)),
    ("实际完成值", Meaning::Score(Figure)),
    ("完成值", Meaning::Score(Figure)),
    ("完成情况", Meaning::Score(Figure)),
    ("统计值", Meaning::Score(Figure)),
    ("figure", Meaning::Score(Figure)),
    ("争议", Meaning::Score(Disputed)),
    ("申诉", Meaning::Score(Disputed)),
    ("是否争议", Meaning::Score(Disputed)),
    ("是否申诉", Meaning::Score(Disputed)),
    ("争议项", Meaning::Score(Disputed)),
    ("申诉项", Meaning::Score(Disputed)),
    ("disputed", Meaning::Score(Disputed)),
    ("佐证材料", Other),
    ("证明材料", Other),
    ("考核方式", Other),
    ("合计", Other),
    ("总分", Other),
    ("总计", Other),
    ("小计", Other),
    ("排名", Other),
    ("名次", Other),
    ("百分制", Other),
    ("达标", Other),
    ("等次", Other),
    ("no.", Other),
    ("total", Other),
    ("rank", Other),
];

/// The name a normalized header matches: exactly, else by the longest name it starts with ("三级指标内容").
/// The short generic names (项目, 内容) only exactly: "项目负责人" is not a tier.
pub fn classify(name: &str) -> Option<Meaning> {
    exact(name).or_else(|| by_prefix(name))
}

/// The name a normalized header is, exactly.
pub fn exact(name: &str) -> Option<Meaning> {
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

fn by_prefix(name: &str) -> Option<Meaning> {
    let long_enough = |(n, k): &&(&str, Meaning)| n.chars().count() > if *k == Tier(0) { 2 } else { 1 } && name.starts_with(n);
    NAMES.iter().filter(long_enough).max_by_key(|(n, _)| n.len()).map(|(_, k)| *k)
}

/// A header cell's meaning, its text normalized as headers are compared.
pub fn of_header(text: &str) -> Option<Meaning> {
    classify(&header::normalize(header::prefix(text)))
}

/// The Chinese names of one meaning, for the messages that list what is accepted.
pub fn names_for(wanted: impl Fn(Meaning) -> bool) -> String {
    NAMES.iter().filter(|(n, k)| wanted(*k) && !n.is_ascii()).map(|(n, _)| *n).collect::<Vec<_>>().join("、")
}

// ---- columns named by hand ----------------------------------------------------------------

/// What a column named by hand is read as in a score sheet: the keys of `[columns]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Unit,
    Code,
    Item,
    Score,
    Deduction,
    Remark,
    Verified,
    VerifiedRemark,
    Source,
    Department,
    Numerator,
    Denominator,
    Figure,
    Disputed,
}

impl Key {
    pub const ALL: [Key; 14] = [
        Key::Unit,
        Key::Code,
        Key::Item,
        Key::Score,
        Key::Deduction,
        Key::Remark,
        Key::Verified,
        Key::VerifiedRemark,
        Key::Source,
        Key::Department,
        Key::Numerator,
        Key::Denominator,
        Key::Figure,
        Key::Disputed,
    ];

    /// Its key in `[columns]` and in the page's settings.
    pub fn name(self) -> &'static str {
        match self {
            Key::Unit => "unit",
            Key::Code => "code",
            Key::Item => "item",
            Key::Score => "score",
            Key::Deduction => "deduction",
            Key::Remark => "remark",
            Key::Verified => "verified",
            Key::VerifiedRemark => "verified_remark",
            Key::Source => "source",
            Key::Department => "department",
            Key::Numerator => "numerator",
            Key::Denominator => "denominator",
            Key::Figure => "figure",
            Key::Disputed => "disputed",
        }
    }

    pub fn of_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name.trim())
    }
}

/// How a column is named by hand: by its letter ("D") or by its header ("考核内容").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    Letter(usize),
    Header(String),
}

impl Named {
    /// "D" or "AB" is a column letter; anything else a header's name.
    pub fn of(text: &str) -> Named {
        let t = text.trim();
        match letters(t) {
            Some(col) => Named::Letter(col),
            None => Named::Header(header::normalize(t)),
        }
    }

    /// Whether the column `col` with header `text` is the one named.
    pub fn is(&self, col: usize, text: Option<&str>) -> bool {
        match self {
            Named::Letter(c) => *c == col,
            Named::Header(name) => text.is_some_and(|t| header::normalize(header::prefix(t)) == *name),
        }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Named::Letter(c) => f.write_str(&column_name(*c as u32)),
            Named::Header(h) => write!(f, "“{h}”"),
        }
    }
}

/// The column of a letter name: A is 0, Z 25, AA 26; at most three letters, upper case.
fn letters(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(text.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1) - 1)
}

/// The columns an office named by hand, which win over what the header's names say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnNames(pub Vec<(Key, Named)>);

impl ColumnNames {
    pub fn get(&self, key: Key) -> Option<&Named> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, n)| n)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `item=考核内容, score=D` as the page's settings write it (separated by , ， ; ； or new lines);
    /// `Err` names the part not understood.
    pub fn parse(text: &str) -> Result<ColumnNames, String> {
        let mut names = ColumnNames::default();
        for part in text.split([',', '，', ';', '；', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once(['=', '＝']).ok_or_else(|| part.to_string())?;
            let key = Key::of_name(key).ok_or_else(|| part.to_string())?;
            if value.trim().is_empty() {
                return Err(part.to_string());
            }
            names.set(key, value);
        }
        Ok(names)
    }

    /// Names a column; a later name of the same key replaces the earlier.
    pub fn set(&mut self, key: Key, value: &str) {
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, Named::of(value)));
    }

    /// Those given here, and `under`'s for keys not given here.
    pub fn over(&self, under: &ColumnNames) -> ColumnNames {
        let mut all = under.clone();
        for (key, named) in &self.0 {
            all.0.retain(|(k, _)| k != key);
            all.0.push((*key, named.clone()));
        }
        all
    }
}

/// The keys of `[columns]`, for the message about an unknown one.
pub fn keys() -> String {
    Key::ALL.map(Key::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_one_meaning() {
        for (i, (name, _)) in NAMES.iter().enumerate() {
            assert!(!NAMES[..i].iter().any(|(n, _)| n == name), "{name} listed twice");
            assert_eq!(header::normalize(name), *name, "{name} is not written as headers are compared");
        }
        assert_eq!(classify("三级指标内容"), Some(Tier(3)));
        assert_eq!(classify("项目负责人"), None);
        assert_eq!(classify("评分方法"), Some(Tree(Role::Standard)), "not 评分 by its start");
        assert_eq!(classify("自评得分"), Some(Meaning::Score(Score)));
        assert_eq!(classify("得分说明"), Some(Meaning::Score(Remark)));
    }

    #[test]
    fn columns_named_by_hand() {
        let names = ColumnNames::parse("item = 考核内容，score=D; unit=AB").unwrap();
        assert_eq!(names.get(Key::Item), Some(&Named::Header("考核内容".into())));
        assert_eq!(names.get(Key::Score), Some(&Named::Letter(3)));
        assert_eq!(names.get(Key::Unit), Some(&Named::Letter(27)));
        assert_eq!(ColumnNames::parse("itme=考核内容"), Err("itme=考核内容".into()));
        assert_eq!(ColumnNames::parse("score"), Err("score".into()));
        assert!(Named::of("考核内容").is(5, Some(" 考核内容(分) ")));
    }
}
