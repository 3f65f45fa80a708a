//! The chat review (domain.md §8, R-QA-*): every agent message through the reply guard
//! against the order as it stood when it was sent (R-QA-1), red lines first; every turn
//! timed as the marketplace times it (R-QA-2); then, over the reviewed chats, each
//! agent's day, the supervisor's daily sample (R-QA-3) and the week's best and worst
//! chat per agent (R-QA-4).
//!
//! Two steps, so that a host streams a million messages in batches: [`review`] turns
//! chats into reviewed sessions (each one self-contained), [`report`] turns the
//! sessions' summaries (no messages) into the cards, the sample and the weekly picks.

use std::collections::{BTreeMap, HashMap};

use chrono::FixedOffset;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::chat::{self, ChatIn, Message, Sender};
use super::kpi::Evaluation;
use crate::guard::{check_reply, RedLine, ReplyInput, MAX_DRAFT_CHARS};
use crate::model::case::Context;
use crate::model::measure::Hundredths;
use crate::model::money::Money;
use crate::model::order::{Order, OrderStatus};
use crate::model::text::{text, Text};
use crate::model::time::Timestamp;
use crate::policy::qa::{QaPolicy, Verdict};
use crate::policy::Policy;
use crate::registry::id;

/// One reviewed session: a chat between one shop account and one buyer, from its first
/// message to a pause longer than the shop's.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Session {
    /// `chat` id, with `#2`, `#3`… for its later sessions.
    pub id: String,
    /// Where it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The agent (the part of the account after the colon).
    pub agent: String,
    /// The shop account as written.
    pub account: String,
    /// The shop (the part before the colon), if the account names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    /// The buyer, as the source names them (masked or not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer: Option<String>,
    /// `YYYY-MM-DD` of the first message, in the shop's zone.
    pub day: String,
    /// ISO week of `day` (`2026-W48`).
    pub week: String,
    /// The first and last message.
    pub start: Timestamp,
    /// The last message.
    pub end: Timestamp,
    /// The order the session is about, and how it was found (or why none was).
    pub order: OrderLink,
    /// Every message, with the guard's findings on the agents'.
    pub messages: Vec<ReviewedMessage>,
    /// The turns (R-QA-2).
    pub turns: Vec<Turn>,
    /// The session's figures.
    pub summary: Summary,
}

/// Which order a session was judged against.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OrderLink {
    /// The order id, if one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `card` (a message carries it), `text` (its id is written in a message),
    /// `buyer` (the buyer's only order, the nick unmasked), or `none`.
    pub by: &'static str,
    /// Whether the order was among those given (`--orders`): if not, only the
    /// order-free checks ran.
    pub known: bool,
    /// Why there is no order or it is unknown, for the supervisor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A message as reviewed.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReviewedMessage {
    /// Its index in the chat as given.
    pub index: usize,
    /// When it was sent.
    pub time: Timestamp,
    /// `buyer`, `agent` or `system` (the platform's notice: neither asks nor answers).
    pub from: &'static str,
    /// The agent who sent it (an agent's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// An auto-reply.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub auto: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Its text, if kept.
    pub content: Option<String>,
    /// The guard's findings (R-QA-1), red lines marked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<MessageFinding>,
    /// Why the message was not checked (longer than the guard reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unchecked: Option<Text>,
}

/// A finding in a message.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MessageFinding {
    /// The rule (`R-WORD-*`).
    pub rule: &'static str,
    /// Character span in the message.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The words found.
    pub text: String,
    /// What to write instead.
    pub replacement: String,
    /// Why.
    pub message: Text,
    /// `shirking` or `broken_commitment`: a red line (000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_line: Option<&'static str>,
}

/// A turn: from the buyer's first unanswered message to the agent's first reply that is
/// not automatic (seller-data.md §4).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Turn {
    /// The buyer's message that opened it (index in the chat).
    pub from: usize,
    /// The reply that closed it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<usize>,
    /// Seconds to the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<i64>,
    /// Counted: it opened inside the service hours.
    pub counted: bool,
    /// Another agent replied: unanswered for this one (passing a buyer on).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub passed_on: bool,
    /// `ok`, `slow` (past the alert), `unanswered`, or `off_hours`.
    pub verdict: Verdict,
}

/// A session's figures: what the report adds up (it needs nothing else of a session).
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Summary {
    /// Messages, and of them the agents'.
    pub messages: u32,
    /// Messages the agents sent.
    pub agent_messages: u32,
    /// Findings per rule (R-WORD-* per message; R-QA-2 per slow or unanswered turn).
    pub findings: BTreeMap<String, u32>,
    /// Red lines by kind.
    pub red_lines: BTreeMap<String, u32>,
    /// Counted turns, those answered within the shop's time, the slow, the unanswered.
    pub turns: u32,
    /// Turns answered within the shop's time.
    pub answered_in_time: u32,
    /// Turns answered after the slow-reply alert.
    pub slow: u32,
    /// Turns never answered (or passed on).
    pub unanswered: u32,
    /// Seconds of the counted turns, each capped (an unanswered one at the cap).
    pub turn_seconds: i64,
    /// The first counted turn's capped seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seconds: Option<i64>,
    /// The buyer's evaluation of the agent that day (`eval_code` 0-4), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<u8>,
    /// Risk: 1 plus the policy's weights of what was found (R-QA-3, R-QA-4).
    pub risk: u32,
}

