//! The dispatch: an operation's name to its handler, in a [`Session`]. The handlers, each
//! with its input and output types, are in the file of their family.

use super::envelope::{failure, with_input, Shape};
use super::operation::{unknown, Operation};
use super::session::Session;
#[cfg(feature = "team")]
use super::team;
use super::{impact, ingest, orders, remarks, replies, rules, shop_tests};
use crate::model::code::Code;
use crate::model::error::ErrorReport;

impl Session {
    /// Runs one operation; see the module docs of [`api`](super) for the operations.
    pub fn call(&mut self, operation: &str, input: &str) -> String {
        let Some(op) = Operation::from_name(operation) else { return unknown(operation) };
        match op {
            Operation::Version => rules::version(),
            Operation::PolicyLoad => with_input(input, |i| self.load(i)),
            Operation::RemarkRender => with_input(input, remarks::render),
            Operation::RemarkAppend => with_input(input, remarks::append),
            Operation::RemarkParse => with_input(input, remarks::parse),
            Operation::Lint => with_input(input, |i| orders::lint(i, Shape::Envelope)),
            Operation::Decide => with_input(input, |i| orders::decide(self, i, Shape::Envelope)),
            Operation::Scan => with_input(input, |i| orders::scan(self, i, Shape::Envelope)),
            Operation::CheckReply => with_input(input, |i| replies::check_reply(self, i)),
            Operation::QuickReplies => with_input(input, |i| replies::quick_replies(self, i)),
            Operation::Reply => with_input(input, |i| replies::reply(self, i)),
            Operation::Rules => rules::rules(),
            Operation::Names => rules::names(),
            Operation::Explain => with_input(input, rules::explain),
            Operation::Schema => rules::schema(),
            Operation::IngestSoldPage => with_input(input, ingest::sold_page),
            Operation::IngestRow => with_input(input, ingest::row),
            Operation::Page => with_input(input, |i| ingest::page(self, i)),
            Operation::Test => with_input(input, |i| shop_tests::test(self, i)),
            Operation::Diff => impact::call(self, input, Shape::Envelope),
            #[cfg(feature = "team")]
            Operation::Kpi => with_input(input, |i| team::kpi(self, i)),
            #[cfg(not(feature = "team"))]
            Operation::Kpi => super::operation::unknown("kpi"),
            #[cfg(feature = "team")]
            Operation::Qa => with_input(input, |i| team::qa(self, i)),
            #[cfg(feature = "team")]
            Operation::QaReport => with_input(input, |i| team::qa_report(self, i)),
            #[cfg(not(feature = "team"))]
            Operation::Qa | Operation::QaReport => super::operation::unknown(op.name()),
        }
    }

    /// [`call_batch`](super::call_batch) in this session.
    pub fn call_batch(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Envelope)
    }

    /// [`call_batch_lines`](super::call_batch_lines) in this session.
    pub fn call_batch_lines(&mut self, operation: &str, input: &str, records: Vec<String>) -> String {
        self.batch(operation, input, records, Shape::Lines)
    }

    fn batch(&mut self, operation: &str, input: &str, records: Vec<String>, shape: Shape) -> String {
        match Operation::from_name(operation) {
            Some(Operation::Lint) => with_input(input, |i| orders::lint(orders::LintInput { records, ..i }, shape)),
            Some(Operation::Decide) => {
                with_input(input, |i| orders::decide(self, orders::DecideInput { records, ..i }, shape))
            }
            Some(Operation::Scan) => {
                with_input(input, |i| orders::scan(self, orders::ScanInput { records, ..i }, shape))
            }
            Some(Operation::Diff) => impact::call_batch(self, input, records, shape),
            _ => failure(ErrorReport::of(
                Code::CallOperation,
                format!("`{operation}` takes no records; the batch operations are lint, decide, scan and diff"),
            )),
        }
    }
}
