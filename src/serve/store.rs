//! The store: one small module over SQLite (the default, a file in the data folder) or PostgreSQL
//! (`--database postgres://…`), the same SQL for both through sqlx's runtime queries (no database
//! is needed to build). It holds inputs and reviews only: the tree and the scheme as uploaded, each
//! unit's values, reviews, evidence by content hash, and the history of every value. Results are
//! never stored; they are computed again by the library's pipeline.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use tokio::sync::Mutex;

use zhibiao::text;

/// The schema this build reads and writes; a store written by a newer one is refused.
pub const SCHEMA_VERSION: i64 = 2;

/// Each migration brings the schema from its index to the next version. `{serial}` and `{blob}` are
/// the two words the databases spell differently.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE api_tokens (hash TEXT PRIMARY KEY, label TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE sessions (hash TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name), csrf TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, bytes {blob} NOT NULL);
CREATE TABLE rounds (id {serial}, name TEXT NOT NULL, deadline TEXT NOT NULL, tree_name TEXT NOT NULL,
  tree_sha TEXT NOT NULL REFERENCES blobs(sha256), scheme_name TEXT NOT NULL, scheme_sha TEXT NOT NULL, created BIGINT NOT NULL);
CREATE TABLE units (round_id BIGINT NOT NULL REFERENCES rounds(id), name TEXT NOT NULL, grp TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE, csrf TEXT NOT NULL, status TEXT NOT NULL, version BIGINT NOT NULL, comment TEXT NOT NULL,
  changed BIGINT NOT NULL, PRIMARY KEY (round_id, name));
CREATE TABLE entries (round_id BIGINT NOT NULL, unit TEXT NOT NULL, code TEXT NOT NULL, score TEXT NOT NULL, note TEXT NOT NULL,
  verified TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (round_id, unit, code),
  FOREIGN KEY (round_id, unit) REFERENCES units(round_id, name));
CREATE TABLE history (id {serial}, round_id BIGINT NOT NULL, unit TEXT NOT NULL, code TEXT NOT NULL, field TEXT NOT NULL,
  old TEXT NOT NULL, new TEXT NOT NULL, who TEXT NOT NULL, at BIGINT NOT NULL, version BIGINT NOT NULL);
CREATE TABLE evidence (round_id BIGINT NOT NULL, unit TEXT NOT NULL, code TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  file_name TEXT NOT NULL, PRIMARY KEY (round_id, unit, code, sha256));
CREATE TABLE log (id {serial}, at BIGINT NOT NULL, who TEXT NOT NULL, round_id BIGINT NOT NULL, unit TEXT NOT NULL,
  action TEXT NOT NULL, detail TEXT NOT NULL);
",
    "
CREATE TABLE departments (round_id BIGINT NOT NULL REFERENCES rounds(id), name TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
  csrf TEXT NOT NULL, PRIMARY KEY (round_id, name));
CREATE TABLE department_returns (round_id BIGINT NOT NULL, unit TEXT NOT NULL, department TEXT NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (round_id, unit, department), FOREIGN KEY (round_id, unit) REFERENCES units(round_id, name));
ALTER TABLE rounds ADD COLUMN previous_name TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN previous_sha TEXT NOT NULL DEFAULT '';
",
];

