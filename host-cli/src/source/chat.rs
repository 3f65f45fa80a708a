//! Chat transcripts as a supervisor has them (seller-data.md §4), read into chats for the
//! core's `qa`: who wrote (a direction or a name), when, what, which order. The core
//! reads every time and every name; this only finds the messages in the file.
//!
//! - JSON kept by a tool: the open platform's message lists (`chatlog.get`'s and
//!   `abstract.logquery`'s `msgs`, with `direction`/`time`/`content`/`type`, the pair of
//!   accounts as `from_id`/`to_id` beside them), kefu's own `{"account", "buyer",
//!   "messages"}`, or flat messages (NDJSON too) that carry their chat's keys.
//! - Text copied out of the workbench's chat page: date lines, then per message a line
//!   with the time and the sender's display name, then the text.
//! - A table (CSV in UTF-8 or GBK, xlsx): the documented columns 会话/买家/客服/时间/
//!   发送方/内容/订单号 (or English names, or any through `--chat-mapping`).
//!
//! Messages of one chat are expected together, as every source gives them: a chat ends
//! where the next row or message names another.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::HostError;

/// The fields of a chat message, and the names sources give them (lowercase; a table's
/// header and a JSON key are matched alike).
const FIELDS: &[(&str, &[&str])] = &[
    ("chat", &["会话", "会话id", "会话编号", "chat", "chat_id", "session", "session_id"]),
    ("account", &["客服", "客服账号", "子账号", "from_id", "account", "agent", "seller_nick"]),
    ("buyer", &["买家", "买家昵称", "to_id", "buyer", "buyer_nick", "customer"]),
    ("time", &["时间", "发送时间", "time", "msg_time", "send_time", "timestamp"]),
    ("sender", &["发送方", "发送人", "发言人", "sender", "from", "nick", "speaker"]),
    ("content", &["内容", "消息内容", "消息", "content", "text", "msg", "message"]),
    ("order", &["订单号", "订单编号", "订单", "order", "order_id", "tid"]),
    ("type", &["类型", "消息类型", "type", "msg_type"]),
    ("direction", &["direction", "方向"]),
    ("length", &["length", "长度"]),
];

/// A chat mapping: for a field, the header (or key) that holds it.
pub type ChatMapping = BTreeMap<String, String>;

/// Which field a header or key is, through the mapping first.
fn field_of(name: &str, mapping: &ChatMapping) -> Option<&'static str> {
    let n = name.trim().trim_start_matches('\u{feff}');
    if let Some((field, _)) = mapping.iter().find(|(_, h)| h.trim() == n) {
        return FIELDS.iter().find(|(f, _)| f == field).map(|(f, _)| *f);
    }
    let lower = n.to_lowercase();
    FIELDS.iter().find(|(_, names)| names.contains(&lower.as_str())).map(|(f, _)| *f)
}

/// Reads `--chat-mapping`: JSON `{"time": "发送时间", "content": "聊天内容", ...}`.
pub fn read_mapping(text: &str) -> Result<ChatMapping, String> {
    let map: ChatMapping =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object of field to header: {e}"))?;
    if let Some(bad) = map.keys().find(|k| !FIELDS.iter().any(|(f, _)| f == k)) {
        let known = FIELDS.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ");
        return Err(format!("`{bad}` is no chat field; known: {known}"));
    }
    Ok(map)
}

/// A cell or JSON value as message text: strings as they are, numbers written out.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One message's fields, and its chat's keys (chat id, account, buyer), from named values.
#[derive(Default)]
struct Flat {
    chat: Option<String>,
    account: Option<String>,
    buyer: Option<String>,
    message: Map<String, Value>,
}

