//! `zhibiao serve`: starts the collection service, or works on its store (tokens, reviewers,
//! backup, export, import).

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::{ServeAction, ServeArgs, StoreArgs};
use crate::serve::{self, StoreAt};
use zhibiao::text;

pub fn run(args: ServeArgs) -> Result<()> {
    fn at(s: &StoreArgs) -> StoreAt<'_> {
        StoreAt { data: s.data.as_path(), database: s.database.as_deref() }
    }
    let mut out = std::io::stdout().lock();
    match &args.action {
        None => {
            let file = args.admin_password_file.clone();
            serve::run(&at(&args.store), &args.listen, move || match file {
                Some(path) => password_file(&path),
                None => ask_password(),
            })
        }
        Some(ServeAction::Token { store, label }) => {
            let token = serve::new_api_token(&at(store), label)?;
            writeln!(out, "{}", text::serve_token_made(token))?;
            Ok(())
        }
        Some(ServeAction::Reviewer { store, name, password_file: file }) => {
            let password = password_file(file)?;
            if name.trim().is_empty() || password.chars().count() < 8 {
                bail!(text::serve_weak_account());
            }
            serve::set_account(&at(store), name.trim(), "reviewer", &password)?;
            writeln!(out, "{}", text::serve_account_set(name))?;
            Ok(())
        }
        Some(ServeAction::Backup { store, out: to }) => {
            serve::backup(&at(store), to)?;
            writeln!(out, "{}", text::serve_backup_written(to.display()))?;
            Ok(())
        }
        Some(ServeAction::Export { store, round, out: to }) => {
            let written = serve::export(&at(store), *round, to)?;
            writeln!(out, "{}", text::serve_exported(written.len(), to.display()))?;
            Ok(())
        }
        Some(ServeAction::Import { store, round, dir }) => {
            let units = serve::import(&at(store), *round, dir)?;
            writeln!(out, "{}", text::serve_imported(text::list(units)))?;
            Ok(())
        }
    }
}

/// The first line of a password file.
fn password_file(path: &Path) -> Result<String> {
    let content = std::fs::read_to_string(path).with_context(|| text::unreadable(path.display(), "password"))?;
    let password = content.lines().next().unwrap_or_default().to_string();
    if password.chars().count() < 8 {
        bail!(text::serve_weak_account());
    }
    Ok(password)
}

/// Asks for the administrator's password twice on the terminal, without echo.
fn ask_password() -> Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!(text::serve_password_needed());
    }
    let first = rpassword::prompt_password(text::serve_admin_password_prompt())?;
    let again = rpassword::prompt_password(text::serve_admin_password_again())?;
    if first != again {
        bail!(text::serve_passwords_differ());
    }
    if first.chars().count() < 8 {
        bail!(text::serve_weak_account());
    }
    Ok(first)
}
