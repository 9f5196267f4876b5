//! `zhibiao serve`: the office's collection service on its intranet. Units fill in by link, the
//! office watches the board, reviews, returns and approves, and downloads the result, computed by
//! the library's one pipeline from what the store holds (inputs and reviews, never results).
//!
//! Compiled only with the `serve` feature: the CLI and the page carry no web server. The library
//! knows nothing of this module; it calls `zhibiao::pipeline` like the other two front ends.
//!
//! - `store`: the database (SQLite by default, PostgreSQL by URL), the same SQL for both
//! - `auth`: passwords (argon2id), sessions, API tokens, unit and department tokens, the sign-in throttle
//! - `content`: what an evidence file is by its first bytes
//! - `round`: a round's files and the library's work on them (checks, uploads, results)
//! - `ops`: the operations, shared by the JSON API (`api`) and the pages (`pages`)

mod api;
mod auth;
mod content;
mod ops;
mod pages;
mod round;
mod store;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub use ops::State;
use store::Store;
use zhibiao::text::{self, Lang};

/// The largest request: a workbook or a few evidence files.
pub const MAX_BODY: usize = 32 << 20;
/// The most evidence files one request may bring.
pub const MAX_FILES: usize = 10;

/// Where the store is.
pub struct StoreAt<'a> {
    pub data: &'a Path,
    pub database: Option<&'a str>,
}

/// Opens the store, bringing its schema up to date.
pub fn open(at: &StoreAt<'_>) -> Result<(tokio::runtime::Runtime, Arc<Store>)> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let store = runtime.block_on(Store::open(at.data, at.database))?;
    Ok((runtime, Arc::new(store)))
}

/// Serves until stopped. The administrator's password is set first if there is none yet.
pub fn run(at: &StoreAt<'_>, listen: &str, admin_password: impl FnOnce() -> Result<String>) -> Result<()> {
    let (runtime, store) = open(at)?;
    runtime.block_on(async move {
        if !store.has_admin().await? {
            let password = admin_password()?;
            store.set_account(auth::ADMIN, auth::ADMIN, &auth::hash_password(&password)?).await?;
        }
        let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| text::serve_cannot_listen(listen))?;
        let address: SocketAddr = listener.local_addr()?;
        // The one line a script waits for (and a person opens); a closed stdout stops nothing.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", text::serve_listening(format!("http://{address}/"))).and_then(|()| out.flush());
        drop(out);
        let app = router(Arc::new(State::new(store)));
        // The peer's address, for the sign-in throttle.
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.ok().unwrap_or_default() }).await?;
        Ok(())
    })
}

/// Adds or resets an account of the office.
pub fn set_account(at: &StoreAt<'_>, name: &str, role: &str, password: &str) -> Result<()> {
    let (runtime, store) = open(at)?;
    runtime.block_on(async { store.set_account(name, role, &auth::hash_password(password)?).await })
}

/// Creates an administrator API token; the token itself is returned once and never stored.
pub fn new_api_token(at: &StoreAt<'_>, label: &str) -> Result<String> {
    let (runtime, store) = open(at)?;
    let token = auth::token();
    runtime.block_on(store.add_api_token(&auth::digest(&token), label))?;
    Ok(token)
}

/// A consistent copy of the store, taken while it runs.
pub fn backup(at: &StoreAt<'_>, to: &Path) -> Result<()> {
    let (runtime, store) = open(at)?;
    runtime.block_on(store.backup(to))
}

/// Writes a round as the CLI reads it: the tree, the scheme and one workbook per unit.
pub fn export(at: &StoreAt<'_>, round: i64, to: &Path) -> Result<Vec<PathBuf>> {
    let (runtime, store) = open(at)?;
    let state = State::new(store);
    runtime.block_on(async { ops::export(&state, text::lang(), round, to).await.map_err(|f| anyhow::anyhow!(f.message)) })
}

/// Reads a folder of returned workbooks into a round: each unit's values, as drafts.
pub fn import(at: &StoreAt<'_>, round: i64, from: &Path) -> Result<Vec<String>> {
    let (runtime, store) = open(at)?;
    let state = State::new(store);
    runtime.block_on(async { ops::import(&state, text::lang(), round, from).await.map_err(|f| anyhow::anyhow!(f.message)) })
}

fn router(state: Arc<State>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(hygiene))
        .with_state(state)
}

/// Headers on every answer: no script but the service's own file, no framing, no referrer (a
/// unit's link holds its token), no guessing of content types.
async fn hygiene(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The language of a request: `?lang=`, then the `zhibiao_lang` cookie, then Accept-Language.
pub fn lang_of(headers: &HeaderMap, query: Option<&str>) -> Lang {
    let named = |v: &str| Lang::ALL.iter().copied().find(|l| l.name() == v);
    let asked = query.and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang="))).and_then(named);
    let cookie = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).and_then(|c| auth::cookie(c, "zhibiao_lang")).and_then(named);
    let accepted = headers.get(header::ACCEPT_LANGUAGE).and_then(|a| a.to_str().ok()).filter(|a| a.trim_start().starts_with("en")).map(|_| Lang::En);
    asked.or(cookie).or(accepted).unwrap_or(Lang::Zh)
}

/// Why a request was refused: its status, a sentence, and the problems behind it.
#[derive(Debug)]
pub struct Fail {
    pub status: StatusCode,
    pub message: String,
    pub problems: Vec<ops::ProblemOut>,
}

impl Fail {
    pub fn new(status: StatusCode, message: String) -> Fail {
        Fail { status, message, problems: Vec::new() }
    }
}

impl From<anyhow::Error> for Fail {
    fn from(err: anyhow::Error) -> Fail {
        // The store's own words stay in the log; the answer says only that it failed, or that
        // the disk is full: then nothing of the request was written and the office can act.
        eprintln!("{}: {err:#}", text::error_prefix());
        if disk_full(&err) {
            return Fail::new(StatusCode::INSUFFICIENT_STORAGE, text::serve_disk_full());
        }
        Fail::new(StatusCode::INTERNAL_SERVER_ERROR, text::serve_internal())
    }
}

/// Whether a failed write failed for want of space: SQLite's SQLITE_FULL (13) or a write refused
/// (SQLITE_IOERR_WRITE, 778: no space, or a file-size limit), PostgreSQL's disk_full (53100), or
/// the system's ENOSPC / EFBIG on a file of its own.
fn disk_full(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let database = cause.downcast_ref::<sqlx::Error>().and_then(|e| e.as_database_error()).and_then(|d| d.code());
        let io = cause.downcast_ref::<std::io::Error>().and_then(std::io::Error::raw_os_error);
        database.is_some_and(|c| ["13", "778", "53100"].contains(&c.as_ref())) || io.is_some_and(|e| e == 28 || e == 27)
    })
}

impl From<sqlx::Error> for Fail {
    fn from(err: sqlx::Error) -> Fail {
        anyhow::Error::from(err).into()
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        (self.status, axum::Json(serde_json::json!({ "error": self.message, "problems": self.problems }))).into_response()
    }
}
