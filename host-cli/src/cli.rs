//! Command-line arguments. Each doc comment is the help text: the first line is the
//! short help (`-h`), the rest the long help (`--help`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::DEFAULT_TIME_BUDGET_MS;
use crate::wasm::{DEFAULT_FUEL_PER_CALL, DEFAULT_MAX_MEMORY_MIB};

/// kefu: the rules core of a Taobao/Tmall service desk, on the command line.
///
/// kefu reads orders and requests as JSON and answers with findings and decisions as
/// JSON. It never touches the network and never changes an order: it says what to do.
///
/// Exit codes: 0 success and nothing found, 1 findings, 2 bad input or an error.
#[derive(Debug, Parser)]
#[command(name = "kefu", version, max_term_width = 100)]
#[allow(missing_docs, reason = "doc comments on these fields would become clap help text")]
pub struct Cli {
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// How the core is reached.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Run the core as the embedded WebAssembly module (wasm) or natively (native).
    ///
    /// Both give byte-identical output (and so does the browser package, its own wasm
    /// build of the same core). `wasm` is the default because the guest runs under fuel
    /// and memory caps; `native` skips wasmtime and is faster to start.
    #[arg(long, global = true, value_enum, default_value_t = EngineKind::Wasm)]
    pub engine: EngineKind,

    /// Run this build of the guest module instead of the embedded one (wasm engine).
    ///
    /// The module must have no imports and speak kefu's ABI version.
    #[arg(long, global = true, value_name = "PATH")]
    pub module: Option<PathBuf>,

    /// Fuel per call into the guest (wasm engine); about one unit per wasm instruction.
    ///
    /// A call that runs out fails with KEFU-HOST-FUEL instead of hanging. Records are
    /// sent in batches; when a batch runs out, its records are retried one by one, so
    /// only a record that is too costly on its own is rejected.
    #[arg(long, global = true, value_name = "UNITS", default_value_t = DEFAULT_FUEL_PER_CALL,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub fuel: u64,

    /// Largest guest memory in MiB (wasm engine); past it a call fails with KEFU-HOST-MEMORY.
    #[arg(long, global = true, value_name = "MIB", default_value_t = DEFAULT_MAX_MEMORY_MIB,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_memory: u64,

    /// Time budget of one call for a policy script, in milliseconds (native engine).
    ///
    /// A script still running then fails with KEFU-SCRIPT-DEADLINE, whatever its
    /// operation limit. Under the wasm engine --fuel is the fence instead.
    #[arg(long, global = true, value_name = "MS", default_value_t = DEFAULT_TIME_BUDGET_MS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub time_budget_ms: u64,

    /// Directory for compiled modules (wasm engine).
    ///
    /// Defaults to $KEFU_CACHE_DIR, else $XDG_CACHE_HOME/kefu, else ~/.cache/kefu.
    /// Compiling the module takes seconds, loading a cached one milliseconds. Files in
    /// it are run as code: use a directory only you can write.
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Do not read or write the module cache; compile the module on every run.
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// The engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineKind {
    /// The guest module under wasmtime.
    Wasm,
    /// The core in this process.
    Native,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check orders' flags and remarks against the conventions (R-REMARK-6).
    ///
    /// Reads orders from files, directories (their .json, .ndjson and .jsonl files, in
    /// name order) or stdin (`-`, the default). A file holds one order, a JSON array of
    /// orders, or NDJSON. Each finding names its rule, severity, a message in Chinese
    /// and English, and a fix: the flag and the entry that would satisfy it.
    ///
    /// A record that cannot be read is reported with its file and line and does not stop
    /// the rest; the summary's `read` is always `linted + rejected`.
    ///
    /// Exit codes: 0 all clean, 1 findings, 2 some input rejected.
    Lint(LintArgs),

    /// Render, append or parse seller remarks (R-REMARK-1..5).
    #[command(subcommand)]
    Remark(RemarkCommand),

    /// Decide cases: what to do, which flag, the remark, escalation, reply, and why.
    ///
    /// Reads cases (JSON: `now`, `order`, `request`, `agent`, `context`; see `kefu schema`)
    /// from files, directories or stdin, as one case, a JSON array or NDJSON. Each
    /// decision cites the rulebook's rule ids in its `trace`. A record that cannot be
    /// read is reported with its place and the rest go on.
    ///
    /// Exit codes: 0 all decided, 2 some input rejected.
    Decide(DecideArgs),

