//! Chat transcripts as a supervisor has them (seller-data.md §4), read into chats: who
//! sent each message (buyer or agent, by `direction` or by the sender's name), when (a
//! Beijing-time string or an epoch), what, whether it was automatic, which order it
//! carries; then each chat cut into sessions at the shop's pause. The host reads the
//! files (the open platform's message JSON, the workbench's copied text, a CSV); every
//! cell is read here, so the same transcript reads the same on every engine.

use chrono::{Datelike, FixedOffset, Timelike};
use serde::{Deserialize, Deserializer};

use crate::ingest::cell;
use crate::model::time::Timestamp;

/// One conversation as read: the messages between one shop account and one buyer.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatIn {
    /// The chat's id (a 会话 column), if the source has one.
    #[serde(default)]
    pub id: Option<String>,
    /// The shop side's account (`from_id`, `cntaobao店铺名:小王`), if the source names it.
    #[serde(default)]
    pub account: Option<String>,
    /// The buyer (`to_id`, a nick, often masked `摩**`).
    #[serde(default)]
    pub buyer: Option<String>,
    /// Where it was read (file and line), for the report.
    #[serde(default)]
    pub source: Option<String>,
    /// The messages, in any order.
    pub messages: Vec<MessageIn>,
}

/// One message as read.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    /// `yyyy-MM-dd HH:mm:ss` in the shop's zone, RFC 3339, or an epoch (seconds or
    /// milliseconds), as text or a number.
    /// Missing: the message is listed as unreadable, the rest of its chat reviewed.
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub time: Option<String>,
    /// The open platform's direction: 0 the shop account to the buyer, 1 the buyer to
    /// the shop account.
    #[serde(default)]
    pub direction: Option<u8>,
    /// The sender's name as the source shows it (the workbench's display name, a
    /// 发送方 column: `买家`, `客服`, `店铺名:小王`).
    #[serde(default)]
    pub sender: Option<String>,
    /// The text; `None` where the source kept only its length (`abstract.logquery` for
    /// buyers' messages) or it was a card.
    #[serde(default)]
    pub content: Option<String>,
    /// The open platform's bitmask: 1 auto-reply, 2 stranger, 4 broadcast, 16 offline,
    /// 32 a forwarded system message.
    #[serde(default, rename = "type")]
    pub kind: Option<u32>,
    /// The order the message carries (its order card or a 订单号 column).
    #[serde(default, deserialize_with = "opt_text_or_number")]
    pub order: Option<String>,
    /// The length of a message whose text was not kept.
    #[serde(default)]
    pub length: Option<u64>,
}

/// Text, or a number written as text (ids and epochs are text inside kefu).
fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("text or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
    }
    d.deserialize_any(V)
}

/// Who sent a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The buyer.
    Buyer,
    /// A shop account: the account as written (`店铺名:小王`, or a bare name).
    Agent(String),
    /// The platform itself (a 发送方 of 系统): neither asks nor answers.
    System,
}

/// A message read: when, who, what.
#[derive(Clone, Debug)]
pub struct Message {
    /// Its index among the chat's messages as given.
    pub index: usize,
    /// When it was sent, in the shop's zone.
    pub time: Timestamp,
    /// Who sent it.
    pub sender: Sender,
    /// Its text, if kept.
    pub content: Option<String>,
    /// Sent automatically (an auto-reply): never a reply when timing.
    pub auto: bool,
    /// The order it carries.
    pub order: Option<String>,
}

/// Names a 发送方 cell may give for the buyer and for the shop side.
const BUYER_WORDS: &[&str] = &["买家", "顾客", "客户", "buyer", "customer"];
const AGENT_WORDS: &[&str] = &["客服", "卖家", "商家", "店铺", "seller", "agent", "shop"];
/// And for the platform's own notices (an order card, a transfer, a system prompt).
const SYSTEM_WORDS: &[&str] = &["系统", "系统消息", "system"];

/// Whether a sub-account name (`店铺名:小王`) is written: an agent's name has a colon.
fn has_colon(name: &str) -> bool {
    name.contains([':', '：'])
}

