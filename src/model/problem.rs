//! Problems found in the input, each tied to the file, sheet and cell it is about. Readers collect
//! all problems of a run instead of stopping at the first, so a clerk can fix a file in one go.

use std::fmt;

use crate::location::Location;
use crate::text::{self, Args, Message};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One thing wrong (or worth a warning) at one place.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// `None` for problems about no single place (a unit's missing items).
    pub location: Option<Location>,
    /// What is wrong, for scripts: one of [`text::CODES`], never renamed once shipped.
    pub code: &'static str,
    /// The names and values the sentence is made of (`item`, `points`, `value` …).
    pub args: Args,
    /// The sentence, in the language of the run.
    pub message: String,
}

impl Problem {
    pub fn error(location: impl Into<Option<Location>>, message: Message) -> Self {
        Problem::new(Severity::Error, location.into(), message)
    }

    pub fn warning(location: impl Into<Option<Location>>, message: Message) -> Self {
        Problem::new(Severity::Warning, location.into(), message)
    }

    pub fn new(severity: Severity, location: Option<Location>, message: Message) -> Self {
        let (code, args, message) = message.into_parts();
        Problem { severity, location, code, args, message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// All the errors of a run, reported together.
#[derive(Debug, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Problem> = self.0.iter().filter(|p| p.severity == Severity::Error).collect();
        writeln!(f, "{}", text::problems_found(errors.len()))?;
        for (i, problem) in errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {problem}")?;
        }
        Ok(())
    }
}

/// Splits a list of problems into the warnings and, if there is any error, the error.
pub fn partition(problems: Vec<Problem>) -> (Vec<Problem>, Option<Problems>) {
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| p.severity == Severity::Error);
    (warnings, (!errors.is_empty()).then_some(Problems(errors)))
}