    /// Scan orders nobody asked about and queue the buyers to contact first (R-PROACTIVE-*).
    ///
    /// Reads orders (not cases) and decides each with no request at `--now`. The queue is
    /// in R-PROACTIVE-6 order: by escalation level, highest first; within a level,
    /// merchant-fault cases first; then by time left to ship-by, then by order value.
    ///
    /// Exit codes: 0 nobody to contact, 1 a queue, 2 some input rejected.
    Scan(ScanArgs),

    /// Check an agent's draft reply before it is sent (R-WORD-*).
    ///
    /// Input: {"order": {...}, "context": {...}, "draft": "亲，已经发货了", "now": "..."}.
    /// Output: findings with the rule, the span in characters, a replacement, and the
    /// rewritten draft. Exit codes: 0 clean, 1 findings, 2 bad input.
    CheckReply(InputArg),

    /// The shop's quick replies (话术, R-WORD-SCRIPTS), filled from an order.
    ///
    /// Input: {"order": {...}, "agent": {"name": "小王"}, "policy": {...}}. Output: the
    /// scripts in conversation order (greeting, offline opener, bargaining, authenticity,
    /// invoice, extra postage, return steps, the return's tracking number, the moral high
    /// ground, the five-star closing), then the shop's own; `missing` names the
    /// placeholders the order could not fill. Exit codes: 0, or 2 on bad input.
    QuickReplies(InputArg),

    /// One script or reply template filled from a case's order, checked by the guard.
    ///
    /// TEMPLATE is a script of the phrasebook (greeting, invoice, return_steps...) or a
    /// decision's reply template (late.apology...). CASE is a case file as `kefu decide`
    /// reads it (its order, agent, context and now are used) or a bare order. Prints the
    /// filled text in Chinese and English with the reply guard's findings (R-WORD-*);
    /// `--text zh|en` prints only that text. Exit codes: 0 clean, 1 the guard found
    /// something, 2 bad input or an unknown template.
    Reply(ReplyArgs),

    /// Print a rule of the rulebook: summary, seed source, where kefu applies it.
    Explain(ExplainArgs),

    /// Print the JSON Schemas of the case, the decision and the policy.
    Schema,

    /// Print the Chinese and English name of every id kefu answers with (outcomes,
    /// steps, checks, flags, levels, rules, error codes...), as the `names` operation
    /// gives them to every host: {"names": {kind: {id: {"zh", "en"}}}}.
    Names,

    /// Run a shop's test cases against its policy and print pass or fail for each.
    ///
    /// Each test file has the scenario format (`id`, `description`, `case`, `expect`);
    /// the policy comes from POLICY. A failure shows the first difference between the
    /// expected items and the decision. Exit codes: 0 all pass, 1 a failure, 2 bad input
    /// (including a policy that does not compile: file:line:column with the source line).
    Test(TestArgs),

    /// Replay a policy change: every case or order decided under two policies, and
    /// every difference listed (policy impact, domain.md §1).
    ///
    /// `--policy A --policy B`: A is the policy in force, B the change; with one
    /// `--policy` it is B, and A is the built-in policy. Cases are decided with their own
    /// request; orders (exports, trade JSON, order JSON) are scanned as `kefu scan` does,
    /// at `--now` or the latest time in them. Each changed decision names what changed
    /// (outcome, flag, level, responsibility, payer, money, reply, remark...) and the
    /// first step where the two traces part, with its rule on each side. The summary
    /// counts the changes by kind, the money granted, refunded and compensated under A
    /// and B, escalations by level, and how often each rule fired under each;
    /// `--coverage` also lists the rules that never fired.
    ///
    /// Exit codes: 0 no difference, 1 differences, 2 some input rejected.
    Diff(DiffArgs),

    /// Score the team from the shop's indicator tables (R-KPI-*).
    ///
    /// Reads the tables shops have (the workbench's 客服绩效 xlsx, 赤兔-style exports, the
    /// platform's daily performance JSON; CSV in UTF-8 or GBK): the header is found below
    /// any banner and mapped by name, summary rows are skipped, and every row is
    /// accounted for. Rates are combined from counts, never averaged. Each agent is
    /// scored per period against the policy's targets and weights (policy.kpi), with
    /// compliments and complaints, per store, the bonus tier, the leads' share of their
    /// team (--teams) and staffing advice. A missing indicator is said, never scored.
    ///
    /// Exit codes: 0 scored, 2 a table could not be read or a row was rejected.
    Kpi(KpiArgs),

