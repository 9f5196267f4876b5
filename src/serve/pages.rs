//! The pages: server-rendered HTML (minijinja, every value escaped), one small script of the
//! service's own, nothing from a CDN. The office signs in (a session cookie, HttpOnly and
//! SameSite=Strict); a unit opens its link. Every form that changes anything carries a CSRF
//! token: the session's for the office, the unit's own for a unit's pages.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{ConnectInfo, Form, Multipart, Path, Query, RawQuery, State as Shared};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::Environment;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::api::{self, download, evidence_parts, new_round, xlsx};
use super::auth::{self, Office};
use super::ops::{self, ProblemOut, Review, State, Values};
use super::store::Unit;
use super::{Fail, lang_of};
use zhibiao::text::{self, Lang};

const LOGIN_COOKIE: &str = "zhibiao_login";

pub fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/", get(home))
        .route("/static/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("static/style.css")) }))
        .route("/static/app.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("static/app.js")) }))
        // Browsers ask for it on their own; nothing, rather than a 404 in every console.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/lang/{lang}", get(set_lang))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/rounds", get(rounds).post(create_round))
        .route("/rounds/{id}", get(board))
        .route("/rounds/{id}/board.csv", get(board_csv))
        .route("/rounds/{id}/links.csv", get(links_csv))
        .route("/rounds/{id}/result.xlsx", get(result))
        .route("/rounds/{id}/units/{unit}", get(review_page).post(review))
        .route("/rounds/{id}/units/{unit}/evidence/{sha}", get(office_evidence))
        .route("/rounds/{id}/units/{unit}/{action}", post(decide))
        .route("/admin", get(admin).post(add_reviewer))
        .route("/u/{token}", get(unit_page).post(unit_save))
        .route("/u/{token}/upload", post(unit_upload))
        .route("/u/{token}/evidence", post(unit_evidence))
        .route("/u/{token}/evidence/{sha}", get(unit_evidence_file))
        .route("/u/{token}/template.xlsx", get(unit_template))
        .route("/d/{token}", get(department_page))
        .route("/d/{token}/{unit}", get(department_unit_page).post(department_save))
}

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // A unit's name as one segment of a path: `/` and everything else outside the unreserved set encoded.
        env.add_filter("segment", |s: String| path_segment(&s));
        for (name, source) in [
            ("base.html", include_str!("templates/base.html")),
            ("login.html", include_str!("templates/login.html")),
            ("rounds.html", include_str!("templates/rounds.html")),
            ("board.html", include_str!("templates/board.html")),
            ("review.html", include_str!("templates/review.html")),
            ("unit.html", include_str!("templates/unit.html")),
            ("department.html", include_str!("templates/department.html")),
            ("admin.html", include_str!("templates/admin.html")),
            ("message.html", include_str!("templates/message.html")),
        ] {
            env.add_template(name, source).expect("the service's own templates parse");
        }
        env
    })
}

/// A page in the request's language; `t` holds its words.
fn render(lang: Lang, name: &str, context: Value) -> Result<Html<String>, Page> {
    let mut context = context;
    context["t"] = text::with_lang(lang, || serde_json::to_value(text::serve_words().into_iter().collect::<std::collections::BTreeMap<_, _>>()))
        .map_err(anyhow::Error::from)?;
    context["lang"] = json!(lang.name());
    let page = templates().get_template(name).and_then(|t| t.render(&context)).map_err(anyhow::Error::from)?;
    Ok(Html(page))
}

/// A refusal as a page: the status and one sentence, escaped, with the problems behind it.
pub struct Page(Fail, Lang);

impl From<Fail> for Page {
    fn from(fail: Fail) -> Page {
        Page(fail, text::lang())
    }
}

impl From<anyhow::Error> for Page {
    fn from(err: anyhow::Error) -> Page {
        Page(err.into(), text::lang())
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let Page(fail, lang) = self;
        // The store's failures are told before the language is known: told again in the page's.
        let message = match fail.status {
            StatusCode::INSUFFICIENT_STORAGE => text::with_lang(lang, text::serve_disk_full),
            StatusCode::INTERNAL_SERVER_ERROR => text::with_lang(lang, text::serve_internal),
            _ => fail.message.clone(),
        };
        let context = json!({ "message": message, "problems": fail.problems });
        match render(lang, "message.html", context) {
            Ok(page) => (fail.status, page).into_response(),
            Err(_) => (fail.status, fail.message).into_response(),
        }
    }
}

