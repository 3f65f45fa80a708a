//! `kefu decide`: cases in, decisions out, written as they come.

use std::io::{Read, Write};

use serde_json::Value;

use crate::cli::{DecideArgs, Format, MessageLang};
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_OK};
use crate::pipeline::batch::Outcome;
use crate::report::decisions::{outcome_and_level, streamed, write_error, Out, Rendered};
use crate::report::html;
use crate::report::names::Names;
use crate::run::policy::{policy_fields, read_policy};
use crate::run::stream;
use crate::run::summary::DecideSummary;
use crate::select::EngineChoice;
use crate::source::Place;

use super::CmdError;

/// Runs `kefu decide`.
pub fn decide(
    args: &DecideArgs,
    choice: &EngineChoice,
    engine: &mut (dyn Engine + Send),
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, CmdError> {
    let policy = read_policy(args.policy.policy.as_deref(), &args.policy.script, stdin)?;
    let prepare = |e: &mut dyn Engine| policy_fields(policy.as_ref(), e);
    // Load the policy once here, so that one that does not compile fails the run before
    // anything is written; each worker loads it again into its own engine.
    prepare(engine)?;
    let inputs = stream::inputs(&args.input, stdin)?;
    let (format, lang) = (args.output.format, args.output.lang);
    let names = match format {
        Format::Json | Format::Ndjson => Names::default(),
        Format::Table | Format::Csv | Format::Html => Names::load(engine),
    };
    let summary = DecideSummary { input: Some(inputs.note.clone()), ..DecideSummary::default() };
    let out = Out::new(format, "decisions", lang, stdout)?;
    let mut decided = Decided { summary, rejected: Vec::new(), out, lang, names: &names };
    let render = |place: Place, outcome: Outcome| render(format, lang, &names, place, outcome);
    stream::run(
        &args.paths,
        &args.input,
        &inputs,
        "decide",
        args.output.batch,
        choice,
        engine,
        &prepare,
        stdin,
        &render,
        &mut |rendered| decided.take(rendered, stdout),
    )?;
    decided.summary.input = Some(inputs.note());
    decided.finish(stdout)
}

/// In a worker: the summary's few fields and the output, made ready.
fn render(format: Format, lang: MessageLang, names: &Names, place: Place, outcome: Outcome) -> Rendered {
    match outcome {
        Outcome::Done(d) => {
            let b = outcome_and_level(&d);
            let bytes = streamed(format, "decision", &place, &d, names, lang).ok().flatten();
            let later = bytes.is_none().then_some(d);
            (place, Ok((b, bytes, later)))
        }
        Outcome::Rejected(e) => (place, Err(e)),
    }
}

/// The decisions as they come: counted, written (or kept for the table and the report),
/// the rejected records kept for the end.
struct Decided<'n> {
    summary: DecideSummary,
    rejected: Vec<(Place, Value)>,
    out: Out,
    lang: MessageLang,
    names: &'n Names,
}

impl Decided<'_> {
    /// One decision (or rejected record), as a worker made it ready.
    fn take(&mut self, (place, item): Rendered, stdout: &mut dyn Write) -> Result<(), HostError> {
        let summary = &mut self.summary;
        summary.read += 1;
        match item {
            Ok((b, bytes, later)) => {
                summary.decided += 1;
                if let Some((outcome, level)) = b {
                    *summary.by_outcome.entry(outcome).or_default() += 1;
                    *summary.by_level.entry(level).or_default() += 1;
                }
                if let Some(bytes) = bytes {
                    self.out.write_streamed(&bytes, stdout).map_err(write_error)?;
                }
                if let Some(raw) = later {
                    self.out.later(&place, &raw, None, self.names, self.lang);
                }
                Ok(())
            }
            Err(e) => {
                summary.rejected += 1;
                self.rejected.push((place, e));
                Ok(())
            }
        }
    }

    /// The rest of the output (the table, the report, the rejected records, the
    /// summary); the exit code.
    fn finish(self, stdout: &mut dyn Write) -> Result<u8, CmdError> {
        let (summary, lang, names) = (&self.summary, self.lang, self.names);
        self.out.finish(
            &self.rejected,
            summary,
            lang,
            |r, o| html::write_decisions(r, summary, names, lang, o),
            stdout,
        )?;
        Ok(if summary.rejected > 0 { EXIT_ERROR } else { EXIT_OK })
    }
}
