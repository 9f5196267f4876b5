use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;
#[cfg(feature = "serve")]
mod serve;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    zhibiao::text::set_lang(cli.lang);
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`zhibiao tree … | head -1`) is not a failure.
        Err(err) if err.chain().any(closed_pipe) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}: {err}", zhibiao::text::error_prefix());
            for cause in err.chain().skip(1) {
                eprintln!("  {}: {cause}", zhibiao::text::caused_by());
            }
            ExitCode::from(if err.is::<cmd::UsageError>() { 2 } else { 1 })
        }
    }
}

/// Whether an error is stdout closed under us, however the writer wrapped it (csv and serde_json
/// keep the io error inside their own).
fn closed_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == BrokenPipe)
        || err.downcast_ref::<csv::Error>().is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(e) if e.kind() == BrokenPipe))
        || err.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
}