type Reply = Result<Response, Page>;

fn in_lang(lang: Lang) -> impl Fn(Fail) -> Page {
    move |fail| Page(fail, lang)
}

fn forbidden() -> Fail {
    Fail::new(StatusCode::FORBIDDEN, text::serve_admin_only())
}

fn bad_csrf() -> Fail {
    Fail::new(StatusCode::FORBIDDEN, text::serve_bad_csrf())
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|c| c.to_str().ok()).find_map(|c| auth::cookie(c, name))
}

/// The signed-in account, or none.
async fn session(state: &State, headers: &HeaderMap) -> Result<Option<Office>, Fail> {
    let Some(secret) = cookie_value(headers, auth::SESSION_COOKIE) else { return Ok(None) };
    let found = state.store.session(&auth::digest(secret), auth::SESSION_SECONDS).await?;
    Ok(found.map(|(name, role, csrf)| Office { name, admin: role == auth::ADMIN, csrf: Some(csrf) }))
}

/// The signed-in account; a page of the office's otherwise sends to the sign-in.
async fn signed_in(state: &State, headers: &HeaderMap) -> Result<Office, Response> {
    match session(state, headers).await {
        Ok(Some(office)) => Ok(office),
        Ok(None) => Err(Redirect::to("/login").into_response()),
        Err(fail) => Err(Page::from(fail).into_response()),
    }
}

/// A state-changing form's CSRF token checked against the session's.
fn check_csrf(office: &Office, sent: Option<&str>) -> Result<(), Fail> {
    match (&office.csrf, sent) {
        (Some(expected), Some(sent)) if auth::same(expected, sent) => Ok(()),
        _ => Err(bad_csrf()),
    }
}

fn form_value<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A form's per-item fields (`score.A1`, `note.A1` …) gathered by item, in the order the items come:
/// each item's code and the values of the two fields named.
fn per_item(form: &[(String, String)], fields: [&str; 2]) -> Vec<(String, [Option<String>; 2])> {
    let mut items: Vec<(String, [Option<String>; 2])> = Vec::new();
    for (key, value) in form {
        let Some((field, code)) = key.split_once('.') else { continue };
        let Some(slot) = fields.iter().position(|f| *f == field) else { continue };
        let at = match items.iter().position(|(c, _)| c == code) {
            Some(at) => at,
            None => {
                items.push((code.to_string(), [None, None]));
                items.len() - 1
            }
        };
        items[at].1[slot] = Some(value.clone());
    }
    items
}

macro_rules! office_or_login {
    ($state:expr, $headers:expr) => {
        match signed_in(&$state, &$headers).await {
            Ok(office) => office,
            Err(response) => return Ok(response),
        }
    };
}

