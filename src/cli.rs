//! The command line, declared in one place.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use zhibiao::rules::{Basis, Combine, Missing, Order, RankStyle};
use zhibiao::template::By;
use zhibiao::text::Lang;

/// zhibiao (指标): 法治政府建设指标体系评分工具 — scores rule-of-law government indicator systems.
#[derive(Parser, Debug)]
#[command(name = "zhibiao", version, about, propagate_version = true)]
pub struct Cli {
    /// 输出语言 (language of messages and tables)
    #[arg(long, global = true, value_parser = choice(Lang::ALL, Lang::name), default_value = "zh")]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 检查指标体系是否完整无误 (check an indicator system)
    Check(CheckArgs),
    /// 显示指标体系: 各级数量、分值、责任单位 (show an indicator system)
    Tree(TreeCmdArgs),
    /// 计分、换算百分制、判定达标并排名 (score units)
    Score(ScoreArgs),
    /// 说明某单位的等次和结论: 差多少分、挽回哪些失分最快 (explain one unit's verdict)
    Explain(ExplainArgs),
    /// 生成发给各部门或各单位的评分表 (make scoring templates)
    Template(TemplateArgs),
    /// 排名稳定性: 权重浮动时的名次区间和达标比例, 逐一去掉一级指标, 争议指标 (how sure the ranking is)
    Sensitivity(SensitivityArgs),
    /// 报送情况: 各部门应填、已填、空白、缺项及未报送的部门 (who returned what)
    Status(StatusArgs),
    /// 两次报送之间的变化: 评分表或结果工作簿 (what changed between two submissions)
    Diff(DiffArgs),
    /// 填报服务: 各单位凭链接在线填报, 考核办审核、退回、核定 (the office's intranet collection service)
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// Where the service keeps its store.
#[cfg(feature = "serve")]
#[derive(Args, Debug)]
pub struct StoreArgs {
    /// 数据文件夹 (data folder: the SQLite store)
    #[arg(long, default_value = "zhibiao-data")]
    pub data: PathBuf,
    /// 数据库地址, 如 postgres://user:pw@host/db; 默认为数据文件夹中的 SQLite (database URL; default SQLite in the data folder)
    #[arg(long)]
    pub database: Option<String>,
}

#[cfg(feature = "serve")]
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ServeArgs {
    #[command(subcommand)]
    pub action: Option<ServeAction>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// 监听地址和端口 (address and port to listen on)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// 首次启动时从文件读取管理员密码, 否则在终端上询问 (read the administrator's first password from a file)
    #[arg(long)]
    pub admin_password_file: Option<PathBuf>,
}

#[cfg(feature = "serve")]
#[derive(Subcommand, Debug)]
pub enum ServeAction {
    /// 生成管理员 API 令牌, 供脚本调用 /api/v1 (make an administrator API token for scripts)
    Token {
        #[command(flatten)]
        store: StoreArgs,
        /// 令牌用途说明 (what the token is for)
        #[arg(long, default_value = "script")]
        label: String,
    },
    /// 添加审核人员账号或重设其密码 (add a reviewer account, or reset its password)
    Reviewer {
        #[command(flatten)]
        store: StoreArgs,
        /// 账号名 (account name)
        name: String,
        /// 密码文件 (file holding the password)
        #[arg(long)]
        password_file: PathBuf,
    },
    /// 在运行中写出数据库的一致副本 (write a consistent copy of the store, also while it runs)
    Backup {
        #[command(flatten)]
        store: StoreArgs,
        /// 备份文件 (the copy to write)
        out: PathBuf,
    },
    /// 导出一轮: 指标体系、评分方案和每个单位一份评分表, 即命令行读取的文件 (export a round as the files the CLI reads)
    Export {
        #[command(flatten)]
        store: StoreArgs,
        /// 轮次编号 (round id)
        #[arg(long)]
        round: i64,
        /// 输出文件夹 (folder to write)
        out: PathBuf,
    },
    /// 导入一个文件夹的已填评分表, 作为各单位的草稿 (import a folder of returned workbooks as the units' drafts)
    Import {
        #[command(flatten)]
        store: StoreArgs,
        /// 轮次编号 (round id)
        #[arg(long)]
        round: i64,
        /// 评分表文件夹 (folder of workbooks)
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// 指标体系文件; 比较两份结果工作簿时可省略 (indicator system; not needed for two result workbooks)
    #[arg(long)]
    pub tree: Option<PathBuf>,
    #[command(flatten)]
    pub options: TreeArgs,
    /// 原来的评分表(文件或文件夹)或结果工作簿 (the old forms, file or folder, or result workbook)
    pub old: PathBuf,
    /// 新的评分表或结果工作簿 (the new forms or result workbook)
    pub new: PathBuf,
    /// 文件中没有“单位”列时的被评估单位 (unit for sheets without a unit column)
    #[arg(long)]
    pub unit: Option<String>,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// How to read an indicator tree.
#[derive(Args, Debug)]
pub struct TreeArgs {
    /// 指标体系所在工作表 (sheet of the tree; default: the first)
    #[arg(long)]
    pub sheet: Option<String>,
    /// 未填分值的三级指标的默认分值, 默认 10 (points of items without a 分值; default 10)
    #[arg(long)]
    pub points: Option<Decimal>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 指标体系文件 (indicator system: xlsx, xls, ods, csv)
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeArgs,
}

#[derive(Args, Debug)]
pub struct TreeCmdArgs {
    /// 指标体系文件 (indicator system: xlsx, xls, ods, csv)
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeArgs,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What a scoring run reads: the tree, the scheme and the score files.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// 指标体系文件; 评分方案写明 tree 时可省略 (indicator system; optional when the scheme names it)
    #[arg(long)]
    pub tree: Option<PathBuf>,
    #[command(flatten)]
    pub options: TreeArgs,
    /// 评分方案 (scoring scheme, TOML)
    #[arg(long)]
    pub scheme: Option<PathBuf>,
    /// 评分文件或文件夹 (score files or folders)
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// 以下选项只在明确给出时覆盖评分方案 (the options below override the scheme only when given)
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub rounds: RoundArgs,
    /// 评分表都是扣分明细: 未列出的指标按满分计 (every score sheet is a deduction list: items not listed keep full points)
    #[arg(long)]
    pub deductions_only: bool,
    /// 指明评分表的列, 如 "item=考核内容,score=D" (name the score sheets' columns by header or letter)
    #[arg(long, value_name = "列")]
    pub columns: Option<String>,
    /// 争议(申诉)指标的编号, 如 "3.2.1,5.1.4", 只对某单位的写成 "甲区:3.2.1"; 算出均采纳与均不采纳时的得分和结论
    /// (disputed items by code; "unit:code" for one unit: the score and verdict if all or none are upheld)
    #[arg(long, value_name = "编号")]
    pub disputed: Option<String>,
}

/// How a sensitivity run draws the weights.
#[derive(Args, Debug)]
pub struct DrawArgs {
    /// 抽样次数 (number of runs)
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub runs: u32,
    /// 随机种子: 种子相同, 结果相同 (seed: the same seed gives the same numbers everywhere)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// 权重浮动幅度, 百分数, 0 ≤ N < 100 (each weight drawn within ±N %)
    #[arg(long, default_value = "25", value_name = "N")]
    pub spread: Decimal,
}

#[derive(Args, Debug)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// 文件中没有“单位”列时的被评估单位 (unit for sheets without a unit column)
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub draw: DrawArgs,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Two rounds (自评 and 核定).
#[derive(Args, Debug)]
pub struct RoundArgs {
    /// 有未核定的指标(只有自评得分)时报错, 而非警告 (an item with a self-score but no verified score is an error)
    #[arg(long)]
    pub require_verified: bool,
    /// 自评百分制得分高出核定得分超过 N 分为自评虚高, 默认 5 (flag a self-score more than N above the verified one; default 5)
    #[arg(long, value_name = "N")]
    pub inflated: Option<Decimal>,
}

/// Rules that the command line may set over the scheme's (or the plain defaults).
#[derive(Args, Debug)]
pub struct RuleArgs {
    /// 百分制得分保留的小数位数, 默认 1 (decimals of published scores; default 1)
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=6))]
    pub decimals: Option<u32>,
    /// 达标线, 含本数, 默认 90 (pass line, inclusive; default 90)
    #[arg(long)]
    pub threshold: Option<Decimal>,
    /// 达标按舍入后还是精确得分判定, 默认 rounded (check the threshold on the rounded or the exact score)
    #[arg(long, value_parser = choice(Basis::ALL, Basis::name))]
    pub threshold_on: Option<Basis>,
    /// 排名依据, 默认 rounded (rank on the rounded or the exact score)
    #[arg(long, value_parser = choice(Basis::ALL, Basis::name))]
    pub rank_on: Option<Basis>,
    /// 并列名次规则, 默认 competition (competition: 1,2,2,4; dense: 1,1,2)
    #[arg(long, value_parser = choice(RankStyle::ALL, RankStyle::name))]
    pub rank_style: Option<RankStyle>,
    /// 并列单位的排列顺序: name 按名称, strokes 按笔画, input 按评分文件中出现的顺序, code 按行政区划代码(方案 [codes]), 默认 name
    /// (order of tied units: by name, by strokes of the name, as the files name them, or by the scheme's [codes])
    #[arg(long, value_parser = choice(Order::ALL, Order::name))]
    pub order: Option<Order>,
    /// 同一等次内单位的排列顺序(通报中“排名不分先后”): name、strokes、input、code 同 --order, 默认按名次
    /// (order of the units inside each grade band, as a notice lists them; default: by rank)
    #[arg(long, value_parser = choice(Order::ALL, Order::name))]
    pub grade_order: Option<Order>,
    /// 未评分指标: 报错, 或按 0 分计, 默认 error (missing items: error, or count 0)
    #[arg(long, value_parser = choice(Missing::ALL, Missing::name))]
    pub missing: Option<Missing>,
    /// 多个部门评同一指标时的合并规则, 默认 mean (combining several departments' scores)
    #[arg(long, value_parser = choice(Combine::ALL, Combine::name))]
    pub combine: Option<Combine>,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// 文件中没有“单位”列时的被评估单位 (unit for sheets without a unit column)
    #[arg(long)]
    pub unit: Option<String>,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table, conflicts_with = "out")]
    pub format: Format,
    #[command(flatten)]
    pub output: OutArgs,
    /// 在结果工作簿中加入“排名稳定性”表 (add the 排名稳定性 sheet to the result workbook)
    #[arg(long, requires = "out")]
    pub sensitivity: bool,
    #[command(flatten)]
    pub draw: DrawArgs,
}

