//! Quick replies (R-WORD-SCRIPTS): the shop's script library ([`Policy::phrasebook`])
//! filled from the order the agent is serving. A reply the agent picks still goes
//! through the reply guard (R-WORD-*) like anything typed, so a script cannot smuggle
//! in a claim the order does not support.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::case::Agent;
use crate::model::order::Order;
use crate::model::text::Text;
use crate::policy::phrasebook::DEFAULT_ORDER;
use crate::policy::{Phrase, Policy};

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

/// One script, filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct QuickReply {
    /// The script's id in the phrasebook (`greeting`, `invoice`...).
    pub id: String,
    /// Always `R-WORD-SCRIPTS`.
    pub rule: &'static str,
    /// The menu name.
    pub title: Text,
    /// The reply, filled from the order.
    pub text: Text,
    /// Placeholders the order could not fill (a generic word stands in): the agent may
    /// want to edit them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
}

/// The shop's scripts, built-in ones first in conversation order, then the shop's own by
/// id, each filled from the order.
pub fn quick_replies(input: &QuickInput, policy: &Policy) -> Vec<QuickReply> {
    let book = &policy.phrasebook;
    let built_in = DEFAULT_ORDER.iter().filter_map(|id| book.get_key_value(*id));
    let own = book.iter().filter(|(id, _)| !DEFAULT_ORDER.contains(&id.as_str()));
    built_in.chain(own).map(|(id, phrase)| fill(id, phrase, input)).collect()
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

fn fill(id: &str, phrase: &Phrase, input: &QuickInput) -> QuickReply {
    let (mut zh, mut en) = (phrase.text.zh.clone(), phrase.text.en.clone());
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
    QuickReply {
        id: id.to_owned(),
        rule: "R-WORD-SCRIPTS",
        title: phrase.title.clone(),
        text: Text { zh, en },
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(order: &str, agent: Option<&str>) -> QuickInput {
        QuickInput {
            order: Order::from_json(order).unwrap(),
            agent: agent.map(|name| Agent { name: name.into(), ..Agent::default() }),
        }
    }

    const ORDER: &str = r#"{"order_id": "4128", "status": "delivered", "total": "99.00", "store": "杭州旗舰店",
        "buyer_nick": "tb_小鹿", "items": [{"sku": "S", "title": "纯棉T恤", "qty": 1, "unit_price": "99.00"}]}"#;

    #[test]
    fn every_situation_the_seeds_name_has_a_script_filled_from_the_order() {
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
    fn a_shop_rewords_a_script_and_adds_its_own_after_the_built_ins() {
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

    #[test]
    fn an_empty_script_is_a_policy_error_naming_it() {
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
    fn the_default_scripts_pass_the_reply_guard_on_any_order() {
        // A script that broke R-WORD-* would teach agents the wrong words.
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
