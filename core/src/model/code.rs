//! Every stable error code kefu reports, in one table: the core's, the hosts' (the CLI,
//! the guest module, the browser package) and the browser extension's.
//!
//! Each row of the `codes!` table is a [`Code`] variant, its `KEFU-…` string, a short
//! Chinese title and one doc line:
//! what went wrong, which field or input, and what to do. A report is built from a
//! variant ([`ErrorReport::of`](super::error::ErrorReport::of)), so a misspelt code does
//! not compile; `docs/ERRORS.md` is written from this table (a test keeps it in sync:
//! `KEFU_BLESS=1 cargo test --release --test error_codes` rewrites it).
//!
//! A row takes exactly one `///` line (a second one does not match the macro). Codes are
//! part of the JSON contract: support staff search for them, scripts and the extension
//! compare them, so a code is never renamed, only added.

macro_rules! codes {
    ($($section:literal {
        $(#[doc = $doc:literal] $variant:ident = $code:literal, $zh:literal,)+
    })+) => {
        /// A stable error code (`KEFU-<AREA>-<WHAT>`); [`Code::as_str`] is the string a
        /// report carries. See the module docs and `docs/ERRORS.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc] $variant,)+)+
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$($(Code::$variant,)+)+];

            /// The code as reports carry it, such as `KEFU-INPUT-MONEY`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($(Code::$variant => $code,)+)+
                }
            }

            /// The code with this string, if it is one.
            pub fn parse(code: &str) -> Option<Code> {
                // A search of the table rather than a `match` on every string: it runs
                // only for a failure, and the table is already there.
                Code::ALL.iter().copied().find(|c| c.as_str() == code)
            }

            /// What the code means, which field or input, what to do: its one doc line.
            pub fn doc(self) -> &'static str {
                match self {
                    $($(Code::$variant => $doc.trim(),)+)+
                }
            }

            /// A short title in Chinese, as the CLI and the extension show an error to
            /// agents (the doc line is the English one).
            pub fn title_zh(self) -> &'static str {
                match self {
                    $($(Code::$variant => $zh,)+)+
                }
            }

            /// The table's section the code is listed under.
            pub fn section(self) -> &'static str {
                match self {
                    $($(Code::$variant => $section,)+)+
                }
            }
        }
    };
}