fn flat<'a>(pairs: impl Iterator<Item = (&'a str, &'a Value)>, mapping: &ChatMapping) -> Flat {
    let mut f = Flat::default();
    for (key, value) in pairs {
        let Some(field) = field_of(key, mapping) else { continue };
        let Some(t) = text(value).filter(|t| !t.trim().is_empty()) else { continue };
        match field {
            "chat" => f.chat = Some(t),
            "account" => f.account = Some(t),
            "buyer" => f.buyer = Some(t),
            "direction" | "length" => {
                if let Ok(n) = t.trim().parse::<u64>() {
                    f.message.insert(field.into(), n.into());
                }
            }
            "type" => {
                let n = t.trim().parse::<u64>().ok().or_else(|| t.contains("自动").then_some(1));
                if let Some(n) = n {
                    f.message.insert("type".into(), n.into());
                }
            }
            _ => {
                f.message.insert(field.into(), t.into());
            }
        }
    }
    f
}

/// A chat being gathered: its id, account and buyer, its first line, its messages.
type Open = (Option<String>, Option<String>, Option<String>, usize, Vec<Value>);

/// Groups flat messages into chats: a chat ends where the next message names another.
struct Grouper<'e> {
    source: String,
    /// Chats emitted so far from this source.
    chats: usize,
    current: Option<Open>,
    emit: &'e mut dyn FnMut(Value) -> Result<(), HostError>,
}

impl Grouper<'_> {
    fn push(&mut self, f: Flat, line: usize) -> Result<(), HostError> {
        let same = self.current.as_ref().is_some_and(|(chat, account, buyer, _, _)| {
            let differs = |a: &Option<String>, b: &Option<String>| a.is_some() && b.is_some() && a != b;
            !(differs(chat, &f.chat) || differs(account, &f.account) || differs(buyer, &f.buyer))
        });
        if !same {
            self.flush()?;
        }
        let cur = self.current.get_or_insert_with(|| (None, None, None, line, Vec::new()));
        cur.0 = cur.0.take().or(f.chat);
        cur.1 = cur.1.take().or(f.account);
        cur.2 = cur.2.take().or(f.buyer);
        cur.4.push(Value::Object(f.message));
        Ok(())
    }

    fn flush(&mut self) -> Result<(), HostError> {
        if let Some((chat, account, buyer, line, messages)) = self.current.take() {
            self.chats += 1;
            // A chat without an id of its own is named by its file and number.
            let file =
                Path::new(&self.source).file_name().map_or(self.source.clone(), |f| f.to_string_lossy().into_owned());
            let chat = chat.or_else(|| Some(format!("{file}#{}", self.chats)));
            (self.emit)(chat_value(chat, account, buyer, format!("{}:{line}", self.source), messages))?;
        }
        Ok(())
    }
}

fn chat_value(
    id: Option<String>,
    account: Option<String>,
    buyer: Option<String>,
    source: String,
    messages: Vec<Value>,
) -> Value {
    let mut c = Map::new();
    if let Some(id) = id {
        c.insert("id".into(), id.into());
    }
    if let Some(a) = account {
        c.insert("account".into(), a.into());
    }
    if let Some(b) = buyer {
        c.insert("buyer".into(), b.into());
    }
    c.insert("source".into(), source.into());
    c.insert("messages".into(), Value::Array(messages));
    Value::Object(c)
}

/// The bytes of a source (a file, or stdin for `-`).
fn open<'a>(path: &Path, stdin: &'a mut dyn Read) -> Result<Box<dyn BufRead + 'a>, HostError> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::BufReader::new(stdin)));
    }
    let f = std::fs::File::open(path).map_err(|e| HostError::Io { path: path.display().to_string(), source: e })?;
    Ok(Box::new(std::io::BufReader::new(f)))
}