/// Where a unit's return stands (未开始 / 草稿 / 已提交 / 已退回 / 已核定).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    None,
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::None, Status::Draft, Status::Submitted, Status::Returned, Status::Approved];

    pub fn name(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
        }
    }

    fn of(name: &str) -> Status {
        Status::ALL.into_iter().find(|s| s.name() == name).unwrap_or(Status::None)
    }

    /// Whether the unit may still change its values.
    pub fn open(self) -> bool {
        matches!(self, Status::None | Status::Draft | Status::Returned)
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Round {
    pub id: i64,
    pub name: String,
    pub deadline: String,
    pub tree_name: String,
    #[serde(skip)]
    pub tree_sha: String,
    pub scheme_name: String,
    #[serde(skip)]
    pub scheme_sha: String,
    /// Last year's result workbook (the file `score --previous` reads), if the round was given one.
    pub previous_name: String,
    #[serde(skip)]
    pub previous_sha: String,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Unit {
    pub round_id: i64,
    pub name: String,
    pub group: String,
    #[serde(skip)]
    pub token: String,
    #[serde(skip)]
    pub csrf: String,
    pub status: Status,
    /// Submissions so far (提交 makes a version).
    pub version: i64,
    /// The office's comment when it returned the unit's values (退回).
    pub comment: String,
    /// Unix seconds of the last change.
    pub changed: i64,
}

/// A responsible department (责任单位) of a round, with its own link: it answers the items it
/// leads (牵头) in every unit's return.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Department {
    pub round_id: i64,
    pub name: String,
    #[serde(skip)]
    pub token: String,
    #[serde(skip)]
    pub csrf: String,
}

/// Who writes a unit's values: the unit or the office, moving it to a status; or a department
/// saving or submitting its items, after which the unit is 已提交 once every department in
/// `all` has submitted and the whole return is `complete` (nothing blank or wrong).
pub enum Writer<'a> {
    To(Status, &'a str),
    Department { name: &'a str, submit: bool, all: &'a [String], complete: bool },
}

/// One item's values: as typed, never parsed here (the reader checks them).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub code: String,
    #[serde(default)]
    pub score: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub verified: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Change {
    pub code: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub who: String,
    pub at: i64,
    pub version: i64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Evidence {
    pub code: String,
    pub sha256: String,
    pub file_name: String,
}

pub struct Store {
    pool: AnyPool,
    sqlite: bool,
    /// One writer at a time: SQLite allows one, and a deferred transaction upgraded under another
    /// writer fails at once rather than waiting.
    writer: Mutex<()>,
}

pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Opens the store (SQLite in `data` unless a URL is given) and brings its schema up to date.
    pub async fn open(data: &Path, url: Option<&str>) -> Result<Store> {
        install_default_drivers();
        let url = match url {
            Some(url) => url.to_string(),
            None => {
                std::fs::create_dir_all(data).with_context(|| text::serve_cannot_create(data.display()))?;
                format!("sqlite://{}?mode=rwc", data.join("zhibiao.sqlite").display())
            }
        };
        let sqlite = url.starts_with("sqlite:");
        if !sqlite && !url.starts_with("postgres:") && !url.starts_with("postgresql:") {
            bail!(text::serve_bad_database(&url));
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 4 } else { 8 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // WAL: readers never wait for the writer; FULL: an answered write survives a kill -9.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .with_context(|| text::serve_cannot_open_store(redacted(&url)))?;
        let store = Store { pool, sqlite, writer: Mutex::new(()) };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        let _w = self.writer.lock().await;
        self.pool.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)").await?;
        let version: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = 'schema_version'").fetch_optional(&self.pool).await?;
        let version: i64 = version.and_then(|(v,)| v.parse().ok()).unwrap_or(0);
        if version > SCHEMA_VERSION {
            bail!(text::serve_newer_schema(version, SCHEMA_VERSION));
        }
        for (from, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let (serial, blob) = if self.sqlite { ("INTEGER PRIMARY KEY", "BLOB") } else { ("BIGSERIAL PRIMARY KEY", "BYTEA") };
            let sql = sql.replace("{serial}", serial).replace("{blob}", blob);
            let mut tx = self.pool.begin().await?;
            for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                tx.execute(statement).await?;
            }
            let to = (from + 1).to_string();
            sqlx::query("DELETE FROM meta WHERE key = 'schema_version'").execute(&mut *tx).await?;
            sqlx::query("INSERT INTO meta (key, value) VALUES ('schema_version', $1)").bind(to).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// A consistent copy of a SQLite store, taken while it runs.
    pub async fn backup(&self, to: &Path) -> Result<()> {
        if !self.sqlite {
            bail!(text::serve_backup_postgres());
        }
        if to.exists() {
            bail!(text::serve_backup_exists(to.display()));
        }
        sqlx::query("VACUUM INTO $1").bind(to.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    // ---- accounts, tokens, sessions -------------------------------------------------------

    pub async fn has_admin(&self) -> Result<bool> {
        let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE role = 'admin'").fetch_one(&self.pool).await?;
        Ok(n.0 > 0)
    }

    /// Adds an account, or sets the password and role of one already there.
    pub async fn set_account(&self, name: &str, role: &str, hash: &str) -> Result<()> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE account = $1").bind(name).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM accounts WHERE name = $1").bind(name).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO accounts (name, role, hash, created) VALUES ($1, $2, $3, $4)")
            .bind(name)
            .bind(role)
            .bind(hash)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The role and password hash of an account.
    pub async fn account(&self, name: &str) -> Result<Option<(String, String)>> {
        Ok(sqlx::query_as("SELECT role, hash FROM accounts WHERE name = $1").bind(name).fetch_optional(&self.pool).await?)
    }

    pub async fn accounts(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT name, role FROM accounts ORDER BY name").fetch_all(&self.pool).await?)
    }

    pub async fn add_api_token(&self, hash: &str, label: &str) -> Result<()> {
        let _w = self.writer.lock().await;
        sqlx::query("INSERT INTO api_tokens (hash, label, created) VALUES ($1, $2, $3)")
            .bind(hash)
            .bind(label)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn api_token(&self, hash: &str) -> Result<Option<String>> {
        let label: Option<(String,)> = sqlx::query_as("SELECT label FROM api_tokens WHERE hash = $1").bind(hash).fetch_optional(&self.pool).await?;
        Ok(label.map(|(l,)| l))
    }

    pub async fn add_session(&self, hash: &str, account: &str, csrf: &str) -> Result<()> {
        let _w = self.writer.lock().await;
        sqlx::query("INSERT INTO sessions (hash, account, csrf, created) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(account)
            .bind(csrf)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account, role and CSRF token of a session younger than `max_age` seconds.
    pub async fn session(&self, hash: &str, max_age: i64) -> Result<Option<(String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT s.account, a.role, s.csrf FROM sessions s JOIN accounts a ON a.name = s.account WHERE s.hash = $1 AND s.created > $2",
        )
        .bind(hash)
        .bind(now() - max_age)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn end_session(&self, hash: &str) -> Result<()> {
        let _w = self.writer.lock().await;
        sqlx::query("DELETE FROM sessions WHERE hash = $1").bind(hash).execute(&self.pool).await?;
        Ok(())
    }

    // ---- files ----------------------------------------------------------------------------

    /// Stores bytes once under their SHA-256; the hash is the file's only name in the store.
    pub async fn put_blob(&self, bytes: &[u8]) -> Result<String> {
        let sha = sha256_hex(bytes);
        let _w = self.writer.lock().await;
        sqlx::query("INSERT INTO blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
            .bind(&sha)
            .bind(bytes.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(sha)
    }

    pub async fn blob(&self, sha: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT bytes FROM blobs WHERE sha256 = $1").bind(sha).fetch_optional(&self.pool).await?;
        Ok(row.map(|(b,)| b))
    }

    // ---- rounds and units -----------------------------------------------------------------

    /// Creates a round with its units (name, group, token, CSRF token) and departments (name,
    /// token, CSRF token).
    pub async fn create_round(
        &self,
        round: &Round,
        units: &[(String, String, String, String)],
        departments: &[(String, String, String)],
    ) -> Result<i64> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO rounds (name, deadline, tree_name, tree_sha, scheme_name, scheme_sha, previous_name, previous_sha, created)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&round.name)
        .bind(&round.deadline)
        .bind(&round.tree_name)
        .bind(&round.tree_sha)
        .bind(&round.scheme_name)
        .bind(&round.scheme_sha)
        .bind(&round.previous_name)
        .bind(&round.previous_sha)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for (name, group, token, csrf) in units {
            sqlx::query(
                "INSERT INTO units (round_id, name, grp, token, csrf, status, version, comment, changed) VALUES ($1, $2, $3, $4, $5, 'none', 0, '', $6)",
            )
            .bind(id)
            .bind(name)
            .bind(group)
            .bind(token)
            .bind(csrf)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        for (name, token, csrf) in departments {
            add_department(&mut tx, id, name, token, csrf).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a round's tree and scheme, unless a unit has returned anything: from the first
    /// return on they are fixed (a new version of the tree is a new round). Whether it was done.
    /// The departments are those of the new tree: the ones it keeps keep their links.
    pub async fn replace_files(&self, id: i64, tree: (&str, &str), scheme: (&str, &str), departments: &[(String, String, String)]) -> Result<bool> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE rounds SET tree_name = $1, tree_sha = $2, scheme_name = $3, scheme_sha = $4 WHERE id = $5
             AND NOT EXISTS (SELECT 1 FROM units WHERE round_id = $5 AND status <> 'none')",
        )
        .bind(tree.0)
        .bind(tree.1)
        .bind(scheme.0)
        .bind(scheme.1)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let kept: Vec<(String,)> = sqlx::query_as("SELECT name FROM departments WHERE round_id = $1").bind(id).fetch_all(&mut *tx).await?;
        for (name,) in &kept {
            if departments.iter().all(|d| &d.0 != name) {
                sqlx::query("DELETE FROM departments WHERE round_id = $1 AND name = $2").bind(id).bind(name).execute(&mut *tx).await?;
            }
        }
        for (name, token, csrf) in departments.iter().filter(|d| kept.iter().all(|k| k.0 != d.0)) {
            add_department(&mut tx, id, name, token, csrf).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn departments(&self, round: i64) -> Result<Vec<Department>> {
        let rows: Vec<DepartmentRow> =
            sqlx::query_as(&format!("{DEPARTMENT_SELECT} WHERE round_id = $1 ORDER BY name")).bind(round).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Department::from).collect())
    }

    /// The department a link's token opens; a revoked or reissued token opens none.
    pub async fn department_by_token(&self, token: &str) -> Result<Option<Department>> {
        let row: Option<DepartmentRow> =
            sqlx::query_as(&format!("{DEPARTMENT_SELECT} WHERE token = $1")).bind(token).fetch_optional(&self.pool).await?;
        Ok(row.map(Department::from))
    }

    /// Gives a department a new link token (the old one stops working); whether it has one.
    pub async fn set_department_token(&self, round: i64, name: &str, token: &str, who: &str, action: &str) -> Result<bool> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE departments SET token = $1 WHERE round_id = $2 AND name = $3")
            .bind(token)
            .bind(round)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        log(&mut tx, who, round, "", action, name).await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The departments that have submitted each unit's items, by unit.
    pub async fn department_returns(&self, round: i64) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT unit, department FROM department_returns WHERE round_id = $1 ORDER BY department")
            .bind(round)
            .fetch_all(&self.pool)
            .await?;
        let mut by_unit: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for (unit, department) in rows {
            by_unit.entry(unit).or_default().push(department);
        }
        Ok(by_unit)
    }

    pub async fn rounds(&self) -> Result<Vec<Round>> {
        let rows: Vec<RoundRow> = sqlx::query_as(ROUND_SELECT).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Round::from).collect())
    }

    pub async fn round(&self, id: i64) -> Result<Option<Round>> {
        let row: Option<RoundRow> = sqlx::query_as(&format!("{ROUND_SELECT} WHERE id = $1")).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(Round::from))
    }

    pub async fn units(&self, round: i64) -> Result<Vec<Unit>> {
        let rows: Vec<UnitRow> =
            sqlx::query_as(&format!("{UNIT_SELECT} WHERE round_id = $1 ORDER BY grp, name")).bind(round).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(Unit::from).collect())
    }

    pub async fn unit(&self, round: i64, name: &str) -> Result<Option<Unit>> {
        let row: Option<UnitRow> =
            sqlx::query_as(&format!("{UNIT_SELECT} WHERE round_id = $1 AND name = $2")).bind(round).bind(name).fetch_optional(&self.pool).await?;
        Ok(row.map(Unit::from))
    }

    /// The unit a link's token opens; a revoked or reissued token opens none.
    pub async fn unit_by_token(&self, token: &str) -> Result<Option<Unit>> {
        let row: Option<UnitRow> = sqlx::query_as(&format!("{UNIT_SELECT} WHERE token = $1")).bind(token).fetch_optional(&self.pool).await?;
        Ok(row.map(Unit::from))
    }

    /// Gives a unit a new link token (the old one stops working).
    pub async fn set_token(&self, round: i64, unit: &str, token: &str, who: &str, action: &str) -> Result<()> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE units SET token = $1 WHERE round_id = $2 AND name = $3").bind(token).bind(round).bind(unit).execute(&mut *tx).await?;
        log(&mut tx, who, round, unit, action, "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// How many items each unit of a round has answered (a self-score, a number or 不涉及).
    pub async fn answered(&self, round: i64) -> Result<std::collections::HashMap<String, usize>> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT unit, COUNT(*) FROM entries WHERE round_id = $1 AND score <> '' GROUP BY unit")
            .bind(round)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(u, n)| (u, n as usize)).collect())
    }

    /// How many units answered each item (a self-score, a number or 不涉及).
    pub async fn answered_items(&self, round: i64) -> Result<std::collections::HashMap<String, usize>> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT code, COUNT(*) FROM entries WHERE round_id = $1 AND score <> '' GROUP BY code")
            .bind(round)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(c, n)| (c, n as usize)).collect())
    }

    pub async fn entries(&self, round: i64, unit: &str) -> Result<Vec<Entry>> {
        let rows: Vec<(String, String, String, String, String)> =
            sqlx::query_as("SELECT code, score, note, verified, reason FROM entries WHERE round_id = $1 AND unit = $2")
                .bind(round)
                .bind(unit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(code, score, note, verified, reason)| Entry { code, score, note, verified, reason }).collect())
    }

    /// Writes a unit's changed values, each change into the history, and its new status, in one
    /// transaction; `expect` guards against a status changed since the caller looked (a unit
    /// writing while the office approves). Whether it was written.
    pub async fn write_entries(&self, unit: &Unit, entries: &[Entry], who: &str, by: Writer<'_>, expect: &[Status]) -> Result<bool> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let current: Option<(String, i64)> = sqlx::query_as("SELECT status, version FROM units WHERE round_id = $1 AND name = $2")
            .bind(unit.round_id)
            .bind(&unit.name)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((current, version)) = current else { return Ok(false) };
        let current = Status::of(&current);
        if !expect.contains(&current) {
            return Ok(false);
        }
        let (status, action) = match by {
            Writer::To(status, action) => (status, action),
            Writer::Department { name, submit, all, complete } => {
                if submit {
                    sqlx::query("DELETE FROM department_returns WHERE round_id = $1 AND unit = $2 AND department = $3")
                        .bind(unit.round_id)
                        .bind(&unit.name)
                        .bind(name)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("INSERT INTO department_returns (round_id, unit, department, at) VALUES ($1, $2, $3, $4)")
                        .bind(unit.round_id)
                        .bind(&unit.name)
                        .bind(name)
                        .bind(now())
                        .execute(&mut *tx)
                        .await?;
                }
                let done: Vec<(String,)> = sqlx::query_as("SELECT department FROM department_returns WHERE round_id = $1 AND unit = $2")
                    .bind(unit.round_id)
                    .bind(&unit.name)
                    .fetch_all(&mut *tx)
                    .await?;
                // The unit's return is in once every department has submitted its items.
                let complete = complete && all.iter().all(|d| done.iter().any(|(x,)| x == d));
                match (submit && complete, current) {
                    (true, _) => (Status::Submitted, "submit"),
                    (false, Status::Returned) => (Status::Returned, if submit { "department-submit" } else { "save" }),
                    (false, _) => (Status::Draft, if submit { "department-submit" } else { "save" }),
                }
            }
        };
        let old: Vec<(String, String, String, String, String)> =
            sqlx::query_as("SELECT code, score, note, verified, reason FROM entries WHERE round_id = $1 AND unit = $2")
                .bind(unit.round_id)
                .bind(&unit.name)
                .fetch_all(&mut *tx)
                .await?;
        let at = now();
        // Only what changed is written, each statement many rows: a round trip per row made a
        // PostgreSQL submission of 112 items take 450 of them.
        let mut changed: Vec<&Entry> = Vec::new();
        let mut history: Vec<[Bind<'_>; 9]> = Vec::new();
        for entry in entries {
            let before = old.iter().find(|o| o.0 == entry.code);
            let before = before.map_or(["", "", "", ""], |(_, score, note, verified, reason)| [score.as_str(), note, verified, reason]);
            let now = [entry.score.as_str(), &entry.note, &entry.verified, &entry.reason];
            if before == now {
                continue;
            }
            changed.push(entry);
            for ((field, old), new) in ["score", "note", "verified", "reason"].into_iter().zip(before).zip(now) {
                if old != new {
                    use Bind::{Int, Text};
                    history.push([
                        Int(unit.round_id),
                        Text(&unit.name),
                        Text(&entry.code),
                        Text(field),
                        Text(old),
                        Text(new),
                        Text(who),
                        Int(at),
                        Int(version),
                    ]);
                }
            }
        }
        for chunk in changed.chunks(ROWS_A_STATEMENT) {
            let codes: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
            let sql = format!("DELETE FROM entries WHERE round_id = $1 AND unit = $2 AND code IN ({})", codes.join(", "));
            let mut delete = sqlx::query(&sql).bind(unit.round_id).bind(&unit.name);
            for e in chunk {
                delete = delete.bind(&e.code);
            }
            delete.execute(&mut *tx).await?;
        }
        let rows: Vec<[Bind<'_>; 7]> = changed
            .iter()
            .map(|e| {
                use Bind::{Int, Text};
                [Int(unit.round_id), Text(&unit.name), Text(&e.code), Text(&e.score), Text(&e.note), Text(&e.verified), Text(&e.reason)]
            })
            .collect();
        insert(&mut tx, "entries (round_id, unit, code, score, note, verified, reason)", &rows).await?;
        insert(&mut tx, "history (round_id, unit, code, field, old, new, who, at, version)", &history).await?;
        let version = version + i64::from(status == Status::Submitted && action == "submit");
        sqlx::query("UPDATE units SET status = $1, version = $2, changed = $3 WHERE round_id = $4 AND name = $5")
            .bind(status.name())
            .bind(version)
            .bind(at)
            .bind(unit.round_id)
            .bind(&unit.name)
            .execute(&mut *tx)
            .await?;
        log(&mut tx, who, unit.round_id, &unit.name, action, "").await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Moves a unit from one of `expect` to `status` (退回 with its comment, 核定, unlock), logged.
    pub async fn set_status(&self, unit: &Unit, status: Status, expect: &[Status], comment: &str, who: &str, action: &str) -> Result<bool> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let current: Option<(String,)> = sqlx::query_as("SELECT status FROM units WHERE round_id = $1 AND name = $2")
            .bind(unit.round_id)
            .bind(&unit.name)
            .fetch_optional(&mut *tx)
            .await?;
        if !current.is_some_and(|(c,)| expect.contains(&Status::of(&c))) {
            return Ok(false);
        }
        if status == Status::Returned {
            // Returned: every department answers again.
            sqlx::query("DELETE FROM department_returns WHERE round_id = $1 AND unit = $2")
                .bind(unit.round_id)
                .bind(&unit.name)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE units SET status = $1, comment = $2, changed = $3 WHERE round_id = $4 AND name = $5")
            .bind(status.name())
            .bind(comment)
            .bind(now())
            .bind(unit.round_id)
            .bind(&unit.name)
            .execute(&mut *tx)
            .await?;
        log(&mut tx, who, unit.round_id, &unit.name, action, comment).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn history(&self, round: i64, unit: &str) -> Result<Vec<Change>> {
        let rows: Vec<(String, String, String, String, String, i64, i64)> =
            sqlx::query_as("SELECT code, field, old, new, who, at, version FROM history WHERE round_id = $1 AND unit = $2 ORDER BY id")
                .bind(round)
                .bind(unit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(code, field, old, new, who, at, version)| Change { code, field, old, new, who, at, version }).collect())
    }

    /// The log of a round's actions (submissions, returns, approvals, unlocks, links).
    pub async fn log(&self, round: i64) -> Result<Vec<(i64, String, String, String, String)>> {
        Ok(sqlx::query_as("SELECT at, who, unit, action, detail FROM log WHERE round_id = $1 ORDER BY id").bind(round).fetch_all(&self.pool).await?)
    }

    // ---- evidence -------------------------------------------------------------------------

    /// Attaches a stored file to items of a unit (once per item however often it is sent).
    pub async fn attach(&self, unit: &Unit, sha: &str, file_name: &str, codes: &[String]) -> Result<()> {
        let _w = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        for code in codes {
            sqlx::query(
                "INSERT INTO evidence (round_id, unit, code, sha256, file_name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, unit, code, sha256) DO NOTHING",
            )
            .bind(unit.round_id)
            .bind(&unit.name)
            .bind(code)
            .bind(sha)
            .bind(file_name)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn evidence(&self, round: i64, unit: &str) -> Result<Vec<Evidence>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT code, sha256, file_name FROM evidence WHERE round_id = $1 AND unit = $2 ORDER BY code, file_name")
                .bind(round)
                .bind(unit)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(code, sha256, file_name)| Evidence { code, sha256, file_name }).collect())
    }
}

/// Rows a statement holds at most: SQLite binds at most 32,766 values in one.
const ROWS_A_STATEMENT: usize = 500;

/// A value bound to a statement.
enum Bind<'a> {
    Int(i64),
    Text(&'a str),
}

/// Inserts rows into `table (columns)`, many a statement.
async fn insert<const N: usize>(tx: &mut sqlx::Transaction<'_, sqlx::Any>, table: &str, rows: &[[Bind<'_>; N]]) -> Result<()> {
    for chunk in rows.chunks(ROWS_A_STATEMENT) {
        let values: Vec<String> =
            (0..chunk.len()).map(|r| format!("({})", (1..=N).map(|c| format!("${}", r * N + c)).collect::<Vec<_>>().join(", "))).collect();
        let sql = format!("INSERT INTO {table} VALUES {}", values.join(", "));
        let mut query = sqlx::query(&sql);
        for value in chunk.iter().flatten() {
            query = match value {
                Bind::Int(i) => query.bind(*i),
                Bind::Text(t) => query.bind(*t),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn add_department(tx: &mut sqlx::Transaction<'_, sqlx::Any>, round: i64, name: &str, token: &str, csrf: &str) -> Result<()> {
    sqlx::query("INSERT INTO departments (round_id, name, token, csrf) VALUES ($1, $2, $3, $4)")
        .bind(round)
        .bind(name)
        .bind(token)
        .bind(csrf)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn log(tx: &mut sqlx::Transaction<'_, sqlx::Any>, who: &str, round: i64, unit: &str, action: &str, detail: &str) -> Result<()> {
    sqlx::query("INSERT INTO log (at, who, round_id, unit, action, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now())
        .bind(who)
        .bind(round)
        .bind(unit)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A database URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_string(),
    }
}

const ROUND_SELECT: &str = "SELECT id, name, deadline, tree_name, tree_sha, scheme_name, scheme_sha, previous_name, previous_sha FROM rounds";
type RoundRow = (i64, String, String, String, String, String, String, String, String);

impl From<RoundRow> for Round {
    fn from((id, name, deadline, tree_name, tree_sha, scheme_name, scheme_sha, previous_name, previous_sha): RoundRow) -> Round {
        Round { id, name, deadline, tree_name, tree_sha, scheme_name, scheme_sha, previous_name, previous_sha }
    }
}

const DEPARTMENT_SELECT: &str = "SELECT round_id, name, token, csrf FROM departments";
type DepartmentRow = (i64, String, String, String);

impl From<DepartmentRow> for Department {
    fn from((round_id, name, token, csrf): DepartmentRow) -> Department {
        Department { round_id, name, token, csrf }
    }
}

const UNIT_SELECT: &str = "SELECT round_id, name, grp, token, csrf, status, version, comment, changed FROM units";
type UnitRow = (i64, String, String, String, String, String, i64, String, i64);

impl From<UnitRow> for Unit {
    fn from((round_id, name, group, token, csrf, status, version, comment, changed): UnitRow) -> Unit {
        Unit { round_id, name, group, token, csrf, status: Status::of(&status), version, comment, changed }
    }
}
