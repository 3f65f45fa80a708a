//! The rule registry: every rule id with its one-line summary (in Chinese and English),
//! its seed source, and where it is applied. Hosts list it (`kefu explain`), and a test
//! checks it against the rulebook and the scenario suite.

use schemars::JsonSchema;
use serde::Serialize;

/// Where a rule takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    /// In decisions: scenarios must cite it.
    Decide,
    /// In remark rendering and appending.
    Remark,
    /// In lint.
    Lint,
    /// In the reply guard (and in decisions where the reply depends on it).
    Wording,
    /// In the proactive contact queue (`scan`).
    Scan,
    /// In the scorecards (`kpi`, R-KPI-*).
    Kpi,
    /// In the chat review (`qa`, R-QA-*).
    Qa,
}

impl Applies {
    /// Every value, in declaration order.
    pub const ALL: [Applies; 7] =
        [Applies::Decide, Applies::Remark, Applies::Lint, Applies::Wording, Applies::Scan, Applies::Kpi, Applies::Qa];

    /// The stable name, as JSON spells it. Written out rather than by `model::names!`:
    /// the registry sits beside the layers and imports none of them.
    pub fn name(self) -> &'static str {
        match self {
            Applies::Decide => "decide",
            Applies::Remark => "remark",
            Applies::Lint => "lint",
            Applies::Wording => "wording",
            Applies::Scan => "scan",
            Applies::Kpi => "kpi",
            Applies::Qa => "qa",
        }
    }
}

/// One rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Rule {
    /// The id, as the rulebook writes it.
    pub id: &'static str,
    /// What it says, in one line, in Chinese (the marketplace's words) and English.
    pub summary: Summary,
    /// The seed source(s) (`002 §2.3`), or `rulebook` for defaults it chose.
    pub source: &'static str,
    /// Where it takes effect.
    pub applies: Applies,
}

/// A rule's one-line summary in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// Chinese, as agents and supervisors read it.
    pub zh: &'static str,
    /// English.
    pub en: &'static str,
}

const fn r(id: &'static str, summary: Summary, source: &'static str, applies: Applies) -> Rule {
    Rule { id, summary, source, applies }
}

use Applies::{Decide, Kpi, Lint, Qa, Remark, Scan, Wording};

