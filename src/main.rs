use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

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
        // A reader that stopped early (`zhibiao score … | head`) is not a failure.
        Err(err) if err.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)) => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}: {err}", zhibiao::text::error_prefix());
            for cause in err.chain().skip(1) {
                eprintln!("  {}: {cause}", zhibiao::text::caused_by());
            }
            ExitCode::from(if err.is::<cmd::UsageError>() { 2 } else { 1 })
        }
    }
}
