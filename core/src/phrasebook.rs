//! The phrasebook at work (R-WORD-SCRIPTS): the shop's phrases (话术, the rulebook's
//! "script library"; the data and its defaults are [`policy::phrasebook`]) filled from
//! the order the agent is serving, as the quick replies the agent picks from. A phrase
//! the agent picks still goes through the reply guard (R-WORD-*) like anything typed,
//! so it cannot smuggle in a claim the order does not support.
//!
//! Two ideas, two names. A *phrase* is the agent's: picked from the phrasebook during a
//! conversation, its placeholders (`{shop}`, `{agent}`, `{buyer}`, `{order_id}`,
//! `{items}`) filled here. A *reply* is the decision's: the template a decision tree
//! chooses by [`ReplyId`](crate::policy::ReplyId) (`policy.replies`), rendered into
//! the decision with its amounts by [`render_reply`](crate::decision::render_reply). The
//! `reply` operation ([`one_reply`]) fills either for an agent: a phrase first, else a
//! reply template.
//!
//! [`policy::phrasebook`]: crate::policy::phrasebook

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::standing_amount;
use crate::guard::{check_reply, ReplyCheck, ReplyInput};
use crate::model::case::{Agent, Context};
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::order::Order;
use crate::model::text::Text;
use crate::model::time::Timestamp;
use crate::policy::phrasebook::DEFAULT_ORDER;
use crate::policy::Policy;
use crate::registry::id;

/// What quick replies are filled from.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickInput {
    /// The order the conversation is about.
    pub order: Order,
    /// The agent answering (their name fills `{agent}`).
    #[serde(default)]
    pub agent: Option<Agent>,
}

/// One phrase (or, for `reply`, a reply template), filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct QuickReply {
    /// The phrase's id in the phrasebook (`greeting`, `invoice`...), or the reply
    /// template's.
    pub id: String,
    /// Always `R-WORD-SCRIPTS`.
    pub rule: &'static str,
    /// The menu name.
    pub title: Text,
    /// The text, filled from the order.
    pub text: Text,
    /// Placeholders the order could not fill (a generic word stands in): the agent may
    /// want to edit them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
}

/// The shop's phrases, built-in ones first in conversation order, then the shop's own by
/// id, each filled from the order.
pub fn quick_replies(input: &QuickInput, policy: &Policy) -> Vec<QuickReply> {
    let book = &policy.phrasebook;
    let built_in = DEFAULT_ORDER.iter().filter_map(|id| book.get_key_value(*id));
    let own = book.iter().filter(|(id, _)| !DEFAULT_ORDER.contains(&id.as_str()));
    built_in.chain(own).map(|(id, phrase)| fill(id, &phrase.title, &phrase.text, input)).collect()
}

/// A placeholder, its value in each language, and whether the order supplied it.
struct Slot {
    name: &'static str,
    zh: String,
    en: String,
    known: bool,
}

fn slots(input: &QuickInput) -> [Slot; 5] {
    let order = &input.order;
    let given = |v: Option<&String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let either = |name, value: Option<String>, zh: &str, en: &str| match value {
        Some(v) => Slot { name, zh: v.clone(), en: v, known: true },
        None => Slot { name, zh: zh.to_owned(), en: en.to_owned(), known: false },
    };
    let titles: Vec<&str> = order.items.iter().map(|i| i.title.trim()).filter(|t| !t.is_empty()).collect();
    let items = match titles.as_slice() {
        [] => Slot { name: "items", zh: "宝贝".into(), en: "your order".into(), known: false },
        t => Slot { name: "items", zh: t.join("、"), en: t.join(", "), known: true },
    };
    [
        either("shop", given(order.store.as_ref()), "本店", "our shop"),
        either("agent", given(input.agent.as_ref().map(|a| &a.name)), "", ""),
        either("buyer", given(order.buyer_nick.as_ref()), "亲", "you"),
        either("order_id", Some(order.order_id.clone()), "", ""),
        items,
    ]
}

/// One template for one case: `kefu reply TEMPLATE CASE`, `engine.reply(...)`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OneReplyInput {
    /// A phrase of the phrasebook (`invoice`, `return_steps`...) or a decision's reply
    /// template (`late.apology`...).
    pub template: String,
    /// The order the conversation is about.
    pub order: Order,
    /// The agent answering.
    #[serde(default)]
    pub agent: Option<Agent>,
    /// Logistics, promotions: what the reply guard checks the text against.
    #[serde(default)]
    pub context: Context,
    /// The time, for the guard (promotions in force, stalled parcels).
    #[serde(default)]
    pub now: Option<Timestamp>,
    /// A case's request, accepted so that a case file can be given as it is; unused.
    #[serde(default)]
    pub request: Option<serde_json::Value>,
}

