//! The command line, declared in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use zhibiao::options::{RunOptions, TreeOptions, choice};
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
    pub options: TreeOptions,
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

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 指标体系文件 (indicator system: xlsx, xls, ods, csv)
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeOptions,
}

#[derive(Args, Debug)]
pub struct TreeCmdArgs {
    /// 指标体系文件 (indicator system: xlsx, xls, ods, csv)
    pub tree: PathBuf,
    #[command(flatten)]
    pub options: TreeOptions,
    /// 输出格式 (output format)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What a scoring run reads: the tree, the scheme and the score files, and the run's options.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// 指标体系文件; 评分方案写明 tree 时可省略 (indicator system; optional when the scheme names it)
    #[arg(long)]
    pub tree: Option<PathBuf>,
    /// 评分方案 (scoring scheme, TOML)
    #[arg(long)]
    pub scheme: Option<PathBuf>,
    /// 评分文件或文件夹 (score files or folders)
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// 选项只在明确给出时覆盖评分方案 (options override the scheme only when given)
    #[command(flatten)]
    pub options: RunOptions,
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
    /// 上年的年度结果工作簿, 用于工作簿的同比各列与按上年数值计分的定量指标 (last year's result workbook: the workbook's year-over-year columns, and 定量指标 scored against last year's figures)
    #[arg(long)]
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
    /// 上年的年度结果工作簿, 用于按上年数值计分的定量指标 (last year's result workbook, for 定量指标 scored against last year's figures)
    #[arg(long)]
    pub previous: Option<PathBuf>,
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

impl Format {
    /// The exporter of a scored run's output in this format, found by the name it goes by.
    pub fn exporter(self) -> &'static dyn zhibiao::export::Exporter {
        let value = self.to_possible_value().expect("no format is skipped");
        zhibiao::export::by_name(value.get_name()).expect("every format of a run has its exporter")
    }
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
    pub options: TreeOptions,
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
    pub options: TreeOptions,
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

impl From<&DrawArgs> for zhibiao::sensitivity::Options {
    fn from(args: &DrawArgs) -> Self {
        zhibiao::sensitivity::Options { runs: args.runs, seed: args.seed, spread: args.spread }
    }
}