/// The rulebook's rules: each id once, as a constant in [`id`] (so a tree that names a
/// rule by a typo fails to compile) and as a row of [`RULES`].
macro_rules! rules {
    ($($(#[$meta:meta])* $konst:ident = $id:literal, $zh:literal, $en:literal, $source:literal, $applies:ident;)+) => {
        /// Every rule id, as the rulebook writes it (`id::R_CANCEL_3` is `"R-CANCEL-3"`).
        pub mod id {
            $(
                #[doc = $id]
                pub const $konst: &str = $id;
            )+
        }

        /// Every rule kefu knows.
        pub const RULES: &[Rule] = &[$(r(id::$konst, Summary { zh: $zh, en: $en }, $source, $applies)),+];
    };
}

rules! {
    R_FLAG_1 = "R-FLAG-1", "旗帜的含义由店铺定：默认沿用种子002的约定，策略可重新对应。",
        "A flag's meaning is the shop's; the default table is seed 002's convention, remappable by policy.", "002 §6", Lint;
    R_FLAG_2 = "R-FLAG-2", "未发货订单修改或取消：插紫旗；已发货订单售后：插蓝旗。",
        "Unshipped order changed or cancelled: purple. Shipped order after-sales: blue.", "002 §6 b, c", Decide;
    R_FLAG_3 = "R-FLAG-3", "修改收货信息或指定快递：插红旗，备注写明原因、新的信息和时间。",
        "Change of receiving information or designated courier: red, with the reason, the new value and the time.", "002 §5, §6 d", Decide;
    R_FLAG_4 = "R-FLAG-4", "一单一旗：规则冲突时按店铺的优先级定，依据里写明哪条规则让位。",
        "One flag per order: the shop's precedence decides between rules, and the trace says which rule lost.", "rulebook", Decide;
    R_REMARK_1 = "R-REMARK-1", "谁处理订单谁写备注，取消订单和改地址尤其要写。",
        "Whoever handles the order writes the remark, above all for cancellations and address changes.", "002 §6", Decide;
    R_REMARK_2 = "R-REMARK-2", "每条备注写明原因、客服名和日期：原因 客服名/日期。",
        "Every entry carries a reason, the agent's name and a date: 原因 客服名/日期.", "002 §6 b, c", Remark;
    R_REMARK_3 = "R-REMARK-3", "追加备注不丢内容；看不懂的文字原样保留；重写出的字节不变。",
        "Appending never loses data; unknown text is kept; re-rendering gives the same bytes.", "rulebook", Remark;
    R_REMARK_4 = "R-REMARK-4", "备注有长度上限（默认1000字节）；超长就报错，绝不截断。",
        "The remark has a length limit (1000 UTF-8 bytes by default); an over-long append is an error, never a truncation.", "rulebook (memo API)", Decide;
    R_REMARK_5 = "R-REMARK-5", "涉及售后的改价要写明金额。",
        "Price changes involving after-sales are written with the amount.", "002 §2.2(3)", Decide;
    R_REMARK_6 = "R-REMARK-6", "备注检查：旗帜与状态不符、红旗没写新信息或时间、备注未署名、改动未记备注、货到付款未确认却没插黄旗。",
        "Lint: flag against status, red without value or time, unsigned entries, changes without entries, unconfirmed COD without yellow.", "002 §5, §6", Lint;
    R_CANCEL_1 = "R-CANCEL-1", "未付款：由买家自行关闭订单，客服不关（店铺可设为应买家要求关闭）。",
        "Unpaid: the buyer closes the order; the agent does not (shop option: close on request).", "002 §2.3(1)", Decide;
    R_CANCEL_2 = "R-CANCEL-2", "已付款未推单：引导买家申请全额退款；插紫旗、写备注。",
        "Paid, not pushed: the buyer applies for a full refund; purple remark.", "002 §2.3(2)", Decide;
    R_CANCEL_3 = "R-CANCEL-3", "已推单未发货：请仓库拦截；仓库找不到时先核实是否已发出。",
        "Pushed, not shipped: ask the warehouse to intercept; if it cannot find it, check whether it shipped.", "002 §2.3(3) A", Decide;
    R_CANCEL_4 = "R-CANCEL-4", "已发货：联系快递退回或买家拒收；插蓝旗；买家自己的原因由买家承担运费。",
        "Shipped: carrier return or refusal at the door; blue; the buyer's own choice means the buyer pays shipping.", "002 §2.3 B", Decide;
    R_CANCEL_5 = "R-CANCEL-5", "已签收：不再是取消，按退货处理。",
        "Delivered: not a cancellation any more; continue as a return.", "rulebook", Decide;
    R_CANCEL_6 = "R-CANCEL-6", "买家自己犹豫时挽留一次，仍坚持就取消。",
        "One retention attempt when the reason is the buyer's own doubt, then cancel if they insist.", "002 §1.(4)", Decide;
    R_CANCEL_7 = "R-CANCEL-7", "已过或临近承诺发货时间：先致歉，确认是否还要，再取消、催仓库或发货。",
        "Past or near ship-by: apologise, confirm they still want it, then cancel, urge or ship.", "002 §2.4(2)", Decide;
    R_RESP_1 = "R-RESP-1", "责任方：商家、快递、买家、不可抗力，或待查（先核查）。",
        "Responsibility: merchant, carrier, buyer, force majeure, or unknown (investigate first).", "003 §1, 000", Decide;
    R_RESP_2 = "R-RESP-2", "商家责任：先打电话；买家责任：在线沟通，留书面确认。",
        "Merchant at fault: phone first. Buyer at fault: online, with written confirmation.", "003 §4(一), §4(三)1", Decide;
    R_RESP_3 = "R-RESP-3", "退货运费：商家或快递责任由商家承担；买家自己的原因由买家承担。",
        "Return shipping: merchant or carrier at fault, the merchant pays; the buyer's own reason, the buyer pays.", "003 §4, 002 §2.3 B", Decide;
    R_DEFECT_1 = "R-DEFECT-1", "质量问题：先与买家确认问题，收集照片或视频作凭证。",
        "Defect: confirm the problem, collect photos or video as evidence.", "003 §2(四)", Decide;
    R_DEFECT_2 = "R-DEFECT-2", "质量问题换新或退款，须先退回瑕疵品。",
        "Replacement or refund for a defect only against the defective item's return.", "003 §4(二)", Decide;
    R_DEFECT_3 = "R-DEFECT-3", "同一SKU在店铺设定的时间内投诉达到数量：按批量事故处理，报领导。",
        "Reports for one SKU reaching the shop's count within its window: batch incident, leadership.", "003 §2(四)", Decide;
    R_WRONG_1 = "R-WRONG-1", "错发漏发：先查SKU绑定，致电买家，商家承担费用补发或换货。",
        "Wrong or missing item: check SKU binding first, call the buyer, reship or exchange at the merchant's cost.", "003 §2(二)", Decide;
    R_LATE_1 = "R-LATE-1", "超过承诺发货时间：主动告知发货日期，致歉，按店铺标准补偿。",
        "Past ship-by: give a date proactively, apologise, offer the shop's compensation.", "003 §2(一)", Decide;
    R_STALL_1 = "R-STALL-1", "物流停滞：查明原因、上报，主动通知买家。",
        "Carrier stalled: find the cause, report, notify the buyer proactively.", "003 §2(三)", Decide;
    R_PRICE_1 = "R-PRICE-1", "退差价：核实降价属实并保留证据；活动期间店铺可以不退。",
        "Price difference: check the drop is real and keep evidence; shops may refuse during promotions.", "003 §2(五)", Decide;
    R_PRICE_2 = "R-PRICE-2", "未发货订单不能部分退款：先加急发货，发货后以仅退款的方式退差价。",
        "An unshipped order cannot be partly refunded: expedite, then refund the difference as refund-only.", "001", Decide;
    R_RETAIN_1 = "R-RETAIN-1", "买家自身原因：挽留一次，仍坚持就尽快退款。",
        "The buyer's own problem: try once to keep the sale, then refund quickly if they insist.", "002 §1.(4)", Decide;
    R_DELAY_1 = "R-DELAY-1", "买家责任又提出不合理要求：分步、部分让步。",
        "A buyer at fault with unreasonable demands: concede partly and step by step.", "003 §4(三)2", Decide;
    R_PROACTIVE_1 = "R-PROACTIVE-1", "可能超过承诺发货时间：主动联系买家，致歉，告知日期，确认，催仓库。",
        "Ship-by at risk: contact the buyer first, apologise, give a date, confirm, urge the warehouse.", "002 §3.1, 003 §2(一)", Decide;
    R_PROACTIVE_2 = "R-PROACTIVE-2", "缺货或超卖：主动联系买家，提供退款或换货。",
        "Out of stock or oversold: contact the buyer, offer a refund or an exchange.", "002 §3.2", Decide;
    R_PROACTIVE_3 = "R-PROACTIVE-3", "包裹超过店铺设定的时间无物流更新：查明原因，通知买家，不做绝对承诺。",
        "Parcel without a logistics update for the shop's time: find the cause, notify, no absolute promises.", "003 §2(三)", Decide;
    R_PROACTIVE_4 = "R-PROACTIVE-4", "未付款订单静默够久、在截止前：催付一次；核对地址、数量、款式。",
        "Silent unpaid order, old enough, before the cut-off: one payment reminder; check address, quantity, style.", "002 §2 item 7", Decide;
    R_PROACTIVE_5 = "R-PROACTIVE-5", "商品没选颜色或尺码，或货到付款订单未确认：推单前先确认。",
        "A line with no colour or size, or an unconfirmed COD order: confirm before pushing.", "001, 002 §2 item 7", Decide;
    R_COD_1 = "R-COD-1", "货到付款买家不接受货到付款价格就不发货：关闭订单，请买家在线支付重新拍下，备注记录。",
        "A COD buyer who declines the COD price is not shipped to: the order is closed, the buyer re-orders with online payment, the remark records it.", "002 §2 item 7", Decide;
    R_PROACTIVE_6 = "R-PROACTIVE-6", "联系顺序：按升级级别从高到低；同级先商家责任；再按距承诺发货时间，再按订单金额；依据写明档位。",
        "Queue: by escalation level, highest first; within a level merchant fault first; then time to ship-by, then order value; the trace names the tier.", "rulebook", Scan;
    R_ESC_DISCOUNT = "R-ESC-DISCOUNT", "客服可在角色权限内给优惠（默认20元）；超出由主管决定。",
        "An agent grants up to the role's limit (default 20 yuan); above it the supervisor decides.", "002 §2.2(2)", Decide;
    R_ESC_RISK = "R-ESC-RISK", "风险因素提高级别：一个转资深客服，两个转主管；商家责任或批量事故又扬言曝光，报领导。",
        "Risk factors raise the level: one senior, two supervisor; exposure with merchant fault or a batch, leadership.", "003 §1(二)", Decide;
    R_ESC_SENIOR = "R-ESC-SENIOR", "疑难投诉交给资深客服，不交给新客服。",
        "Difficult complaints go to experienced agents, never new ones.", "003 §3(四)", Decide;
    R_ESC_UNREACHABLE = "R-ESC-UNREACHABLE", "联系不上买家：电话、旺旺，再换渠道；持续留言。",
        "Buyer unreachable: phone, chat, then another channel; keep leaving messages.", "003 §4(三)3, 004 Q21", Decide;
    R_ESC_LOOP = "R-ESC-LOOP", "每个升级的案例都记录原因，用来改进流程。",
        "Every escalated case records its cause, to feed back into procedures.", "003 §3(四)", Decide;
    R_WORD_SHIPPED = "R-WORD-SHIPPED", "已发货但快递未揽收：不说“已经发货”，说“仓库已发货”。",
        "Shipped without pickup: never say 已经发货; say 仓库已发货.", "003 §2(一)", Wording;
    R_WORD_PROMISE = "R-WORD-PROMISE", "异常期间不做绝对承诺，不说到货或发货日期，说得再委婉也不行。",
        "During disruptions make no absolute promises and name no delivery or ship date, however mildly.", "003 §3(二)", Wording;
    R_WORD_CONFLICT = "R-WORD-CONFLICT", "不与买家争辩；标出对抗和推责的措辞。",
        "Never argue with the buyer; flag hostile wording and blame.", "004 Q16", Wording;
    R_WORD_SCRIPTS = "R-WORD-SCRIPTS", "店铺话术库覆盖种子中常见的场景（问候、议价、发票、退货、物流单号、邮费、正品、结束语、离线开场、道德高地），按订单填写。",
        "The shop's script library covers the recurring situations the seeds name (greeting, bargaining, invoice, returns, tracking, postage, authenticity, closing, offline opener, moral high ground), filled from the order.", "002 §2.5, 001, 003 §5, 003 §3(三)", Wording;
    R_KPI_WEIGHTS = "R-KPI-WEIGHTS", "考核分是各项指标的加权和；权重由策略定。",
        "Scorecards are weighted sums of indicators; weights are policy.", "000, 004", Kpi;
    R_KPI_ADJUST = "R-KPI-ADJUST", "被点名表扬加2分，被点名投诉减2分。",
        "A named compliment +2 points, a named complaint -2.", "000", Kpi;
    R_KPI_BONUS = "R-KPI-BONUS", "按分数定奖金档：90分及以上基数3000，80-89分2000，80分以下1000；奖金=基数×分数/100。",
        "Bonus tiers by score: >= 90 base 3000, 80-89 2000, < 80 1000; bonus = base x score / 100.", "004 Q9", Kpi;
    R_KPI_STORES = "R-KPI-STORES", "一人看多店按店考核再加权；最多2个店，特殊情况3个。",
        "An agent on several stores is scored per store and weighted; at most 2 stores, 3 in special cases.", "004 Q12, Q15", Kpi;
    R_KPI_STAFF = "R-KPI-STAFF", "每人每天接待80-120个咨询；超过120加人，低于80考虑减人。",
        "80-120 inquiries per agent per day; above 120 add people, below 80 consider cutting.", "004 Q14", Kpi;
    R_KPI_SCORE = "R-KPI-SCORE", "各指标按店铺目标打0-100分，再加权、再加减分；缺的指标写明，不打分。",
        "Each indicator scores 0-100 against the shop's target, then weights, then adjustments; a missing indicator is said, never scored.", "rulebook", Kpi;
    R_KPI_LEAD = "R-KPI-LEAD", "组长的考核与团队挂钩：团队平均KPI占60%。",
        "A team lead's score is tied to the team: the team's average KPI makes 60 % of it.", "004 Q27", Kpi;
    R_QA_1 = "R-QA-1", "每条客服消息按当时的订单用回复检查核对；推卸责任和违背承诺是红线。",
        "Every agent message is checked by the reply guard against the order as it stood then; shirking responsibility and broken commitments are red lines.", "000, rulebook", Qa;
    R_QA_2 = "R-QA-2", "按平台口径统计每轮响应，只算店铺服务时间内。",
        "Responsiveness per turn as the marketplace counts it, inside the shop's service hours.", "seller-data §4", Qa;
    R_QA_3 = "R-QA-3", "主管每天至少抽查50个会话：先看红线，其余按客服可复现地抽取。",
        "A supervisor reads at least 50 chats a day: red lines first, the rest drawn reproducibly across agents.", "004 Q27", Qa;
    R_QA_4 = "R-QA-4", "每周为每位客服挑出处理最好和最差的会话，在团队会上讲。",
        "The week's best and worst handled chats per agent are picked for the team meeting.", "000", Qa;
    // The rulebook's additions for issue 24 (answers a supervisor would sign), until it lands.
    R_7DAY_1 = "R-7DAY-1", "普通商品签收7天内支持无理由退货；不支持的商品礼貌婉拒。",
        "No-reason return within 7 days of delivery for ordinary goods; excluded goods declined politely.", "rulebook", Decide;
    R_PRESALE_1 = "R-PRESALE-1", "预售：买家自己原因取消，定金不退；商家责任则退还定金。",
        "Presale: a cancellation for the buyer's own reason keeps the deposit; the merchant's fault refunds it.", "rulebook", Decide;
    R_FAKE_1 = "R-FAKE-1", "质疑假货：不争辩，先核实，出示授权；至少资深客服处理；核实前不承诺赔偿。",
        "Counterfeit claim: never argue, verify first, show authorisation; at least a senior agent; no compensation promised before.", "000, 001", Decide;
    R_REVIEW_1 = "R-REVIEW-1", "拿评价换钱不让步；拒绝好评返现；以评价要挟转资深客服。",
        "A review tied to money earns no concession; cash-back for reviews refused; a threat goes to a senior agent.", "002 part 2 §9", Decide;
    R_WORD_PLATFORM = "R-WORD-PLATFORM", "平台处罚的内容（好评返现、引导线下交易、绝对化用语）标出，绝不写。",
        "What the marketplace penalises (cash-back for reviews, trading off the platform, absolute claims) is flagged and never written.", "rulebook", Wording;
    R_WORD_FIT = "R-WORD-FIT", "回复只说这单需要的，不说不需要的。",
        "A reply says what this order needs and nothing it does not.", "002 §2 item 7, rulebook", Wording;
}

/// Looks a rule up by id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
        assert!(RULES.iter().all(|r| r.id.starts_with("R-") && !r.summary.en.is_empty()));
        // Every summary is written in Chinese too: agents read these (kefu explain, hovers).
        for r in RULES {
            assert!(r.summary.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {}", r.id, r.summary.zh);
        }
        assert_eq!(find("r-cancel-3").map(|r| r.id), Some("R-CANCEL-3"));
    }
}
