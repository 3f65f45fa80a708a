//! The rule registry: every rule id with its one-line summary, its seed source, and
//! where it is applied. Hosts list it (`kefu explain`), and a test checks it against the
//! rulebook and the scenario suite.

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
    /// Not applied yet: planned for a later issue (team performance, issue 27; the
    /// rules the rulebook added for issue 24, until that issue lands).
    Planned,
}

impl Applies {
    /// Every value, in declaration order.
    pub const ALL: [Applies; 6] =
        [Applies::Decide, Applies::Remark, Applies::Lint, Applies::Wording, Applies::Scan, Applies::Planned];

    /// The stable name, as JSON spells it. Written out rather than by `model::names!`:
    /// the registry sits beside the layers and imports none of them.
    pub fn name(self) -> &'static str {
        match self {
            Applies::Decide => "decide",
            Applies::Remark => "remark",
            Applies::Lint => "lint",
            Applies::Wording => "wording",
            Applies::Scan => "scan",
            Applies::Planned => "planned",
        }
    }
}

/// One rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Rule {
    /// The id, as the rulebook writes it.
    pub id: &'static str,
    /// What it says, in one line.
    pub summary: &'static str,
    /// The seed source(s) (`002 §2.3`), or `rulebook` for defaults it chose.
    pub source: &'static str,
    /// Where it takes effect.
    pub applies: Applies,
}

const fn r(id: &'static str, summary: &'static str, source: &'static str, applies: Applies) -> Rule {
    Rule { id, summary, source, applies }
}

use Applies::{Decide, Lint, Planned, Remark, Scan, Wording};

