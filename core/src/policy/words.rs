//! The reply guard's word lists (R-WORD-SHIPPED, R-WORD-PROMISE, R-WORD-CONFLICT,
//! R-WORD-PLATFORM): policy data, Chinese and English together. A policy may set any
//! field; the others keep these defaults. Latin letters match in any case, and a phrase
//! that begins or ends with a letter only matches a whole word there ("vx" is not in
//! "vxyz", "加v" is not in "加vip").

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::model::text::{text, Text};

/// Word lists of the reply guard (R-WORD-*), Chinese and English together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WordLists {
    /// Phrases that claim the parcel has shipped (R-WORD-SHIPPED).
    pub shipped_claims: Vec<String>,
    /// A claim preceded by one of these is about the warehouse and is allowed.
    pub shipped_allowed_prefixes: Vec<String>,
    /// What to say instead before pickup.
    pub shipped_rewrite: Text,
    /// Absolute promises (R-WORD-PROMISE).
    pub absolute_promises: Vec<String>,
    /// What to say instead during disruptions.
    pub promise_rewrite: Text,
    /// A better word for one promise, where the general one reads badly ("100%没问题" →
    /// "应该没问题", "will definitely arrive" → "will most likely arrive"); a phrase not
    /// here gets `promise_rewrite`.
    pub promise_replacements: BTreeMap<String, Text>,
    /// Days and dates (R-WORD-PROMISE): with an arrival or ship word shortly after them
    /// in the same clause (in English, before or after), they make a date promise, which
    /// a disruption forbids however mildly it is said ("尽量明天送到"). Numeric dates
    /// (28号, 二十八号, 11月28日) are recognised without a list.
    pub date_words: Vec<String>,
    /// Arriving and shipping (到, 送到, 发货, arrive, ship...), for date promises.
    pub arrival_words: Vec<String>,
    /// Words that contain an arrival word but do not mean arriving or shipping (发票,
    /// 找到, 到账, 周一到周五, shipping fee): no date promise is read in them.
    pub not_arrival_words: Vec<String>,
    /// What a date promise becomes during a disruption: the clause is replaced by this,
    /// which names no date.
    pub date_rewrite: Text,
    /// Words that take back what follows or what they stand in (不一定, 不能加微信,
    /// 明天到不了, won't arrive): an absolute promise, an off-platform phrase or a claim
    /// right after one, or a date promise with one inside it, is not flagged.
    pub negations: Vec<String>,
    /// Words that make what follows a condition or a question (如果是您自己的原因,
    /// 明天问问快递什么时候到): blame or a date promise with one of them is not flagged.
    pub conditionals: Vec<String>,
    /// Words that make a day and an arrival a report, not a promise ("今天已经发出",
    /// "it was delivered today"): no date promise is read where one of them stands.
    pub past_markers: Vec<String>,
    /// Hostile or arguing wording (R-WORD-CONFLICT).
    pub hostile: Vec<String>,
    /// Blaming the buyer (R-WORD-CONFLICT): "是您自己…", "不是我们的问题".
    pub blame: Vec<String>,
    /// What to say instead of the clause with hostile wording or blame.
    pub hostile_rewrite: Text,
    /// Money, gifts or refunds for a good review or for removing a bad one
    /// (R-WORD-PLATFORM): the clause is dropped.
    pub review_rewards: Vec<String>,
    /// Moving the trade or the buyer off the marketplace (R-WORD-PLATFORM): WeChat, QQ,
    /// private transfers. A mainland mobile number (11 digits, 1[3-9]…) counts too; the
    /// order's own receiver phone does not.
    pub off_platform: Vec<String>,
    /// What the clause that moves the buyer off the marketplace becomes.
    pub off_platform_rewrite: Text,
    /// Unverifiable absolute claims (R-WORD-PLATFORM): 百分之百正品, 全网最低, 假一赔十.
    /// A shop that has committed to one (假一赔十) removes it from its list.
    pub absolute_claims: Vec<String>,
    /// What to say instead of a claim not in `claim_replacements`.
    pub claim_rewrite: Text,
    /// A wording per claim ("百分之百正品" → "正品有保障，支持验货").
    pub claim_replacements: BTreeMap<String, Text>,
}