impl Summary {
    fn wording_findings(&self) -> u32 {
        self.findings.iter().filter(|(rule, _)| rule.as_str() != id::R_QA_2).map(|(_, n)| n).sum()
    }

    fn red_line_count(&self) -> u32 {
        self.red_lines.values().sum()
    }

    fn satisfied(&self) -> bool {
        self.evaluation.is_some_and(|c| c <= 1)
    }

    fn unsatisfied(&self) -> bool {
        self.evaluation.is_some_and(|c| c >= 3)
    }
}

/// A message that could not be read, and why.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Rejected {
    /// The chat (its id or source) and the message's index.
    pub chat: String,
    /// The message's index in the chat.
    pub index: usize,
    /// `time` or `sender`.
    pub field: String,
    /// Why it could not be read.
    pub message: String,
}

/// What [`review`] gives: the sessions, and every message it could not read.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Reviewed {
    /// The sessions, in the order of the chats given.
    pub sessions: Vec<Session>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Messages that could not be read.
    pub rejected: Vec<Rejected>,
}

/// A placeholder for a session with no order: no order-bound check can fire (a paid
/// order, neither shipped nor in a disruption), the order-free ones run.
fn no_order() -> Order {
    Order {
        order_id: String::new(),
        status: OrderStatus::Paid,
        buyer_nick: None,
        store: None,
        created_at: None,
        paid_at: None,
        pushed_at: None,
        shipped_at: None,
        picked_up_at: None,
        delivered_at: None,
        closed_at: None,
        ship_by: None,
        presale: None,
        cod: false,
        cod_confirmed: false,
        items: Vec::new(),
        total: Money::ZERO,
        platform_late_payment: None,
        receiver: None,
        flag: crate::model::flag::Flag::default(),
        remark: String::new(),
        unknown: Vec::new(),
    }
}

/// The order as it stood at `t` (R-QA-1): every step taken later is undone, and the
/// status is the last step taken by then when the order's own status came later.
pub fn as_of(order: &Order, t: &Timestamp) -> Order {
    let mut o = order.clone();
    let mut undone = false;
    for stamp in [
        &mut o.closed_at,
        &mut o.delivered_at,
        &mut o.picked_up_at,
        &mut o.shipped_at,
        &mut o.pushed_at,
        &mut o.paid_at,
    ] {
        if stamp.is_some_and(|s| s > *t) {
            *stamp = None;
            undone = true;
        }
    }
    if undone {
        let own = match order.status {
            OrderStatus::Closed => order.closed_at,
            OrderStatus::Delivered => order.delivered_at,
            OrderStatus::Shipped | OrderStatus::PartlyShipped => order.shipped_at.or(order.picked_up_at),
            OrderStatus::Pushed => order.pushed_at,
            OrderStatus::Paid => order.paid_at,
            OrderStatus::Unpaid => None,
        };
        if own.is_some_and(|s| s > *t) {
            o.status = if o.delivered_at.is_some() {
                OrderStatus::Delivered
            } else if o.shipped_at.is_some() || o.picked_up_at.is_some() {
                OrderStatus::Shipped
            } else if o.pushed_at.is_some() {
                OrderStatus::Pushed
            } else if o.paid_at.is_some() {
                OrderStatus::Paid
            } else {
                OrderStatus::Unpaid
            };
        }
    }
    o
}

/// The orders given, by id.
pub struct Orders<'a> {
    by_id: HashMap<&'a str, &'a Order>,
    by_buyer: HashMap<&'a str, Vec<&'a Order>>,
}

impl<'a> Orders<'a> {
    /// Indexes the orders by id and by buyer.
    pub fn new(orders: &'a [Order]) -> Orders<'a> {
        let mut by_id = HashMap::new();
        let mut by_buyer: HashMap<&str, Vec<&Order>> = HashMap::new();
        for o in orders {
            by_id.insert(o.order_id.as_str(), o);
            if let Some(nick) = o.buyer_nick.as_deref() {
                by_buyer.entry(nick).or_default().push(o);
            }
        }
        Orders { by_id, by_buyer }
    }
}

/// The session's order: one a message carries, else one whose id a message writes,
/// else the buyer's only order when the nick is not masked (seller-data.md §4: never by
/// a masked nick, never a guess among several).
fn link<'a>(messages: &[Message], buyer: Option<&str>, orders: &Orders<'a>) -> (OrderLink, Option<&'a Order>) {
    let carried = messages.iter().find_map(|m| m.order.clone());
    let written = || {
        messages
            .iter()
            .filter_map(|m| m.content.as_deref())
            .flat_map(chat::order_ids_in)
            .find(|id| orders.by_id.contains_key(id))
            .map(str::to_owned)
    };
    let found = carried.map(|id| (id, "card")).or_else(|| written().map(|id| (id, "text")));
    if let Some((id, by)) = found {
        let order = orders.by_id.get(id.as_str()).copied();
        let note = order.is_none().then(|| {
            text(
                "订单不在所给订单中（--orders）：只做了与订单无关的检查",
                "the order is not among the orders given (--orders): only the checks that need no order ran",
            )
        });
        return (OrderLink { id: Some(id), by, known: order.is_some(), note }, order);
    }
    let none = |zh: &str, en: &str| (OrderLink { id: None, by: "none", known: false, note: Some(text(zh, en)) }, None);
    let Some(buyer) = buyer.map(str::trim).filter(|b| !b.is_empty()) else {
        return none("会话里没有订单卡片或订单号", "no message carries an order card or id");
    };
    if buyer.contains('*') {
        return none(
            "会话里没有订单号，买家昵称已打码：不按昵称关联订单",
            "no order id in the chat and the buyer's nick is masked: no order is joined by nick",
        );
    }
    match orders.by_buyer.get(buyer).map(Vec::as_slice) {
        Some([only]) => {
            (OrderLink { id: Some(only.order_id.clone()), by: "buyer", known: true, note: None }, Some(*only))
        }
        Some(several) if several.len() > 1 => none(
            "会话里没有订单号，买家有多笔订单：不猜是哪一笔",
            "no order id in the chat and the buyer has several orders: none is guessed",
        ),
        _ => none("会话里没有订单卡片或订单号", "no message carries an order card or id"),
    }
}