/// Where a scoring run writes its result, besides stdout.
#[derive(Args, Debug)]
pub struct OutArgs {
    /// 写出结果文件, 按扩展名: .xlsx 年度结果工作簿, .csv, .json (write the result to a file; an existing one is replaced atomically)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 上年的年度结果工作簿, 用于同比 (last year's result workbook, for year-over-year columns)
    #[arg(long, requires = "out")]
    pub previous: Option<PathBuf>,
    /// 写入工作簿的日期, 如 2025-01-31 (date shown in the workbook; none by default, so that runs are repeatable)
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// 要说明的单位; 文件中没有“单位”列时也作为其被评估单位 (the unit to explain; also the unit of sheets without a unit column)
    #[arg(long, required = true)]
    pub unit: String,
    /// 同时说明权重浮动时的名次区间 (also the unit's rank interval under weight sensitivity)
    #[arg(long)]
    pub sensitivity: bool,
    #[command(flatten)]
    pub draw: DrawArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// The evaluated units, named on the command line or in a file.
#[derive(Args, Debug)]
pub struct UnitList {
    /// 被评估单位, 用逗号或顿号分隔 (evaluated units, comma separated)
    #[arg(long, conflicts_with = "units_file")]
    pub units: Option<String>,
    /// 被评估单位名单文件, 每行一个 (file listing the units, one a line)
    #[arg(long)]
    pub units_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// 指标体系文件 (indicator system)
    #[arg(long)]
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeArgs,
    /// 评分表输出文件夹 (folder for the templates)
    #[arg(long)]
    pub out: PathBuf,
    /// 每个部门一份, 或每个被评估单位一份 (one workbook per department or per unit)
    #[arg(long, value_parser = choice(By::ALL, By::name), default_value = "department")]
    pub by: By,
    #[command(flatten)]
    pub units: UnitList,
    /// 覆盖文件夹中内容不同的同名文件(可能是已填写的表) (overwrite files that differ, maybe filled in)
    #[arg(long)]
    pub force: bool,
    /// 在自评得分旁加入可填写的核定得分、核减原因列, 供考核组核定 (add editable 核定得分 and 核减原因 columns for the assessment team)
    #[arg(long)]
    pub review: bool,
    /// 评分标准写明定量规则的指标改填分子、分母, 得分由程序计算 (items whose standard states a quantitative rule take 分子 and 分母 instead of a score)
    #[arg(long)]
    pub figures: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// 指标体系文件 (indicator system)
    #[arg(long)]
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeArgs,
    /// 报回的评分文件或文件夹 (returned files or folders)
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// 文件中没有“单位”列时的被评估单位 (unit for sheets without a unit column)
    #[arg(long)]
    pub unit: Option<String>,
    #[command(flatten)]
    pub units: UnitList,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

/// A choice of the library's (`rounded`, `dense` …) offered by the names it goes by.
fn choice<T: Copy + Send + Sync + 'static>(all: &'static [T], name: fn(T) -> &'static str) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(all.iter().map(|&v| name(v)))
        .map(move |chosen| *all.iter().find(|&&v| name(v) == chosen).expect("clap offers only these names"))
}

impl From<&TreeArgs> for zhibiao::pipeline::TreeOptions {
    fn from(args: &TreeArgs) -> Self {
        zhibiao::pipeline::TreeOptions { sheet: args.sheet.clone(), points: args.points }
    }
}

impl From<&RuleArgs> for zhibiao::pipeline::RuleOptions {
    fn from(args: &RuleArgs) -> Self {
        zhibiao::pipeline::RuleOptions {
            decimals: args.decimals,
            threshold: args.threshold,
            threshold_on: args.threshold_on,
            rank_on: args.rank_on,
            rank_style: args.rank_style,
            order: args.order,
            grade_order: args.grade_order,
            missing: args.missing,
            combine: args.combine,
        }
    }
}

impl From<&DrawArgs> for zhibiao::sensitivity::Options {
    fn from(args: &DrawArgs) -> Self {
        zhibiao::sensitivity::Options { runs: args.runs, seed: args.seed, spread: args.spread }
    }
}