/// One template filled from the order, and what the reply guard says of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OneReply {
    /// The template, filled.
    #[serde(flatten)]
    pub reply: QuickReply,
    /// The reply guard (R-WORD-*) on the Chinese text.
    pub guard_zh: ReplyCheck,
    /// The reply guard on the English text.
    pub guard_en: ReplyCheck,
}

/// Fills one template from the order and checks both languages with the reply guard.
/// A phrase of the phrasebook is looked up first, then a decision's reply template
/// (whose amounts come from the policy and the order; `{amount}` is the decision's and
/// is named as missing here; its title is its id). An unknown id is an error that lists
/// the known ones.
pub fn one_reply(input: &OneReplyInput, policy: &Policy) -> Result<OneReply, Box<ErrorReport>> {
    let quick = QuickInput { order: input.order.clone(), agent: input.agent.clone() };
    let reply = if let Some(phrase) = policy.phrasebook.get(&input.template) {
        fill(&input.template, &phrase.title, &phrase.text, &quick)
    } else if let Some(text) = policy.replies.get(&input.template) {
        let title = Text { zh: input.template.clone(), en: input.template.clone() };
        let mut reply = fill(&input.template, &title, text, &quick);
        // `{amount}` is a decision's; with no decision here it is named as missing.
        for name in ["compensation", "coupon", "platform_payment", "amount"] {
            let key = format!("{{{name}}}");
            if !(reply.text.zh.contains(&key) || reply.text.en.contains(&key)) {
                continue;
            }
            let value = standing_amount(name, &input.order, policy).flatten().map(|m| m.to_string());
            if value.is_none() {
                reply.missing.push(name);
            }
            let value = value.unwrap_or_default();
            reply.text.zh = reply.text.zh.replace(&key, &value);
            reply.text.en = reply.text.en.replace(&key, &value);
        }
        reply
    } else {
        let known: Vec<&str> = policy.phrasebook.keys().chain(policy.replies.keys()).map(String::as_str).collect();
        return Err(Box::new(
            ErrorReport::of(
                Code::ReplyTemplate,
                format!(
                    "`template`: `{}` is neither a script nor a reply template; known: {}",
                    input.template,
                    known.join(", ")
                ),
            )
            .at("template"),
        ));
    };
    let guard = |draft: &str| {
        let check = ReplyInput {
            order: input.order.clone(),
            context: input.context.clone(),
            draft: draft.to_owned(),
            now: input.now,
        };
        check_reply(&check, policy)
    };
    Ok(OneReply { guard_zh: guard(&reply.text.zh), guard_en: guard(&reply.text.en), reply })
}

