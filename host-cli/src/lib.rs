//! # kefu-cli
//!
//! The `kefu` command: a thin adapter that reads files and stdin, hands JSON to the core
//! (natively or through the guest module in wasmtime), and prints the answer. It holds
//! no rule logic. [`run`] is the whole program with its IO passed in, so tests run the
//! real CLI in-process.
#![deny(missing_docs)]

pub mod answer;
pub mod cli;
mod cmd;
pub mod engine;
pub mod error;
pub mod fuzz;
pub mod pipeline;
mod report;
mod run;
pub mod select;
pub mod source;
pub mod wasm;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::Parser;

use crate::cli::{Cli, Command, RemarkCommand};
use crate::error::HostError;
use crate::select::engine_choice;

pub use crate::error::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// Runs the CLI with the given arguments and streams; returns the exit code.
pub fn run<I, T>(args: I, stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // Help and --version are asked for: they go to stdout, as plain text (no colour
        // codes in a pipe or a file); usage errors to stderr.
        Err(e) if !e.use_stderr() => {
            let _ = write!(stdout, "{}", e.render());
            return EXIT_OK;
        }
        Err(e) => {
            let _ = write!(stderr, "{}", e.render());
            return EXIT_ERROR;
        }
    };
    let result = dispatch(&cli, stdin, stdout, stderr).and_then(|code| {
        stdout.flush().map_err(|e| HostError::Write { what: "stdout".into(), source: e })?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // `kefu lint | head`: the reader has what it wanted; stop quietly, as ripgrep does.
        Err(HostError::Io { source, .. } | HostError::Write { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(stderr, "{}", error::error_line(&e.printed_code(), &e.to_string()));
            if let Some(snippet) = e.report().snippet {
                let _ = writeln!(stderr, "{snippet}");
            }
            EXIT_ERROR
        }
    }
}

fn dispatch(cli: &Cli, stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<u8, HostError> {
    let choice = engine_choice(&cli.engine);
    let mut engine = choice.open()?;
    for note in engine.notes() {
        let _ = writeln!(stderr, "kefu: note: {note}");
    }
    let io = |e: std::io::Error| HostError::Write { what: "stdout".into(), source: e };
    match &cli.command {
        Command::Lint(args) => cmd::lint::run(args, &choice, engine.as_mut(), stdin, stdout),
        Command::Remark(rc) => {
            let (op, input) = match rc {
                RemarkCommand::Append(i) => ("remark.append", &i.file),
                RemarkCommand::Render(i) => ("remark.render", &i.file),
                RemarkCommand::Parse(i) => ("remark.parse", &i.file),
            };
            cmd::single::run(op, None, input, engine.as_mut(), stdin, stdout, stderr)
        }
        Command::Decide(args) => cmd::decide::decide(args, &choice, engine.as_mut(), stdin, stdout),
        Command::Scan(args) => cmd::scan::scan(args, &choice, engine.as_mut(), stdin, stdout),
        Command::Diff(args) => cmd::diff::diff(args, &choice, engine.as_mut(), stdin, stdout),
        Command::Kpi(args) => cmd::kpi::run(args, engine.as_mut(), stdin, stdout),
        Command::Qa(args) => cmd::qa::run(args, &choice, engine.as_mut(), stdin, stdout),
        Command::CheckReply(i) => {
            cmd::single::run("check_reply", Some("/result/findings"), &i.file, engine.as_mut(), stdin, stdout, stderr)
        }
        Command::QuickReplies(i) => {
            cmd::single::run("quick_replies", None, &i.file, engine.as_mut(), stdin, stdout, stderr)
        }
        Command::Reply(args) => cmd::single::reply(args, engine.as_mut(), stdin, stdout, stderr),
        Command::Explain(args) => cmd::explain::run(args, engine.as_mut(), stdout, stderr),
        Command::Schema => cmd::schema::schema(engine.as_mut(), stdout),
        Command::Names => cmd::single::run_text("names", None, "{}", engine.as_mut(), stdout, stderr),
        Command::Test(args) => cmd::test::run(args, engine.as_mut(), stdin, stdout),
    }
    .map_err(|e| match e {
        cmd::CmdError::Host(h) => h,
        cmd::CmdError::Write(w) => io(w),
    })
}
