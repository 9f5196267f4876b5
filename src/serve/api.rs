//! The JSON API under `/api/v1`: every operation of the pages, for the office's scripts. The
//! office's routes take an administrator API token (`Authorization: Bearer …`, made by `zhibiao
//! serve token`); a unit's routes take its link's token in the path, and see only that unit.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, RawQuery, State as Shared};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::{self, Office};
use super::ops::{self, NewRound, Review, State, Values};
use super::{Fail, lang_of};
use zhibiao::pipeline::RunOptions;
use zhibiao::text;

type Api<T = Json<Value>> = Result<T, Fail>;

pub fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/api/v1/rounds", post(create_round).get(rounds))
        .route("/api/v1/rounds/{id}", get(board))
        .route("/api/v1/rounds/{id}/files", post(replace_files))
        .route("/api/v1/rounds/{id}/links", get(links))
        .route("/api/v1/rounds/{id}/departments", get(department_links))
        .route("/api/v1/rounds/{id}/departments/{name}/{action}", post(department_link))
        .route("/api/v1/rounds/{id}/result.xlsx", get(result).post(result))
        .route("/api/v1/rounds/{id}/units/{unit}", get(unit))
        .route("/api/v1/rounds/{id}/units/{unit}/review", post(review))
        .route("/api/v1/rounds/{id}/units/{unit}/history", get(history))
        .route("/api/v1/rounds/{id}/units/{unit}/{action}", post(decide))
        .route("/api/v1/reviewers", post(add_reviewer))
        .route("/api/v1/unit/{token}", get(own).put(save))
        .route("/api/v1/unit/{token}/upload", post(upload))
        .route("/api/v1/unit/{token}/evidence", post(evidence))
        .route("/api/v1/unit/{token}/template.xlsx", get(template))
        .route("/api/v1/department/{token}", get(department))
        .route("/api/v1/department/{token}/units/{unit}", get(department_unit).put(department_save))
}

/// The office behind an API token: the administrator, or a refusal.
async fn office(state: &State, headers: &HeaderMap) -> Result<Office, Fail> {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| h.strip_prefix("Bearer ")).map(str::trim);
    let refused = || Fail::new(StatusCode::UNAUTHORIZED, text::serve_unauthorized());
    let token = bearer.ok_or_else(refused)?;
    let label = state.store.api_token(&auth::digest(token)).await?.ok_or_else(refused)?;
    Ok(Office { name: format!("token:{label}"), admin: true, csrf: None })
}

/// A multipart form's parts: name, file name (for files) and bytes; files counted and limited.
pub async fn parts(mut form: Multipart) -> Result<Vec<(String, Option<String>, Vec<u8>)>, Fail> {
    let mut parts = Vec::new();
    let too_large = |e: axum::extract::multipart::MultipartError| Fail::new(e.status(), text::serve_too_large(super::MAX_BODY >> 20));
    while let Some(field) = form.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(too_large)?.to_vec();
        parts.push((name, file, bytes));
        if parts.iter().filter(|p| p.1.is_some()).count() > super::MAX_FILES + 2 {
            return Err(Fail::new(StatusCode::PAYLOAD_TOO_LARGE, text::serve_file_count(super::MAX_FILES)));
        }
    }
    Ok(parts)
}

fn field(parts: &[(String, Option<String>, Vec<u8>)], name: &str) -> Option<String> {
    parts.iter().find(|p| p.0 == name).map(|p| String::from_utf8_lossy(&p.2).into_owned())
}

fn file(parts: &[(String, Option<String>, Vec<u8>)], name: &str) -> Option<(String, Vec<u8>)> {
    parts.iter().find(|p| p.0 == name && !p.2.is_empty()).map(|p| (p.1.clone().unwrap_or_else(|| name.to_string()), p.2.clone()))
}

/// A round from multipart parts: `name`, `deadline`, `tree` (file), `scheme` (file, optional),
/// `units` (text or file: `name,group` a line).
pub fn new_round(parts: &[(String, Option<String>, Vec<u8>)]) -> Result<NewRound, Fail> {
    let missing = |what: &str| Fail::new(StatusCode::UNPROCESSABLE_ENTITY, text::serve_missing_field(what));
    Ok(NewRound {
        name: field(parts, "name").filter(|n| !n.trim().is_empty()).ok_or_else(|| missing("name"))?.trim().to_string(),
        deadline: field(parts, "deadline").unwrap_or_default().trim().to_string(),
        tree: file(parts, "tree").ok_or_else(|| missing("tree"))?,
        scheme: file(parts, "scheme"),
        units: field(parts, "units").ok_or_else(|| missing("units"))?,
        previous: file(parts, "previous"),
    })
}

