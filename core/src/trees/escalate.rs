//! Escalation: who decides above the agent, and why (R-ESC-*).
//!
//! `discount` is a tree of its own; `assess` runs after the trees, because the risk
//! mapping reads what they found (responsibility, a batch incident). Every escalated case
//! records its causes (R-ESC-LOOP).

use super::common::{factors, has_visual_evidence, locate, over_payment, responsibility_for};
use crate::decision::{ActionId, Cause, Draft, Factor, Outcome, Responsibility};
use crate::model::case::{BuyerReason, RequestKind, Role};
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::text::{text, Text};
use crate::policy::ReplyId;
use crate::registry::id;

/// R-ESC-DISCOUNT: an agent grants up to the role's limit; above it the supervisor decides.
pub fn discount(d: &mut Draft<'_>) {
    if d.case.request.reason == Some(BuyerReason::ReviewCashback) {
        return review_cashback(d);
    }
    discount_responsibility(d);
    let Some(asked) = d.case.request.amount else {
        d.rule(
            id::R_ESC_DISCOUNT,
            text(
                "买家没说金额：先问清买家想要多少，再决定",
                "no amount given: ask the buyer what they expect before deciding",
            ),
        );
        d.act(ActionId::AskExpectedAmount);
        d.outcome(Outcome::GrantDiscount);
        d.reply(ReplyId::DiscountAskAmount);
        return;
    };
    // More than the buyer paid is never a routine discount, whatever the role's limit.
    if over_payment(d, asked, id::R_ESC_DISCOUNT) {
        return;
    }
    let role = d.case.agent.role;
    match d.policy.discount_limits.for_role(role) {
        Some(limit) if asked > limit => {
            d.rule(id::R_ESC_DISCOUNT, asked_against(asked, Some(limit), Against::Over));
            d.escalate(d.policy.risk.discount_over_limit, Cause::new(Factor::DiscountOverLimit, id::R_ESC_DISCOUNT));
            d.act_amount(ActionId::ReferToSupervisor, asked);
            d.outcome(Outcome::SupervisorDecides);
            d.reply(ReplyId::DiscountRefer);
        }
        limit => {
            if d.case.request.insists {
                d.rule(id::R_ESC_DISCOUNT, asked_against(asked, limit, Against::WithinInsists));
                d.act_amount(ActionId::GrantDiscount, asked);
                d.outcome(Outcome::GrantDiscount);
                d.reply(ReplyId::DiscountGrant);
            } else {
                // A discount must feel hard-won: the opening answer is the value, and the
                // amount is granted only when the buyer insists (002 part 2 §2, 004 Q26).
                d.rule(id::R_ESC_DISCOUNT, asked_against(asked, limit, Against::WithinFirst));
                d.act(ActionId::TalkValueFirst);
                d.outcome(Outcome::TalkValueFirst);
                d.reply(ReplyId::DiscountValue);
            }
        }
    }
}

/// R-REVIEW-1 with R-WORD-PLATFORM: money, a discount or a gift for a good review (or
/// for removing a bad one) is what the marketplace penalises. Refused politely, never
/// offered; the chat is kept as evidence.
fn review_cashback(d: &mut Draft<'_>) {
    d.rule(
        id::R_REVIEW_1,
        text("买家拿评价要钱：婉拒（平台处罚好评返现）；保留聊天记录", "money asked for a review: refused (the marketplace penalises cash-back for reviews, R-WORD-PLATFORM); keep the chat"),
    );
    d.act(ActionId::RefuseReviewCashback);
    d.act(ActionId::KeepChatAsEvidence);
    d.outcome(Outcome::DeclineRequest);
    d.reply(ReplyId::ReviewCashbackRefused);
}

/// Where a discount asked stands against the role's limit, and what follows.
#[derive(Clone, Copy)]
enum Against {
    /// Over the limit: the supervisor decides.
    Over,
    /// Within it, and the buyer insists: grant it.
    WithinInsists,
    /// Within it, first answer: the value, not the price.
    WithinFirst,
}