/// Reviews chats (R-QA-1, R-QA-2): each cut into sessions, each agent message checked
/// against the order as it stood, each turn timed.
pub fn review(
    chats: &[ChatIn],
    orders: &[Order],
    evaluations: &[Evaluation],
    zone: FixedOffset,
    policy: &Policy,
) -> Reviewed {
    let orders = Orders::new(orders);
    let placeholder = no_order();
    let mut sessions = Vec::new();
    let mut rejected = Vec::new();
    for (n, c) in chats.iter().enumerate() {
        let name = c.id.clone().or_else(|| c.source.clone()).unwrap_or_else(|| format!("chat {}", n + 1));
        let (messages, bad) = chat::read_messages(c, zone);
        rejected.extend(bad.into_iter().map(|(index, field, message)| Rejected {
            chat: name.clone(),
            index,
            field,
            message,
        }));
        // The chat's order holds for each of its sessions: a buyer who gave the order id
        // in the morning is asking about the same order in the afternoon.
        let linked = link(&messages, c.buyer.as_deref(), &orders);
        for (k, part) in chat::sessions(messages, policy.qa.session_pause_minutes).into_iter().enumerate() {
            let id = if k == 0 { name.clone() } else { format!("{name}#{}", k + 1) };
            sessions.extend(session(id, c, part, linked.clone(), &placeholder, evaluations, policy));
        }
    }
    Reviewed { sessions, rejected }
}

fn session(
    id: String,
    c: &ChatIn,
    messages: Vec<Message>,
    (order_link, order): (OrderLink, Option<&Order>),
    placeholder: &Order,
    evaluations: &[Evaluation],
    policy: &Policy,
) -> Option<Session> {
    let qa = &policy.qa;
    let (first, last) = (messages.first()?.time, messages.last()?.time);
    // The session's agent: the account the source names, else the first shop account
    // that wrote.
    let account = c
        .account
        .clone()
        .or_else(|| messages.iter().find_map(|m| if let Sender::Agent(a) = &m.sender { Some(a.clone()) } else { None }))
        .unwrap_or_else(|| "客服".to_owned());
    let mut summary = Summary { messages: u32::try_from(messages.len()).unwrap_or(u32::MAX), ..Summary::default() };
    let mut reviewed = Vec::with_capacity(messages.len());
    for m in &messages {
        let mut out = ReviewedMessage {
            index: m.index,
            time: m.time,
            from: "buyer",
            agent: None,
            auto: m.auto,
            content: m.content.clone(),
            findings: Vec::new(),
            unchecked: None,
        };
        if m.sender == Sender::System {
            out.from = "system";
        }
        if let Sender::Agent(a) = &m.sender {
            summary.agent_messages += 1;
            out.from = "agent";
            out.agent = Some(chat::agent_name(a).to_owned());
            if let Some(content) = m.content.as_deref().filter(|t| !t.trim().is_empty()) {
                if content.chars().nth(MAX_DRAFT_CHARS).is_some() {
                    out.unchecked =
                        Some(text("消息太长，回复检查没有读", "the message is longer than the reply guard reads"));
                } else {
                    let stood = order.map_or_else(|| placeholder.clone(), |o| as_of(o, &m.time));
                    let input = ReplyInput {
                        order: stood,
                        context: Context::default(),
                        draft: content.to_owned(),
                        now: Some(m.time),
                    };
                    for f in check_reply(&input, policy).findings {
                        *summary.findings.entry(f.rule.to_owned()).or_default() += 1;
                        if let Some(r) = f.red_line {
                            *summary.red_lines.entry(r.name().to_owned()).or_default() += 1;
                        }
                        out.findings.push(MessageFinding {
                            rule: f.rule,
                            start: f.start,
                            end: f.end,
                            text: f.text,
                            replacement: f.replacement,
                            message: f.message,
                            red_line: f.red_line.map(RedLine::name),
                        });
                    }
                }
            }
        }
        reviewed.push(out);
    }
    let turns = time_turns(&messages, &account, qa, &mut summary);
    let day = chat::day_of(&first);
    summary.evaluation = evaluation(evaluations, &account, c.buyer.as_deref(), &day);
    summary.risk = risk(&summary, qa);
    Some(Session {
        id,
        source: c.source.clone(),
        agent: chat::agent_name(&account).to_owned(),
        shop: chat::shop_name(&account).map(str::to_owned),
        account,
        buyer: c.buyer.clone(),
        week: chat::week_of(&first),
        day,
        start: first,
        end: last,
        order: order_link,
        messages: reviewed,
        turns,
        summary,
    })
}

