//! `zhibiao serve`: the real binary started on a free port, spoken to over HTTP as a browser or a
//! script would. With ZHIBIAO_TEST_POSTGRES set (a postgres:// URL) the same tests run against
//! PostgreSQL as well; without it they say that they skipped it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::support::{expect, repo_file, zhibiao};

const PASSWORD: &str = "office-secret-1";
const TREE: &str = "indicators/小型示例.csv";
const CODES: [&str; 8] = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"];
const POINTS: [u32; 8] = [10, 5, 15, 5, 10, 10, 5, 15];

/// A running service and its data folder.
pub struct Server {
    child: Child,
    pub addr: String,
    pub data: tempfile::TempDir,
    pub database: Option<String>,
    pub api: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn store_args(data: &Path, database: &Option<String>) -> Vec<String> {
    let mut args = vec!["--data".to_string(), data.display().to_string()];
    if let Some(url) = database {
        args.extend(["--database".to_string(), url.clone()]);
    }
    args
}

impl Server {
    /// Starts on a fresh store (SQLite in a temporary folder, or a fresh PostgreSQL schema).
    pub fn start(database: Option<String>) -> Server {
        let data = tempfile::tempdir().unwrap();
        let token_out = crate::support::stdout_of(zhibiao().args(["serve", "token"]).args(store_args(data.path(), &database)));
        let api = token_out.lines().last().unwrap().trim().to_string();
        assert_eq!(api.len(), 64, "{token_out}");
        Server::run(data, database, api)
    }

    fn run(data: tempfile::TempDir, database: Option<String>, api: String) -> Server {
        Server::run_limited(data, database, api, None)
    }

    /// Runs with no file growing past `bytes` (`ulimit -f`, with SIGXFSZ ignored so that a write
    /// past it fails as on a full disk instead of killing the process).
    fn run_limited(data: tempfile::TempDir, database: Option<String>, api: String, bytes: Option<u64>) -> Server {
        let password = data.path().join("password");
        std::fs::write(&password, PASSWORD).unwrap();
        let binary = assert_cmd::cargo::cargo_bin("zhibiao");
        let mut command = match bytes {
            None => Command::new(&binary),
            Some(bytes) => {
                let mut sh = Command::new("sh");
                // dash and bash in POSIX mode count 512-byte blocks.
                sh.args(["-c", "trap '' XFSZ; ulimit -f \"$0\" && exec \"$@\"", &(bytes / 512).to_string()]).arg(&binary);
                sh
            }
        };
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--admin-password-file"])
            .arg(&password)
            .args(store_args(data.path(), &database))
            .stdout(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line.split("http://").nth(1).unwrap_or_else(|| panic!("no address in {line:?}")).trim().trim_end_matches('/').to_string();
        Server { child, addr, data, database, api }
    }

    /// Stops the process as a power cut would (kill -9) and starts it again on the same store.
    pub fn kill_and_restart(mut self) -> Server {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let (data, database, api) = (tempfile::tempdir().unwrap(), self.database.clone(), self.api.clone());
        let data = std::mem::replace(&mut self.data, data);
        drop(self);
        Server::run(data, database, api)
    }

    /// Stops it and starts it again on the same store with no file allowed past `bytes`.
    pub fn restart_with_file_limit(mut self, bytes: Option<u64>) -> Server {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let (data, database, api) = (tempfile::tempdir().unwrap(), self.database.clone(), self.api.clone());
        let data = std::mem::replace(&mut self.data, data);
        drop(self);
        Server::run_limited(data, database, api, bytes)
    }

    pub fn store(&self) -> Vec<String> {
        store_args(self.data.path(), &self.database)
    }

    pub fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        http(&self.addr, method, path, headers, body)
    }

    /// The API as the office's script calls it, with its token.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        let auth = format!("Bearer {}", self.api);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.call(method, path, &[("Authorization", &auth), ("Content-Type", "application/json")], body.as_bytes())
    }

    pub fn api_multipart(&self, path: &str, parts: &[Part<'_>]) -> Reply {
        let (kind, body) = multipart(parts);
        let auth = format!("Bearer {}", self.api);
        self.call("POST", path, &[("Authorization", &auth), ("Content-Type", &kind)], &body)
    }

    /// A round of the small tree for 甲区 and 乙区 (县区) and 丙局 (市直部门); its id and the
    /// units' tokens.
    pub fn round(&self) -> (i64, Vec<(String, String)>) {
        let tree = std::fs::read(repo_file(TREE)).unwrap();
        let units = "甲区,县区\n乙区,县区\n丙局,市直部门\n";
        let reply = self.api_multipart(
            "/api/v1/rounds",
            &[
                ("name", None, "2026年度".as_bytes()),
                ("deadline", None, b"2027-01-31"),
                ("tree", Some("小型示例.csv"), &tree),
                ("scheme", Some("方案.toml"), SCHEME.as_bytes()),
                ("units", None, units.as_bytes()),
            ],
        );
        assert_eq!(reply.status, 201, "{}", reply.text());
        let id = reply.json()["id"].as_i64().unwrap();
        let links = self.api("GET", &format!("/api/v1/rounds/{id}/links"), None).json();
        let tokens = links["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["unit"].as_str().unwrap().to_string(), l["token"].as_str().unwrap().to_string()))
            .collect();
        (id, tokens)
    }
}

const SCHEME: &str = "name = \"测试方案\"\ndecimals = 1\nthreshold = 90\n";

pub type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "zhibiao-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").unwrap();
        if let Some(file) = file {
            write!(body, "; filename=\"{file}\"\r\nContent-Type: application/octet-stream").unwrap();
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not json ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

/// Percent-encodes a path segment (unit names are Chinese).
pub fn seg(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// One HTTP/1.1 request on its own connection; the answer read to its end.
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    try_http(addr, method, path, headers, body).expect("an HTTP answer")
}

/// A request that may find no server (killed under it): `None` then.
pub fn try_http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Reply> {
    let mut stream = TcpStream::connect(addr).ok()?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len()).ok()?;
    for (k, v) in headers {
        write!(stream, "{k}: {v}\r\n").ok()?;
    }
    stream.write_all(b"\r\n").ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        body = unchunk(&body);
    }
    Some(Reply { status, headers, body })
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
}

/// The stores to test: SQLite always, PostgreSQL when ZHIBIAO_TEST_POSTGRES names one. Each
/// PostgreSQL test gets a schema of its own (`?options=-csearch_path=…`), made here.
pub fn stores(test: &str) -> Vec<Option<String>> {
    let mut stores = vec![None];
    match std::env::var("ZHIBIAO_TEST_POSTGRES") {
        Ok(url) => stores.push(Some(fresh_schema(&url, test))),
        Err(_) => crate::support::cannot_run(&format!("PostgreSQL for serve::{test} (set ZHIBIAO_TEST_POSTGRES to a postgres:// URL)")),
    }
    stores
}

fn fresh_schema(url: &str, test: &str) -> String {
    let schema = format!("t_{test}_{}", std::process::id());
    let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};");
    let done = Command::new("psql").args([url, "-q", "-c", &sql]).output().expect("psql, to make a schema for the test");
    assert!(done.status.success(), "psql: {}", String::from_utf8_lossy(&done.stderr));
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}options=-csearch_path%3D{schema}")
}

fn token_of<'a>(tokens: &'a [(String, String)], unit: &str) -> &'a str {
    &tokens.iter().find(|(u, _)| u == unit).unwrap().1
}