codes! {
    "Reading an input" {
        /// The input is not valid JSON (an operation's input, a record, a policy or a mapping); `line` and `column` say where the parser stopped.
        InputJson = "KEFU-INPUT-JSON", "输入不是有效的JSON",
        /// A field holds a value it does not take (a wrong type, an unknown name, `null`), or the input is the wrong kind (an array where an order goes); `path` names the field.
        InputValue = "KEFU-INPUT-VALUE", "字段的值不对",
        /// A field kefu does not know, often a typo; `path` names it and the message lists the fields that place takes.
        InputUnknownField = "KEFU-INPUT-UNKNOWN-FIELD", "未知字段（多半是拼写错误）",
        /// A required field is missing; `path` names it.
        InputMissingField = "KEFU-INPUT-MISSING-FIELD", "缺少必填字段",
        /// An amount is not a decimal string with at most two decimals (`"199.00"`): a JSON number, a negative amount, three decimals or an overflow; `path` names it.
        InputMoney = "KEFU-INPUT-MONEY", "金额格式不对（应为\"199.00\"这样的字符串）",
        /// A time is not RFC 3339 with an offset (`2026-11-20T10:00:00+08:00`); `path` names it.
        InputTime = "KEFU-INPUT-TIME", "时间格式不对（应带时区，如2026-11-20T10:00:00+08:00）",
        /// A flag is not a code 0-5 or a colour name (none, red, yellow, green, blue, purple); `path` names it.
        InputFlag = "KEFU-INPUT-FLAG", "旗帜不对（应为0-5或颜色名）",
        /// An input is over a size kefu reads (an order's lines or a request's SKUs past 1,000, a reply draft past 20,000 characters, a record past the CLI's `--max-record`); `limit`, `over_by` and `unit` say by how much.
        InputTooLarge = "KEFU-INPUT-TOO-LARGE", "输入超出大小上限",
        /// (CLI) A record of a JSON input is not valid UTF-8; that record is skipped and the rest are read.
        InputUtf8 = "KEFU-INPUT-UTF8", "记录不是有效的UTF-8，已跳过",
        /// (CLI) A CSV line is valid in neither UTF-8 nor GBK; it is skipped rather than read with replacement characters (`--encoding` forces one).
        InputEncoding = "KEFU-INPUT-ENCODING", "CSV行既不是UTF-8也不是GBK，已跳过",
        /// (CLI) A CSV row cannot be trusted: a quote that does not close, or more or fewer cells than the header; that line is skipped and reading goes on.
        InputCsv = "KEFU-INPUT-CSV", "CSV行不可信（引号未闭合或列数不符），已跳过",
    }
    "Orders, exports and pages" {
        /// An order reads but breaks a rule of the model (an empty order id or SKU, a quantity of 0, a remark past 64 KiB); `path` names the field.
        OrderInvalid = "KEFU-ORDER-INVALID", "订单不符合规则（订单号或SKU为空、数量为0、备注过长）",
        /// An export's header row lacks a column the mapping requires or has a mapped header twice, or an item report was given as the order report; one error for the file.
        ExportColumn = "KEFU-EXPORT-COLUMN", "导出表缺少所需的列",
        /// A cell of an export row cannot be read (an amount, a time, a number); `path` names the column, and only that row is skipped.
        ExportCell = "KEFU-EXPORT-CELL", "导出表的单元格读不出",
        /// An export row's status text is not in the mapping's status table; `path` names the column: add the text to the mapping.
        ExportStatus = "KEFU-EXPORT-STATUS", "不认识的订单状态文字",
        /// A field of a trade object (the marketplace API's order) cannot be read; `path` names it.
        TradeValue = "KEFU-TRADE-VALUE", "交易对象的值不对",
        /// The order-list page's answer has no `mainOrders` list: it is not the answer of an order-list request.
        PageShape = "KEFU-PAGE-SHAPE", "页面数据的结构与预期不符",
        /// A mapping cannot be used: no built-in mapping has that name, or it maps no column to `order_id`.
        Mapping = "KEFU-MAPPING", "列映射不对",
        /// A value of a mapping is not one a mapping can mean (a blank or over-long header, too many headers or statuses, one status text with two states); `path` names it.
        MappingValue = "KEFU-MAPPING-VALUE", "列映射的值不对",
        /// A key is written twice in a mapping (JSON would keep only the last); `path` names it.
        MappingDuplicate = "KEFU-MAPPING-DUPLICATE", "列映射重复",
    }
    "Remarks" {
        /// A field of the entry cannot be written into a remark (a line break, an invisible character, a signature delimiter in the agent's name, text that reads back as another field); `path` names it.
        RemarkField = "KEFU-REMARK-FIELD", "备注字段不能写入",
        /// The remark with the new entry would pass the shop's limit (1000 bytes by default); nothing was appended, and `limit`, `over_by` and `unit` say by how much.
        RemarkTooLong = "KEFU-REMARK-TOO-LONG", "备注超出长度上限，未写入",
    }
    "Policies, replies, rules and shop tests" {
        /// A policy value is out of its range (an hour 0-24, a percentage 0-100...) or a phrase of the phrasebook has no text; `path` names it.
        PolicyValue = "KEFU-POLICY-VALUE", "策略的值不对",
        /// `reply` was given a template that is neither a phrase of the phrasebook nor a reply template; the message lists the known ones.
        ReplyTemplate = "KEFU-REPLY-TEMPLATE", "没有这个话术或回复模板",
        /// `explain` was given an id that is no rule of the registry; `kefu explain` with no id lists them all.
        RuleUnknown = "KEFU-RULE-UNKNOWN", "没有这条规则",
        /// A shop test case (`kefu test`, `runTests`) is not JSON or not `{id, description, case, expect}`; it did not run.
        TestCase = "KEFU-TEST-CASE", "测试用例读不出",
        /// A shop test case carries its own `policy`; a shop test takes its policy from the shop's script: remove it.
        TestPolicy = "KEFU-TEST-POLICY", "测试用的策略读不出",
    }
    "Policy scripts" {
        /// The limits given for a policy script are themselves out of range; the message names the limit.
        ScriptLimits = "KEFU-SCRIPT-LIMITS", "脚本限制设置不对",
        /// A policy script, or a value it builds, is past a size limit (source bytes or lines, functions, variables, a string, an array or a map).
        ScriptSize = "KEFU-SCRIPT-SIZE", "策略脚本过大",
        /// A policy script does not parse; `line`, `column` and `snippet` show where.
        ScriptSyntax = "KEFU-SCRIPT-SYNTAX", "策略脚本语法错误",
        /// A policy script nests expressions or calls past the depth limit (runaway recursion?).
        ScriptDepth = "KEFU-SCRIPT-DEPTH", "策略脚本嵌套过深",
        /// A policy script left `policy` as something that is no valid policy (a field of the wrong type, a value out of range).
        ScriptPolicy = "KEFU-SCRIPT-POLICY", "策略脚本设置的值不对",
        /// A policy script declares a rule wrongly: an invalid id, an unknown point, or no hook function `(case, plan)`.
        ScriptRule = "KEFU-SCRIPT-RULE", "策略脚本的规则写法不对",
        /// A hook returned something other than nothing, `true` or `false`, or a value of a type kefu did not expect.
        ScriptReturnType = "KEFU-SCRIPT-RETURN-TYPE", "策略脚本返回的类型不对",
        /// A hook handed kefu a value it cannot use (an amount, a flag, an action...); the message says what was expected.
        ScriptValue = "KEFU-SCRIPT-VALUE", "策略脚本写出的值不对",
        /// A policy script ran past the host's time budget for one call (the CLI's `--time-budget-ms`, the browser package's `timeMs`).
        ScriptDeadline = "KEFU-SCRIPT-DEADLINE", "策略脚本超时",
        /// A policy script ran past its operation limit (an endless loop?).
        ScriptOperations = "KEFU-SCRIPT-OPERATIONS", "策略脚本运算次数超限",
        /// A policy script threw a value of its own (`throw`); the message shows it.
        ScriptThrow = "KEFU-SCRIPT-THROW", "策略脚本主动报错",
        /// A policy script failed while running for another reason (an unknown function or variable, a type mismatch...).
        ScriptRuntime = "KEFU-SCRIPT-RUNTIME", "策略脚本运行出错",
    }
    "Calls" {
        /// No operation has that name, or records were given to an operation that takes none; the message lists the operations.
        CallOperation = "KEFU-CALL-OPERATION", "没有这个操作",
        /// `policy_handle` names no policy of this session; load it with `policy.load` first.
        CallPolicy = "KEFU-CALL-POLICY", "没有这个已加载的策略",
        /// A call reached a session that was still in a call; make the calls one after another.
        CallReentrant = "KEFU-CALL-REENTRANT", "核心正在处理另一个调用",
        /// (guest module) The operation, the input or a record handed to the module is not valid UTF-8.
        CallUtf8 = "KEFU-CALL-UTF8", "调用的内容不是有效的UTF-8",
        /// The core could not write its answer as JSON: a bug in kefu; report it with the input.
        InternalEncode = "KEFU-INTERNAL-ENCODE", "内部错误：结果无法编码",
    }
    "Hosts" {
        /// (CLI) A file or stdin could not be read; the message names it and says why.
        Io = "KEFU-IO", "文件读不出",
        /// (CLI) The output could not be written, such as to a full disk.
        IoWrite = "KEFU-IO-WRITE", "输出写不进",
        /// (CLI) An argument's value cannot be used; the message names the argument.
        Usage = "KEFU-USAGE", "命令用法不对",
        /// (CLI, wasm engine) One call ran out of fuel: its input is too large or too costly; raise `--fuel` if it is legitimate.
        HostFuel = "KEFU-HOST-FUEL", "运算量超出上限",
        /// (CLI, wasm engine) One call hit the guest's memory cap; raise `--max-memory` if the input is legitimate.
        HostMemory = "KEFU-HOST-MEMORY", "内存超出上限",
        /// (CLI, wasm engine) The guest module trapped for another reason than fuel or memory: a bug in kefu; report it with the input.
        HostTrap = "KEFU-HOST-TRAP", "WebAssembly模块运行中止",
        /// (CLI, wasm engine) The guest module could not be compiled, loaded or linked (a cached module that fails its check is refused).
        HostModule = "KEFU-HOST-MODULE", "WebAssembly模块无法加载",
        /// (CLI, wasm engine) The guest module speaks another ABI version than this kefu.
        HostAbi = "KEFU-HOST-ABI", "WebAssembly模块的接口版本不符",
        /// (CLI, browser package) The core answered with something that is not its envelope: a bug in kefu.
        HostAnswer = "KEFU-HOST-ANSWER", "核心的回答读不出",
        /// (CLI, browser package) The core refused a call and its report carries no code (a stand-in for the core's own).
        Core = "KEFU-CORE", "核心出错",
    }
    "Browser extension" {
        /// The extension failed without a code of its own, or its service worker did not answer.
        Extension = "KEFU-EXTENSION", "插件出错",
        /// A page sent an order-list answer while its previous one was still being read; the new one is not read.
        ExtensionBusy = "KEFU-EXTENSION-BUSY", "插件正忙，请稍后再试",
        /// A message that is no kefu message type, or not of its type's shape or size bounds (extension/TRUST.md).
        ExtensionMessage = "KEFU-EXTENSION-MESSAGE", "插件收到的消息不对",
        /// A fix would sign a remark entry but no agent's name is set in the extension's options (entries are signed, R-REMARK-1).
        ExtensionAgent = "KEFU-EXTENSION-AGENT", "请先在设置里填写客服姓名",
        /// A fix would write to a memo the extension has not read yet (the list answer has no memo; it is read from memoInfo.htm first).
        ExtensionMemo = "KEFU-EXTENSION-MEMO", "备注还没读取，暂不写入",
        /// The order picked is not on the page the extension read.
        ExtensionOrder = "KEFU-EXTENSION-ORDER", "插件读不出这个订单",
        /// A message from a sender the worker does not answer for that type, or a content script asking about another tab (extension/TRUST.md).
        ExtensionSender = "KEFU-EXTENSION-SENDER", "消息来源不被接受",
        /// The order-list page's answer is past what the extension reads (its characters or its orders).
        PageSize = "KEFU-PAGE-SIZE", "页面数据过大",
        /// The page's rows and its order-list answer do not match (no row shows an order id of the answer, or the answer's orders cannot be read): no badges are drawn.
        PageRows = "KEFU-PAGE-ROWS", "页面行与订单数据对不上",
        /// The order-list answer reached the extension already parsed (`xhr.responseType = "json"`), so 19-digit ids have lost digits; the page is not read.
        PageJson = "KEFU-PAGE-JSON", "列表数据已被解析，订单号无法精确读取",
        /// The test cases written in the options page are not JSON.
        TestsJson = "KEFU-TESTS-JSON", "测试文件不是有效的JSON",
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `docs/ERRORS.md`: every code with its doc line, by section, in the table's order
/// (tests/error_codes.rs keeps the file equal to it). Dead code in a host's build.
#[doc(hidden)]
pub fn markdown() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         Every error kefu reports carries one of these stable codes (`code` in a report; the\n\
         CLI prints it as `error[CODE]`, the browser package throws it as `e.code`). Beside\n\
         it, `message` says what is wrong in one line and `path` names the field (or the\n\
         column, or the script file); some codes add `line`, `column`, `snippet`, or `limit`,\n\
         `over_by` and `unit`. Codes marked (CLI), (guest module), (browser package) or in\n\
         the browser extension's section come from that host; the rest from the core, the\n\
         same on every engine. Each code has a short Chinese title (名称), which the CLI and\n\
         the extension show agents, and the `names` operation hands out under `code`.\n\n\
         Generated from the table in `core/src/model/code.rs`; do not edit by hand. After\n\
         changing the table: `KEFU_BLESS=1 cargo test --release --test error_codes`.\n",
    );
    let mut section = "";
    for code in Code::ALL {
        if code.section() != section {
            section = code.section();
            out.push_str(&format!("\n## {section}\n\n| code | 名称 | meaning |\n|---|---|---|\n"));
        }
        out.push_str(&format!("| `{}` | {} | {} |\n", code.as_str(), code.title_zh(), code.doc()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore = "writes docs/ERRORS.md's text to stdout: cargo test -p kefu-core --lib print_markdown -- --ignored --nocapture"]
    fn print_markdown() {
        print!("{}", markdown());
    }

    #[test]
    fn every_code_has_a_chinese_title() {
        for c in Code::ALL {
            assert!(c.title_zh().chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "{c:?}");
        }
    }

    #[test]
    fn codes_are_distinct_well_formed_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} is in the table twice");
            assert_eq!(Code::parse(s), Some(*code));
            let rest = s.strip_prefix("KEFU-").unwrap_or_default();
            assert!(
                !rest.is_empty()
                    && !rest.ends_with('-')
                    && rest
                        .split('-')
                        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())),
                "{s} is not KEFU-<AREA>-<WHAT>"
            );
            let doc = code.doc();
            assert!(doc.ends_with('.') && !doc.contains('|') && !doc.contains('\n'), "{s}: `{doc}`");
        }
        assert_eq!(Code::parse("KEFU-NOPE"), None);
    }
}