/// The agent's name in an account: the part after the colon (seller-data.md §4).
pub fn agent_name(account: &str) -> &str {
    account.rsplit([':', '：']).next().unwrap_or(account).trim()
}

/// The shop in an account: the part before the colon, without the platform prefix
/// `cntaobao` the open platform adds.
pub fn shop_name(account: &str) -> Option<&str> {
    let (shop, _) = account.split_once([':', '：'])?;
    let shop = shop.trim();
    Some(shop.strip_prefix("cntaobao").unwrap_or(shop))
}

impl ChatIn {
    /// Who sent message `m`: the direction, else the sender's name (the buyer's name, a
    /// 发送方 word, a name with a colon for an agent, the account; a bare name when the
    /// buyer is not named is the buyer's, since every shop account has a colon).
    pub fn sender(&self, m: &MessageIn) -> Result<Sender, String> {
        let account = || self.account.clone().unwrap_or_else(|| "客服".to_owned());
        match m.direction {
            Some(0) => return Ok(Sender::Agent(account())),
            Some(1) => return Ok(Sender::Buyer),
            Some(d) => return Err(format!("`direction` is {d}; the open platform writes 0 (shop to buyer) or 1")),
            None => {}
        }
        let Some(name) = m.sender.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Err("the message has neither `direction` nor `sender`: who sent it is unknown".to_owned());
        };
        let lower = name.to_ascii_lowercase();
        if self.buyer.as_deref().map(str::trim) == Some(name) || BUYER_WORDS.contains(&lower.as_str()) {
            return Ok(Sender::Buyer);
        }
        if SYSTEM_WORDS.contains(&lower.as_str()) {
            return Ok(Sender::System);
        }
        if AGENT_WORDS.contains(&lower.as_str()) {
            return Ok(Sender::Agent(account()));
        }
        if has_colon(name) || self.buyer.is_some() || self.account.as_deref().is_some_and(|a| agent_name(a) == name) {
            return Ok(Sender::Agent(name.to_owned()));
        }
        Ok(Sender::Buyer)
    }
}

/// A time as the sources write it, in the shop's zone: an epoch of 10 digits (seconds)
/// or 13 (milliseconds), else a local time or RFC 3339 (`cell::time`).
pub fn message_time(text: &str, zone: FixedOffset) -> Result<Timestamp, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && matches!(t.len(), 9..=10 | 12..=13) {
        let n: i64 = t.parse().map_err(|_| format!("`{t}` is not an epoch"))?;
        let seconds = if t.len() >= 12 { n / 1000 } else { n };
        let at = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(|| format!("`{t}` is out of range"))?;
        return Ok(Timestamp::from_datetime(at.with_timezone(&zone)));
    }
    let at = cell::time(t, zone)?;
    Ok(Timestamp::from_datetime(at.inner().with_timezone(&zone)))
}

/// `YYYY-MM-DD` of a time in its own offset.
pub fn day_of(t: &Timestamp) -> String {
    let d = t.inner();
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Minutes after midnight of a time in its own offset.
pub fn minute_of_day(t: &Timestamp) -> u32 {
    let d = t.inner();
    d.hour() * 60 + d.minute()
}

/// The ISO week of a day (`2026-W48`): the weekly review's unit (R-QA-4).
pub fn week_of(t: &Timestamp) -> String {
    let w = t.inner().iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Order ids written in a message: runs of 15 to 20 digits (Taobao's trade ids are 16
/// to 19), not part of a longer number.
pub fn order_ids_in(text: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if (15..=20).contains(&(i - start)) {
                if let Some(id) = text.get(start..i) {
                    ids.push(id);
                }
            }
        } else {
            i += 1;
        }
    }
    ids
}

/// A chat's messages read and in time order (a stable sort: same-second messages keep
/// the source's order), with the messages that could not be read and why.
pub fn read_messages(chat: &ChatIn, zone: FixedOffset) -> (Vec<Message>, Vec<(usize, String, String)>) {
    let mut read = Vec::with_capacity(chat.messages.len());
    let mut rejected = Vec::new();
    for (index, m) in chat.messages.iter().enumerate() {
        let given = m.time.as_deref().ok_or_else(|| "the message has no time".to_owned());
        let time = match given.and_then(|t| message_time(t, zone)) {
            Ok(t) => t,
            Err(e) => {
                rejected.push((index, "time".to_owned(), e));
                continue;
            }
        };
        let sender = match chat.sender(m) {
            Ok(s) => s,
            Err(e) => {
                rejected.push((index, "sender".to_owned(), e));
                continue;
            }
        };
        let order = m.order.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned);
        let auto = m.kind.is_some_and(|k| k & 1 == 1);
        read.push(Message { index, time, sender, content: m.content.clone(), auto, order });
    }
    read.sort_by_key(|m| m.time);
    (read, rejected)
}