fn save(server: &Server, token: &str, items: Value, submit: bool) -> Reply {
    server.call(
        "PUT",
        &format!("/api/v1/unit/{token}"),
        &[("Content-Type", "application/json")],
        json!({ "items": items, "submit": submit }).to_string().as_bytes(),
    )
}

/// Every item scored: `score(i)` for item i.
fn all_items(score: impl Fn(usize) -> String) -> Value {
    Value::Array(CODES.iter().enumerate().map(|(i, c)| json!({ "code": c, "score": score(i), "note": "" })).collect())
}

#[test]
fn a_round_from_links_to_the_result_workbook() {
    for database in stores("round") {
        whole_round(database);
    }
}

fn whole_round(database: Option<String>) {
    let server = Server::start(database);
    let (id, tokens) = server.round();
    let (jia, yi, bing) = (token_of(&tokens, "甲区"), token_of(&tokens, "乙区"), token_of(&tokens, "丙局"));

    // The tree and scheme may be replaced until the first return is in.
    let tree = std::fs::read(repo_file(TREE)).unwrap();
    let files = [("tree", Some("小型示例.csv"), tree.as_slice()), ("scheme", Some("方案.toml"), SCHEME.as_bytes())];
    assert_eq!(server.api_multipart(&format!("/api/v1/rounds/{id}/files"), &files).status, 200);

    // A unit sees its items, the points and nothing of the others; its template is the CLI's.
    let template = server.call("GET", &format!("/api/v1/unit/{jia}/template.xlsx"), &[], b"");
    assert_eq!((template.status, &template.body[..2]), (200, &b"PK"[..]));
    let own = server.call("GET", &format!("/api/v1/unit/{jia}"), &[], b"").json();
    assert_eq!(own["unit"]["name"], "甲区");
    assert_eq!(own["items"].as_array().unwrap().len(), 8);
    assert_eq!(own["items"][2]["points"], "15");
    assert_eq!(own["items"][2]["name"], "重大行政决策合法性审查率达100%");

    // The reader's checks, each beside its item: over the points, not a number; a draft keeps them.
    let draft =
        save(&server, jia, json!([{ "code": "A1", "score": "12" }, { "code": "A2", "score": "优" }, { "code": "A3", "score": "不涉及" }]), false);
    assert_eq!(draft.status, 200, "{}", draft.text());
    let problems = draft.json()["problems"].as_array().unwrap().clone();
    let a1 = problems.iter().find(|p| p["item"] == "A1").unwrap();
    assert!(a1["message"].as_str().unwrap().contains("12") && a1["error"] == true, "{a1}");
    assert_eq!(a1["place"], "甲区.xlsx!评分表!D2");
    assert!(problems.iter().any(|p| p["item"] == "A2" && p["message"].as_str().unwrap().contains("优")), "{problems:?}");
    assert!(!problems.iter().any(|p| p["item"] == "A3"), "不涉及 is an answer: {problems:?}");
    // 提交 is refused while anything is wrong or blank, and nothing changes.
    let refused = save(&server, jia, json!([]), true);
    assert_eq!(refused.status, 422);
    assert!(refused.json()["problems"].as_array().unwrap().iter().any(|p| p["item"] == "B4" && p["message"].as_str().unwrap().contains("B4")));
    // In English, by the request's language.
    let english = server.call(
        "PUT",
        &format!("/api/v1/unit/{jia}?lang=en"),
        &[("Content-Type", "application/json")],
        json!({"items": [], "submit": true}).to_string().as_bytes(),
    );
    assert!(english.json()["error"].as_str().unwrap().contains("problem(s)"), "{}", english.text());

    assert_eq!(server.api_multipart(&format!("/api/v1/rounds/{id}/files"), &files).status, 409, "fixed once a return is in");

    // 甲区 fills in online and submits: version 1.
    let jia_scores = |i: usize| ["9", "5", "不涉及", "4.5", "10", "8", "5", "14"][i].to_string();
    let submitted = save(&server, jia, all_items(jia_scores), true);
    assert_eq!(submitted.status, 200, "{}", submitted.text());
    assert_eq!(save(&server, jia, json!([{ "code": "A1", "score": "1" }]), false).status, 409, "a submitted return is closed");

    // 乙区 uploads a filled workbook; a wrong one is refused with its cells, nothing taken.
    let bad = "单位,编号,自评得分,说明\n乙区,A1,11,\n乙区,A2,五分,\n";
    let refused = upload(&server, yi, "乙区.csv", bad.as_bytes());
    assert_eq!(refused.status, 422, "{}", refused.text());
    let places: Vec<String> =
        refused.json()["problems"].as_array().unwrap().iter().map(|p| p["place"].as_str().unwrap_or_default().to_string()).collect();
    assert!(places.contains(&"乙区.csv!C2".to_string()) && places.contains(&"乙区.csv!C3".to_string()), "{places:?}");
    let mut good = String::from("单位,编号,自评得分,说明\n");
    for (i, code) in CODES.iter().enumerate() {
        good.push_str(&format!("乙区,{code},{},{}\n", POINTS[i] - u32::from(i == 1), if i == 1 { "台账缺一份" } else { "" }));
    }
    assert_eq!(upload(&server, yi, "乙区.csv", good.as_bytes()).status, 200);
    assert_eq!(save(&server, yi, json!([]), true).status, 200);

    // 丙局 attaches one evidence file to two items, twice: stored once.
    let photo = b"\x89PNG\r\n\x1a\n fake photo bytes";
    for _ in 0..2 {
        let (kind, body) = multipart(&[("item", None, b"A1"), ("item", None, b"B2"), ("file", Some("现场照片.png"), photo)]);
        let sent = server.call("POST", &format!("/api/v1/unit/{bing}/evidence"), &[("Content-Type", &kind)], &body);
        assert_eq!(sent.status, 200, "{}", sent.text());
    }
    let view = server.call("GET", &format!("/api/v1/unit/{bing}"), &[], b"").json();
    let attached: Vec<&Value> = view["items"].as_array().unwrap().iter().flat_map(|i| i["evidence"].as_array().unwrap()).collect();
    assert_eq!(attached.len(), 2, "{attached:?}");
    assert_eq!(attached[0]["sha256"], attached[1]["sha256"]);
    let bing_scores = |i: usize| (POINTS[i] - 1).to_string();
    assert_eq!(save(&server, bing, all_items(bing_scores), true).status, 200);

    // The board: per unit, status, version, items missing.
    let board = server.api("GET", &format!("/api/v1/rounds/{id}"), None).json();
    let row = |unit: &str| board["units"].as_array().unwrap().iter().find(|r| r["unit"] == unit).unwrap().clone();
    assert_eq!(
        (row("甲区")["status"].clone(), row("甲区")["version"].clone(), row("甲区")["missing"].clone()),
        (json!("submitted"), json!(1), json!(0))
    );
    // Per item across the units: A2 answered by all three.
    assert_eq!(board["by_item"][1], json!({ "code": "A2", "name": "行政规范性文件统一登记、统一编号、统一印发", "answered": 3, "missing": 0 }));
    let counties = server.api("GET", &format!("/api/v1/rounds/{id}?group=%E5%8E%BF%E5%8C%BA"), None).json();
    assert_eq!(counties["units"].as_array().unwrap().len(), 2);

    // Review: 核定得分 with 核减原因; over the points refused; 退回 with a comment reopens.
    let path = |unit: &str, what: &str| format!("/api/v1/rounds/{id}/units/{}/{what}", seg(unit));
    let over = server.api("POST", &path("甲区", "review"), Some(json!({ "items": [{ "code": "B4", "verified": "16" }] })));
    assert_eq!(over.status, 422, "{}", over.text());
    let reviewed =
        server.api("POST", &path("甲区", "review"), Some(json!({ "items": [{ "code": "B4", "verified": "12", "reason": "应诉率 93%" }] })));
    assert_eq!(reviewed.status, 200, "{}", reviewed.text());
    let returned = server.api("POST", &path("乙区", "return"), Some(json!({ "comment": "A2 请补充说明 <script>alert(1)</script>" })));
    assert_eq!(returned.status, 200, "{}", returned.text());
    let reopened = server.call("GET", &format!("/api/v1/unit/{yi}"), &[], b"").json();
    assert_eq!((reopened["unit"]["status"].clone(), reopened["open"].clone()), (json!("returned"), json!(true)));
    assert!(reopened["unit"]["comment"].as_str().unwrap().starts_with("A2 请补充说明"));
    assert_eq!(save(&server, yi, json!([{ "code": "A2", "score": "5", "note": "已补充" }]), true).status, 200);
    for unit in ["甲区", "乙区", "丙局"] {
        assert_eq!(server.api("POST", &path(unit, "approve"), None).status, 200, "{unit}");
    }
    assert_eq!(save(&server, yi, json!([{ "code": "A2", "score": "1" }]), false).status, 409, "核定 locks");
    // Unlocking is the administrator's, and logged; approved again.
    assert_eq!(server.api("POST", &path("乙区", "unlock"), None).status, 200);
    assert_eq!(server.api("GET", &format!("/api/v1/rounds/{id}/units/{}", seg("乙区")), None).json()["unit"]["status"], "submitted");
    assert_eq!(server.api("POST", &path("乙区", "approve"), None).status, 200);
    assert_eq!(server.api("POST", &path("乙区", "review"), Some(json!({ "items": [{ "code": "A1", "verified": "1" }] }))).status, 409);

    // Every value's history: who, when, from which version.
    let history = server.api("GET", &path("乙区", "history"), None).json();
    let a2: Vec<&Value> = history["history"].as_array().unwrap().iter().filter(|c| c["code"] == "A2" && c["field"] == "score").collect();
    assert_eq!(
        a2.iter().map(|c| (c["old"].as_str().unwrap(), c["new"].as_str().unwrap(), c["version"].as_i64().unwrap())).collect::<Vec<_>>(),
        [("", "4", 0), ("4", "5", 1)]
    );
    assert_eq!(a2[1]["who"], "unit:乙区");
    // And each version against the one before, as `zhibiao diff` compares the two workbooks.
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!((versions[0]["from"].clone(), versions[0]["to"].clone()), (json!(1), json!(2)));
    let change = &versions[0]["diff"]["changes"][0];
    assert_eq!(
        (change["code"].clone(), change["old"].clone(), change["new"].clone(), change["kind"].clone()),
        (json!("A2"), json!("4"), json!("5"), json!("changed"))
    );
    assert_eq!(change["new_remark"], "已补充");
    assert_eq!(versions[0]["diff"]["changes"].as_array().unwrap().len(), 1);
    assert_eq!(
        (versions[0]["diff"]["units"][0]["old_score"].clone(), versions[0]["diff"]["units"][0]["new_score"].clone()),
        (json!("98.7"), json!("100.0"))
    );
    // 甲区's review after its one submission: version 1 against its values now (核定 replaces the self-score).
    let jia_versions = server.api("GET", &path("甲区", "history"), None).json()["versions"].clone();
    assert_eq!((jia_versions[0]["from"].clone(), jia_versions[0]["to"].clone()), (json!(1), Value::Null), "{jia_versions}");
    let change = &jia_versions[0]["diff"]["changes"][0];
    assert_eq!((change["code"].clone(), change["old"].clone(), change["new"].clone()), (json!("B4"), json!("14"), json!("12")));
    let page = review_page(&server, id);
    assert!(page.contains("A2") && page.contains("98.7"), "{page}");

    // The result workbook is the CLI's, byte for byte, on the service's export of the round.
    let result = server.api("GET", &format!("/api/v1/rounds/{id}/result.xlsx?date=2027-02-01"), None);
    assert_eq!(result.status, 200, "{}", result.text());
    let export = tempfile::tempdir().unwrap();
    expect(zhibiao().args(["serve", "export", "--round", &id.to_string()]).args(server.store()).arg(export.path()), 0);
    let mut names: Vec<String> = walk(export.path()).iter().map(|p| p.strip_prefix(export.path()).unwrap().display().to_string()).collect();
    names.sort();
    assert_eq!(names, ["scores/丙局.xlsx", "scores/乙区.xlsx", "scores/甲区.xlsx", "小型示例.csv", "方案.toml"]);
    let mut cli = zhibiao();
    cli.current_dir(export.path()).args([
        "score",
        "--tree",
        "小型示例.csv",
        "--scheme",
        "方案.toml",
        "scores",
        "--out",
        "cli.xlsx",
        "--date",
        "2027-02-01",
    ]);
    expect(&mut cli, 0);
    let cli_bytes = std::fs::read(export.path().join("cli.xlsx")).unwrap();
    assert!(cli_bytes == result.body, "the service's result workbook differs from the CLI's ({} vs {} bytes)", result.body.len(), cli_bytes.len());
    // Without a date, as the CLI writes without one.
    let undated = server.api("GET", &format!("/api/v1/rounds/{id}/result.xlsx"), None);
    let mut cli = zhibiao();
    cli.current_dir(export.path()).args(["score", "--tree", "小型示例.csv", "--scheme", "方案.toml", "scores", "--out", "undated.xlsx"]);
    expect(&mut cli, 0);
    assert!(std::fs::read(export.path().join("undated.xlsx")).unwrap() == undated.body);
    // The run's options as JSON (the one type the page and the service read) give the workbook the
    // CLI's flags of the same names give.
    let options = json!({ "threshold": "85", "order": "strokes", "decimals": 2, "inflated": "2", "date": "2027-02-01" });
    let chosen = server.api("POST", &format!("/api/v1/rounds/{id}/result.xlsx"), Some(options));
    assert_eq!(chosen.status, 200, "{}", chosen.text());
    let flags = ["--threshold", "85", "--order", "strokes", "--decimals", "2", "--inflated", "2", "--date", "2027-02-01"];
    let mut cli = zhibiao();
    cli.current_dir(export.path()).args(["score", "--tree", "小型示例.csv", "--scheme", "方案.toml", "scores", "--out", "chosen.xlsx"]).args(flags);
    expect(&mut cli, 0);
    assert!(std::fs::read(export.path().join("chosen.xlsx")).unwrap() == chosen.body, "the options' workbook differs from the CLI's");
    assert!(chosen.body != result.body, "the options changed nothing");
    // A misspelt option is refused and named, never ignored.
    let wrong = server.api("POST", &format!("/api/v1/rounds/{id}/result.xlsx"), Some(json!({ "thresold": "85" })));
    assert_eq!(wrong.status, 422, "{}", wrong.text());
    assert!(wrong.text().contains("thresold"), "{}", wrong.text());
    // And the figures: 甲区 = (9+5+4.5+10+8+5+12 核定) / (75-15 不涉及) × 100 = 53.5/60 → 89.2; self 55.5/60 → 92.5.
    let mut cli = zhibiao();
    cli.current_dir(export.path()).args(["score", "--tree", "小型示例.csv", "--scheme", "方案.toml", "scores", "--format", "csv"]);
    let table = crate::support::stdout_of(&mut cli);
    assert!(table.lines().any(|l| l.starts_with("3,甲区,53.5,60,89.2,否,92.5,-3.3,")), "{table}");
    assert!(table.lines().any(|l| l.starts_with("1,乙区,75,75,100.0,是,")), "{table}");

    // A consistent copy while it runs: the copy exports the same files.
    let copy = tempfile::tempdir().unwrap();
    if server.database.is_none() {
        expect(zhibiao().args(["serve", "backup"]).args(server.store()).arg(copy.path().join("zhibiao.sqlite")), 0);
        let again = tempfile::tempdir().unwrap();
        expect(zhibiao().args(["serve", "export", "--round", &id.to_string(), "--data"]).arg(copy.path()).arg(again.path()), 0);
        for name in &names {
            assert!(std::fs::read(export.path().join(name)).unwrap() == std::fs::read(again.path().join(name)).unwrap(), "{name}");
        }
    }

    // Import: the exported workbooks start a new round's data, as drafts, by the same reader.
    let (second, _) = server.round();
    let imported = crate::support::stdout_of(
        zhibiao().args(["serve", "import", "--round", &second.to_string()]).args(server.store()).arg(export.path().join("scores")),
    );
    assert!(imported.contains("甲区") && imported.contains("乙区") && imported.contains("丙局"), "{imported}");
    let board = server.api("GET", &format!("/api/v1/rounds/{second}"), None).json();
    for row in board["units"].as_array().unwrap() {
        assert_eq!((row["status"].as_str().unwrap(), row["missing"].as_u64().unwrap()), ("draft", 0), "{row}");
    }
    let jia2 = server.api("GET", &format!("/api/v1/rounds/{second}/units/{}", seg("甲区")), None).json();
    assert_eq!(jia2["items"][2]["entry"]["score"], "不涉及");
    assert_eq!(jia2["items"][7]["entry"]["verified"], "", "a unit's import brings its own scores, not the review");
}