/// R-QA-2: the turns of a session, as the marketplace counts them.
fn time_turns(messages: &[Message], account: &str, qa: &QaPolicy, summary: &mut Summary) -> Vec<Turn> {
    let (open_at, close_at) = qa.hours();
    let cap = i64::from(qa.turn_cap_seconds);
    let mut turns = Vec::new();
    let mut open: Option<&Message> = None;
    let mut close = |from: &Message, reply: Option<&Message>, passed_on: bool, summary: &mut Summary| {
        let minute = chat::minute_of_day(&from.time);
        let counted = open_at <= minute && minute < close_at;
        let seconds = reply.map(|r| r.time.unix_seconds() - from.time.unix_seconds());
        let answered = seconds.is_some() && !passed_on;
        // A buyer never answered is a finding however late they wrote (R-QA-2); only
        // the timing of a turn opened after hours is left out.
        let verdict = if !counted && reply.is_some() {
            Verdict::OffHours
        } else if !answered {
            Verdict::Unanswered
        } else if seconds.is_some_and(|s| s > i64::from(qa.slow_reply_seconds)) {
            Verdict::Slow
        } else {
            Verdict::Ok
        };
        if counted {
            let capped = if answered { seconds.unwrap_or(cap).min(cap) } else { cap };
            summary.turns += 1;
            summary.turn_seconds += capped;
            summary.first_seconds.get_or_insert(capped);
            match verdict {
                Verdict::Unanswered => summary.unanswered += 1,
                Verdict::Slow => summary.slow += 1,
                Verdict::Ok | Verdict::OffHours => {}
            }
            if answered && seconds.is_some_and(|s| s <= i64::from(qa.answered_within_seconds)) {
                summary.answered_in_time += 1;
            }
            if verdict != Verdict::Ok {
                *summary.findings.entry(id::R_QA_2.to_owned()).or_default() += 1;
            }
        } else if verdict == Verdict::Unanswered {
            summary.unanswered += 1;
            *summary.findings.entry(id::R_QA_2.to_owned()).or_default() += 1;
        }
        turns.push(Turn { from: from.index, reply: reply.map(|r| r.index), seconds, counted, passed_on, verdict });
    };
    for m in messages {
        match &m.sender {
            Sender::Buyer => {
                open.get_or_insert(m);
            }
            Sender::System => {}
            Sender::Agent(_) if m.auto => {}
            Sender::Agent(a) => {
                if let Some(from) = open.take() {
                    close(from, Some(m), a != account, summary);
                }
            }
        }
    }
    if let Some(from) = open {
        close(from, None, false, summary);
    }
    turns
}

/// The buyer's evaluation of this agent on this day: the last one given.
fn evaluation(evaluations: &[Evaluation], account: &str, buyer: Option<&str>, day: &str) -> Option<u8> {
    let buyer = buyer?;
    let name = chat::agent_name(account);
    evaluations
        .iter()
        .filter(|e| {
            (e.eval_sender == account || chat::agent_name(&e.eval_sender) == name)
                && e.eval_recer.as_deref() == Some(buyer)
                && e.eval_time.as_deref().or(e.send_time.as_deref()).is_some_and(|t| t.trim().starts_with(day))
        })
        .max_by(|a, b| a.eval_time.cmp(&b.eval_time))
        .map(|e| e.eval_code)
}

fn risk(s: &Summary, qa: &QaPolicy) -> u32 {
    let w = &qa.risk;
    let red = s.red_line_count();
    let wording = s.wording_findings().saturating_sub(red);
    1u32.saturating_add(red.saturating_mul(w.red_line))
        .saturating_add(wording.saturating_mul(w.finding))
        .saturating_add(s.unanswered.saturating_mul(w.unanswered))
        .saturating_add(s.slow.saturating_mul(w.slow))
        .saturating_add(if s.unsatisfied() { w.unsatisfied } else { 0 })
}

// ---------------------------------------------------------------------------------
// The report: the sessions' summaries added up.

/// What the report reads of a session.
#[derive(Clone, Debug, Deserialize)]
pub struct SessionIn {
    /// The chat's id.
    pub id: String,
    /// The agent.
    pub agent: String,
    #[serde(default)]
    /// The shop.
    pub shop: Option<String>,
    /// The day (`YYYY-MM-DD`).
    pub day: String,
    /// The ISO week (`2026-W48`).
    pub week: String,
    /// The first message.
    pub start: Timestamp,
    /// The session's figures.
    pub summary: Summary,
}