/// A phrase's (or a reply template's) text with the order's placeholders filled.
fn fill(id: &str, title: &Text, text: &Text, input: &QuickInput) -> QuickReply {
    let (mut zh, mut en) = (text.zh.clone(), text.en.clone());
    let mut missing = Vec::new();
    for slot in slots(input) {
        let key = format!("{{{}}}", slot.name);
        if !(zh.contains(&key) || en.contains(&key)) {
            continue;
        }
        if !slot.known {
            missing.push(slot.name);
        }
        zh = zh.replace(&key, &slot.zh);
        en = en.replace(&key, &slot.en);
    }
    QuickReply { id: id.to_owned(), rule: id::R_WORD_SCRIPTS, title: title.clone(), text: Text { zh, en }, missing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Phrase;

    fn input(order: &str, agent: Option<&str>) -> QuickInput {
        QuickInput {
            order: Order::from_json(order).unwrap(),
            agent: agent.map(|name| Agent { name: name.into(), ..Agent::default() }),
        }
    }

    const ORDER: &str = r#"{"order_id": "4128", "status": "delivered", "total": "99.00", "store": "杭州旗舰店",
        "buyer_nick": "tb_小鹿", "items": [{"sku": "S", "title": "纯棉T恤", "qty": 1, "unit_price": "99.00"}]}"#;

    #[test]
    fn every_situation_the_seeds_name_has_a_phrase_filled_from_the_order() {
        let replies = quick_replies(&input(ORDER, Some("小王")), &Policy::default());
        let ids: Vec<&str> = replies.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, DEFAULT_ORDER.to_vec());
        let greeting = &replies[0];
        assert_eq!(greeting.text.zh, "您好，我是杭州旗舰店的客服小王，很荣幸为您服务，今天由我为您解答~");
        assert!(greeting.missing.is_empty());
        let steps = replies.iter().find(|r| r.id == "return_steps").unwrap();
        assert!(steps.text.zh.contains("订单4128") && steps.text.en.contains("order 4128"));
        let closing = replies.iter().find(|r| r.id == "five_star").unwrap();
        assert!(closing.text.zh.starts_with("收到纯棉T恤后"));
        assert!(replies.iter().all(|r| r.rule == "R-WORD-SCRIPTS" && !r.text.zh.contains('{')));
    }

    #[test]
    fn what_the_order_lacks_is_named_and_a_plain_word_stands_in() {
        let bare = r#"{"order_id": "1", "status": "paid", "total": "1.00"}"#;
        let replies = quick_replies(&input(bare, None), &Policy::default());
        let greeting = &replies[0];
        assert_eq!(greeting.missing, vec!["shop", "agent"]);
        assert_eq!(greeting.text.zh, "您好，我是本店的客服，很荣幸为您服务，今天由我为您解答~");
        assert_eq!(replies.iter().find(|r| r.id == "five_star").unwrap().missing, vec!["items"]);
    }

    #[test]
    fn a_shop_rewords_a_phrase_and_adds_its_own_after_the_built_ins() {
        let policy: Policy = serde_json::from_str(
            r#"{"phrasebook": {
                "invoice": {"title": {"zh": "发票", "en": "Invoice"}, "text": {"zh": "电子发票随货发出，{buyer}请查收", "en": "The e-invoice ships with the goods"}},
                "a_size_chart": {"title": {"zh": "尺码表", "en": "Size chart"}, "text": {"zh": "尺码表见详情页", "en": "See the size chart"}}
            }}"#,
        )
        .unwrap();
        let replies = quick_replies(&input(ORDER, None), &policy);
        assert_eq!(replies.len(), DEFAULT_ORDER.len() + 1);
        assert_eq!(replies.last().unwrap().id, "a_size_chart", "the shop's own come after the built-ins");
        let invoice = replies.iter().find(|r| r.id == "invoice").unwrap();
        assert_eq!(invoice.text.zh, "电子发票随货发出，tb_小鹿请查收");
    }

    fn one(template: &str, order: &str) -> Result<OneReply, Box<ErrorReport>> {
        let input: OneReplyInput = serde_json::from_value(serde_json::json!({
            "template": template, "order": serde_json::from_str::<serde_json::Value>(order).unwrap(),
            "agent": {"name": "小王", "role": "agent"}, "request": {"kind": "none"}
        }))
        .unwrap();
        one_reply(&input, &Policy::default())
    }

    #[test]
    fn one_template_is_filled_and_guarded_in_both_languages() {
        let r = one("return_steps", ORDER).unwrap();
        assert!(r.reply.text.zh.contains("订单4128"), "{}", r.reply.text.zh);
        assert!(r.guard_zh.findings.is_empty() && r.guard_en.findings.is_empty());
        let late = one("late.apology", ORDER).unwrap();
        assert!(late.reply.text.zh.contains("补偿5.00元"), "{}", late.reply.text.zh);
        let platform = one("late.apology_platform", ORDER).unwrap();
        assert_eq!(platform.reply.missing, vec!["platform_payment"], "the order shows no platform payment");
    }

    #[test]
    fn an_unknown_template_names_itself_and_the_known_ones() {
        let e = one("no_such", ORDER).unwrap_err();
        assert_eq!(e.code, Code::ReplyTemplate.as_str());
        assert!(e.message.contains("`no_such`") && e.message.contains("invoice") && e.message.contains("late.apology"));
    }

    #[test]
    fn an_empty_phrase_is_a_policy_error_naming_it() {
        let mut policy = Policy::default();
        policy.phrasebook.insert(
            "blank".into(),
            Phrase {
                title: Text { zh: "空".into(), en: "Blank".into() },
                text: Text { zh: " ".into(), en: String::new() },
            },
        );
        let e = policy.check().unwrap_err();
        assert_eq!(e.path.as_deref(), Some("phrasebook.blank.text"));
    }

    #[test]
    fn the_default_phrases_pass_the_reply_guard_on_any_order() {
        // A phrase that broke R-WORD-* would teach agents the wrong words.
        let stalled =
            r#"{"order_id": "1", "status": "shipped", "total": "1.00", "shipped_at": "2026-11-20T10:00:00+08:00"}"#;
        for reply in quick_replies(&input(stalled, Some("小王")), &Policy::default()) {
            for draft in [&reply.text.zh, &reply.text.en] {
                let check = crate::guard::check_reply(
                    &crate::guard::ReplyInput {
                        order: Order::from_json(stalled).unwrap(),
                        context: crate::model::case::Context {
                            logistics: crate::model::case::Logistics { stalled: true, ..Default::default() },
                            ..Default::default()
                        },
                        draft: draft.clone(),
                        now: None,
                    },
                    &Policy::default(),
                );
                assert!(check.findings.is_empty(), "{}: {:?}", reply.id, check.findings);
            }
        }
    }
}