    /// Review the agents' chats (R-QA-*): wording, red lines, response times, the
    /// supervisor's daily sample and the week's best and worst chat per agent.
    ///
    /// Reads transcripts as a supervisor has them: the open platform's message JSON
    /// (`direction`/`time`/`content`, `type` 1 for auto-replies, `from_id`/`to_id`), text
    /// copied out of the workbench's chat page (date lines, then time and name, then the
    /// message), or a table (CSV/xlsx) with the columns 会话/买家/客服/时间/发送方/内容/订单号
    /// (others through --chat-mapping). Every agent message goes through the reply guard
    /// against its order as it stood then (--orders: an export, trades or kefu's
    /// orders, joined by an order card or id in the chat, or by the buyer's only order
    /// when the nick is not masked); shirking responsibility and broken commitments are
    /// red lines, listed first. Turns are timed as the marketplace times them, inside
    /// the service hours (policy.qa).
    ///
    /// Exit codes: 0 no finding, 1 findings, 2 some input could not be read.
    Qa(QaArgs),
}

/// Limits for policy scripts, set by the host.
#[derive(Debug, Args)]
pub struct ScriptArgs {
    /// Operations a policy script may run per call (its top level once, each hook call).
    ///
    /// A script past it fails with KEFU-SCRIPT-OPERATIONS. Under the wasm engine the fuel
    /// cap (--fuel) holds as a second fence even if this is set very high.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SCRIPT_MAX_OPERATIONS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub script_max_operations: u64,
}

/// Most workers a run starts, `--jobs` or one per core: more only add engines (each
/// wasm worker its own instance) once the reading thread is the limit.
pub const MAX_JOBS: u32 = 64;

/// The core's own default, written once (kefu_core::api::ScriptLimits).
const DEFAULT_SCRIPT_MAX_OPERATIONS: u64 = kefu_core::api::ScriptLimits::DEFAULT_MAX_OPERATIONS;

/// The shop's policy for decide and scan, and the limits its script runs under.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// The shop's policy: a Rhai script (.rhai), compiled once for the run, or JSON with
    /// any subset of the policy's fields (see `kefu schema`).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub script: ScriptArgs,
}

/// Arguments of `kefu reply`.
#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// The script or template id.
    #[arg(value_name = "TEMPLATE")]
    pub template: String,

    /// A case or an order (JSON); `-` or nothing for stdin.
    #[arg(value_name = "CASE", default_value = "-")]
    pub file: PathBuf,

    /// Print only the filled text in this language.
    #[arg(long, value_name = "LANG", value_parser = ["zh", "en"])]
    pub text: Option<String>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// Arguments of `kefu test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The shop's policy: a Rhai script (.rhai) or a JSON policy.
    #[arg(value_name = "POLICY")]
    pub policy: PathBuf,

    /// Test files or directories (the scenario format: case, expected items); default:
    /// the directory beside the policy named like it with `.tests` (shop.rhai → shop.tests/).
    #[arg(value_name = "CASES")]
    pub cases: Vec<PathBuf>,

    /// After the results, list which rules (the rulebook's and the policy's own) each
    /// test exercised, and the rules no test reaches.
    #[arg(long)]
    pub coverage: bool,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub script: ScriptArgs,
}

/// Arguments of `kefu diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Files or directories of cases or orders; `-` for stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The policies: `--policy A --policy B` (A in force, B the change), or one
    /// `--policy B` against the built-in policy. Rhai (.rhai) or JSON.
    #[arg(long = "policy", value_name = "FILE", required = true, num_args = 1, action = clap::ArgAction::Append)]
    pub policies: Vec<PathBuf>,

    /// The time orders are scanned at (RFC 3339 with offset); default: the latest time
    /// in the orders, as `kefu scan`. Cases carry their own.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// Also list the rules (the rulebook's and the policies' own) that never fired, and
    /// a shop rule whose flag always lost to another's (R-FLAG-4).
    #[arg(long)]
    pub coverage: bool,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub input: InputArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub script: ScriptArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `kefu kpi`.
#[derive(Debug, Args)]
pub struct KpiArgs {
    /// Indicator tables (xlsx, CSV, JSON); `-` for stdin.
    #[arg(value_name = "TABLE", required = true)]
    pub paths: Vec<PathBuf>,

    /// The teams, for the leads' scores: JSON `[{"lead": "阿珍", "agents": ["小王", ...]}]`.
    #[arg(long, value_name = "FILE")]
    pub teams: Option<PathBuf>,

    /// Service evaluations (the platform's EvalDetail: `eval_code` 0-4, `eval_sender`,
    /// `eval_time`, `source`), JSON array or NDJSON: each counted for its agent and period,
    /// they give the satisfaction and invitation rates (in place of a table's rate).
    #[arg(long, value_name = "FILE")]
    pub evaluations: Option<PathBuf>,

    /// `kefu qa`'s output (`--format json` or `ndjson`) over the period's chats: each
    /// agent's response times measured from the chats replace the table's, and the
    /// findings and red lines go on the card.
    #[arg(long, value_name = "FILE")]
    pub qa: Option<PathBuf>,