/// Reads one transcript file and emits its chats, one at a time (an NDJSON file of
/// messages is streamed line by line; other shapes are read whole).
pub fn read_chats(
    path: &Path,
    stdin: &mut dyn Read,
    mapping: &ChatMapping,
    emit: &mut dyn FnMut(Value) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let name = path.display().to_string();
    let bad = |why: String| HostError::Io { path: name.clone(), source: std::io::Error::other(why) };
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".xlsx") || lower.ends_with(".tsv") {
        let rows = super::grid::grid(path, stdin)?;
        return table(&name, &rows, mapping, emit);
    }
    let mut reader = open(path, stdin)?;
    let mut head = Vec::new();
    // Look at the start to tell JSON from text.
    let peek = reader.fill_buf().map_err(|e| HostError::Io { path: name.clone(), source: e })?;
    head.extend_from_slice(peek.get(..peek.len().min(64)).unwrap_or_default());
    let start = String::from_utf8_lossy(&head);
    let start = start.trim_start_matches('\u{feff}').trim_start();
    let ndjson = lower.ends_with(".ndjson") || lower.ends_with(".jsonl");
    if start.starts_with('{') && ndjson {
        return ndjson_lines(&name, reader, mapping, emit);
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| HostError::Io { path: name.clone(), source: e })?;
    let text = super::grid::decode(&bytes);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let values: Vec<Value> = if trimmed.starts_with('[') {
            vec![serde_json::from_str(trimmed).map_err(|e| bad(format!("not JSON: {e}")))?]
        } else {
            serde_json::Deserializer::from_str(trimmed)
                .into_iter::<Value>()
                .collect::<Result<_, _>>()
                .map_err(|e| bad(format!("not JSON: {e}")))?
        };
        let mut g = Grouper { source: name.clone(), chats: 0, current: None, emit };
        for (i, v) in values.iter().enumerate() {
            walk(v, &Context::default(), mapping, &mut g, i + 1)?;
        }
        return g.flush();
    }
    workbench_text(&name, &text, emit)
}

fn ndjson_lines(
    name: &str,
    reader: Box<dyn BufRead + '_>,
    mapping: &ChatMapping,
    emit: &mut dyn FnMut(Value) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let mut g = Grouper { source: name.to_owned(), chats: 0, current: None, emit };
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| HostError::Io { path: name.to_owned(), source: e })?;
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| HostError::Io {
            path: name.to_owned(),
            source: std::io::Error::other(format!("line {}: not JSON: {e}", i + 1)),
        })?;
        walk(&v, &Context::default(), mapping, &mut g, i + 1)?;
    }
    g.flush()
}

/// The chat keys an enclosing object gives (`from_id`/`to_id` beside `msgs`).
#[derive(Clone, Default)]
struct Context {
    chat: Option<String>,
    account: Option<String>,
    buyer: Option<String>,
}

