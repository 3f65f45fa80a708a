//! The `kefu` binary; everything is in the library's `run`.

/// mimalloc instead of glibc's malloc: with a reader, a writer and workers all
/// allocating per record, glibc's arena locks showed as a tenth of a batch run's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Buffered: a million NDJSON lines are not a million write calls. `run` flushes and
    // reports a failed flush (a full disk) itself.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let code =
        kefu_cli::run(std::env::args_os(), &mut std::io::stdin().lock(), &mut stdout, &mut std::io::stderr().lock());
    std::process::ExitCode::from(code)
}