/// An agent's figures over a day, or over the whole input.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct AgentDay {
    /// The agent.
    pub agent: String,
    /// The day, or `None` for the agent's total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    /// Chats (sessions).
    pub chats: u32,
    /// Messages.
    pub messages: u32,
    /// Messages the agents sent.
    pub agent_messages: u32,
    /// Findings per rule.
    pub findings: BTreeMap<String, u32>,
    /// Red lines by kind.
    pub red_lines: BTreeMap<String, u32>,
    /// Counted turns.
    pub turns: u32,
    /// The mean of each chat's first counted turn, capped (seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Hundredths>,
    /// The mean counted turn, capped, an unanswered one at the cap (seconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_response: Option<Hundredths>,
    /// Turns answered within the shop's time over turns (%).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_in_time: Option<Hundredths>,
    /// Turns answered after the slow-reply alert.
    pub slow: u32,
    /// Turns never answered (or passed on).
    pub unanswered: u32,
    /// Evaluations joined, and of them 满意 or 非常满意.
    pub evaluations: u32,
    /// Evaluations 满意 or 非常满意.
    pub satisfied: u32,
    /// The counted turns' seconds, each capped: with `turns`, what `kefu kpi --qa`
    /// combines across days (never averaging the averages).
    pub turn_seconds: i64,
    /// Chats with a counted first turn, and those first turns' seconds.
    pub first_turns: i64,
    /// Those first turns' seconds.
    pub first_seconds: i64,
    #[serde(skip)]
    in_time: u32,
}

impl AgentDay {
    fn add(&mut self, s: &Summary) {
        self.chats += 1;
        self.messages += s.messages;
        self.agent_messages += s.agent_messages;
        for (k, v) in &s.findings {
            *self.findings.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &s.red_lines {
            *self.red_lines.entry(k.clone()).or_default() += v;
        }
        self.turns += s.turns;
        self.turn_seconds += s.turn_seconds;
        self.in_time += s.answered_in_time;
        self.slow += s.slow;
        self.unanswered += s.unanswered;
        if let Some(f) = s.first_seconds {
            self.first_seconds += f;
            self.first_turns += 1;
        }
        if let Some(e) = s.evaluation {
            self.evaluations += 1;
            self.satisfied += u32::from(e <= 1);
        }
    }

    fn finish(&mut self) {
        self.first_response = Hundredths::ratio(Hundredths::whole(self.first_seconds), self.first_turns);
        self.average_response = Hundredths::ratio(Hundredths::whole(self.turn_seconds), i64::from(self.turns));
        self.answered_in_time = Hundredths::percent(i64::from(self.in_time), i64::from(self.turns));
    }
}

/// One day's sample (R-QA-3).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Sample {
    /// The day (`YYYY-MM-DD`).
    pub day: String,
    /// The day's chats, and the sample's target size (the policy's).
    pub chats: u32,
    /// The sample's size the policy asks for.
    pub target: u32,
    /// The chats to read, red lines first.
    pub picks: Vec<Pick>,
}

/// A chat picked.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Pick {
    /// The chat's id.
    pub id: String,
    /// The agent.
    pub agent: String,
    /// `red_line` or `drawn`; for the weekly picks `best` or `worst`.
    pub reason: &'static str,
    /// The chat's risk.
    pub risk: u32,
    /// Why, in both languages.
    pub why: Text,
}

/// An agent's week (R-QA-4).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Week {
    /// The ISO week (`2026-W48`).
    pub week: String,
    /// The agent.
    pub agent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The best handled chat.
    pub best: Option<Pick>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The worst handled chat.
    pub worst: Option<Pick>,
}

/// The review's report.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Report {
    /// Per agent over the input, red lines first, then findings.
    pub agents: Vec<AgentDay>,
    /// Per agent and day.
    pub days: Vec<AgentDay>,
    /// Per day, the chats to read (R-QA-3).
    pub samples: Vec<Sample>,
    /// Per ISO week and agent, the best and the worst chat (R-QA-4).
    pub weeks: Vec<Week>,
}

/// FNV-1a: a fixed hash, the same on every engine, for a reproducible draw.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Adds the sessions up per agent and day, draws each day's sample and picks each
/// agent's week.
pub fn report(sessions: &[SessionIn], qa: &QaPolicy) -> Report {
    let mut days: BTreeMap<(String, String), AgentDay> = BTreeMap::new();
    let mut agents: BTreeMap<String, AgentDay> = BTreeMap::new();
    for s in sessions {
        let d = days.entry((s.agent.clone(), s.day.clone())).or_insert_with(|| AgentDay {
            agent: s.agent.clone(),
            day: Some(s.day.clone()),
            ..AgentDay::default()
        });
        d.add(&s.summary);
        let a =
            agents.entry(s.agent.clone()).or_insert_with(|| AgentDay { agent: s.agent.clone(), ..AgentDay::default() });
        a.add(&s.summary);
    }
    let mut agents: Vec<AgentDay> = agents.into_values().collect();
    agents.iter_mut().for_each(AgentDay::finish);
    let red = |a: &AgentDay| a.red_lines.values().sum::<u32>();
    let found = |a: &AgentDay| a.findings.values().sum::<u32>();
    agents.sort_by(|a, b| red(b).cmp(&red(a)).then(found(b).cmp(&found(a))).then(a.agent.cmp(&b.agent)));
    let mut days: Vec<AgentDay> = days.into_values().collect();
    days.iter_mut().for_each(AgentDay::finish);
    Report { agents, days, samples: samples(sessions, qa), weeks: weeks(sessions) }
}

