//! Who is asking: the office's accounts (administrator, reviewers) by password and session cookie,
//! scripts by administrator API token, units by the token of their link. Passwords are kept as
//! argon2id hashes; API tokens and sessions as SHA-256 of the secret, which is shown once.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::store::{hex, sha256_hex};

pub const ADMIN: &str = "admin";
pub const REVIEWER: &str = "reviewer";
/// The session cookie: HttpOnly, SameSite=Strict, for the office's pages only.
pub const SESSION_COOKIE: &str = "zhibiao_session";
/// A session lasts a working day.
pub const SESSION_SECONDS: i64 = 12 * 3600;

fn argon() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("argon2: {e}"))?.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh secret of 256 bits, as 64 hex digits (unit links, sessions, API tokens, CSRF tokens).
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random numbers");
    hex(&bytes)
}

/// What a secret is stored as.
pub fn digest(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Someone of the office: an account by session, or a script by API token (no CSRF token then: a
/// bearer token is never sent by a browser on its own).
#[derive(Clone, Debug)]
pub struct Office {
    pub name: String,
    pub admin: bool,
    pub csrf: Option<String>,
}

/// The value of a cookie in a request's Cookie header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// How long failed sign-ins are remembered, and how many are allowed in that time: for one
/// account (a password guessed), and from one address (many accounts tried). Behind a proxy the
/// address is the proxy's, so its limit is the looser one.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
pub const ACCOUNT_FAILURES: usize = 5;
pub const ADDRESS_FAILURES: usize = 20;
/// Past this many remembered keys, the ones whose failures have all aged out are forgotten.
const THROTTLE_KEYS: usize = 10_000;

/// Failed sign-ins, kept in memory (a restart forgets them; the hashes stay slow either way).
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    /// How long until each of `keys` (with its limit) may try again, the longest; `None` if all may now.
    pub fn wait(&self, keys: &[(String, usize)]) -> Option<Duration> {
        let now = Instant::now();
        let failures = self.failures.lock().expect("the sign-in throttle");
        keys.iter()
            .filter_map(|(key, limit)| {
                let recent: Vec<&Instant> = failures.get(key)?.iter().filter(|t| now.duration_since(**t) < THROTTLE_WINDOW).collect();
                // Refused until the oldest failure that makes up the limit has aged out.
                (recent.len() >= *limit).then(|| THROTTLE_WINDOW - now.duration_since(*recent[recent.len() - limit]))
            })
            .max()
    }

    pub fn failed(&self, keys: &[(String, usize)]) {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("the sign-in throttle");
        if failures.len() > THROTTLE_KEYS {
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < THROTTLE_WINDOW));
        }
        for (key, limit) in keys {
            let times = failures.entry(key.clone()).or_default();
            times.retain(|t| now.duration_since(*t) < THROTTLE_WINDOW);
            times.push(now);
            // Only the last `limit` matter.
            if times.len() > *limit {
                times.remove(0);
            }
        }
    }

    /// A right password clears its account's failures (not its address's).
    pub fn succeeded(&self, key: &str) {
        self.failures.lock().expect("the sign-in throttle").remove(key);
    }
}