    /// The period of tables that give none (the workbench's report has it in its file name).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// Days the tables cover, for the staffing advice (else from the period in the name).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,

    /// The store of tables that are one store's and name none.
    #[arg(long, value_name = "NAME")]
    pub store: Option<String>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Output: json (the scorecards and how each table was read), table, csv or html
    /// (the scorecard page: the ranking, a table per store, the trend).
    #[arg(long, value_enum, default_value_t = KpiFormat::Table)]
    pub format: KpiFormat,

    /// Language of the table and csv outputs.
    #[arg(long, value_enum, default_value_t = MessageLang::Zh)]
    pub lang: MessageLang,
}

/// Arguments of `kefu qa`.
#[derive(Debug, Args)]
pub struct QaArgs {
    /// Transcripts (JSON, NDJSON, text copied from the workbench, CSV, xlsx) or
    /// directories of them; `-` for stdin.
    #[arg(value_name = "TRANSCRIPT", required = true)]
    pub paths: Vec<PathBuf>,

    /// The orders the chats are about: an export (CSV/xlsx, read with --mapping), trade
    /// objects or kefu's orders. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub orders: Vec<PathBuf>,

    /// Service evaluations (EvalDetail: `eval_code` 0-4, `eval_sender`, `eval_recer`,
    /// `eval_time`), JSON array or NDJSON: joined to the buyer's chat with the agent that
    /// day (the best chat of the week is one the buyer was satisfied with).
    #[arg(long, value_name = "FILE")]
    pub evaluations: Option<PathBuf>,

    /// Which column holds which field, for a table whose headers are not the
    /// documented ones: JSON `{"time": "发送时间", "content": "聊天内容", ...}` (fields:
    /// chat, account, buyer, time, sender, content, order, type, direction, length).
    #[arg(long, value_name = "FILE")]
    pub chat_mapping: Option<PathBuf>,

    /// Only this day's sample (`YYYY-MM-DD`) in the table and html outputs.
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub policy: PolicyArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub input: InputArgs,

    /// Output: ndjson (a line per chat, the report last), json, table, csv (a row per
    /// finding) or html (per agent a card, the sample as conversations, the week's picks).
    #[arg(long, value_enum, default_value_t = QaFormat::Table)]
    pub format: QaFormat,

    /// Language of the table, csv and html outputs.
    #[arg(long, value_enum, default_value_t = MessageLang::Zh)]
    pub lang: MessageLang,
}

/// Output of `kefu qa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QaFormat {
    /// A line per chat, the report last.
    Ndjson,
    /// One document: the chats, the report.
    Json,
    /// For people.
    Table,
    /// CSV for Excel: a row per finding.
    Csv,
    /// One self-contained page.
    Html,
}

/// Output of `kefu kpi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KpiFormat {
    /// The core's answer.
    Json,
    /// For people.
    Table,
    /// CSV for Excel: a row per agent and indicator.
    Csv,
    /// One self-contained page.
    Html,
}

/// Arguments of `kefu decide`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// Files or directories of cases; `-` for stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub input: InputArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub policy: PolicyArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `kefu scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories of orders; `-` for stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub input: InputArgs,

    /// The time to scan at (RFC 3339 with offset); default: the latest time in the orders.
    ///
    /// Without it the orders are scanned as of the latest time found in them (created,
    /// paid, shipped...: when the export was taken, near enough), so an old export is not
    /// scanned at today's clock; stdin, read only once, is scanned at this computer's
    /// clock at +08:00. The summary's `now` says the time and where it came from, and the
    /// reports say it too.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub policy: PolicyArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `kefu explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id such as R-CANCEL-3 (any case); omit to list every rule.
    #[arg(value_name = "RULE")]
    pub id: Option<String>,

    /// Print the core's JSON answer instead of text.
    #[arg(long)]
    pub json: bool,

    /// Language of the text: the summary and the labels (the JSON carries both).
    #[arg(long, value_enum, default_value_t = MessageLang::Zh)]
    pub lang: MessageLang,
}

