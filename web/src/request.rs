//! A request from the page: a JSON header, then the files' bytes (see the crate's docs).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zhibiao::options::RunOptions;

/// What to do.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Score the files given: the ranking, the status, the result workbook.
    Score,
    /// The scoring templates (评分表) of the tree, one workbook per department, as one zip.
    Templates,
    /// One output of the last run, made when asked: [`Header::kind`] says which.
    Download,
    /// The drill-down of one unit of the last run: [`Header::unit`] is its place in the ranking.
    Unit,
    /// Read the tree alone and say how it was read, as `zhibiao check` does: the page shows it as
    /// soon as the tree is chosen, before any score sheet.
    Check,
    /// Read the score files given against the tree, without scoring: a helper worker's share of
    /// the forms, given back as [`Kind::Share`] for the worker that scores the run ([`Role::Share`]).
    Read,
    /// How sure the last run's ranking is, as `zhibiao sensitivity --format json` says it:
    /// [`Header::sensitivity`] says how it is drawn and which items are disputed.
    Sensitivity,
}

/// A binary output: one the page offers for download, or a share of the forms read.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 年度结果工作簿, as `score --out result.xlsx` writes it.
    Workbook,
    Csv,
    Json,
    /// 评分模板, one workbook per department, zipped.
    Templates,
    /// The forms a helper worker read ([`crate::share`]); not for the clerk.
    Share,
}

/// What a file is to the run.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 指标体系
    Tree,
    /// 得分表, the returned forms
    Scores,
    /// 评分方案 (TOML)
    Scheme,
    /// 上年结果, last year's result workbook
    Previous,
    /// Score files read by a helper worker ([`Action::Read`]), taken after the `scores` files.
    Share,
}

/// How a sensitivity run is drawn and what is disputed, named as `zhibiao sensitivity`'s options;
/// `None` where the clerk left the default.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Sensitivity {
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    /// ± per cent around each weight.
    pub spread: Option<Decimal>,
    /// `3.2.1,5.1.4`, or `甲区:3.2.1` for one unit (as `--disputed`).
    pub disputed: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRange {
    pub role: Role,
    pub name: String,
    /// Byte range of its contents, counted from the end of the header.
    pub start: usize,
    pub end: usize,
    /// The SHA-256 of its contents, when the browser computed it.
    #[serde(default)]
    pub sha256: Option<[u8; 32]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub action: Action,
    /// "zh" (default) or "en".
    #[serde(default)]
    pub lang: Option<String>,
    /// The run's options, as the command line has them and the service reads them.
    #[serde(default)]
    pub options: RunOptions,
    /// The units the templates are made for, separated by , ， or 、 ([`Action::Templates`]).
    #[serde(default)]
    pub units: Option<String>,
    /// 分子 and 分母 columns for the items scored from figures, as `template --figures` ([`Action::Templates`]).
    #[serde(default)]
    pub figures: bool,
    #[serde(default)]
    pub files: Vec<FileRange>,
    /// For [`Action::Download`]: which output.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// For [`Action::Unit`]: the unit's place in the last run's ranking, from 0.
    #[serde(default)]
    pub unit: Option<usize>,
    /// For [`Action::Sensitivity`].
    #[serde(default)]
    pub sensitivity: Sensitivity,
}

/// One file of the request, its contents borrowed from the request's bytes.
#[derive(Debug)]
pub struct File<'a> {
    pub role: Role,
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub sha256: Option<[u8; 32]>,
}

#[derive(Debug)]
pub struct Request<'a> {
    pub header: &'a Header,
    pub files: Vec<File<'a>>,
}

impl<'a> Request<'a> {
    /// The files of a role, in the order given.
    pub fn files(&self, role: Role) -> impl Iterator<Item = &File<'a>> {
        self.files.iter().filter(move |f| f.role == role)
    }
}

/// Splits a request into its header (parsed into `header`) and the files' contents. The error is a
/// fault of the page, not of the user's files: its text is for a developer.
pub fn parse<'a>(bytes: &'a [u8], header: &'a mut Option<Header>) -> Result<Request<'a>, String> {
    let (len, rest) = bytes.split_first_chunk::<4>().ok_or("request shorter than its length")?;
    let len = u32::from_le_bytes(*len) as usize;
    let (json, body) = rest.split_at_checked(len).ok_or("request shorter than its header")?;
    let header: &Header = header.insert(serde_json::from_slice(json).map_err(|e| format!("request header: {e}"))?);
    let files = header
        .files
        .iter()
        .map(|f| {
            let bytes = body.get(f.start..f.end).ok_or_else(|| format!("file {} outside the request", f.name))?;
            Ok(File { role: f.role, name: &f.name, bytes, sha256: f.sha256 })
        })
        .collect::<Result<_, String>>()?;
    Ok(Request { header, files })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A request as the page builds it.
    pub fn encode(header: serde_json::Value, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
        let mut header = header;
        let mut body = Vec::new();
        let ranges: Vec<serde_json::Value> = files
            .iter()
            .map(|(role, name, bytes)| {
                let start = body.len();
                body.extend_from_slice(bytes);
                serde_json::json!({ "role": role, "name": name, "start": start, "end": body.len() })
            })
            .collect();
        header["files"] = ranges.into();
        let json = serde_json::to_vec(&header).unwrap();
        let mut request = (json.len() as u32).to_le_bytes().to_vec();
        request.extend(json);
        request.extend(body);
        request
    }

    #[test]
    fn files_are_cut_from_the_body_by_their_ranges() {
        let bytes = encode(serde_json::json!({ "action": "score" }), &[("tree", "t.csv", b"abc"), ("scores", "s.csv", b"defg")]);
        let mut header = None;
        let request = parse(&bytes, &mut header).unwrap();
        assert_eq!(request.header.action, Action::Score);
        let files: Vec<(Role, &str, &[u8])> = request.files.iter().map(|f| (f.role, f.name, f.bytes)).collect();
        assert!(request.files.iter().all(|f| f.sha256.is_none()));
        assert_eq!(files, [(Role::Tree, "t.csv", &b"abc"[..]), (Role::Scores, "s.csv", &b"defg"[..])]);
        assert_eq!(request.files(Role::Scores).count(), 1);
    }

    #[test]
    fn a_malformed_request_is_an_error_not_a_panic() {
        let mut header = None;
        assert!(parse(b"\x01", &mut header).is_err());
        assert!(parse(b"\xff\0\0\0{}", &mut header).is_err());
        assert!(parse(b"\x02\0\0\0{}", &mut header).is_err(), "no action");
        let past = encode(serde_json::json!({ "action": "score" }), &[("tree", "t.csv", b"abc")]);
        assert!(parse(&past[..past.len() - 1], &mut header).is_err(), "a range past the end");
        let unknown = encode(serde_json::json!({ "action": "score", "options": { "thresold": "80" } }), &[]);
        assert!(parse(&unknown, &mut header).is_err(), "a misspelt option is not ignored");
    }
}