/// A list from its entries joined by `|` (one string, not a slice of them: smaller in the
/// browser package).
fn list(packed: &str) -> Vec<String> {
    packed.split('|').map(str::to_owned).collect()
}

/// Replacements from (phrases joined by `|`, Chinese, English).
fn replacements(groups: &[(&str, &str, &str)]) -> BTreeMap<String, Text> {
    let mut map = BTreeMap::new();
    for (phrases, zh, en) in groups {
        for phrase in phrases.split('|') {
            map.insert(phrase.to_owned(), text(*zh, *en));
        }
    }
    map
}

impl Default for WordLists {
    fn default() -> Self {
        WordLists {
            shipped_claims: list("已经发货|已发货|发货了|has shipped|has been shipped|already shipped"),
            shipped_allowed_prefixes: list("仓库|warehouse |Warehouse "),
            shipped_rewrite: text("仓库已发货", "the warehouse has sent it out"),
            absolute_promises: list(
                "保证|一定|百分之百|100%|肯定能|肯定|绝对|guarantee|definitely|for sure|I promise",
            ),
            promise_rewrite: text("尽量", "will do our best to ensure"),
            promise_replacements: replacements(&[
                ("100%|definitely|绝对|肯定", "应该", "most likely"),
                ("I promise", "我们会尽量", "I will do my best to make sure"),
                ("for sure", "", ""),
                ("guarantee", "尽量", "will do our best to make sure"),
                ("肯定能", "应该能", "should be able to"),
            ]),
            date_words: list(
                "今天|今日|今晚|明天|明日|明晚|后天|大后天|次日|当天|周一|周二|周三|周四|周五|周六|周日|周末\
                |星期一|星期二|星期三|星期四|星期五|星期六|星期日|星期天|礼拜一|礼拜二|礼拜三|礼拜四|礼拜五\
                |礼拜六|礼拜天|下周|本周|这周|月底|年前|节前|today|tonight|tomorrow|monday|tuesday|wednesday\
                |thursday|friday|saturday|sunday|this week|next week|weekend|end of the week\
                |end of the month",
            ),
            arrival_words: list(
                "到|到货|到达|送到|送达|寄到|运到|收到|拿到|签收|发|发出|发货|寄出|派送|配送|揽收|出库|arrive\
                |arrives|arrived|arriving|arrival|deliver|delivers|delivered|delivering|delivery|ship|ships\
                |shipped|shipping|dispatch|dispatched|send it|send out|sent out|reach you|get it|receive it\
                |have it|be there|be with you",
            ),
            not_arrival_words: list(
                "发票|发消息|发图|发照片|发链接|发现|发生|发起|发送|发给我|发个|发红包|发优惠券|到账|到时候\
                |到时|找到|看到|遇到|想到|做到|得到|查到|联系到|直到|等到|提到|问到|用到|迟到|到期|回到|到位\
                |到店|收到您|收到消息|收到信息|收到反馈|收到退货|到周|到星期|到礼拜|到不了|送不到|发不出\
                |发不了|寄不出|shipping fee|shipping cost|free shipping|delivery fee|shipping address\
                |delivery address",
            ),
            date_rewrite: text("我们一直在跟进，一有进展马上告诉您", "we are following it closely and will tell you as soon as it moves"),
            negations: list(
                "不|不能|不可以|不要|不会|不用|不方便|不支持|没有|未|无法|没法|别|勿|禁止|不做|not|n't|n’t\
                |never|cannot|no|don't offer|do not offer|never offer",
            ),
            conditionals: list("如果|假如|要是|若|是否|能否|什么时候|何时|几时|if|whether|when"),
            past_markers: list("已|刚刚|刚才|already|was|were|has been|have been"),
            hostile: list(
                "你自己的问题|爱买不买|不可能|你看清楚|无理取闹|随便你|your own fault|take it or leave it\
                |calm down|read it yourself",
            ),
            blame: list(
                "是您自己|是你自己|您自己没看|你自己没看|不是我们的问题|不是我们的责任|不关我们的事\
                |跟我们没关系|和我们没关系|我们无关|看清楚再拍|是快递的问题|是快递的责任|是系统的问题\
                |是系统的原因|not our problem|not our fault|nothing to do with us|you should have read\
                |you should have checked|your fault|the courier's fault|the carrier's fault|the system's fault",
            ),
            hostile_rewrite: text("非常理解您的心情，我们一起看看怎么解决", "I understand how you feel; let us sort this out together"),
            review_rewards: list(
                "好评返|返现|好评送|好评有礼|好评奖励|好评红包|晒图返|晒单返|五星返|删差评|删除差评|删评\
                |改好评|改成好评|追评返|cash back|cashback|money back for a|refund for a good review\
                |gift for a good review|in exchange for a review|for a 5-star review|for a five-star review\
                |delete the bad review|remove the bad review|delete your review|change your review",
            ),
            off_platform: list(
                "微信|加微信|加我微信|威信|薇信|V信|加V|vx|wx|QQ|加QQ|私下交易|私下转账|线下交易|线下转账\
                |线下付款|支付宝转账|转账给我|wechat|whatsapp|add me on|contact me on|pay me directly\
                |outside taobao|off the platform",
            ),
            off_platform_rewrite: text("我们在旺旺上为您处理", "we will take care of it for you right here in this chat"),
            absolute_claims: list(
                "百分之百正品|100%正品|绝对正品|保证正品|假一赔十|假一赔三|假一罚十|全网最低|全网最低价\
                |全网最便宜|最低价|最便宜|史上最低|全网第一|销量第一|全国第一|第一品牌|顶级|100% authentic\
                |100% genuine|100% original|guaranteed authentic|lowest price|the lowest price\
                |the lowest price online|cheapest|the cheapest|best price anywhere|number one brand",
            ),
            claim_rewrite: text("品质有保障", "good quality"),
            claim_replacements: replacements(&[
                (
                    "百分之百正品|100%正品|绝对正品|保证正品|假一赔十|假一赔三|假一罚十|100% authentic|100% genuine|100% original|guaranteed authentic",
                    "正品有保障，支持验货",
                    "genuine, and you can have it verified",
                ),
                (
                    "全网最低|全网最低价|全网最便宜|最低价|最便宜|史上最低|lowest price|the lowest price|the lowest price online|cheapest|the cheapest|best price anywhere",
                    "价格很实惠",
                    "great value",
                ),
                ("全网第一|销量第一|全国第一|第一品牌|number one brand", "很受欢迎", "very popular"),
                ("顶级", "优质", "top quality"),
            ]),
        }
    }
}