async fn home(Shared(state): Shared<Arc<State>>, headers: HeaderMap) -> Response {
    match session(&state, &headers).await {
        Ok(Some(_)) => Redirect::to("/rounds").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// The language switch: a cookie, then back to the page (only a path of this service).
async fn set_lang(Path(lang): Path<String>, Query(back): Query<Back>) -> Response {
    let lang = Lang::ALL.iter().copied().find(|l| l.name() == lang).unwrap_or(Lang::Zh);
    let back = back.back.filter(|b| b.starts_with('/') && !b.starts_with("//")).unwrap_or_else(|| "/".to_string());
    ([(header::SET_COOKIE, format!("zhibiao_lang={}; Path=/; SameSite=Strict; HttpOnly; Max-Age=31536000", lang.name()))], Redirect::to(&back))
        .into_response()
}

async fn login_page(headers: HeaderMap, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    Ok(login_form(lang, None)?.into_response())
}

/// The sign-in page and the cookie of its token.
type LoginForm = ([(header::HeaderName, String); 1], Html<String>);

/// The sign-in form with a fresh double-submit token (there is no session yet to hold one).
fn login_form(lang: Lang, error: Option<String>) -> Result<LoginForm, Page> {
    let csrf = auth::token();
    let page = render(lang, "login.html", json!({ "csrf": csrf, "error": error }))?;
    Ok(([(header::SET_COOKIE, format!("{LOGIN_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict"))], page))
}

async fn login(
    Shared(state): Shared<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let sent = form_value(&form, "csrf");
    if !matches!((cookie_value(&headers, LOGIN_COOKIE), sent), (Some(a), Some(b)) if auth::same(a, b)) {
        return Err(Page(bad_csrf(), lang));
    }
    let (name, password) = (form_value(&form, "name").unwrap_or_default().trim(), form_value(&form, "password").unwrap_or_default());
    // Too many failures for the account or from the address: refused before any password is
    // looked at, the right one too, until the window has passed.
    let account_key = format!("account:{name}");
    let keys = [(account_key.clone(), auth::ACCOUNT_FAILURES), (format!("address:{}", peer.ip()), auth::ADDRESS_FAILURES)];
    if let Some(wait) = state.throttle.wait(&keys) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let (status, page) = login_form(lang, Some(text::with_lang(lang, || text::serve_too_many_logins(minutes))))?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, wait.as_secs().max(1).to_string())], status, page).into_response());
    }
    let account = state.store.account(name).await.map_err(|e| Page(e.into(), lang))?;
    let hash = account.as_ref().map(|(_, h)| h.clone());
    // Verified off the async threads: argon2id takes its time on purpose.
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || hash.is_some_and(|h| auth::verify_password(&password, &h))).await.unwrap_or(false);
    if !ok {
        state.throttle.failed(&keys);
        let (cookie, page) = login_form(lang, Some(text::with_lang(lang, text::serve_bad_login)))?;
        return Ok((cookie, page).into_response());
    }
    state.throttle.succeeded(&account_key);
    let secret = auth::token();
    state.store.add_session(&auth::digest(&secret), name, &auth::token()).await.map_err(|e| Page(e.into(), lang))?;
    let cookie = format!("{}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}", auth::SESSION_COOKIE, auth::SESSION_SECONDS);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/rounds")).into_response())
}

async fn logout(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Form(form): Form<Vec<(String, String)>>) -> Reply {
    let office = office_or_login!(state, headers);
    check_csrf(&office, form_value(&form, "csrf"))?;
    if let Some(secret) = cookie_value(&headers, auth::SESSION_COOKIE) {
        state.store.end_session(&auth::digest(secret)).await.map_err(Fail::from)?;
    }
    let cookie = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", auth::SESSION_COOKIE);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

fn who(office: &Office) -> Value {
    json!({ "name": office.name, "admin": office.admin, "csrf": office.csrf })
}

async fn rounds(Shared(state): Shared<Arc<State>>, headers: HeaderMap, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    let rounds = state.store.rounds().await.map_err(|e| Page(e.into(), lang))?;
    Ok(render(lang, "rounds.html", json!({ "who": who(&office), "rounds": rounds }))?.into_response())
}

async fn create_round(Shared(state): Shared<Arc<State>>, headers: HeaderMap, RawQuery(q): RawQuery, form: Multipart) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    let parts = api::parts(form).await.map_err(in_lang(lang))?;
    let csrf = parts.iter().find(|p| p.0 == "csrf").map(|p| String::from_utf8_lossy(&p.2).into_owned());
    check_csrf(&office, csrf.as_deref()).map_err(in_lang(lang))?;
    if !office.admin {
        return Err(Page(forbidden(), lang));
    }
    let id = ops::create_round(&state, lang, new_round(&parts).map_err(in_lang(lang))?).await.map_err(in_lang(lang))?;
    Ok(Redirect::to(&format!("/rounds/{id}")).into_response())
}

#[derive(Deserialize)]
struct Filter {
    group: Option<String>,
    date: Option<String>,
}

async fn board(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>, RawQuery(q): RawQuery, Query(f): Query<Filter>) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    let board = ops::board(&state, lang, id, f.group.as_deref()).await.map_err(in_lang(lang))?;
    let context = json!({ "who": who(&office), "board": board, "group": f.group.unwrap_or_default() });
    Ok(render(lang, "board.html", context)?.into_response())
}

async fn board_csv(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
    Query(f): Query<Filter>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    office_or_login!(state, headers);
    let board = ops::board(&state, lang, id, f.group.as_deref()).await.map_err(in_lang(lang))?;
    let csv = text::with_lang(lang, || ops::board_csv(&board));
    Ok(download("board.csv", "text/csv; charset=utf-8", csv))
}