/// R-QA-3: per day, every chat with a red line, then the rest drawn across agents in
/// proportion to their chats (largest remainder), within an agent by a fixed hash of
/// the day and the chat divided by its risk (a riskier chat comes up sooner).
fn samples(sessions: &[SessionIn], qa: &QaPolicy) -> Vec<Sample> {
    let mut by_day: BTreeMap<&str, Vec<&SessionIn>> = BTreeMap::new();
    for s in sessions {
        by_day.entry(s.day.as_str()).or_default().push(s);
    }
    let mut out = Vec::new();
    for (day, list) in by_day {
        let mut red: Vec<&SessionIn> = list.iter().copied().filter(|s| s.summary.red_line_count() > 0).collect();
        red.sort_by(|a, b| b.summary.risk.cmp(&a.summary.risk).then(a.id.cmp(&b.id)));
        let mut picks: Vec<Pick> = red
            .iter()
            .map(|s| Pick {
                id: s.id.clone(),
                agent: s.agent.clone(),
                reason: "red_line",
                risk: s.summary.risk,
                why: text("有红线：必读", "crosses a red line: always read"),
            })
            .collect();
        let mut rest: BTreeMap<&str, Vec<&SessionIn>> = BTreeMap::new();
        for s in list.iter().filter(|s| s.summary.red_line_count() == 0) {
            rest.entry(s.agent.as_str()).or_default().push(s);
        }
        let total: usize = rest.values().map(Vec::len).sum();
        let wanted = (qa.daily_sample as usize).saturating_sub(picks.len()).min(total);
        // Largest remainder: each agent's floor share, then one more for the largest
        // remainders (ties by name, the map's order).
        let mut shares: Vec<(&str, usize, usize)> = rest
            .iter()
            .map(|(agent, l)| {
                let exact = wanted * l.len();
                (*agent, exact / total.max(1), exact % total.max(1))
            })
            .collect();
        let given: usize = shares.iter().map(|s| s.1).sum();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (shares.get(a).map_or(0, |s| s.2), shares.get(b).map_or(0, |s| s.2));
            rb.cmp(&ra).then(a.cmp(&b))
        });
        for &i in order.iter().take(wanted.saturating_sub(given)) {
            if let Some(s) = shares.get_mut(i) {
                s.1 += 1;
            }
        }
        let mut drawn = Vec::new();
        for (agent, quota, _) in shares {
            let mut candidates: Vec<(u64, &SessionIn)> = rest
                .get(agent)
                .into_iter()
                .flatten()
                .map(|s| ((fnv(&[day, &s.id]) >> 16) / u64::from(s.summary.risk.max(1)), *s))
                .collect();
            candidates.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
            drawn.extend(candidates.into_iter().take(quota).map(|(_, s)| Pick {
                id: s.id.clone(),
                agent: s.agent.clone(),
                reason: "drawn",
                risk: s.summary.risk,
                why: text(
                    "按客服会话量抽取，风险高的优先",
                    "drawn in proportion to the agent's chats, riskier ones first",
                ),
            }));
        }
        // Read in order of risk, whoever's they are.
        drawn.sort_by(|a, b| b.risk.cmp(&a.risk).then(a.id.cmp(&b.id)));
        picks.extend(drawn);
        out.push(Sample {
            day: day.to_owned(),
            chats: u32::try_from(list.len()).unwrap_or(u32::MAX),
            target: qa.daily_sample,
            picks,
        });
    }
    out
}

/// What a rule's findings are, in a few words (the week's picks say what was wrong
/// without rule ids in the Chinese text).
fn finding_kind(rule: &str) -> (&str, &str) {
    match rule {
        id::R_WORD_SHIPPED => ("未揽收说已发货", "shipped said before pickup"),
        id::R_WORD_PROMISE => ("绝对或日期承诺", "absolute or date promises"),
        id::R_WORD_CONFLICT => ("争执或推责", "arguing or blame"),
        id::R_WORD_PLATFORM => ("平台禁止的说法", "what the platform penalises"),
        id::R_QA_2 => ("回复慢或未回复", "slow or unanswered"),
        other => (other, other),
    }
}

/// The mean counted turn of a session, capped, in seconds (none without a counted turn).
fn mean_turn(s: &Summary) -> Option<i64> {
    (s.turns > 0).then(|| s.turn_seconds / i64::from(s.turns))
}