/// Cuts time-ordered messages into sessions where the pause is longer than `pause_minutes`.
pub fn sessions(messages: Vec<Message>, pause_minutes: u32) -> Vec<Vec<Message>> {
    let mut out: Vec<Vec<Message>> = Vec::new();
    for m in messages {
        let new = match out.last().and_then(|s| s.last()) {
            Some(last) => last.time.minutes_until(&m.time) > i64::from(pause_minutes),
            None => true,
        };
        if new {
            out.push(vec![m]);
        } else if let Some(s) = out.last_mut() {
            s.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
    use super::*;

    fn chat(json: &str) -> ChatIn {
        serde_json::from_str(json).unwrap()
    }

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn the_sender_comes_from_direction_or_name() {
        let c = chat(
            r#"{"account": "cntaobao小店:小王", "messages": [
            {"time": 1764038400, "direction": 1, "content": "在吗"},
            {"time": "1764038460000", "direction": 0, "content": "在的"},
            {"time": "2026-11-25 10:02:00", "sender": "摩**", "content": "好"},
            {"time": "2026-11-25 10:03:00", "sender": "小店:小李", "content": "您好"},
            {"time": "2026-11-25 10:04:00", "sender": "客服", "content": "稍等"},
            {"time": "2026-11-25 10:05:00", "content": "?"},
            {"time": "yesterday", "sender": "买家"},
            {"sender": "买家", "content": "no time"}]}"#,
        );
        let (m, rejected) = read_messages(&c, zone());
        let senders: Vec<_> = m.iter().map(|m| m.sender.clone()).collect();
        assert_eq!(
            senders,
            [
                Sender::Buyer,
                Sender::Agent("cntaobao小店:小王".into()),
                Sender::Buyer,
                Sender::Agent("小店:小李".into()),
                Sender::Agent("cntaobao小店:小王".into())
            ]
        );
        assert_eq!(m[0].time.to_string(), "2025-11-25T10:40:00+08:00");
        assert_eq!(m[1].time.to_string(), "2025-11-25T10:41:00+08:00");
        assert_eq!(
            rejected.iter().map(|r| (r.0, r.1.as_str())).collect::<Vec<_>>(),
            [(5, "sender"), (6, "time"), (7, "time")]
        );
        assert_eq!((agent_name("cntaobao小店:小王"), shop_name("cntaobao小店:小王")), ("小王", Some("小店")));
    }

    #[test]
    fn a_pause_longer_than_the_shops_ends_a_session() {
        let c = chat(
            r#"{"buyer": "b", "messages": [
            {"time": "2026-11-25 10:00:00", "sender": "b"},
            {"time": "2026-11-25 10:30:00", "sender": "店:甲"},
            {"time": "2026-11-25 11:01:00", "sender": "b"}]}"#,
        );
        let (m, _) = read_messages(&c, zone());
        assert_eq!(sessions(m.clone(), 30).iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(sessions(m, 31).len(), 1);
    }

    #[test]
    fn order_ids_are_long_digit_runs() {
        assert_eq!(order_ids_in("订单号 4012345678901234567，电话13800138000"), ["4012345678901234567"]);
        assert!(order_ids_in("价格 199.50 元").is_empty());
    }
}
