//! The phrasebook: the shop's phrases (话术, the rulebook's "script library",
//! R-WORD-SCRIPTS), what an agent sends again and again, as policy data in Chinese and
//! English. The defaults follow the seeds' own scripts (002 §5 "varias palabras":
//! opening, bargaining, invoice, return steps, the return's tracking number, extra
//! postage, the five-star closing, the offline opener; 003 §5 authenticity; 003 §3(三)
//! the "moral high ground"). A shop rewords any of them and adds its own
//! (`policy.phrasebook`).
//!
//! Placeholders, filled from the order by [`crate::phrasebook`]: `{shop}`, `{agent}`,
//! `{buyer}`, `{order_id}`, `{items}`.
//!
//! Not the decision's replies ([`ReplyId`](super::ReplyId), `policy.replies`): a phrase
//! is the agent's to pick in a conversation, a reply template is the one a decision tree
//! chooses for its decision.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::text::{text, Text};

/// One script: what the agent picks it by, and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// A short name for the quick-reply menu.
    pub title: Text,
    /// The reply, with placeholders.
    pub text: Text,
}

/// The built-in phrases, in the order a conversation meets them.
pub const DEFAULT_ORDER: [&str; 10] = [
    "greeting",
    "offline_opener",
    "bargaining",
    "authenticity",
    "invoice",
    "extra_postage",
    "return_steps",
    "return_tracking",
    "moral_high_ground",
    "five_star",
];

fn phrase(title: (&str, &str), zh: &str, en: &str) -> Phrase {
    Phrase { title: text(title.0, title.1), text: text(zh, en) }
}

/// The default phrasebook (R-WORD-SCRIPTS).
pub fn default_phrasebook() -> BTreeMap<String, Phrase> {
    let entries = [
        (
            "greeting",
            phrase(
                ("开场问候", "Greeting"),
                "您好，我是{shop}的客服{agent}，很荣幸为您服务，今天由我为您解答~",
                "Hello, I am {agent} from {shop}'s customer service. It is my pleasure to help you today.",
            ),
        ),
        (
            "offline_opener",
            phrase(
                ("离线留言回复", "Reply to an offline message"),
                "亲，您好，我是{shop}的客服{agent}☺，您之前问到的问题，我来为您解答：",
                "Hello, I am {agent} from {shop}. About the question you left us while we were offline:",
            ),
        ),
        (
            "bargaining",
            phrase(
                ("议价", "Bargaining"),
                "非常感谢您在众多店铺中选择我们。商城的价格是统一的，对每一位顾客都公平；我们的承诺是让每一位买到我们商品的顾客都觉得物有所值。",
                "Thank you for choosing us among so many shops. Our prices are the same for every customer; our promise is that everyone who buys from us feels it was worth the money.",
            ),
        ),
        (
            "authenticity",
            phrase(
                ("正品保证", "Authenticity"),
                "亲，我们的商品都是从正规渠道进货的，至今还没有收到过一件假货投诉，请您放心购买。",
                "Our goods all come through official channels, and we have never had a single complaint about a fake. You can buy with confidence.",
            ),
        ),
        (
            "invoice",
            phrase(
                ("发票", "Invoice"),
                "亲，我们开具正规发票。收到商品并确认收货、交易成功后联系我们，我们会尽快为您开具并寄出。",
                "We issue formal invoices. Once you have received the goods and confirmed receipt, contact us and we will issue and send it as soon as possible.",
            ),
        ),
        (
            "extra_postage",
            phrase(
                ("补邮费", "Extra postage"),
                "亲，您的地址需要补一点邮费，麻烦您拍一下补邮链接（金额以链接为准），拍好后我们马上为您安排发货。",
                "Your address needs a little extra postage: please order the postage link (the amount is on it), and we will ship as soon as it is paid.",
            ),
        ),
        (
            "return_steps",
            phrase(
                ("退货流程", "How to return"),
                "退货流程：已买到的宝贝 → 找到订单{order_id} → 退货退款 → 我要退货 → 退款原因选择“七天无理由”即可。",
                "To return: My purchases → order {order_id} → Return and refund → I want to return → reason: seven days, no reason.",
            ),
        ),
        (
            "return_tracking",
            phrase(
                ("填写退货单号", "Fill in the return's tracking number"),
                "亲，您好，找到需要退货的订单后点击退货按钮，会提示填写快递单号和快递公司，填好提交即可（已买到的宝贝 → 退货 → 填写物流信息 → 提交）。",
                "Find the order you are returning and press the return button: it asks for the tracking number and the carrier. Fill them in and submit (My purchases → Return → Logistics information → Submit).",
            ),
        ),
        (
            "moral_high_ground",
            phrase(
                ("站在道德制高点", "The moral high ground"),
                "非常抱歉出现这个情况，我们也很希望您能尽快用到我们的产品，也感谢您对我们品牌的认可。但快递的确不受我们控制，我们会一直帮您跟进，我相信您也能理解。",
                "We are very sorry this happened. We too want you to have our product as soon as possible, and thank you for your trust in our brand. The carrier is truly beyond our control; we will keep following it for you, and we are sure you understand.",
            ),
        ),
        (
            "five_star",
            phrase(
                ("五星好评结束语", "Five-star closing"),
                "收到{items}后请检查试用，满意的话请给我们五星好评哦，服务态度和发货速度也请多多支持！",
                "When {items} arrives, please check and try it; if you are happy, a five-star rating (service and delivery speed too) means a lot to us!",
            ),
        ),
    ];
    entries.into_iter().map(|(id, p)| (id.to_owned(), p)).collect()
}