/// "`asked` asked is over/within the `limit` limit of the agent's role; …", or "…; the
/// agent's role has no limit; …", in both languages: the discount rule's trace text,
/// built from pieces because its `format!`s were a tenth of a decision's instructions.
fn asked_against(asked: Money, limit: Option<Money>, against: Against) -> Text {
    let (mut zh, mut en) = (String::with_capacity(96), String::with_capacity(96));
    zh.push_str("买家要");
    asked.push_to(&mut zh);
    zh.push('元');
    asked.push_to(&mut en);
    en.push_str(" asked");
    let (relation_zh, relation_en) = match against {
        Against::Over => ("，超出本岗位权限", " is over the "),
        Against::WithinInsists | Against::WithinFirst => ("，在本岗位权限", " is within the "),
    };
    match limit {
        Some(limit) => {
            zh.push_str(relation_zh);
            limit.push_to(&mut zh);
            zh.push_str("元内");
            en.push_str(relation_en);
            limit.push_to(&mut en);
            en.push_str(" limit of the agent's role");
        }
        None => {
            zh.push_str("，本岗位没有上限");
            en.push_str("; the agent's role has no limit");
        }
    }
    let (tail_zh, tail_en) = match against {
        Against::Over => ("：由主管决定", ""),
        Against::WithinInsists => ("；买家坚持：同意", "; the buyer insists: grant it"),
        Against::WithinFirst => {
            ("；先讲商品价值，买家坚持再给", "; first talk value, grant it only if the buyer insists")
        }
    };
    zh.push_str(tail_zh);
    en.push_str(tail_en);
    text(zh, en)
}

/// R-RESP-1 for a discount or goodwill amount: the reason it is asked for decides who
/// is responsible, as it would for a return, so a discount asked for a late shipment or
/// a defect shown in photos is the merchant's fault: phone first (R-RESP-2), and public
/// exposure with it reaches leadership (R-ESC-RISK). Without a reason no fault is in
/// question.
fn discount_responsibility(d: &mut Draft<'_>) {
    let Some(reason) = d.case.request.reason else {
        return;
    };
    let (who, because) = match reason {
        BuyerReason::Defect if !has_visual_evidence(d) => (
            Responsibility::Unknown,
            text(
                "因质量问题要钱，但还没有照片或视频：责任未定",
                "asked for a defect not yet shown in photos or video: responsibility is not established",
            ),
        ),
        _ => (
            responsibility_for(Some(reason)),
            text("按要钱的原因判定责任方", "the reason the amount is asked for decides who is responsible"),
        ),
    };
    locate(d, who, because);
    if who == Responsibility::Merchant {
        d.act(ActionId::Apologise);
    }
}

/// R-ESC-RISK, R-ESC-SENIOR, R-ESC-UNREACHABLE, after the trees.
pub fn assess(d: &mut Draft<'_>) {
    let risky = risk(d);
    review_threat(d);
    senior(d, risky);
    unreachable(d);
}

/// R-REVIEW-1: a buyer who ties a review to money (a negative review threatened unless
/// paid) is handled by the ordinary rule for the request, earns no concession (the
/// threat is no risk factor for R-DELAY-1), and goes to a senior agent, with the chat
/// kept as evidence for a malicious-review appeal. A negative review already posted:
/// solve the problem, then ask politely whether they would amend it; never pay for it.
fn review_threat(d: &mut Draft<'_>) {
    let risk = &d.case.context.risk;
    if risk.negative_review && !d.has_action(ActionId::AskToAmendReview) {
        d.rule(
            id::R_REVIEW_1,
            text(
                "买家已给差评：先解决问题，再礼貌询问能否修改评价；绝不花钱买评价",
                "a negative review is posted: solve the problem, then ask politely about amending it; never pay for it",
            ),
        );
        d.act(ActionId::AskToAmendReview);
    }
    if !risk.review_threat {
        return;
    }
    d.rule(
        id::R_REVIEW_1,
        text("买家以差评要挟要钱：照常规处理，不让步，保留聊天记录，转资深客服", "the buyer threatens a negative review unless paid: the ordinary rule, no concession, chat kept as evidence, a senior agent"),
    );
    if !d.has_action(ActionId::KeepChatAsEvidence) {
        d.act(ActionId::KeepChatAsEvidence);
    }
    // The memo keeps the threat for a malicious-review appeal (002 part 2 §9).
    let note = match d.policy.remark.lang {
        crate::remark::Lang::Zh => "买家以差评相要挟，无额外补偿，聊天记录已留证",
        crate::remark::Lang::En => "buyer threatened a negative review: no extra money; chat kept as evidence",
    };
    d.write_also(
        crate::remark::Reason::FollowUp,
        crate::remark::Details { note: Some(note.to_owned()), ..Default::default() },
    );
    // `escalate` never lowers the level: at supervisor it only records the cause.
    d.escalate(Level::Senior, Cause::new(Factor::ReviewThreat, id::R_REVIEW_1));
}

