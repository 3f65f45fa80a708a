//! `kefu decide`: cases in, decisions out, written as they come.

use std::io::{Read, Write};

use crate::cli::DecideArgs;
use crate::engine::Engine;
use crate::error::{HostError, EXIT_ERROR, EXIT_OK};
use crate::pipeline::batch::Outcome;
use crate::report::decisions::{outcome_and_level, streamed, write_error, Out, Rendered};
use crate::report::html;
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
    let lang = args.output.lang;
    let mut summary = DecideSummary { input: Some(inputs.note.clone()), ..DecideSummary::default() };
    let format = args.output.format;
    let mut out = Out::new(format, "decisions", stdout)?;
    let mut rejected = Vec::new();
    // In a worker: the summary's few fields and the output, made ready.
    let render = |place: Place, outcome: Outcome| -> Rendered {
        match outcome {
            Outcome::Done(d) => {
                let b = outcome_and_level(&d);
                let bytes = streamed(format, "decision", &place, &d, lang).ok().flatten();
                let later = bytes.is_none().then_some(d);
                (place, Ok((b, bytes, later)))
            }
            Outcome::Rejected(e) => (place, Err(e)),
        }
    };
    let mut write = |(place, item): Rendered| -> Result<(), HostError> {
        summary.read += 1;
        match item {
            Ok((b, bytes, later)) => {
                summary.decided += 1;
                if let Some((outcome, level)) = b {
                    *summary.by_outcome.entry(outcome).or_default() += 1;
                    *summary.by_level.entry(level).or_default() += 1;
                }
                if let Some(bytes) = bytes {
                    out.write_streamed(&bytes, stdout).map_err(write_error)?;
                }
                if let Some(raw) = later {
                    out.later(&place, &raw, None, lang);
                }
                Ok(())
            }
            Err(e) => {
                summary.rejected += 1;
                rejected.push((place, e));
                Ok(())
            }
        }
    };
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
        &mut write,
    )?;
    summary.input = Some(inputs.note());
    out.finish(&rejected, &summary, |r, o| html::write_decisions(r, &summary, lang, o), stdout)?;
    Ok(if summary.rejected > 0 { EXIT_ERROR } else { EXIT_OK })
}