/// The fields, in the order [`WordLists`] declares them.
const FIELDS: &[&str] = &[
    "shipped_claims",
    "shipped_allowed_prefixes",
    "shipped_rewrite",
    "absolute_promises",
    "promise_rewrite",
    "promise_replacements",
    "date_words",
    "arrival_words",
    "not_arrival_words",
    "date_rewrite",
    "negations",
    "conditionals",
    "past_markers",
    "hostile",
    "blame",
    "hostile_rewrite",
    "review_rewards",
    "off_platform",
    "off_platform_rewrite",
    "absolute_claims",
    "claim_rewrite",
    "claim_replacements",
];

/// Read by hand rather than derived: the derive inlines each field's reading (about 600
/// bytes of the browser package per field, twice over: JSON and Rhai); here a field is
/// one call to [`read`], shared by the fields of a type. Same answers as the derive with
/// `default` and `deny_unknown_fields`: absent fields keep their default, an unknown or
/// repeated field is an error naming it. (From an object only: the derive would also
/// take the fields as a positional array, which no policy writes.)
impl<'de> Deserialize<'de> for WordLists {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("WordLists", FIELDS, WordListsVisitor)
    }
}

/// A field of [`WordLists`] by its index in [`FIELDS`].
struct Field(usize);

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Field, E> {
        FIELDS.iter().position(|f| *f == name).map(Field).ok_or_else(|| E::unknown_field(name, FIELDS))
    }
}