async fn create_round(Shared(state): Shared<Arc<State>>, headers: HeaderMap, RawQuery(q): RawQuery, form: Multipart) -> Api<Response> {
    office(&state, &headers).await?;
    let new = new_round(&parts(form).await?)?;
    let id = ops::create_round(&state, lang_of(&headers, q.as_deref()), new).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

async fn rounds(Shared(state): Shared<Arc<State>>, headers: HeaderMap) -> Api {
    office(&state, &headers).await?;
    Ok(Json(json!({ "rounds": state.store.rounds().await? })))
}

#[derive(Deserialize)]
struct BoardQuery {
    group: Option<String>,
    date: Option<String>,
}

async fn board(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
    Query(b): Query<BoardQuery>,
) -> Api {
    office(&state, &headers).await?;
    let board = ops::board(&state, lang_of(&headers, q.as_deref()), id, b.group.as_deref()).await?;
    Ok(Json(serde_json::to_value(board).map_err(anyhow::Error::from)?))
}

async fn replace_files(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>, RawQuery(q): RawQuery, form: Multipart) -> Api {
    office(&state, &headers).await?;
    let parts = parts(form).await?;
    let tree = file(&parts, "tree").ok_or_else(|| Fail::new(StatusCode::UNPROCESSABLE_ENTITY, text::serve_missing_field("tree")))?;
    ops::replace_files(&state, lang_of(&headers, q.as_deref()), id, tree, file(&parts, "scheme")).await?;
    Ok(Json(json!({ "ok": true })))
}

async fn links(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>) -> Api {
    office(&state, &headers).await?;
    Ok(Json(json!({ "links": ops::links(&state, id).await? })))
}

/// The result workbook: `GET …?date=2025-01-31`, or `POST` with the run's options as JSON, named as
/// the command line's flags and the page's settings (`{"threshold": "95", "order": "strokes"}`).
async fn result(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
    Query(b): Query<BoardQuery>,
    body: axum::body::Bytes,
) -> Api<Response> {
    office(&state, &headers).await?;
    let options = if body.is_empty() {
        RunOptions { date: b.date, ..RunOptions::default() }
    } else {
        serde_json::from_slice(&body).map_err(|e| Fail::new(StatusCode::UNPROCESSABLE_ENTITY, text::serve_bad_options(e)))?
    };
    let bytes = ops::result(&state, lang_of(&headers, q.as_deref()), id, options).await?;
    Ok(xlsx("result.xlsx", bytes))
}

/// A workbook to download.
pub fn xlsx(name: &str, bytes: Vec<u8>) -> Response {
    download(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes)
}

/// A file to download under a name the browser is told (percent-encoded, RFC 5987).
pub fn download(name: &str, kind: &str, bytes: Vec<u8>) -> Response {
    let encoded: String =
        name.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename*=UTF-8''{encoded}"))], bytes)
        .into_response()
}

async fn unit(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path((id, name)): Path<(i64, String)>, RawQuery(q): RawQuery) -> Api {
    office(&state, &headers).await?;
    let unit = ops::office_unit(&state, id, &name).await?;
    let view = ops::unit_view(&state, lang_of(&headers, q.as_deref()), unit, Vec::new(), None).await?;
    Ok(Json(serde_json::to_value(view).map_err(anyhow::Error::from)?))
}

#[derive(Deserialize)]
struct Reviews {
    items: Vec<Review>,
}

async fn review(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((id, name)): Path<(i64, String)>,
    RawQuery(q): RawQuery,
    Json(body): Json<Reviews>,
) -> Api {
    let who = office(&state, &headers).await?;
    let unit = ops::office_unit(&state, id, &name).await?;
    let problems = ops::review(&state, lang_of(&headers, q.as_deref()), &unit, body.items, &who.name).await?;
    Ok(Json(json!({ "ok": true, "problems": problems })))
}

/// Every value's changes, and each version against the one before as `zhibiao diff` compares them.
async fn history(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path((id, name)): Path<(i64, String)>, RawQuery(q): RawQuery) -> Api {
    office(&state, &headers).await?;
    let history = ops::history(&state, id, &name).await?;
    let unit = ops::office_unit(&state, id, &name).await?;
    let versions = ops::version_diffs(&state, lang_of(&headers, q.as_deref()), &unit).await?;
    Ok(Json(json!({ "history": history, "versions": versions })))
}

#[derive(Deserialize, Default)]
struct Decision {
    #[serde(default)]
    comment: String,
}

async fn decide(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((id, name, action)): Path<(i64, String, String)>,
    body: axum::body::Bytes,
) -> Api {
    let who = office(&state, &headers).await?;
    let unit = ops::office_unit(&state, id, &name).await?;
    // The body is optional: a comment for 退回, nothing for the others.
    let comment = if body.is_empty() {
        String::new()
    } else {
        serde_json::from_slice::<Decision>(&body).map_err(|e| Fail::new(StatusCode::BAD_REQUEST, e.to_string()))?.comment
    };
    match action.as_str() {
        "reissue" | "revoke" => {
            let token = ops::reissue(&state, id, &name, &who.name, action == "revoke").await?;
            Ok(Json(json!({ "ok": true, "token": token })))
        }
        _ => {
            ops::decide(&state, &unit, &action, &comment, &who).await?;
            Ok(Json(json!({ "ok": true })))
        }
    }
}

async fn department_links(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>) -> Api {
    office(&state, &headers).await?;
    Ok(Json(json!({ "departments": ops::department_links_of(&state, id).await? })))
}

/// A department's link reissued or revoked.
async fn department_link(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path((id, name, action)): Path<(i64, String, String)>) -> Api {
    let who = office(&state, &headers).await?;
    if action != "reissue" && action != "revoke" {
        return Err(Fail::new(StatusCode::NOT_FOUND, text::serve_not_found()));
    }
    let token = ops::reissue_department(&state, id, &name, &who.name, action == "revoke").await?;
    Ok(Json(json!({ "ok": true, "token": token })))
}

#[derive(Deserialize)]
struct NewAccount {
    name: String,
    password: String,
}

async fn add_reviewer(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Json(body): Json<NewAccount>) -> Api<Response> {
    office(&state, &headers).await?;
    ops::add_reviewer(&state, &body.name, &body.password).await?;
    Ok((StatusCode::CREATED, Json(json!({ "ok": true }))).into_response())
}

// ---- a unit's own routes -----------------------------------------------------------------

async fn own(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Api {
    let unit = ops::unit_of_token(&state, &token).await?;
    let view = ops::unit_view(&state, lang_of(&headers, q.as_deref()), unit, Vec::new(), None).await?;
    Ok(Json(serde_json::to_value(view).map_err(anyhow::Error::from)?))
}

#[derive(Deserialize)]
struct Save {
    items: Vec<Values>,
    #[serde(default)]
    submit: bool,
}

async fn save(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    Json(body): Json<Save>,
) -> Api {
    let unit = ops::unit_of_token(&state, &token).await?;
    let who = format!("unit:{}", unit.name);
    let problems = ops::save(&state, lang_of(&headers, q.as_deref()), &unit, body.items, body.submit, &who, None).await?;
    Ok(Json(json!({ "ok": true, "problems": problems })))
}

async fn upload(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery, form: Multipart) -> Api {
    let unit = ops::unit_of_token(&state, &token).await?;
    let parts = parts(form).await?;
    let (name, bytes) = file(&parts, "file").ok_or_else(|| Fail::new(StatusCode::UNPROCESSABLE_ENTITY, text::serve_missing_field("file")))?;
    let who = format!("unit:{}", unit.name);
    let problems = ops::upload(&state, lang_of(&headers, q.as_deref()), &unit, &name, bytes, &who).await?;
    Ok(Json(json!({ "ok": true, "problems": problems })))
}

async fn evidence(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery, form: Multipart) -> Api {
    let unit = ops::unit_of_token(&state, &token).await?;
    let parts = parts(form).await?;
    let (codes, files) = evidence_parts(parts);
    let hashes = ops::attach(&state, lang_of(&headers, q.as_deref()), &unit, files, &codes).await?;
    Ok(Json(json!({ "ok": true, "sha256": hashes })))
}

/// The items named (`item` parts) and the files (`file` parts) of an evidence upload.
pub fn evidence_parts(parts: Vec<(String, Option<String>, Vec<u8>)>) -> (Vec<String>, Vec<(String, Vec<u8>)>) {
    let mut codes = Vec::new();
    let mut files = Vec::new();
    for (name, file, bytes) in parts {
        match (name.as_str(), file) {
            ("item", _) => codes.push(String::from_utf8_lossy(&bytes).trim().to_string()),
            ("file", Some(file)) if !bytes.is_empty() => files.push((file, bytes)),
            _ => {}
        }
    }
    (codes, files)
}

async fn template(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Api<Response> {
    let unit = ops::unit_of_token(&state, &token).await?;
    let (name, bytes) = ops::template(&state, lang_of(&headers, q.as_deref()), &unit).await?;
    Ok(xlsx(&name, bytes))
}

// ---- a department's routes ---------------------------------------------------------------

async fn department(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Api {
    let department = ops::department_of_token(&state, &token).await?;
    let view = ops::department_view(&state, lang_of(&headers, q.as_deref()), &department).await?;
    Ok(Json(serde_json::to_value(view).map_err(anyhow::Error::from)?))
}

async fn department_unit(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((token, unit)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Api {
    let department = ops::department_of_token(&state, &token).await?;
    let unit = ops::department_unit(&state, &department, &unit).await?;
    let view = ops::unit_view(&state, lang_of(&headers, q.as_deref()), unit, Vec::new(), Some(&department.name)).await?;
    Ok(Json(serde_json::to_value(view).map_err(anyhow::Error::from)?))
}

async fn department_save(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((token, unit)): Path<(String, String)>,
    RawQuery(q): RawQuery,
    Json(body): Json<Save>,
) -> Api {
    let department = ops::department_of_token(&state, &token).await?;
    let unit = ops::department_unit(&state, &department, &unit).await?;
    let who = format!("department:{}", department.name);
    let lang = lang_of(&headers, q.as_deref());
    let problems = ops::save(&state, lang, &unit, body.items, body.submit, &who, Some(&department.name)).await?;
    Ok(Json(json!({ "ok": true, "problems": problems })))
}
