//! The `kefu` binary; everything is in the library's `run`.

fn main() -> std::process::ExitCode {
    let code = kefu_cli::run(
        std::env::args_os(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::ExitCode::from(code)
}