struct WordListsVisitor;

impl<'de> Visitor<'de> for WordListsVisitor {
    type Value = WordLists;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct WordLists")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WordLists, A::Error> {
        let mut words = WordLists::default();
        let mut seen = 0u64;
        while let Some(Field(i)) = map.next_key()? {
            if seen & (1 << i) != 0 {
                return Err(de::Error::duplicate_field(FIELDS.get(i).copied().unwrap_or_default()));
            }
            seen |= 1 << i;
            let read = match i {
                0 => read(&mut map, &mut words.shipped_claims),
                1 => read(&mut map, &mut words.shipped_allowed_prefixes),
                2 => read(&mut map, &mut words.shipped_rewrite),
                3 => read(&mut map, &mut words.absolute_promises),
                4 => read(&mut map, &mut words.promise_rewrite),
                5 => read(&mut map, &mut words.promise_replacements),
                6 => read(&mut map, &mut words.date_words),
                7 => read(&mut map, &mut words.arrival_words),
                8 => read(&mut map, &mut words.not_arrival_words),
                9 => read(&mut map, &mut words.date_rewrite),
                10 => read(&mut map, &mut words.negations),
                11 => read(&mut map, &mut words.conditionals),
                12 => read(&mut map, &mut words.past_markers),
                13 => read(&mut map, &mut words.hostile),
                14 => read(&mut map, &mut words.blame),
                15 => read(&mut map, &mut words.hostile_rewrite),
                16 => read(&mut map, &mut words.review_rewards),
                17 => read(&mut map, &mut words.off_platform),
                18 => read(&mut map, &mut words.off_platform_rewrite),
                19 => read(&mut map, &mut words.absolute_claims),
                20 => read(&mut map, &mut words.claim_rewrite),
                21 => read(&mut map, &mut words.claim_replacements),
                _ => Ok(()),
            };
            read?;
        }
        Ok(words)
    }
}

/// Reads one field's value into its place: one function per value type.
#[inline(never)]
fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A, into: &mut T) -> Result<(), A::Error> {
    *into = map.next_value()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_by_hand_as_the_derive_would() {
        // Absent fields keep their defaults; a field read replaces its default.
        let w: WordLists =
            serde_json::from_str(r#"{"hostile": ["滚"], "off_platform_rewrite": {"zh": "这里说", "en": "here"}}"#)
                .unwrap();
        assert_eq!(w.hostile, ["滚"]);
        assert_eq!(w.off_platform_rewrite, text("这里说", "here"));
        assert_eq!(w.blame, WordLists::default().blame);
        assert_eq!(serde_json::from_str::<WordLists>("{}").unwrap(), WordLists::default());
        // Every field by its name, in and out again.
        let all = serde_json::to_string(&WordLists::default()).unwrap();
        assert_eq!(serde_json::from_str::<WordLists>(&all).unwrap(), WordLists::default());
        assert_eq!(
            FIELDS.len(),
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&all).unwrap().len()
        );
        // Unknown, repeated and mistyped fields are errors naming them.
        let e = serde_json::from_str::<WordLists>(r#"{"hostlie": []}"#).unwrap_err().to_string();
        assert!(e.starts_with("unknown field `hostlie`, expected one of `shipped_claims`"), "{e}");
        let e = serde_json::from_str::<WordLists>(r#"{"blame": [], "blame": []}"#).unwrap_err().to_string();
        assert!(e.starts_with("duplicate field `blame`"), "{e}");
        let e = serde_json::from_str::<WordLists>(r#"{"blame": "x"}"#).unwrap_err().to_string();
        assert!(e.starts_with("invalid type: string \"x\", expected a sequence"), "{e}");
        assert!(serde_json::from_str::<WordLists>("[]").is_err());
    }
}