fn upload(server: &Server, token: &str, name: &str, bytes: &[u8]) -> Reply {
    let (kind, body) = multipart(&[("file", Some(name), bytes)]);
    server.call("POST", &format!("/api/v1/unit/{token}/upload"), &[("Content-Type", &kind)], &body)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

/// The value of `name="csrf" value="…"` in a page.
fn csrf_in(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").unwrap_or_else(|| panic!("no CSRF token in {page}")) + 19;
    page[at..at + 64].to_string()
}

/// `name=value` of a Set-Cookie header.
fn cookie_of(reply: &Reply, name: &str) -> Option<String> {
    reply.all("set-cookie").into_iter().find(|c| c.starts_with(&format!("{name}="))).map(|c| c.split(';').next().unwrap().to_string())
}

fn form_body(fields: &[(&str, &str)]) -> Vec<u8> {
    fields.iter().map(|(k, v)| format!("{}={}", seg(k), seg(v))).collect::<Vec<_>>().join("&").into_bytes()
}

/// Signs in on the pages; the session cookie and the session's CSRF token.
fn sign_in(server: &Server, name: &str, password: &str) -> (String, String) {
    let page = server.call("GET", "/login", &[], b"");
    let login_cookie = cookie_of(&page, "zhibiao_login").unwrap();
    let csrf = csrf_in(&page.text());
    let body = form_body(&[("csrf", &csrf), ("name", name), ("password", password)]);
    let signed = server.call("POST", "/login", &[("Cookie", &login_cookie), ("Content-Type", "application/x-www-form-urlencoded")], &body);
    assert_eq!(signed.status, 303, "{}", signed.text());
    let set = signed.all("set-cookie").into_iter().find(|c| c.starts_with("zhibiao_session=")).unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let session = set.split(';').next().unwrap().to_string();
    let rounds = server.call("GET", "/rounds", &[("Cookie", &session)], b"");
    (session.clone(), csrf_in(&rounds.text()))
}

fn post_form(server: &Server, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Reply {
    server.call("POST", path, &[("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")], &form_body(fields))
}

#[test]
fn isolation_csrf_and_inert_names() {
    for database in stores("isolation") {
        isolation(database);
    }
}

fn isolation(database: Option<String>) {
    let server = Server::start(database);
    let tree = std::fs::read(repo_file(TREE)).unwrap();
    let hostile = "<script>alert(1)</script>局";
    let units = format!("甲区,县区\n{hostile},市直部门\n");
    let reply = server.api_multipart("/api/v1/rounds", &[("name", None, b"r"), ("tree", Some("t.csv"), &tree), ("units", None, units.as_bytes())]);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let id = reply.json()["id"].as_i64().unwrap();
    let links = server.api("GET", &format!("/api/v1/rounds/{id}/links"), None).json();
    let token = |unit: &str| links["links"].as_array().unwrap().iter().find(|l| l["unit"] == unit).unwrap()["token"].as_str().unwrap().to_string();
    let (jia, other) = (token("甲区"), token(hostile));

    // The other unit attaches evidence under a hostile file name.
    let (kind, body) = multipart(&[("item", None, b"A1"), ("file", Some("<script>x</script>.txt"), b"secret evidence of the other unit")]);
    let sent = server.call("POST", &format!("/api/v1/unit/{other}/evidence"), &[("Content-Type", &kind)], &body);
    assert_eq!(sent.status, 200, "{}", sent.text());
    let sha = sent.json()["sha256"][0].as_str().unwrap().to_string();
    assert_eq!(sha, zhibiao_sha(b"secret evidence of the other unit"), "stored under its hash");

    // 甲区's token opens nothing of the other unit, even by the file's hash.
    for path in [format!("/u/{jia}/evidence/{sha}"), format!("/api/v1/unit/{jia}")] {
        let reply = server.call("GET", &path, &[], b"");
        assert!(!reply.text().contains("alert") && !reply.text().contains("secret evidence"), "{path}: {}", reply.text());
    }
    assert_eq!(server.call("GET", &format!("/u/{jia}/evidence/{sha}"), &[], b"").status, 404);

    // No token, a made-up one, a revoked one: refused on every unit route, nothing of a unit said.
    let revoked = token("甲区");
    let revoke = server.api("POST", &format!("/api/v1/rounds/{id}/units/{}/revoke", seg("甲区")), None);
    assert_eq!(revoke.status, 200, "{}", revoke.text());
    assert!(revoke.json()["token"].is_null());
    let made_up = "0".repeat(64);
    for bad in ["", "nonsense", made_up.as_str(), revoked.as_str()] {
        for (method, path) in [
            ("GET", format!("/u/{bad}")),
            ("POST", format!("/u/{bad}")),
            ("POST", format!("/u/{bad}/upload")),
            ("POST", format!("/u/{bad}/evidence")),
            ("GET", format!("/u/{bad}/template.xlsx")),
            ("GET", format!("/u/{bad}/evidence/{sha}")),
            ("GET", format!("/api/v1/unit/{bad}")),
            ("PUT", format!("/api/v1/unit/{bad}")),
            ("POST", format!("/api/v1/unit/{bad}/upload")),
            ("POST", format!("/api/v1/unit/{bad}/evidence")),
            ("GET", format!("/api/v1/unit/{bad}/template.xlsx")),
        ] {
            let reply = server.call(method, &path, &[("Content-Type", "application/json")], b"{}");
            assert!((400..500).contains(&reply.status) && reply.status != 401, "{method} {path}: {}", reply.status);
            assert!(!reply.text().contains("甲区") && !reply.text().contains("alert"), "{method} {path}: {}", reply.text());
        }
    }
    // A reissued link works; the old one no longer.
    let reissued = server.api("POST", &format!("/api/v1/rounds/{id}/units/{}/reissue", seg("甲区")), None).json();
    let fresh = reissued["token"].as_str().unwrap().to_string();
    assert_eq!(server.call("GET", &format!("/u/{fresh}"), &[], b"").status, 200);
    assert_eq!(server.call("GET", &format!("/u/{revoked}"), &[], b"").status, 404);

    // The office's API: no token, a unit's token, a wrong one: refused.
    for auth in [None, Some(format!("Bearer {fresh}")), Some(format!("Bearer {}", "f".repeat(64)))] {
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        for path in [
            format!("/api/v1/rounds/{id}"),
            format!("/api/v1/rounds/{id}/links"),
            format!("/api/v1/rounds/{id}/result.xlsx"),
            "/api/v1/rounds".into(),
        ] {
            let reply = server.call("GET", &path, &headers, b"");
            assert_eq!(reply.status, 401, "{path}");
            assert!(!reply.text().contains(&fresh) && !reply.text().contains("甲区"), "{path}");
        }
    }

    // A reviewer signs in; the administrator's pages and actions are refused, nothing of them shown.
    let password = server.data.path().join("reviewer-password");
    std::fs::write(&password, "reviewer-pass-1").unwrap();
    expect(zhibiao().args(["serve", "reviewer", "审核员甲", "--password-file"]).arg(&password).args(server.store()), 0);
    let (reviewer, csrf) = sign_in(&server, "审核员甲", "reviewer-pass-1");
    for path in ["/admin".to_string(), format!("/rounds/{id}/links.csv")] {
        let reply = server.call("GET", &path, &[("Cookie", &reviewer)], b"");
        assert_eq!(reply.status, 403, "{path}");
        assert!(!reply.text().contains(&fresh), "{path}");
    }
    for action in ["reissue", "revoke", "unlock"] {
        let reply = post_form(&server, &format!("/rounds/{id}/units/{}/{action}", seg("甲区")), &reviewer, &[("csrf", &csrf)]);
        assert_eq!(reply.status, 403, "{action}: {}", reply.text());
    }
    let (kind, body) = multipart(&[("csrf", None, csrf.as_bytes()), ("name", None, b"x"), ("tree", Some("t.csv"), &tree), ("units", None, b"a")]);
    assert_eq!(server.call("POST", "/rounds", &[("Cookie", &reviewer), ("Content-Type", &kind)], &body).status, 403);
    // The reviewer sees the board, with the hostile name inert.
    let board = server.call("GET", &format!("/rounds/{id}"), &[("Cookie", &reviewer)], b"");
    assert_eq!(board.status, 200);
    assert!(board.text().contains("&lt;script&gt;alert(1)&lt;") && !board.text().contains("<script>alert"), "{}", board.text());

    // Without a session, the office's pages send to the sign-in.
    let anonymous = server.call("GET", &format!("/rounds/{id}"), &[], b"");
    assert_eq!((anonymous.status, anonymous.header("location")), (303, Some("/login")));

    // CSRF: a state-changing form without the token, or with another, is refused.
    let (admin, admin_csrf) = sign_in(&server, "admin", PASSWORD);
    for sent in [None, Some(csrf.as_str())] {
        let mut fields = vec![("name", "审核员乙"), ("password", "another-pass-1")];
        fields.extend(sent.map(|s| ("csrf", s)));
        assert_eq!(post_form(&server, "/admin", &admin, &fields).status, 403, "{sent:?}");
    }
    assert_eq!(post_form(&server, "/admin", &admin, &[("csrf", &admin_csrf), ("name", "审核员乙"), ("password", "another-pass-1")]).status, 303);
    let unit_page = server.call("GET", &format!("/u/{other}"), &[], b"");
    let unit_csrf = csrf_in(&unit_page.text());
    assert_eq!(
        server.call("POST", &format!("/u/{other}"), &[("Content-Type", "application/x-www-form-urlencoded")], b"action=save&score.A1=5").status,
        403
    );
    let saved = server.call(
        "POST",
        &format!("/u/{other}"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form_body(&[("csrf", &unit_csrf), ("action", "save"), ("score.A1", "12"), ("note.A1", "<script>n</script>")]),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    // The unit's page: its name, note and file name inert; the reader's problem beside A1.
    let page = saved.text();
    assert!(!page.contains("<script>alert") && !page.contains("<script>n") && !page.contains("<script>x"), "{page}");
    // The file name is made safe (no path, no `<>`): `<script>x</script>.txt` → `script_.txt`.
    assert!(page.contains(">script_.txt</a>") && page.contains("&lt;script&gt;n&lt;"), "{page}");
    assert!(page.contains("<span class=\"field-msg\">得分 12 超过指标“A1 行政规范性文件合法性审核率达10…”的分值 10"), "{page}");

    // Every answer: a CSP without inline script, no framing, no referrer; pages load only their own script.
    for reply in [&board, &unit_page, &server.call("GET", "/login", &[], b"")] {
        let csp = reply.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
        let body = reply.text();
        assert_eq!(
            body.matches("<script").count(),
            body.matches("<script src=\"/static/app.js\" defer></script>").count(),
            "inline script in {body}"
        );
    }

    // Uploads: more files than allowed, or a body over the limit, refused.
    let many: Vec<(String, Vec<u8>)> = (0..12).map(|i| (format!("f{i}.txt"), format!("file {i}").into_bytes())).collect();
    let mut parts: Vec<Part<'_>> = vec![("item", None, b"A1")];
    parts.extend(many.iter().map(|(n, b)| ("file", Some(n.as_str()), b.as_slice())));
    let (kind, body) = multipart(&parts);
    let refused = server.call("POST", &format!("/api/v1/unit/{other}/evidence"), &[("Content-Type", &kind)], &body);
    assert!(refused.status == 413 || refused.status == 422, "{}", refused.status);
    let huge = vec![b'x'; 33 << 20];
    let (kind, body) = multipart(&[("item", None, b"A1"), ("file", Some("big.bin"), &huge)]);
    assert_eq!(server.call("POST", &format!("/api/v1/unit/{other}/evidence"), &[("Content-Type", &kind)], &body).status, 413);
    // Nothing is kept under the name it was given: the data folder holds the database only.
    let kept: Vec<String> = std::fs::read_dir(server.data.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(kept.iter().all(|n| n.starts_with("zhibiao.sqlite") || n.ends_with("password")), "{kept:?}");
}

fn zhibiao_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// kill -9 in the middle of a burst of submissions, then a restart: every submission answered 200
/// is there whole, and no unit holds half of one.
#[test]
fn nothing_answered_is_lost_to_kill_9() {
    for database in stores("kill") {
        killed(database);
    }
}

fn killed(database: Option<String>) {
    let server = Server::start(database);
    let tree = std::fs::read(repo_file(TREE)).unwrap();
    let units: String = (1..=40).map(|i| format!("单位{i:02},县区\n")).collect();
    let reply =
        server.api_multipart("/api/v1/rounds", &[("name", None, b"burst"), ("tree", Some("t.csv"), &tree), ("units", None, units.as_bytes())]);
    let id = reply.json()["id"].as_i64().unwrap();
    let links = server.api("GET", &format!("/api/v1/rounds/{id}/links"), None).json();
    let tokens: Vec<(String, String)> =
        links["links"].as_array().unwrap().iter().map(|l| (l["unit"].as_str().unwrap().into(), l["token"].as_str().unwrap().into())).collect();
    // The tree read once before the burst, as a running service has.
    assert_eq!(server.call("GET", &format!("/api/v1/unit/{}", tokens[0].1), &[], b"").status, 200);
    let body = json!({ "items": all_items(|i| POINTS[i].to_string()), "submit": true }).to_string();
    let answered = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for (unit, token) in &tokens {
            let (addr, body, answered) = (&server.addr, &body, &answered);
            scope.spawn(move || {
                let reply = try_http(addr, "PUT", &format!("/api/v1/unit/{token}"), &[("Content-Type", "application/json")], body.as_bytes());
                if reply.is_some_and(|r| r.status == 200) {
                    answered.lock().unwrap().push(unit.clone());
                }
            });
        }
        // Killed while the burst is under way.
        std::thread::sleep(std::time::Duration::from_millis(600));
        Command::new("kill").args(["-9", &server.child.id().to_string()]).status().unwrap();
    });
    let answered = answered.into_inner().unwrap();
    let server = server.kill_and_restart();
    let board = server.api("GET", &format!("/api/v1/rounds/{id}"), None).json();
    let rows = board["units"].as_array().unwrap();
    for row in rows {
        let (unit, status, missing) = (row["unit"].as_str().unwrap(), row["status"].as_str().unwrap(), row["missing"].as_u64().unwrap());
        if answered.iter().any(|a| a == unit) {
            assert_eq!((status, missing, row["version"].as_i64().unwrap()), ("submitted", 0, 1), "{unit} was answered 200");
        } else {
            // Not answered: either all of it arrived before the kill or none.
            assert!((status, missing) == ("submitted", 0) || (status, missing) == ("none", 8), "{unit} half-written: {row}");
        }
    }
    eprintln!("kill -9 during a burst: {} of {} submissions answered 200, all of them kept", answered.len(), tokens.len());
}

/// The service's result workbook against `zhibiao score --out` on its export, run in the export's
/// folder with `cli` (the tree, the scheme, `scores`, and whatever else the round holds).
fn result_is_the_clis(server: &Server, id: i64, cli: &[&str]) -> Vec<String> {
    let result = server.api("GET", &format!("/api/v1/rounds/{id}/result.xlsx?date=2027-02-01"), None);
    assert_eq!(result.status, 200, "{}", result.text());
    let export = tempfile::tempdir().unwrap();
    expect(zhibiao().args(["serve", "export", "--round", &id.to_string()]).args(server.store()).arg(export.path()), 0);
    let mut names: Vec<String> = walk(export.path()).iter().map(|p| p.strip_prefix(export.path()).unwrap().display().to_string()).collect();
    names.sort();
    let mut run = zhibiao();
    run.current_dir(export.path()).args(["score"]).args(cli).args(["--out", "cli.xlsx", "--date", "2027-02-01"]);
    expect(&mut run, 0);
    let cli_bytes = std::fs::read(export.path().join("cli.xlsx")).unwrap();
    assert!(cli_bytes == result.body, "the service's result workbook differs from the CLI's ({} vs {} bytes)", result.body.len(), cli_bytes.len());
    names
}

/// Each responsible department (责任单位) gets its own link, to the items it leads (牵头) of every
/// unit: 政府办公室 leads A2 and A4 of the small tree, 司法局 the other six.
#[test]
fn departments_fill_in_their_items_by_their_own_links() {
    for database in stores("departments") {
        departments(database);
    }
}

fn departments(database: Option<String>) {
    let server = Server::start(database);
    let (id, tokens) = server.round();
    let listed = server.api("GET", &format!("/api/v1/rounds/{id}/departments"), None).json();
    let link = |name: &str| {
        listed["departments"].as_array().unwrap().iter().find(|d| d["department"] == name).unwrap()["token"].as_str().unwrap().to_string()
    };
    assert_eq!(listed["departments"].as_array().unwrap().len(), 2, "{listed}");
    let (office, justice) = (link("政府办公室"), link("司法局"));
    assert!(office.len() == 64 && office.bytes().all(|b| b.is_ascii_hexdigit()), "256 bits, as a unit's");

    // A department sees the round's units and, for each, only its items.
    let own = server.call("GET", &format!("/api/v1/department/{office}"), &[], b"").json();
    assert_eq!(own["items"], json!(["A2", "A4"]));
    assert_eq!(own["units"].as_array().unwrap().len(), 3);
    let dept_path = |token: &str, unit: &str| format!("/api/v1/department/{token}/units/{}", seg(unit));
    let view = server.call("GET", &dept_path(&office, "甲区"), &[], b"").json();
    let codes: Vec<&str> = view["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["A2", "A4"]);
    assert!(!view.to_string().contains("行政规范性文件合法性审核率"), "nothing of A1: {view}");

    // It changes only its items: another item refused, nothing written.
    let put = |token: &str, unit: &str, items: Value, submit: bool| {
        server.call(
            "PUT",
            &dept_path(token, unit),
            &[("Content-Type", "application/json")],
            json!({ "items": items, "submit": submit }).to_string().as_bytes(),
        )
    };
    let refused = put(&office, "甲区", json!([{ "code": "A2", "score": "4" }, { "code": "A1", "score": "10" }]), false);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(refused.json()["error"].as_str().unwrap().contains("A1"));
    let jia = server.api("GET", &format!("/api/v1/rounds/{id}/units/{}", seg("甲区")), None).json();
    assert_eq!((jia["items"][0]["entry"]["score"].clone(), jia["items"][1]["entry"]["score"].clone()), (json!(""), json!("")));

    // 政府办公室 submits; the unit's return is in once 司法局 has too, nothing blank.
    assert_eq!(put(&office, "甲区", json!([{ "code": "A2", "score": "4", "note": "缺一份" }, { "code": "A4", "score": "5" }]), true).status, 200);
    let board = server.api("GET", &format!("/api/v1/rounds/{id}"), None).json();
    let row = |board: &Value, unit: &str| board["units"].as_array().unwrap().iter().find(|r| r["unit"] == unit).unwrap().clone();
    assert_eq!(board["departments"], json!(["司法局", "政府办公室"]));
    assert_eq!((row(&board, "甲区")["status"].clone(), row(&board, "甲区")["departments"].clone()), (json!("draft"), json!(["政府办公室"])));
    // A blank item of its own stops 司法局's submission, and it hears only of its own items.
    let partial = put(&justice, "甲区", json!([{ "code": "A1", "score": "9" }, { "code": "A3", "score": "不涉及" }]), true);
    assert_eq!(partial.status, 422, "{}", partial.text());
    let named: Vec<String> = partial.json()["problems"].as_array().unwrap().iter().filter_map(|p| p["item"].as_str().map(String::from)).collect();
    assert_eq!(named, ["B1", "B2", "B3", "B4"]);
    // Refused, nothing was kept: its six items again.
    let all = json!([
        { "code": "A1", "score": "9" }, { "code": "A3", "score": "不涉及" },
        { "code": "B1", "score": "10" }, { "code": "B2", "score": "8" }, { "code": "B3", "score": "5" }, { "code": "B4", "score": "14" }
    ]);
    assert_eq!(put(&justice, "甲区", all, true).status, 200);
    let board = server.api("GET", &format!("/api/v1/rounds/{id}"), None).json();
    assert_eq!(
        (row(&board, "甲区")["status"].clone(), row(&board, "甲区")["version"].clone(), row(&board, "甲区")["departments"].clone()),
        (json!("submitted"), json!(1), json!(["司法局", "政府办公室"]))
    );
    // Submitted is closed to the departments as to the unit.
    assert_eq!(put(&office, "甲区", json!([{ "code": "A2", "score": "5" }]), false).status, 409);
    // The unit's own link still works for its other units' returns: 乙区 fills in by itself.
    assert_eq!(save(&server, token_of(&tokens, "乙区"), all_items(|i| POINTS[i].to_string()), true).status, 200);

    // 退回: every department answers again.
    let returned = server.api("POST", &format!("/api/v1/rounds/{id}/units/{}/return", seg("甲区")), Some(json!({ "comment": "A2 补充" })));
    assert_eq!(returned.status, 200);
    assert_eq!(row(&server.api("GET", &format!("/api/v1/rounds/{id}"), None).json(), "甲区")["departments"], json!([]));
    assert_eq!(put(&office, "甲区", json!([{ "code": "A2", "score": "5" }]), true).status, 200);
    assert_eq!(put(&justice, "甲区", json!([]), true).status, 200);
    let board = server.api("GET", &format!("/api/v1/rounds/{id}"), None).json();
    assert_eq!((row(&board, "甲区")["status"].clone(), row(&board, "甲区")["version"].clone()), (json!("submitted"), json!(2)));

    // What the departments submitted is 甲区's return: its export is what the CLI scores.
    let names = result_is_the_clis(&server, id, &["--tree", "小型示例.csv", "--scheme", "方案.toml", "scores"]);
    assert_eq!(names, ["scores/乙区.xlsx", "scores/甲区.xlsx", "小型示例.csv", "方案.toml"]);

    // Isolation: a department's link opens no unit route and a unit's link no department route;
    // revoked, it opens nothing; reissued, the new one works.
    let bing = token_of(&tokens, "丙局");
    for (path, method) in [
        (format!("/api/v1/unit/{office}"), "GET"),
        (format!("/u/{office}"), "GET"),
        (format!("/api/v1/department/{bing}"), "GET"),
        (format!("/d/{bing}"), "GET"),
    ] {
        assert_eq!(server.call(method, &path, &[], b"").status, 404, "{path}");
    }
    let revoke = server.api("POST", &format!("/api/v1/rounds/{id}/departments/{}/revoke", seg("司法局")), None);
    assert_eq!((revoke.status, revoke.json()["token"].clone()), (200, Value::Null));
    for path in [format!("/api/v1/department/{justice}"), dept_path(&justice, "丙局"), format!("/d/{justice}")] {
        let reply = server.call("GET", &path, &[], b"");
        assert!(reply.status == 404 && !reply.text().contains("丙局"), "{path}: {}", reply.status);
    }
    let reissued = server.api("POST", &format!("/api/v1/rounds/{id}/departments/{}/reissue", seg("司法局")), None).json();
    let fresh = reissued["token"].as_str().unwrap();
    assert_eq!(server.call("GET", &format!("/api/v1/department/{fresh}"), &[], b"").status, 200);

    // The department's pages: its units, its items' fields only, its own CSRF token.
    let list = server.call("GET", &format!("/d/{office}"), &[], b"");
    assert!(list.status == 200 && list.text().contains("丙局"), "{}", list.text());
    let form = server.call("GET", &format!("/d/{office}/{}", seg("丙局")), &[], b"").text();
    assert!(form.contains("name=\"score.A2\"") && form.contains("name=\"score.A4\"") && !form.contains("name=\"score.A1\""), "{form}");
    let path = format!("/d/{office}/{}", seg("丙局"));
    let forged = server.call(
        "POST",
        &path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &form_body(&[("csrf", &"0".repeat(64)), ("score.A2", "3")]),
    );
    assert_eq!(forged.status, 403);
    let sent = form_body(&[("csrf", &csrf_in(&form)), ("score.A2", "3"), ("action", "save")]);
    let saved = server.call("POST", &path, &[("Content-Type", "application/x-www-form-urlencoded")], &sent);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let bing_view = server.call("GET", &format!("/api/v1/unit/{bing}"), &[], b"").json();
    assert_eq!(bing_view["items"][1]["entry"]["score"], "3");
}

/// A round given last year's result workbook shows each unit its last year's score per item, and
/// scores the year over year as `score --previous` does.
#[test]
fn last_years_score_on_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut scores = String::from("单位,编号,自评得分\n");
    for (i, code) in CODES.iter().enumerate() {
        scores.push_str(&format!("甲区,{code},{}\n", if i == 2 { "不涉及".to_string() } else { (POINTS[i] - 1).to_string() }));
        scores.push_str(&format!("乙区,{code},{}\n", POINTS[i]));
    }
    std::fs::write(dir.path().join("scores.csv"), scores).unwrap();
    expect(zhibiao().current_dir(dir.path()).arg("score").arg("--tree").arg(repo_file(TREE)).args(["scores.csv", "--out", "上年.xlsx"]), 0);
    let last = std::fs::read(dir.path().join("上年.xlsx")).unwrap();

    let server = Server::start(None);
    let tree = std::fs::read(repo_file(TREE)).unwrap();
    let round = |previous: &[u8]| {
        server.api_multipart(
            "/api/v1/rounds",
            &[
                ("name", None, "2026年度".as_bytes()),
                ("tree", Some("小型示例.csv"), &tree),
                ("scheme", Some("方案.toml"), SCHEME.as_bytes()),
                ("units", None, "甲区,县区\n乙区,县区\n丙局,市直部门\n".as_bytes()),
                ("previous", Some("上年.xlsx"), previous),
            ],
        )
    };
    // Not a result workbook: refused as `score --previous` refuses it.
    assert_eq!(round(b"not a workbook").status, 422);
    let made = round(&last);
    assert_eq!(made.status, 201, "{}", made.text());
    let id = made.json()["id"].as_i64().unwrap();
    let links = server.api("GET", &format!("/api/v1/rounds/{id}/links"), None).json();
    let token = |unit: &str| links["links"].as_array().unwrap().iter().find(|l| l["unit"] == unit).unwrap()["token"].as_str().unwrap().to_string();
    let jia = server.call("GET", &format!("/api/v1/unit/{}", token("甲区")), &[], b"").json();
    let shown: Vec<Value> = jia["items"].as_array().unwrap().iter().map(|i| i["last_year"].clone()).collect();
    assert_eq!(shown, [json!("9"), json!("4"), json!("不涉及"), json!("4"), json!("9"), json!("9"), json!("4"), json!("14")]);
    // 丙局 had no return last year: nothing shown, nothing guessed.
    let bing = server.call("GET", &format!("/api/v1/unit/{}", token("丙局")), &[], b"").json();
    assert!(bing["items"].as_array().unwrap().iter().all(|i| i["last_year"].is_null()), "{bing}");
    let page = server.call("GET", &format!("/u/{}", token("甲区")), &[], b"").text();
    assert!(page.contains("<td class=\"last-year\">14</td>"), "{page}");

    // The result compares with last year as the CLI does on the export, which carries the workbook.
    assert_eq!(save(&server, &token("甲区"), all_items(|i| POINTS[i].to_string()), true).status, 200);
    let names = result_is_the_clis(&server, id, &["--tree", "小型示例.csv", "--scheme", "方案.toml", "--previous", "上年.xlsx", "scores"]);
    assert_eq!(names, ["scores/甲区.xlsx", "上年.xlsx", "小型示例.csv", "方案.toml"]);
}

/// The 乙区 review page as the administrator sees it (with its versions compared).
fn review_page(server: &Server, id: i64) -> String {
    let (session, _) = sign_in(server, "admin", PASSWORD);
    server.call("GET", &format!("/rounds/{id}/units/{}", seg("乙区")), &[("Cookie", &session)], b"").text()
}

/// Repeated failed sign-ins: after 5 for one account it is paused, the right password too, with a
/// message that says for how long; after 20 from one address, every account from there.
#[test]
fn failed_sign_ins_pause_the_account_then_the_address() {
    let server = Server::start(None);
    assert_eq!(server.api("POST", "/api/v1/reviewers", Some(json!({ "name": "审核员", "password": "reviewer-pass-1" }))).status, 201);
    let try_sign_in = |name: &str, password: &str, lang: &str| {
        let page = server.call("GET", "/login", &[], b"");
        let cookie = cookie_of(&page, "zhibiao_login").unwrap();
        let body = form_body(&[("csrf", &csrf_in(&page.text())), ("name", name), ("password", password)]);
        server.call("POST", &format!("/login?lang={lang}"), &[("Cookie", &cookie), ("Content-Type", "application/x-www-form-urlencoded")], &body)
    };
    for _ in 0..5 {
        let wrong = try_sign_in("admin", "guess", "zh");
        assert!(wrong.status == 200 && wrong.text().contains("账号或密码不正确"), "{}", wrong.status);
    }
    let paused = try_sign_in("admin", PASSWORD, "zh");
    assert_eq!(paused.status, 429, "{}", paused.text());
    assert!(paused.text().contains("登录失败次数过多,该账号或地址已暂停登录,请 15 分钟后再试"), "{}", paused.text());
    assert!(paused.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 800), "{:?}", paused.headers);
    assert!(cookie_of(&paused, "zhibiao_session").is_none());
    // Another account from the same address is not held up by it.
    assert_eq!(try_sign_in("审核员", "reviewer-pass-1", "zh").status, 303);
    // Accounts sprayed from one address: 20 failures and the address is paused for everyone.
    for i in 0..15 {
        assert_eq!(try_sign_in(&format!("nobody{i}"), "guess", "zh").status, 200);
    }
    let english = try_sign_in("审核员", "reviewer-pass-1", "en");
    assert_eq!(english.status, 429);
    assert!(english.text().contains("too many failed sign-ins: this account or address is paused, try again in 15 minute(s)"), "{}", english.text());
}

/// Evidence is checked by its content: a file that is not what its extension says, or a program,
/// is refused with a sentence naming it, and nothing of that upload is kept.
#[test]
fn evidence_is_checked_by_its_content() {
    let server = Server::start(None);
    let (_, tokens) = server.round();
    let jia = token_of(&tokens, "甲区");
    let send = |files: &[(&str, &[u8])]| {
        let mut parts: Vec<Part<'_>> = vec![("item", None, b"A1")];
        parts.extend(files.iter().map(|(name, bytes)| ("file", Some(*name), *bytes)));
        let (kind, body) = multipart(&parts);
        server.call("POST", &format!("/api/v1/unit/{jia}/evidence"), &[("Content-Type", &kind)], &body)
    };
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let refused = [
        ("台账.pdf", png, "台账.pdf 的内容是 PNG 文件,与扩展名 .pdf 不符: 请上传原文件或改正扩展名"),
        ("报告.pdf", b"MZ\x90\0\x03\0\0\0" as &[u8], "报告.pdf 是可执行程序,不能作为佐证材料上传"),
        ("照片.jpg", b"just some text", "照片.jpg 的内容不是 .jpg 文件(文件可能已损坏或被改名)"),
        ("setup.exe", b"hello", "setup.exe: 不接受这种文件作为佐证材料(可上传: pdf, png, jpg"),
    ];
    for (name, bytes, message) in refused {
        let reply = send(&[("现场照片.png", png), (name, bytes)]);
        assert_eq!(reply.status, 422, "{name}: {}", reply.text());
        let problems = reply.json()["problems"].clone();
        assert_eq!(problems.as_array().unwrap().len(), 1, "{problems}");
        assert!(problems[0]["message"].as_str().unwrap().starts_with(message), "{problems}");
        assert_eq!(problems[0]["place"], name);
    }
    let view = server.call("GET", &format!("/api/v1/unit/{jia}"), &[], b"").json();
    assert_eq!(view["items"][0]["evidence"], json!([]), "nothing of a refused upload kept");
    // In English too, and good files pass.
    let (kind, body) = multipart(&[("item", None, b"A1"), ("file", Some("a.png"), b"%PDF-1.7")]);
    let english = server.call("POST", &format!("/api/v1/unit/{jia}/evidence?lang=en"), &[("Content-Type", &kind)], &body);
    assert!(english.json()["error"].as_str().unwrap().contains("a.png holds a PDF file, not what its extension .png says"), "{}", english.text());
    let good = send(&[("现场照片.png", png), ("台账.pdf", b"%PDF-1.7\n%\xe2\xe3"), ("说明.txt", "情况说明".as_bytes())]);
    assert_eq!(good.status, 200, "{}", good.text());
    assert_eq!(server.call("GET", &format!("/api/v1/unit/{jia}"), &[], b"").json()["items"][0]["evidence"].as_array().unwrap().len(), 3);
}

/// A full disk: a write that finds no room gives the user a clear error, keeps nothing half
/// written, and the store stays readable and writable for what fits. An unprivileged test cannot
/// fill a disk or mount a small one, so a file-size limit (`ulimit -f`) stands in for it: SQLite
/// sees the same refused write (EFBIG where a full disk gives ENOSPC). SQLite only: PostgreSQL's
/// files are its server's.
#[test]
fn a_full_disk_is_a_clear_error_and_the_store_stays_readable() {
    let server = Server::start(None);
    let (id, tokens) = server.round();
    let jia = token_of(&tokens, "甲区");
    assert_eq!(save(&server, jia, json!([{ "code": "A1", "score": "9" }]), false).status, 200);
    let stored: u64 = walk(server.data.path()).iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
    let server = server.restart_with_file_limit(Some(stored + (1 << 20)));

    // 3 MiB of evidence does not fit.
    let mut photo = b"\x89PNG\r\n\x1a\n".to_vec();
    photo.resize(3 << 20, 7);
    let (kind, body) = multipart(&[("item", None, b"A2"), ("file", Some("现场照片.png"), &photo)]);
    let full = server.call("POST", &format!("/api/v1/unit/{jia}/evidence"), &[("Content-Type", &kind)], &body);
    assert_eq!(full.status, 507, "{}", full.text());
    assert_eq!(full.json()["error"], "服务器磁盘已满,本次提交未保存(已保存的内容不受影响): 请联系考核办腾出磁盘空间后重试");
    // The same on the unit's page, in English.
    let page = server.call("GET", &format!("/u/{jia}"), &[], b"").text();
    let (kind, body) = multipart(&[("csrf", None, csrf_in(&page).as_bytes()), ("item", None, b"A2"), ("file", Some("photo.png"), &photo)]);
    let full = server.call("POST", &format!("/u/{jia}/evidence?lang=en"), &[("Content-Type", &kind)], &body);
    assert_eq!(full.status, 507);
    assert!(full.text().contains("the server&#x27;s disk is full and this was not saved"), "{}", full.text());

    // Readable, and what fits is still written.
    assert_eq!(server.api("GET", &format!("/api/v1/rounds/{id}"), None).status, 200);
    assert_eq!(save(&server, jia, json!([{ "code": "A2", "score": "5" }]), false).status, 200);
    // Room again: everything answered 200 is there, nothing of the refused upload.
    let server = server.restart_with_file_limit(None);
    let view = server.call("GET", &format!("/api/v1/unit/{jia}"), &[], b"").json();
    assert_eq!((view["items"][0]["entry"]["score"].clone(), view["items"][1]["entry"]["score"].clone()), (json!("9"), json!("5")));
    assert_eq!(view["items"][1]["evidence"], json!([]));
    let export = tempfile::tempdir().unwrap();
    expect(zhibiao().args(["serve", "export", "--round", &id.to_string()]).args(server.store()).arg(export.path()), 0);
}
