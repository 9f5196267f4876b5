//! Problems found in the input, each tied to the file, sheet and cell it is about. Readers collect
//! all problems of a run instead of stopping at the first, so a clerk can fix a file in one go.

use std::fmt;

use crate::location::Location;
use crate::text;

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
    pub message: String,
}

impl Problem {
    pub fn error(location: impl Into<Option<Location>>, message: String) -> Self {
        Problem { severity: Severity::Error, location: location.into(), message }
    }

    pub fn warning(location: impl Into<Option<Location>>, message: String) -> Self {
        Problem { severity: Severity::Warning, location: location.into(), message }
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