/// The rulebook's rules: each id once, as a constant in [`id`] (so a tree that names a
/// rule by a typo fails to compile) and as a row of [`RULES`].
macro_rules! rules {
    ($($(#[$meta:meta])* $konst:ident = $id:literal, $summary:literal, $source:literal, $applies:ident;)+) => {
        /// Every rule id, as the rulebook writes it (`id::R_CANCEL_3` is `"R-CANCEL-3"`).
        pub mod id {
            $(
                #[doc = $id]
                pub const $konst: &str = $id;
            )+
        }

        /// Every rule kefu knows.
        pub const RULES: &[Rule] = &[$(r(id::$konst, $summary, $source, $applies)),+];
    };
}

rules! {
    R_FLAG_1 = "R-FLAG-1", "A flag's meaning is the shop's; the default table is seed 002's convention, remappable by policy.", "002 §6", Lint;
    R_FLAG_2 = "R-FLAG-2", "Unshipped order changed or cancelled: purple. Shipped order after-sales: blue.", "002 §6 b, c", Decide;
    R_FLAG_3 = "R-FLAG-3", "Change of receiving information or designated courier: red, with the reason, the new value and the time.", "002 §5, §6 d", Decide;
    R_FLAG_4 = "R-FLAG-4", "One flag per order: the shop's precedence decides between rules, and the trace says which rule lost.", "rulebook", Decide;
    R_REMARK_1 = "R-REMARK-1", "Whoever handles the order writes the remark, above all for cancellations and address changes.", "002 §6", Decide;
    R_REMARK_2 = "R-REMARK-2", "Every entry carries a reason, the agent's name and a date: 原因 客服名/日期.", "002 §6 b, c", Remark;
    R_REMARK_3 = "R-REMARK-3", "Appending never loses data; unknown text is kept; re-rendering gives the same bytes.", "rulebook", Remark;
    R_REMARK_4 = "R-REMARK-4", "The remark has a length limit (1000 UTF-8 bytes by default); an over-long append is an error, never a truncation.", "rulebook (memo API)", Decide;
    R_REMARK_5 = "R-REMARK-5", "Price changes involving after-sales are written with the amount.", "002 §2.2(3)", Decide;
    R_REMARK_6 = "R-REMARK-6", "Lint: flag against status, red without value or time, unsigned entries, changes without entries, unconfirmed COD without yellow.", "002 §5, §6", Lint;
    R_CANCEL_1 = "R-CANCEL-1", "Unpaid: the buyer closes the order; the agent does not (shop option: close on request).", "002 §2.3(1)", Decide;
    R_CANCEL_2 = "R-CANCEL-2", "Paid, not pushed: the buyer applies for a full refund; purple remark.", "002 §2.3(2)", Decide;
    R_CANCEL_3 = "R-CANCEL-3", "Pushed, not shipped: ask the warehouse to intercept; if it cannot find it, check whether it shipped.", "002 §2.3(3) A", Decide;
    R_CANCEL_4 = "R-CANCEL-4", "Shipped: carrier return or refusal at the door; blue; the buyer's own choice means the buyer pays shipping.", "002 §2.3 B", Decide;
    R_CANCEL_5 = "R-CANCEL-5", "Delivered: not a cancellation any more; continue as a return.", "rulebook", Decide;
    R_CANCEL_6 = "R-CANCEL-6", "One retention attempt when the reason is the buyer's own doubt, then cancel if they insist.", "002 §1.(4)", Decide;
    R_CANCEL_7 = "R-CANCEL-7", "Past or near ship-by: apologise, confirm they still want it, then cancel, urge or ship.", "002 §2.4(2)", Decide;
    R_RESP_1 = "R-RESP-1", "Responsibility: merchant, carrier, buyer, force majeure, or unknown (investigate first).", "003 §1, 000", Decide;
    R_RESP_2 = "R-RESP-2", "Merchant at fault: phone first. Buyer at fault: online, with written confirmation.", "003 §4(一), §4(三)1", Decide;
    R_RESP_3 = "R-RESP-3", "Return shipping: merchant or carrier at fault, the merchant pays; the buyer's own reason, the buyer pays.", "003 §4, 002 §2.3 B", Decide;
    R_DEFECT_1 = "R-DEFECT-1", "Defect: confirm the problem, collect photos or video as evidence.", "003 §2(四)", Decide;
    R_DEFECT_2 = "R-DEFECT-2", "Replacement or refund for a defect only against the defective item's return.", "003 §4(二)", Decide;
    R_DEFECT_3 = "R-DEFECT-3", "Reports for one SKU reaching the shop's count within its window: batch incident, leadership.", "003 §2(四)", Decide;
    R_WRONG_1 = "R-WRONG-1", "Wrong or missing item: check SKU binding first, call the buyer, reship or exchange at the merchant's cost.", "003 §2(二)", Decide;
    R_LATE_1 = "R-LATE-1", "Past ship-by: give a date proactively, apologise, offer the shop's compensation.", "003 §2(一)", Decide;
    R_STALL_1 = "R-STALL-1", "Carrier stalled: find the cause, report, notify the buyer proactively.", "003 §2(三)", Decide;
    R_PRICE_1 = "R-PRICE-1", "Price difference: check the drop is real and keep evidence; shops may refuse during promotions.", "003 §2(五)", Decide;
    R_PRICE_2 = "R-PRICE-2", "An unshipped order cannot be partly refunded: expedite, then refund the difference as refund-only.", "001", Decide;
    R_RETAIN_1 = "R-RETAIN-1", "The buyer's own problem: try once to keep the sale, then refund quickly if they insist.", "002 §1.(4)", Decide;
    R_DELAY_1 = "R-DELAY-1", "A buyer at fault with unreasonable demands: concede partly and step by step.", "003 §4(三)2", Decide;
    R_PROACTIVE_1 = "R-PROACTIVE-1", "Ship-by at risk: contact the buyer first, apologise, give a date, confirm, urge the warehouse.", "002 §3.1, 003 §2(一)", Decide;
    R_PROACTIVE_2 = "R-PROACTIVE-2", "Out of stock or oversold: contact the buyer, offer a refund or an exchange.", "002 §3.2", Decide;
    R_PROACTIVE_3 = "R-PROACTIVE-3", "Parcel without a logistics update for the shop's time: find the cause, notify, no absolute promises.", "003 §2(三)", Decide;
    R_PROACTIVE_4 = "R-PROACTIVE-4", "Silent unpaid order, old enough, before the cut-off: one payment reminder; check address, quantity, style.", "002 §2 item 7", Decide;
    R_PROACTIVE_5 = "R-PROACTIVE-5", "A line with no colour or size, or an unconfirmed COD order: confirm before pushing.", "001, 002 §2 item 7", Decide;
    R_COD_1 = "R-COD-1", "A COD buyer who declines the COD price is not shipped to: the order is closed, the buyer re-orders with online payment, the remark records it.", "002 §2 item 7", Decide;
    R_PROACTIVE_6 = "R-PROACTIVE-6", "Queue: by escalation level, highest first; within a level merchant fault first; then time to ship-by, then order value; the trace names the tier.", "rulebook", Scan;
    R_ESC_DISCOUNT = "R-ESC-DISCOUNT", "An agent grants up to the role's limit (default 20 yuan); above it the supervisor decides.", "002 §2.2(2)", Decide;
    R_ESC_RISK = "R-ESC-RISK", "Risk factors raise the level: one senior, two supervisor; exposure with merchant fault or a batch, leadership.", "003 §1(二)", Decide;
    R_ESC_SENIOR = "R-ESC-SENIOR", "Difficult complaints go to experienced agents, never new ones.", "003 §3(四)", Decide;
    R_ESC_UNREACHABLE = "R-ESC-UNREACHABLE", "Buyer unreachable: phone, chat, then another channel; keep leaving messages.", "003 §4(三)3, 004 Q21", Decide;
    R_ESC_LOOP = "R-ESC-LOOP", "Every escalated case records its cause, to feed back into procedures.", "003 §3(四)", Decide;
    R_WORD_SHIPPED = "R-WORD-SHIPPED", "Shipped without pickup: never say 已经发货; say 仓库已发货.", "003 §2(一)", Wording;
    R_WORD_PROMISE = "R-WORD-PROMISE", "During disruptions make no absolute promises and name no delivery or ship date, however mildly.", "003 §3(二)", Wording;
    R_WORD_CONFLICT = "R-WORD-CONFLICT", "Never argue with the buyer; flag hostile wording and blame.", "004 Q16", Wording;
    R_WORD_SCRIPTS = "R-WORD-SCRIPTS", "The shop's script library covers the recurring situations the seeds name (greeting, bargaining, invoice, returns, tracking, postage, authenticity, closing, offline opener, moral high ground), filled from the order.", "002 §2.5, 001, 003 §5, 003 §3(三)", Wording;
    R_KPI_WEIGHTS = "R-KPI-WEIGHTS", "Scorecards are weighted sums of indicators; weights are policy.", "000, 004", Planned;
    R_KPI_ADJUST = "R-KPI-ADJUST", "A named compliment +2 points, a named complaint -2.", "000", Planned;
    R_KPI_BONUS = "R-KPI-BONUS", "Bonus tiers by score: >= 90 base 3000, 80-89 2000, < 80 1000; bonus = base x score / 100.", "004 Q9", Planned;
    R_KPI_STORES = "R-KPI-STORES", "An agent on several stores is scored per store and weighted; at most 2 stores, 3 in special cases.", "004 Q12, Q15", Planned;
    R_KPI_STAFF = "R-KPI-STAFF", "80-120 inquiries per agent per day; above 120 add people, below 80 consider cutting.", "004 Q14", Planned;
    R_KPI_SCORE = "R-KPI-SCORE", "Each indicator scores 0-100 against the shop's target, then weights, then adjustments; a missing indicator is said, never scored.", "rulebook", Planned;
    R_KPI_LEAD = "R-KPI-LEAD", "A team lead's score is tied to the team: the team's average KPI makes 60 % of it.", "004 Q27", Planned;
    R_QA_1 = "R-QA-1", "Every agent message is checked by the reply guard against the order as it stood then; shirking responsibility and broken commitments are red lines.", "000, rulebook", Planned;
    R_QA_2 = "R-QA-2", "Responsiveness per turn as the marketplace counts it, inside the shop's service hours.", "seller-data §4", Planned;
    R_QA_3 = "R-QA-3", "A supervisor reads at least 50 chats a day: red lines first, the rest drawn reproducibly across agents.", "004 Q27", Planned;
    R_QA_4 = "R-QA-4", "The week's best and worst handled chats per agent are picked for the team meeting.", "000", Planned;
    // The rulebook's additions for issue 24 (answers a supervisor would sign), until it lands.
    R_7DAY_1 = "R-7DAY-1", "No-reason return within 7 days of delivery for ordinary goods; excluded goods declined politely.", "rulebook", Decide;
    R_PRESALE_1 = "R-PRESALE-1", "Presale: a cancellation for the buyer's own reason keeps the deposit; the merchant's fault refunds it.", "rulebook", Decide;
    R_FAKE_1 = "R-FAKE-1", "Counterfeit claim: never argue, verify first, show authorisation; at least a senior agent; no compensation promised before.", "000, 001", Decide;
    R_REVIEW_1 = "R-REVIEW-1", "A review tied to money earns no concession; cash-back for reviews refused; a threat goes to a senior agent.", "002 part 2 §9", Decide;
    R_WORD_PLATFORM = "R-WORD-PLATFORM", "What the marketplace penalises (cash-back for reviews, trading off the platform, absolute claims) is flagged and never written.", "rulebook", Wording;
    R_WORD_FIT = "R-WORD-FIT", "A reply says what this order needs and nothing it does not.", "002 §2 item 7, rulebook", Wording;
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
        assert!(RULES.iter().all(|r| r.id.starts_with("R-") && !r.summary.is_empty()));
        assert_eq!(find("r-cancel-3").map(|r| r.id), Some("R-CANCEL-3"));
    }
}