/// R-QA-4: per ISO week and agent, the best chat (no finding, answered, the buyer
/// satisfied first, then the fastest) and the worst (red lines, then the most findings,
/// then the riskiest).
fn weeks(sessions: &[SessionIn]) -> Vec<Week> {
    let mut by: BTreeMap<(&str, &str), Vec<&SessionIn>> = BTreeMap::new();
    for s in sessions {
        by.entry((s.week.as_str(), s.agent.as_str())).or_default().push(s);
    }
    by.into_iter()
        .map(|((week, agent), list)| {
            let clean = |s: &&&SessionIn| {
                let m = &s.summary;
                m.findings.is_empty() && m.turns > 0 && !m.unsatisfied()
            };
            let best = list
                .iter()
                .filter(clean)
                .min_by(|a, b| {
                    let key = |s: &SessionIn| {
                        (!s.summary.satisfied(), mean_turn(&s.summary).unwrap_or(i64::MAX), s.start, s.id.clone())
                    };
                    key(a).cmp(&key(b))
                })
                .map(|s| {
                    let secs = mean_turn(&s.summary).unwrap_or(0);
                    let (zh, en) = if s.summary.satisfied() {
                        (
                            format!("无任何问题，平均{secs}秒回复，买家评价满意"),
                            format!("no finding, {secs} s per reply, the buyer satisfied"),
                        )
                    } else {
                        (format!("无任何问题，平均{secs}秒回复"), format!("no finding, {secs} s per reply"))
                    };
                    Pick {
                        id: s.id.clone(),
                        agent: s.agent.clone(),
                        reason: "best",
                        risk: s.summary.risk,
                        why: Text { zh, en },
                    }
                });
            let worst = list
                .iter()
                .filter(|s| !s.summary.findings.is_empty() || s.summary.unsatisfied())
                .max_by(|a, b| {
                    let key = |s: &SessionIn| {
                        (
                            s.summary.red_line_count(),
                            s.summary.findings.values().sum::<u32>(),
                            s.summary.risk,
                            std::cmp::Reverse(s.id.clone()),
                        )
                    };
                    key(a).cmp(&key(b))
                })
                .map(|s| {
                    let (red, all) = (s.summary.red_line_count(), s.summary.findings.values().sum::<u32>());
                    let rules = |zh: bool| {
                        let sep = if zh { "、" } else { ", " };
                        s.summary
                            .findings
                            .iter()
                            .map(|(r, n)| {
                                let (z, e) = finding_kind(r);
                                if zh {
                                    format!("{z}{n}")
                                } else {
                                    format!("{e} {n}")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(sep)
                    };
                    let why = match (red, all) {
                        (0, 0) => text("买家评价不满意", "the buyer was not satisfied"),
                        (0, _) => Text {
                            zh: format!("问题{all}处：{}", rules(true)),
                            en: format!("{all} finding(s): {}", rules(false)),
                        },
                        _ => Text {
                            zh: format!("红线{red}处，问题共{all}处：{}", rules(true)),
                            en: format!("{red} red line(s), {all} finding(s) in all: {}", rules(false)),
                        },
                    };
                    Pick { id: s.id.clone(), agent: s.agent.clone(), reason: "worst", risk: s.summary.risk, why }
                });
            Week { week: week.to_owned(), agent: agent.to_owned(), best, worst }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "a test fails by panicking")]
    use super::*;

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn chats(json: &str) -> Vec<ChatIn> {
        serde_json::from_str(json).unwrap()
    }

    fn order(json: &str) -> Order {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn r_qa_1_the_order_as_it_stood_then_makes_a_shipped_claim_a_broken_commitment() {
        let o = order(
            r#"{"order_id": "4012345678901234562", "status": "delivered", "shipped_at": "2026-11-24T09:30:00+08:00",
                "picked_up_at": "2026-11-24T15:00:00+08:00", "delivered_at": "2026-11-26T11:00:00+08:00", "total": "259.00"}"#,
        );
        let before = as_of(&o, &Timestamp::parse("2026-11-24T10:00:00+08:00").unwrap());
        assert_eq!((before.status, before.picked_up_at), (OrderStatus::Shipped, None));
        let c = chats(
            r#"[{"account": "店:小林", "messages": [
                {"time": "2026-11-24 10:00:00", "sender": "陈**", "content": "订单4012345678901234562发货了吗"},
                {"time": "2026-11-24 10:00:30", "sender": "店:小林", "content": "亲，已经发货了哦"},
                {"time": "2026-11-24 16:00:00", "sender": "店:小林", "content": "亲，已经发货了哦"}]}]"#,
        );
        let r = review(&c, &[o], &[], zone(), &Policy::default());
        let s = &r.sessions[0];
        assert_eq!((s.order.by, s.order.known), ("text", true));
        // Before the pickup scan: a red line; after it (a later session): nothing.
        assert_eq!(s.messages[1].findings[0].rule, id::R_WORD_SHIPPED);
        assert_eq!(s.messages[1].findings[0].red_line, Some("broken_commitment"));
        assert!(r.sessions[1].messages[0].findings.is_empty());
        assert_eq!(
            r.sessions[1].order.id.as_deref(),
            Some("4012345678901234562"),
            "the chat's order holds for each session"
        );
    }

    #[test]
    fn r_qa_1_blame_is_shirking_and_no_order_is_joined_by_a_masked_nick() {
        let o = order(r#"{"order_id": "1", "status": "paid", "buyer_nick": "摩**", "total": "1.00"}"#);
        let c = chats(
            r#"[{"account": "店:小王", "buyer": "摩**", "messages": [
                {"time": "2026-11-25 10:00:00", "direction": 1, "content": "怎么还没到"},
                {"time": "2026-11-25 10:00:20", "direction": 0, "content": "不是我们的问题，是快递的问题"}]}]"#,
        );
        let r = review(&c, &[o], &[], zone(), &Policy::default());
        let s = &r.sessions[0];
        assert_eq!(s.order.by, "none");
        assert!(s.order.note.as_ref().unwrap().zh.contains("打码"));
        assert_eq!(s.summary.red_lines.get("shirking"), Some(&2));
    }

    #[test]
    fn r_qa_2_turns_are_timed_from_the_first_unanswered_message_to_the_first_real_reply() {
        let c = chats(
            r#"[{"account": "店:小王", "buyer": "b", "messages": [
                {"time": "2026-11-25 10:00:00", "direction": 1, "content": "在吗"},
                {"time": "2026-11-25 10:00:05", "direction": 0, "content": "欢迎光临", "type": 1},
                {"time": "2026-11-25 10:00:30", "direction": 1, "content": "在吗？？"},
                {"time": "2026-11-25 10:02:00", "direction": 0, "content": "在的"},
                {"time": "2026-11-25 10:03:00", "direction": 1, "content": "多少钱"}]},
              {"account": "店:小王", "buyer": "c", "messages": [
                {"time": "2026-11-25 23:30:00", "direction": 1, "content": "还在吗"}]},
              {"account": "店:小王", "buyer": "d", "messages": [
                {"time": "2026-11-25 12:00:00", "direction": 1, "content": "你好"},
                {"time": "2026-11-25 12:00:10", "sender": "店:小李", "content": "您好，我来帮您"}]}]"#,
        );
        let r = review(&c, &[], &[], zone(), &Policy::default());
        let s = &r.sessions[0].summary;
        // 120 s (slow, past 100 s, yet within 180 s), then an unanswered turn at 600 s.
        assert_eq!((s.turns, s.turn_seconds, s.slow, s.unanswered, s.answered_in_time), (2, 720, 1, 1, 1));
        assert_eq!(s.first_seconds, Some(120));
        assert_eq!(s.findings.get(id::R_QA_2), Some(&2));
        // 23:30 is outside the service hours: not timed; never answered, it is a finding.
        let off = &r.sessions[1];
        assert_eq!((off.summary.turns, off.turns[0].verdict, off.summary.unanswered), (0, Verdict::Unanswered, 1));
        // Passed on to another agent: unanswered for this one.
        let passed = &r.sessions[2];
        assert!(passed.turns[0].passed_on);
        assert_eq!(passed.summary.unanswered, 1);
    }

    #[test]
    fn r_qa_2_a_system_notice_neither_asks_nor_answers() {
        let c = chats(
            r#"[{"account": "店:小B", "buyer": "b", "messages": [
                {"time": "2026-11-25 10:00:00", "sender": "b", "content": "在吗"},
                {"time": "2026-11-25 10:00:01", "sender": "系统", "content": "买家已接入，分配给小B"},
                {"time": "2026-11-25 10:09:00", "sender": "店:小B", "content": "在的"}]}]"#,
        );
        let s = &review(&c, &[], &[], zone(), &Policy::default()).sessions[0];
        assert_eq!((s.turns.len(), s.turns[0].seconds, s.turns[0].passed_on), (1, Some(540), false));
        assert_eq!(s.messages[1].from, "system");
    }

    #[allow(clippy::too_many_arguments, reason = "a row of the test's table")]
    fn summary_of(
        id: &str,
        agent: &str,
        risk: u32,
        red: u32,
        findings: u32,
        turns: u32,
        secs: i64,
        eval: Option<u8>,
    ) -> SessionIn {
        let mut summary = Summary { risk, turns, turn_seconds: secs, evaluation: eval, ..Summary::default() };
        if red > 0 {
            summary.red_lines.insert("shirking".into(), red);
        }
        if findings > 0 {
            summary.findings.insert("R-WORD-CONFLICT".into(), findings);
        }
        SessionIn {
            id: id.into(),
            agent: agent.into(),
            shop: None,
            day: "2026-11-25".into(),
            week: "2026-W48".into(),
            start: Timestamp::parse("2026-11-25T10:00:00+08:00").unwrap(),
            summary,
        }
    }

    #[test]
    fn r_qa_3_red_lines_first_then_drawn_in_proportion_reproducibly() {
        let mut sessions: Vec<SessionIn> =
            (0..10).map(|i| summary_of(&format!("a{i}"), "甲", 1 + i, 0, 0, 1, 10, None)).collect();
        sessions.extend((0..4).map(|i| summary_of(&format!("b{i}"), "乙", 1, 0, 0, 1, 10, None)));
        sessions.push(summary_of("b-red", "乙", 11, 1, 1, 1, 10, None));
        let qa = QaPolicy { daily_sample: 6, ..QaPolicy::default() };
        let r = report(&sessions, &qa);
        let picks = &r.samples[0].picks;
        assert_eq!(picks[0].id, "b-red");
        assert_eq!(picks[0].reason, "red_line");
        // 5 more over 14: 甲 50/14 = 3 r 8, 乙 20/14 = 1 r 6, the one left to the larger remainder.
        let by = |a: &str| picks.iter().filter(|p| p.agent == a && p.reason == "drawn").count();
        assert_eq!((by("甲"), by("乙")), (4, 1));
        let again = report(&sessions, &qa);
        assert_eq!(
            picks.iter().map(|p| &p.id).collect::<Vec<_>>(),
            again.samples[0].picks.iter().map(|p| &p.id).collect::<Vec<_>>(),
            "the same input, the same sample"
        );
    }

    #[test]
    fn r_qa_4_best_is_clean_fast_and_satisfied_worst_has_red_lines() {
        let sessions = vec![
            summary_of("fast", "甲", 1, 0, 0, 2, 20, None),
            summary_of("pleased", "甲", 1, 0, 0, 2, 60, Some(0)),
            summary_of("rude", "甲", 14, 0, 3, 1, 10, None),
            summary_of("blame", "甲", 11, 1, 1, 1, 10, None),
        ];
        let w = &report(&sessions, &QaPolicy::default()).weeks[0];
        assert_eq!(w.best.as_ref().unwrap().id, "pleased", "a satisfied buyer beats a faster reply");
        assert_eq!(w.worst.as_ref().unwrap().id, "blame", "red lines before the count of findings");
    }
}