async fn links_csv(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    if !office.admin {
        return Err(Page(forbidden(), lang));
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let csv = ops::links_csv(&state, lang, id, &format!("http://{host}")).await.map_err(in_lang(lang))?;
    Ok(download("links.csv", "text/csv; charset=utf-8", csv))
}

async fn result(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(id): Path<i64>, RawQuery(q): RawQuery, Query(f): Query<Filter>) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    office_or_login!(state, headers);
    let options = zhibiao::pipeline::RunOptions { date: f.date, ..Default::default() };
    let bytes = ops::result(&state, lang, id, options).await.map_err(in_lang(lang))?;
    Ok(xlsx("result.xlsx", bytes))
}

#[derive(Serialize)]
struct LogLine {
    at: String,
    who: String,
    action: String,
    detail: String,
}

async fn review_page(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path((id, name)): Path<(i64, String)>, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    review_view(&state, lang, &office, id, &name, Vec::new(), StatusCode::OK).await
}

async fn review_view(state: &State, lang: Lang, office: &Office, id: i64, name: &str, problems: Vec<ProblemOut>, status: StatusCode) -> Reply {
    let unit = ops::office_unit(state, id, name).await.map_err(in_lang(lang))?;
    let view = ops::unit_view(state, lang, unit, problems, None).await.map_err(in_lang(lang))?;
    let history = ops::history(state, id, name).await.map_err(in_lang(lang))?;
    let history: Vec<Value> = history.into_iter().map(|c| json!({ "at": ops::time_text(c.at), "change": c })).collect();
    let log = state.store.log(id).await.map_err(|e| Page(e.into(), lang))?;
    let log: Vec<LogLine> =
        log.into_iter().filter(|l| l.2 == name).map(|(at, who, _, action, detail)| LogLine { at: ops::time_text(at), who, action, detail }).collect();
    let unit = ops::office_unit(state, id, name).await.map_err(in_lang(lang))?;
    let versions = ops::version_diffs(state, lang, &unit).await.map_err(in_lang(lang))?;
    let context = json!({ "who": who(office), "view": view, "history": history, "versions": versions, "log": log });
    Ok((status, render(lang, "review.html", context)?).into_response())
}

/// The review form: `verified.<code>` and `reason.<code>` for every item.
async fn review(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((id, name)): Path<(i64, String)>,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    check_csrf(&office, form_value(&form, "csrf")).map_err(in_lang(lang))?;
    let unit = ops::office_unit(&state, id, &name).await.map_err(in_lang(lang))?;
    let reviews = per_item(&form, ["verified", "reason"]).into_iter().map(|(code, [verified, reason])| Review { code, verified, reason }).collect();
    match ops::review(&state, lang, &unit, reviews, &office.name).await {
        Ok(_) => Ok(Redirect::to(&format!("/rounds/{id}/units/{}", path_segment(&name))).into_response()),
        Err(fail) if fail.status == StatusCode::UNPROCESSABLE_ENTITY => {
            review_view(&state, lang, &office, id, &name, fail.problems, fail.status).await
        }
        Err(fail) => Err(Page(fail, lang)),
    }
}

/// 退回 / 核定 / 解锁 / a new link / revoking the link.
async fn decide(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((id, name, action)): Path<(i64, String, String)>,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    check_csrf(&office, form_value(&form, "csrf")).map_err(in_lang(lang))?;
    let unit = ops::office_unit(&state, id, &name).await.map_err(in_lang(lang))?;
    match action.as_str() {
        "reissue" | "revoke" if !office.admin => return Err(Page(forbidden(), lang)),
        "reissue" | "revoke" => {
            ops::reissue(&state, id, &name, &office.name, action == "revoke").await.map_err(in_lang(lang))?;
        }
        _ => ops::decide(&state, &unit, &action, form_value(&form, "comment").unwrap_or_default(), &office).await.map_err(in_lang(lang))?,
    }
    Ok(Redirect::to(&format!("/rounds/{id}/units/{}", path_segment(&name))).into_response())
}

async fn office_evidence(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path((id, name, sha)): Path<(i64, String, String)>) -> Reply {
    office_or_login!(state, headers);
    let unit = ops::office_unit(&state, id, &name).await?;
    evidence_download(&state, &unit, &sha).await
}

/// An evidence file, always as a download (never shown inline: it may be anything).
async fn evidence_download(state: &State, unit: &Unit, sha: &str) -> Reply {
    let (name, bytes) = ops::evidence_file(state, unit, sha).await?;
    Ok(download(&name, "application/octet-stream", bytes))
}