/// Arguments of `kefu lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories of orders; `-` for stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub input: InputArgs,

    #[allow(missing_docs, reason = "a doc comment here would become clap help text")]
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How batch commands (lint, decide, scan) read their inputs.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The inputs' format; default: detected from each source's first bytes (a zip is
    /// xlsx, `[`/`{` is JSON, trade JSON has `tid`, anything else is CSV).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<crate::source::InputFormat>,

    /// Column mapping for exports: a built-in name (taobao-orders) or a TOML/JSON file.
    #[arg(long, value_name = "NAME|FILE", default_value = "taobao-orders")]
    pub mapping: String,

    /// The item report (宝贝报表, CSV or xlsx) to join on 订单编号: gives orders their
    /// lines and chosen colour/size. Its mapping: --items-mapping.
    #[arg(long, value_name = "FILE")]
    pub items: Option<PathBuf>,

    /// Column mapping for the item report: a built-in name or a TOML/JSON file.
    #[arg(long, value_name = "NAME|FILE", default_value = "taobao-items")]
    pub items_mapping: String,

    /// The shop's time zone, for export times that carry no offset.
    #[arg(long, value_name = "OFFSET", default_value = "+08:00")]
    pub time_zone: String,

    /// How CSV bytes are decoded; default: a BOM or valid UTF-8 is UTF-8, else GBK.
    #[arg(long, value_enum, default_value_t = crate::source::Encoding::Auto)]
    pub encoding: crate::source::Encoding,

    /// Workers, each with its own engine; default: one per core, at most 64. Output is
    /// the same for any number.
    ///
    /// At most 64 (a larger number is refused): past a few workers per core the reading
    /// thread is the limit, and each wasm worker holds its own instance, whose memory
    /// may grow to --max-memory, so the guests' worst case is N × --max-memory.
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_JOBS)))]
    pub jobs: Option<u32>,

    /// No progress bar (it is drawn only when stderr is a terminal anyway).
    #[arg(long, short)]
    pub quiet: bool,

    /// Bytes in one record (a JSON record, an export row); a larger one is rejected
    /// alone.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u64).range(64..=(1u64 << 30)))]
    pub max_record: u64,

    /// Bytes read from one source (stdin that never ends, a FIFO); default: no cap,
    /// since records stream without memory growth. An xlsx is copied to a temporary
    /// file first (a zip's directory is at its end): up to this or 1 GiB, unpacking to
    /// at most 4 GiB, no row over --max-record.
    #[arg(long, value_name = "BYTES")]
    pub max_input: Option<u64>,
}

/// How batch commands (lint, decide, scan) print and batch.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output: json (one document), ndjson (one item per line, then a summary line),
    /// table (for people), csv (UTF-8 with BOM, for Excel: one row per finding or
    /// decision) or html (one self-contained report page).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Language of the table, csv and html outputs: labels, values, headers (zh or en).
    ///
    /// Names of ids (outcomes, checks, severities, flags, levels...) are the core's; json
    /// and ndjson carry the ids and both languages' messages.
    #[arg(long, value_enum, default_value_t = MessageLang::Zh)]
    pub lang: MessageLang,

    /// Records per call into the core.
    ///
    /// Larger batches amortise the cost of crossing into the guest (about 10 us a call).
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// A readable table.
    Table,
    /// CSV for Excel (UTF-8 with BOM).
    Csv,
    /// A self-contained HTML report.
    Html,
}

/// The language of the reports people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageLang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

/// `kefu remark ...`
#[derive(Debug, Subcommand)]
pub enum RemarkCommand {
    /// Append an entry to a remark, never losing a byte of it.
    ///
    /// Input (a file or stdin): {"remark": "...", "entry": {"reason": "change_phone",
    /// "details": {"phone": "139..."}, "agent": "小王", "at": "2026-11-25T14:30:00+08:00"},
    /// "options": {"lang": "zh", "limit_bytes": 1000}}. Output: the complete new remark
    /// (the memo API replaces the whole memo); an entry the remark already has (same
    /// reason, same or no details) is not written twice: "present": true. Past the limit the answer is a failure
    /// with code KEFU-REMARK-TOO-LONG, the overflow in `over_by`, and the remark
    /// unchanged; exit code 2.
    Append(InputArg),
    /// Render one entry: {"entry": {...}, "options": {...}}.
    Render(InputArg),
    /// Split a remark into recognised entries and opaque text: {"remark": "..."}.
    Parse(InputArg),
}

/// A JSON input file.
#[derive(Debug, Args)]
pub struct InputArg {
    /// JSON input file; `-` or nothing for stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn engine_flags_parse_anywhere() {
        let cli = Cli::try_parse_from(["kefu", "lint", "--engine", "native", "--fuel", "7", "x.json"]).unwrap();
        assert_eq!(cli.engine.engine, EngineKind::Native);
        assert_eq!(cli.engine.fuel, 7);
        assert!(Cli::try_parse_from(["kefu", "lint", "--batch", "0"]).is_err());
        assert!(Cli::try_parse_from(["kefu", "lint", "--format", "xml"]).is_err());
    }
}