/// R-ESC-RISK: the level follows the number of factors, raised for exposure with the
/// merchant at fault and for a batch incident. Returns whether any factor was found.
fn risk(d: &mut Draft<'_>) -> bool {
    let all = factors(d);
    let found = || all.iter().filter(|(on, _)| *on).map(|(_, f)| *f);
    let count = found().count();
    if count == 0 {
        return false;
    }
    let p = &d.policy.risk;
    let mut level = if count == 1 { p.one_factor } else { p.two_factors };
    if d.case.context.risk.threatens_exposure && d.responsibility == Responsibility::Merchant {
        level = level.max(p.exposure_with_merchant_fault);
    }
    if found().any(|f| f == Factor::BatchIncident) {
        level = level.max(p.batch_incident);
    }
    let (mut zh, mut because) = (String::with_capacity(64), String::with_capacity(64));
    let digit = char::from(b'0' + count.min(9) as u8);
    zh.push(digit);
    zh.push_str("个风险因素：");
    because.push(digit);
    because.push_str(" risk factor(s): ");
    for (i, f) in found().enumerate() {
        if i > 0 {
            zh.push('、');
            because.push_str(", ");
        }
        zh.push_str(f.name_zh());
        because.push_str(f.name());
    }
    zh.push_str(if level == Level::None { "；" } else { "；升级至" });
    zh.push_str(level.name_zh());
    because.push_str("; level ");
    because.push_str(level.name());
    d.rule(id::R_ESC_RISK, text(zh, because));
    for factor in found() {
        d.escalate(level, Cause::new(factor, id::R_ESC_RISK));
    }
    true
}

/// R-ESC-SENIOR. A discount referral goes to the supervisor for approval, not to another
/// agent: only complaints and risky cases are "difficult" in the sense of 003 §3(四).
fn senior(d: &mut Draft<'_>, risky: bool) {
    // Difficult: a risk factor, or a complaint in a new agent's hands. A plain complaint
    // stays with the agent who has it (one-stop ownership, 004); a case already at
    // supervisor or leadership level needs no separate senior hand-over.
    let new_complaint = d.case.request.kind == RequestKind::Complaint && d.case.agent.role == Role::New;
    // A review threat (R-REVIEW-1) and a counterfeit claim (R-FAKE-1) need at least a
    // senior agent too.
    let senior_rule = d.case.context.risk.review_threat || d.has_found(Factor::CounterfeitClaim);
    let difficult = risky || new_complaint || senior_rule;
    if difficult && d.case.agent.role < Role::Senior && d.level < Level::Supervisor {
        d.rule(
            id::R_ESC_SENIOR,
            text("疑难问题交给资深客服，不交给新人", "a difficult case goes to an experienced agent, never a new one"),
        );
        d.act(ActionId::HandOverToSeniorAgent);
        d.level = d.level.max(Level::Senior);
        if d.causes.is_empty() {
            d.causes.push(Cause::new(Factor::DifficultComplaint, id::R_ESC_SENIOR));
        }
    }
}

/// R-ESC-UNREACHABLE: every channel in turn, and keep leaving messages.
fn unreachable(d: &mut Draft<'_>) {
    if d.case.context.buyer_unreachable {
        d.rule(
            id::R_ESC_UNREACHABLE,
            text(
                "买家没回复：逐个渠道联系，并持续留言",
                "the buyer did not answer: try each channel in turn and keep leaving messages",
            ),
        );
        for channel in &d.policy.unreachable_channels {
            d.act_detail(ActionId::TryChannel, channel.clone());
        }
        d.act(ActionId::KeepLeavingMessages);
    }
}

/// R-ESC-LOOP, last, so that escalations by shop rules are recorded too.
pub fn record_causes(d: &mut Draft<'_>) {
    if d.level > Level::None {
        d.rule(
            id::R_ESC_LOOP,
            text(
                "记录升级原因，便于店铺改进流程",
                "record why the case escalated so the shop can feed it back into its procedures",
            ),
        );
        d.act(ActionId::RecordEscalationCause);
    }
}