async fn admin(Shared(state): Shared<Arc<State>>, headers: HeaderMap, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    if !office.admin {
        return Err(Page(forbidden(), lang));
    }
    let accounts = state.store.accounts().await.map_err(|e| Page(e.into(), lang))?;
    let accounts: Vec<Value> = accounts.into_iter().map(|(name, role)| json!({ "name": name, "role": role })).collect();
    Ok(render(lang, "admin.html", json!({ "who": who(&office), "accounts": accounts }))?.into_response())
}

async fn add_reviewer(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let office = office_or_login!(state, headers);
    check_csrf(&office, form_value(&form, "csrf")).map_err(in_lang(lang))?;
    if !office.admin {
        return Err(Page(forbidden(), lang));
    }
    ops::add_reviewer(&state, form_value(&form, "name").unwrap_or_default(), form_value(&form, "password").unwrap_or_default())
        .await
        .map_err(in_lang(lang))?;
    Ok(Redirect::to("/admin").into_response())
}

// ---- a unit's pages ----------------------------------------------------------------------

fn path_segment(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn unit_page(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let unit = ops::unit_of_token(&state, &token).await.map_err(in_lang(lang))?;
    unit_view(&state, lang, unit, Vec::new(), None, StatusCode::OK).await
}

async fn unit_view(state: &State, lang: Lang, unit: Unit, problems: Vec<ProblemOut>, notice: Option<String>, status: StatusCode) -> Reply {
    let (base, csrf) = (format!("/u/{}", unit.token), unit.csrf.clone());
    let view = ops::unit_view(state, lang, unit, problems, None).await.map_err(in_lang(lang))?;
    let context = json!({ "view": view, "base": base, "csrf": csrf, "notice": notice });
    Ok((status, render(lang, "unit.html", context)?).into_response())
}

fn check_unit_csrf(unit: &Unit, sent: Option<&str>) -> Result<(), Fail> {
    if sent.is_some_and(|s| auth::same(&unit.csrf, s)) { Ok(()) } else { Err(bad_csrf()) }
}

/// The unit's form: `score.<code>` and `note.<code>` per item; `action` is `save` or `submit`.
async fn unit_save(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let unit = ops::unit_of_token(&state, &token).await.map_err(in_lang(lang))?;
    check_unit_csrf(&unit, form_value(&form, "csrf")).map_err(in_lang(lang))?;
    let values = per_item(&form, ["score", "note"]).into_iter().map(|(code, [score, note])| Values { code, score, note }).collect();
    let submit = form_value(&form, "action") == Some("submit");
    let who = format!("unit:{}", unit.name);
    finish_unit(&state, lang, &token, ops::save(&state, lang, &unit, values, submit, &who, None).await, submit).await
}

/// After a unit's form: its page again, with the problems beside their fields.
async fn finish_unit(state: &State, lang: Lang, token: &str, done: Result<Vec<ProblemOut>, Fail>, submit: bool) -> Reply {
    let unit = ops::unit_of_token(state, token).await.map_err(in_lang(lang))?;
    match done {
        Ok(_) => {
            let notice = text::with_lang(lang, || if submit { text::serve_submitted_notice() } else { text::serve_saved_notice() });
            unit_view(state, lang, unit, Vec::new(), Some(notice), StatusCode::OK).await
        }
        Err(fail) if fail.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut problems = fail.problems;
            problems.push(ProblemOut::refusal(None, fail.message));
            unit_view(state, lang, unit, problems, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(fail) => Err(Page(fail, lang)),
    }
}

/// The unit a link names and the parts of the multipart form it sent, its CSRF token checked.
async fn unit_multipart(state: &State, token: &str, form: Multipart) -> Result<(Unit, Vec<(String, Option<String>, Vec<u8>)>), Fail> {
    let unit = ops::unit_of_token(state, token).await?;
    let parts = api::parts(form).await?;
    let csrf = parts.iter().find(|p| p.0 == "csrf").map(|p| String::from_utf8_lossy(&p.2).into_owned());
    check_unit_csrf(&unit, csrf.as_deref())?;
    Ok((unit, parts))
}

async fn unit_upload(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    form: Multipart,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let (unit, parts) = unit_multipart(&state, &token, form).await.map_err(in_lang(lang))?;
    let Some((_, Some(name), bytes)) = parts.into_iter().find(|p| p.0 == "file" && p.1.is_some()) else {
        return Err(Page(Fail::new(StatusCode::UNPROCESSABLE_ENTITY, text::serve_missing_field("file")), lang));
    };
    let who = format!("unit:{}", unit.name);
    let done = ops::upload(&state, lang, &unit, &name, bytes, &who).await;
    finish_unit(&state, lang, &token, done, false).await
}

async fn unit_evidence(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    RawQuery(q): RawQuery,
    form: Multipart,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let (unit, parts) = unit_multipart(&state, &token, form).await.map_err(in_lang(lang))?;
    let (codes, files) = evidence_parts(parts);
    let done = ops::attach(&state, lang, &unit, files, &codes).await.map(|_| Vec::new());
    finish_unit(&state, lang, &token, done, false).await
}

async fn unit_evidence_file(Shared(state): Shared<Arc<State>>, Path((token, sha)): Path<(String, String)>) -> Reply {
    let unit = ops::unit_of_token(&state, &token).await?;
    evidence_download(&state, &unit, &sha).await
}

async fn unit_template(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let unit = ops::unit_of_token(&state, &token).await.map_err(in_lang(lang))?;
    let (name, bytes) = ops::template(&state, lang, &unit).await.map_err(in_lang(lang))?;
    Ok(xlsx(&name, bytes))
}

// ---- a department's pages ----------------------------------------------------------------

async fn department_page(Shared(state): Shared<Arc<State>>, headers: HeaderMap, Path(token): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let department = ops::department_of_token(&state, &token).await.map_err(in_lang(lang))?;
    let view = ops::department_view(&state, lang, &department).await.map_err(in_lang(lang))?;
    Ok(render(lang, "department.html", json!({ "view": view, "base": format!("/d/{token}") }))?.into_response())
}

async fn department_unit_page(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((token, name)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    department_form(&state, lang, &token, &name, Vec::new(), None, StatusCode::OK).await
}

/// A department's form for one unit: the unit's page with only the department's items, its own
/// CSRF token, and neither upload nor evidence (those are the unit's).
async fn department_form(
    state: &State,
    lang: Lang,
    token: &str,
    name: &str,
    problems: Vec<ProblemOut>,
    notice: Option<String>,
    status: StatusCode,
) -> Reply {
    let department = ops::department_of_token(state, token).await.map_err(in_lang(lang))?;
    let unit = ops::department_unit(state, &department, name).await.map_err(in_lang(lang))?;
    let view = ops::unit_view(state, lang, unit, problems, Some(&department.name)).await.map_err(in_lang(lang))?;
    let base = format!("/d/{token}/{}", path_segment(name));
    let context = json!({ "view": view, "base": base, "csrf": department.csrf, "notice": notice, "back": format!("/d/{token}") });
    Ok((status, render(lang, "unit.html", context)?).into_response())
}

async fn department_save(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((token, name)): Path<(String, String)>,
    RawQuery(q): RawQuery,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let lang = lang_of(&headers, q.as_deref());
    let department = ops::department_of_token(&state, &token).await.map_err(in_lang(lang))?;
    if !form_value(&form, "csrf").is_some_and(|s| auth::same(&department.csrf, s)) {
        return Err(Page(bad_csrf(), lang));
    }
    let unit = ops::department_unit(&state, &department, &name).await.map_err(in_lang(lang))?;
    let values = per_item(&form, ["score", "note"]).into_iter().map(|(code, [score, note])| Values { code, score, note }).collect();
    let submit = form_value(&form, "action") == Some("submit");
    let who = format!("department:{}", department.name);
    match ops::save(&state, lang, &unit, values, submit, &who, Some(&department.name)).await {
        Ok(_) => {
            let notice = text::with_lang(lang, || if submit { text::serve_submitted_notice() } else { text::serve_saved_notice() });
            department_form(&state, lang, &token, &name, Vec::new(), Some(notice), StatusCode::OK).await
        }
        Err(fail) if fail.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let mut problems = fail.problems;
            problems.push(ProblemOut { place: None, item: None, error: true, code: None, args: Default::default(), message: fail.message });
            department_form(&state, lang, &token, &name, problems, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(fail) => Err(Page(fail, lang)),
    }
}