/// Finds messages in a JSON value: an object with a time is a message (its chat keys
/// its own or the enclosing object's); an array is walked in order; any other object
/// lends its chat keys to what it holds.
fn walk(v: &Value, ctx: &Context, mapping: &ChatMapping, g: &mut Grouper<'_>, line: usize) -> Result<(), HostError> {
    match v {
        Value::Array(items) => {
            for item in items {
                walk(item, ctx, mapping, g, line)?;
            }
            Ok(())
        }
        Value::Object(o) => {
            let f = flat(o.iter().map(|(k, v)| (k.as_str(), v)), mapping);
            // A message: it has a time, or it says who wrote what without one (kept,
            // so that the core lists it as unreadable rather than it vanishing).
            let said = ["direction", "sender", "content"].iter().filter(|k| f.message.contains_key(**k)).count();
            if f.message.contains_key("time") || said >= 2 {
                let f = Flat {
                    chat: f.chat.or_else(|| ctx.chat.clone()),
                    account: f.account.or_else(|| ctx.account.clone()),
                    buyer: f.buyer.or_else(|| ctx.buyer.clone()),
                    message: f.message,
                };
                return g.push(f, line);
            }
            let inner = Context {
                chat: f.chat.or_else(|| ctx.chat.clone()),
                account: f.account.or_else(|| ctx.account.clone()),
                buyer: f.buyer.or_else(|| ctx.buyer.clone()),
            };
            // The messages inside carry this object's chat keys; a chat ends where the
            // keys change (so pages of one pair of accounts, one after the other, are one
            // chat), not where a record ends.
            for child in o.values() {
                if matches!(child, Value::Array(_) | Value::Object(_)) {
                    walk(child, &inner, mapping, g, line)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A table of messages: its header is the first row that names a time and content (or
/// a sender); every row after it a message.
fn table(
    name: &str,
    rows: &[Vec<String>],
    mapping: &ChatMapping,
    emit: &mut dyn FnMut(Value) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let header_at = rows.iter().position(|r| {
        let fields: Vec<_> = r.iter().filter_map(|h| field_of(h, mapping)).collect();
        fields.contains(&"time") && (fields.contains(&"content") || fields.contains(&"sender"))
    });
    let Some(header_at) = header_at else {
        let why = "no header row names a time and a content column (时间, 内容; or give --chat-mapping)";
        return Err(HostError::Io { path: name.to_owned(), source: std::io::Error::other(why) });
    };
    let header = rows.get(header_at).cloned().unwrap_or_default();
    let mut g = Grouper { source: name.to_owned(), chats: 0, current: None, emit };
    for (i, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let values: Vec<(&str, Value)> =
            header.iter().zip(row).map(|(h, c)| (h.as_str(), Value::String(c.clone()))).collect();
        let f = flat(values.iter().map(|(h, v)| (*h, v)), mapping);
        g.push(f, i + 1)?;
    }
    g.flush()
}

/// A date line of the workbench's chat page: `2026-11-25`, `2026/11/25`, `2026.11.25`,
/// `2026年11月25日`, with decoration around it (dashes, rules, a weekday).
fn date_line(line: &str) -> Option<String> {
    let deco = |c: char| matches!(c, '-' | '—' | '─' | '=' | '*' | ' ' | '\u{3000}' | '【' | '】' | '[' | ']');
    let mut core = line.trim_matches(deco);
    // A weekday after the date: 星期二, 周二, Tue, Tuesday.
    if let Some((date, rest)) = core.split_once([' ', '\u{3000}']) {
        let rest = rest.trim_matches(deco);
        let weekday =
            rest.starts_with("星期") || rest.starts_with('周') || rest.chars().all(|c| c.is_ascii_alphabetic());
        if weekday && rest.chars().count() <= 9 {
            core = date;
        }
    }
    let core = core.trim_end_matches('日');
    let parts: Vec<&str> = core.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let num = |p: &str, w: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (w.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    let (y, m, d) = (num(y, 4..=4)?, num(m, 1..=2)?, num(d, 1..=2)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `HH:MM[:SS]`.
fn clock(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split(':').collect();
    let ok = |p: &&str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [h, m] if ok(h) && ok(m) => Some(format!("{h:0>2}:{m:0>2}:00")),
        [h, m, s] if ok(h) && ok(m) && ok(s) => Some(format!("{h:0>2}:{m:0>2}:{s:0>2}")),
        _ => None,
    }
}

/// A message's head line: a time (with or without its date) and a name, either way
/// round. Returns (date?, time, name).
fn head_line(line: &str) -> Option<(Option<String>, String, String)> {
    let (date, time, name) = head_words(line)?;
    // `店铺:小冯 下午 2:05`: the workbench's 12-hour clock, the word before the time.
    for (word, add) in [("上午", 0), ("凌晨", 0), ("中午", 12), ("下午", 12), ("晚上", 12)] {
        // The word on its own, before or after the name ("下午茶" is a name).
        let rest = name
            .strip_suffix(word)
            .filter(|r| r.ends_with(' '))
            .or_else(|| name.strip_prefix(word).filter(|r| r.starts_with(' ')));
        if let Some(rest) = rest {
            let hour: u32 = time.get(..2)?.parse().ok()?;
            let hour = if add == 12 && hour < 12 && !(word == "中午" && hour >= 11) { hour + 12 } else { hour };
            let time = format!("{hour:02}{}", time.get(2..)?);
            let rest = rest.trim();
            return (!rest.is_empty()).then(|| (date, time, rest.to_owned()));
        }
    }
    Some((date, time, name))
}

/// [`head_line`] before the 12-hour words are read.
fn head_words(line: &str) -> Option<(Option<String>, String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (first, last) = (words.first()?, words.last()?);
    // `2026-11-25 14:30:02 name` / `14:30:02 name`
    if let Some(t) = clock(first) {
        let name = words.get(1..)?.join(" ");
        return (!name.is_empty()).then_some((None, t, name));
    }
    if let (Some(d), Some(t)) = (date_line(first), words.get(1).and_then(|w| clock(w))) {
        let name = words.get(2..)?.join(" ");
        return (!name.is_empty()).then_some((Some(d), t, name));
    }
    // `name 14:30:02` / `name 2026-11-25 14:30:02`
    if let Some(t) = clock(last) {
        let n = words.len();
        if n >= 3 {
            if let Some(d) = words.get(n - 2).and_then(|w| date_line(w)) {
                let name = words.get(..n - 2)?.join(" ");
                return (!name.is_empty()).then_some((Some(d), t, name));
            }
        }
        let name = words.get(..n - 1)?.join(" ");
        return (!name.is_empty()).then_some((None, t, name));
    }
    None
}

/// Text copied out of the workbench's chat page: an optional heading (`买家：…`,
/// `客服：…`, `会话：…`, `订单号：…`), then date lines, head lines and the text of each
/// message. A name with a colon is a shop account (`店铺:小王`); the other name is the
/// buyer's, unless the heading names the buyer.
fn workbench_text(
    name: &str,
    text: &str,
    emit: &mut dyn FnMut(Value) -> Result<(), HostError>,
) -> Result<(), HostError> {
    let mut heading: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut day: Option<String> = None;
    let mut messages: Vec<Value> = Vec::new();
    let mut current: Option<(String, String, Vec<String>)> = None;
    let mut first_line = 0;
    let finish = |current: &mut Option<(String, String, Vec<String>)>, messages: &mut Vec<Value>| {
        if let Some((time, sender, lines)) = current.take() {
            let mut m = Map::new();
            m.insert("time".into(), time.into());
            m.insert("sender".into(), sender.into());
            let content = lines.join("\n").trim().to_owned();
            if !content.is_empty() {
                m.insert("content".into(), content.into());
            }
            messages.push(Value::Object(m));
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if current.is_none() && messages.is_empty() {
            if let Some((key, value)) = line.split_once(['：', ':']) {
                let field = match key.trim() {
                    "买家" | "buyer" => Some("buyer"),
                    "客服" | "account" | "agent" => Some("account"),
                    "会话" | "chat" => Some("chat"),
                    "订单号" | "order" => Some("order"),
                    _ => None,
                };
                if let Some(field) = field {
                    heading.insert(field, value.trim().to_owned());
                    continue;
                }
            }
        }
        // A message has at least one line of text: the line after a head is the text,
        // even when it reads like a date ("2026-11-28") or a head ("明天 15:00").
        let awaiting_text = current.as_ref().is_some_and(|(_, _, lines)| lines.iter().all(|l| l.trim().is_empty()));
        if awaiting_text && !line.trim().is_empty() {
            if let Some((_, _, lines)) = current.as_mut() {
                lines.push(line.to_owned());
            }
            continue;
        }
        if let Some(d) = date_line(line) {
            finish(&mut current, &mut messages);
            day = Some(d);
            continue;
        }
        // A rule of dashes around something that is no date ("——— 昨天 ———"): the day
        // cannot be known, and guessing it would misdate every message after it.
        let decorated = ["——", "--", "==", "──"].iter().any(|d| line.trim().starts_with(d) && line.trim().ends_with(d));
        if decorated {
            let why = format!(
                "line {}: `{}` reads as a date line but names no date (write it as 2026-11-25)",
                i + 1,
                line.trim()
            );
            return Err(HostError::Io { path: name.to_owned(), source: std::io::Error::other(why) });
        }
        if let Some((date, time, sender)) = head_line(line) {
            if let Some(d) = date.clone().or_else(|| day.clone()) {
                finish(&mut current, &mut messages);
                if first_line == 0 {
                    first_line = i + 1;
                }
                current = Some((format!("{d} {time}"), sender, Vec::new()));
                continue;
            }
        }
        match current.as_mut() {
            Some((_, _, lines)) => lines.push(line.to_owned()),
            None if line.trim().is_empty() => {}
            None => {
                let why = format!("line {}: text before the first message's time and name: `{}`", i + 1, line.trim());
                return Err(HostError::Io { path: name.to_owned(), source: std::io::Error::other(why) });
            }
        }
    }
    finish(&mut current, &mut messages);
    if let Some(order) = heading.remove("order") {
        if let Some(Value::Object(m)) = messages.first_mut() {
            m.insert("order".into(), order.into());
        }
    }
    if messages.is_empty() {
        return Ok(());
    }
    // The buyer is the name without a colon, unless the heading names them: with no
    // heading and no shop account (`店铺:小王`) among the names, who is who is unknown.
    let names: std::collections::BTreeSet<&str> =
        messages.iter().filter_map(|m| m.get("sender").and_then(Value::as_str)).collect();
    if !heading.contains_key("buyer") && names.len() > 1 && !names.iter().any(|n| n.contains([':', '：'])) {
        let listed = names.into_iter().collect::<Vec<_>>().join("、");
        let why = format!(
            "who is the buyer among {listed}? No name is a shop account (店铺:客服): add a line `买家：…` at the top"
        );
        return Err(HostError::Io { path: name.to_owned(), source: std::io::Error::other(why) });
    }
    let file = Path::new(name).file_name().map_or(name.to_owned(), |f| f.to_string_lossy().into_owned());
    emit(chat_value(
        heading.remove("chat").or(Some(file)),
        heading.remove("account"),
        heading.remove("buyer"),
        format!("{name}:{}", first_line.max(1)),
        messages,
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    fn chats_of(path: &str, text: &str) -> Vec<Value> {
        let dir = std::env::temp_dir().join(format!("kefu-chat-{}-{}", std::process::id(), path.replace('.', "-")));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(path);
        std::fs::write(&file, text).unwrap();
        let mut out = Vec::new();
        read_chats(&file, &mut std::io::empty(), &ChatMapping::new(), &mut |c| {
            out.push(c);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn the_platforms_message_lists_keep_their_pair_of_accounts() {
        let json = r#"[{"from_id": "cntaobao小店:小王", "to_id": "摩**", "msgs": {"msg": [
            {"direction": 1, "time": "2026-11-25 10:00:00", "content": "在吗"},
            {"direction": 0, "time": "2026-11-25 10:00:30", "content": "在的", "type": 1}]}},
            {"from_id": "cntaobao小店:小林", "to_id": "b**", "msgs": [{"direction": 1, "time": 1764036000, "length": 12}]}]"#;
        let chats = chats_of("log.json", json);
        assert_eq!(chats.len(), 2);
        assert_eq!(chats[0]["account"], "cntaobao小店:小王");
        assert_eq!(chats[0]["messages"][1]["type"], 1);
        assert_eq!(chats[1]["messages"][0]["time"], "1764036000");
        assert_eq!(chats[1]["messages"][0]["length"], 12);
    }

    #[test]
    fn a_table_is_grouped_by_its_chat_column() {
        let csv = "会话,买家,客服,时间,发送方,内容,订单号\nc1,摩**,小店:小王,2026-11-25 10:00:00,买家,在吗,\nc1,摩**,小店:小王,2026-11-25 10:01:00,客服,在的,4012345678901234567\nc2,b**,小店:小王,2026-11-25 11:00:00,买家,你好,\n";
        let chats = chats_of("chats.csv", csv);
        assert_eq!(chats.len(), 2);
        assert_eq!(chats[0]["id"], "c1");
        assert_eq!(chats[0]["messages"].as_array().unwrap().len(), 2);
        assert_eq!(chats[0]["messages"][1]["order"], "4012345678901234567");
        assert_eq!(chats[1]["source"].as_str().unwrap().rsplit(':').next(), Some("4"));
    }

    #[test]
    fn workbench_text_reads_dates_times_names_and_multiline_messages() {
        let text = "买家：摩**\n——— 2026年11月25日 星期三 ———\n10:00:02 摩**\n在吗\n还有一句\n小店:小王 10:01:40\n在的亲\n2026-11-26 09:00:00 摩**\n到了吗\n";
        let chats = chats_of("copy.txt", text);
        let m = chats[0]["messages"].as_array().unwrap();
        assert_eq!(chats[0]["buyer"], "摩**");
        assert_eq!(m.len(), 3);
        assert_eq!(m[0]["time"], "2026-11-25 10:00:02");
        assert_eq!(m[0]["content"], "在吗\n还有一句");
        assert_eq!(m[1]["sender"], "小店:小王");
        assert_eq!(m[2]["time"], "2026-11-26 09:00:00");
    }

    #[test]
    fn the_workbench_text_keeps_a_dated_reply_12_hour_clocks_and_asks_who_the_buyer_is() {
        let text =
            "买家：周**\n2026-11-25\n周** 10:00:00\n2026-11-28\n小店:小冯 下午 2:05\n明天 15:00\n下午茶 14:06\n好\n";
        let chats = chats_of("odd.txt", text);
        let m = chats[0]["messages"].as_array().unwrap();
        assert_eq!(
            (m[0]["content"].as_str(), m[1]["time"].as_str()),
            (Some("2026-11-28"), Some("2026-11-25 14:05:00"))
        );
        assert_eq!((m[1]["sender"].as_str(), m[1]["content"].as_str()), (Some("小店:小冯"), Some("明天 15:00")));
        assert_eq!((m[2]["sender"].as_str(), m[2]["time"].as_str()), (Some("下午茶"), Some("2026-11-25 14:06:00")));
        let dir = std::env::temp_dir().join(format!("kefu-chat-who-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text, want) in [
            ("who.txt", "2026-11-25\n甲 10:00\n在吗\n乙 10:01\n在的\n", "who is the buyer"),
            ("rule.txt", "——— 昨天 ———\n甲 10:00\n在吗\n", "names no date"),
        ] {
            let path = dir.join(file);
            std::fs::write(&path, text).unwrap();
            let e = read_chats(&path, &mut std::io::empty(), &ChatMapping::new(), &mut |_| Ok(())).unwrap_err();
            assert!(e.to_string().contains(want), "{e}");
        }
    }

    #[test]
    fn pages_of_one_pair_of_accounts_are_one_chat() {
        let json = r#"[{"from_id": "店:甲", "to_id": "b", "msgs": [{"direction": 1, "time": "2026-11-25 10:00:00"}]},
                      {"from_id": "店:甲", "to_id": "b", "msgs": [{"direction": 0, "time": "2026-11-25 10:01:00"}]},
                      {"from_id": "店:甲", "to_id": "c", "msgs": [{"direction": 1, "time": "2026-11-25 10:02:00"}]}]"#;
        let chats = chats_of("pages.json", json);
        assert_eq!(chats.iter().map(|c| c["messages"].as_array().unwrap().len()).collect::<Vec<_>>(), [2, 1]);
    }

    #[test]
    fn text_before_any_message_is_an_error_naming_the_line() {
        let dir = std::env::temp_dir().join(format!("kefu-chat-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.txt");
        std::fs::write(&file, "hello\n10:00 x\n").unwrap();
        let e = read_chats(&file, &mut std::io::empty(), &ChatMapping::new(), &mut |_| Ok(())).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
