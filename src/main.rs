//! The `aftercare` binary: parse the command line, run it, report errors.

use std::process::ExitCode;

fn main() -> ExitCode {
    aftercare::store::phase_times::mark("start");
    let code = run();
    aftercare::store::phase_times::mark("close");
    if let Some(line) = aftercare::store::phase_times::report() {
        eprintln!("{line}");
    }
    code
}

fn run() -> ExitCode {
    let cli = match aftercare::cli::parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    aftercare::store::phase_times::mark("parse");
    match aftercare::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages may quote stored text: one clean line each.
            eprintln!(
                "error: {}",
                aftercare::domain::text::one_line(&e.to_string())
            );
            if let Some(h) = e.hint() {
                eprintln!("hint: {}", aftercare::domain::text::one_line(&h));
            }
            ExitCode::from(1)
        }
    }
}
