//! The shop's policy: every threshold, list and switch the rulebook calls "default" or
//! "shop-set", with the rulebook's defaults. The trees read these; none is a literal in
//! the trees. A policy in JSON may set any subset; the rest keep their defaults.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod kpi;
pub mod phrasebook;
pub mod qa;
mod replies;
mod words;

pub use phrasebook::{default_phrasebook, Phrase};
pub use replies::{default_replies, ReplyId};
pub use words::WordLists;

use crate::model::case::Role;
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::flag::FlagConventions;
use crate::model::level::Level;
use crate::model::money::Money;
use crate::model::text::Text;
use crate::remark::RemarkOptions;

/// A shop's policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Flag roles, meanings and precedence (R-FLAG-1, R-FLAG-4).
    pub flags: FlagConventions,
    /// Remark language and length limits (R-REMARK-2, R-REMARK-4).
    pub remark: RemarkOptions,
    /// What each role may grant without a supervisor (R-ESC-DISCOUNT).
    pub discount_limits: DiscountLimits,
    /// Risk factors and their levels (R-ESC-RISK).
    pub risk: RiskPolicy,
    /// When defect reports make a batch incident (R-DEFECT-3).
    pub batch: BatchPolicy,
    /// One retention attempt before cancelling or refunding for the buyer's own reason
    /// (R-CANCEL-6, R-RETAIN-1).
    pub retention: bool,
    /// Agents close unpaid orders on request instead of letting the buyer do it (R-CANCEL-1).
    pub close_unpaid_on_request: bool,
    /// Late shipments (R-CANCEL-7, R-LATE-1, R-PROACTIVE-1).
    pub late: LatePolicy,
    /// Hours without a logistics update before a parcel counts as stalled (R-PROACTIVE-3).
    pub stall_hours: u32,
    /// Payment reminders (R-PROACTIVE-4).
    pub payment_reminder: ReminderPolicy,
    /// Price protection (R-PRICE-1).
    pub price_protection: PricePolicy,
    /// Who pays return shipping (R-RESP-3).
    pub return_shipping: ShippingPolicy,
    /// Partial concessions to a buyer at fault (R-DELAY-1): the first step, in percent of
    /// what was asked.
    pub concession_first_step_percent: u32,
    /// Channels to try, in order, when the buyer is unreachable (R-ESC-UNREACHABLE).
    pub unreachable_channels: Vec<String>,
    /// Word lists of the reply guard (R-WORD-*).
    pub words: WordLists,
    /// Reply templates by id; `{amount}`, `{compensation}` and `{coupon}` are filled in.
    /// A policy's templates reword the defaults of the same id and add the shop's own;
    /// the built-in ids are always there, so no decision can render an empty reply.
    #[serde(deserialize_with = "over_default_replies")]
    pub replies: BTreeMap<String, Text>,
    /// The script library (话术, R-WORD-SCRIPTS): quick replies by id, filled from the
    /// order. Like `replies`, a policy's entries reword the defaults and add its own.
    #[serde(deserialize_with = "over_default_phrasebook")]
    pub phrasebook: BTreeMap<String, Phrase>,
    /// Scorecards (R-KPI-*): indicators with weights, targets and floors, compliments and
    /// complaints, bonus tiers, stores, staffing, the lead's share.
    #[cfg(feature = "team")]
    pub kpi: kpi::KpiPolicy,
    /// A build without the supervisor's operations (the browser package) scores nothing:
    /// it keeps a policy's scorecard numbers as the JSON they are, unchecked, with the
    /// same defaults, so that a shop's one script reads and sets `policy.kpi` the same
    /// everywhere (the typed policy cost the package 7 KB gzipped).
    #[cfg(not(feature = "team"))]
    pub kpi: serde_json::Value,
    /// Chat review (R-QA-*): service hours, turn timing, slow replies, the pause that
    /// ends a chat, the daily sample and its risk weights.
    #[cfg(feature = "team")]
    pub qa: qa::QaPolicy,
    /// Kept as JSON where nothing reviews chats, like `kpi`.
    #[cfg(not(feature = "team"))]
    pub qa: serde_json::Value,
}

/// Discount limits per role; `null` means no limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DiscountLimits {
    /// New agents.
    pub new: Option<Money>,
    /// Agents (default 20.00, seed 002 §2.2(2)).
    pub agent: Option<Money>,
    /// Experienced agents.
    pub senior: Option<Money>,
    /// Supervisors.
    pub supervisor: Option<Money>,
    /// Leadership.
    pub leadership: Option<Money>,
}

impl Default for DiscountLimits {
    fn default() -> Self {
        let twenty = Some(Money::from_yuan(20));
        DiscountLimits { new: twenty, agent: twenty, senior: twenty, supervisor: None, leadership: None }
    }
}

impl DiscountLimits {
    /// The limit for a role; `None` when it has none.
    pub fn for_role(&self, role: Role) -> Option<Money> {
        match role {
            Role::New => self.new,
            Role::Agent => self.agent,
            Role::Senior => self.senior,
            Role::Supervisor => self.supervisor,
            Role::Leadership => self.leadership,
        }
    }
}

/// Risk factors and the levels they lead to (R-ESC-RISK).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RiskPolicy {
    /// Contacts on the same issue that count as a risk factor (default 3).
    pub repeat_contacts: u32,
    /// Order value at or above which the order itself is a risk factor; `null` = off.
    pub high_order_value: Option<Money>,
    /// Level for one factor.
    pub one_factor: Level,
    /// Level for two or more factors.
    pub two_factors: Level,
    /// Level when the buyer threatens exposure and the merchant is at fault.
    pub exposure_with_merchant_fault: Level,
    /// Level of a batch incident.
    pub batch_incident: Level,
    /// Level when a discount is over the agent's limit.
    pub discount_over_limit: Level,
}

impl Default for RiskPolicy {
    fn default() -> Self {
        RiskPolicy {
            repeat_contacts: 3,
            high_order_value: None,
            one_factor: Level::Senior,
            two_factors: Level::Supervisor,
            exposure_with_merchant_fault: Level::Leadership,
            batch_incident: Level::Leadership,
            discount_over_limit: Level::Supervisor,
        }
    }
}

/// Batch incidents (R-DEFECT-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BatchPolicy {
    /// Reports for one SKU, this one included, that make a batch (default 3).
    pub defect_reports: u32,
    /// Window in days (default 7).
    pub window_days: u32,
}

impl Default for BatchPolicy {
    fn default() -> Self {
        BatchPolicy { defect_reports: 3, window_days: 7 }
    }
}

/// Late shipments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LatePolicy {
    /// Hours before ship-by at which an order counts as at risk (default 12).
    pub ship_by_margin_hours: u32,
    /// Compensation offered for a late shipment (R-LATE-1); `null` offers none.
    pub compensation: Option<Money>,
    /// Whether the shop still offers its own compensation when the marketplace already
    /// paid the buyer automatically for the late shipment (default false: not twice).
    pub add_to_platform_payment: bool,
    /// Hours from payment within which an order ships when its data carries no promised
    /// ship time (R-PROACTIVE-1; default 48, the marketplace's default promise).
    pub ship_window_hours: u32,
}

impl Default for LatePolicy {
    fn default() -> Self {
        // The rulebook leaves the amount to the shop; 5.00 is kefu's default.
        LatePolicy {
            ship_by_margin_hours: 12,
            compensation: Some(Money::from_yuan(5)),
            add_to_platform_payment: false,
            ship_window_hours: 48,
        }
    }
}

/// Payment reminders (R-PROACTIVE-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderPolicy {
    /// Minimum age of the unpaid order, in minutes (default 30).
    pub min_age_minutes: u32,
    /// The shop's daily cut-off, hour of the day in `now`'s offset (default 16: orders paid
    /// before 16:00 ship today).
    pub cutoff_hour: u32,
    /// Reminders per order, at most (default 1).
    pub max_reminders: u32,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy { min_age_minutes: 30, cutoff_hour: 16, max_reminders: 1 }
    }
}

/// Price protection (R-PRICE-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PricePolicy {
    /// Whether the shop refunds price drops at all.
    pub enabled: bool,
    /// Promotions (by name) during which it does not.
    pub refused_during: Vec<String>,
    /// A coupon offered instead, when refused.
    pub coupon: Option<Money>,
}

impl Default for PricePolicy {
    fn default() -> Self {
        PricePolicy { enabled: true, refused_during: Vec::new(), coupon: Some(Money::from_yuan(10)) }
    }
}

/// Who pays return shipping (R-RESP-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ShippingPolicy {
    /// The buyer pays when the reason is their own (default true).
    pub buyer_pays_own_reason: bool,
    /// Freight insurance, when the order has it, pays instead of the buyer (default true).
    pub insurance_covers: bool,
}

impl Default for ShippingPolicy {
    fn default() -> Self {
        ShippingPolicy { buyer_pays_own_reason: true, insurance_covers: true }
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            flags: FlagConventions::default(),
            remark: RemarkOptions::default(),
            discount_limits: DiscountLimits::default(),
            risk: RiskPolicy::default(),
            batch: BatchPolicy::default(),
            retention: true,
            close_unpaid_on_request: false,
            late: LatePolicy::default(),
            stall_hours: 72,
            payment_reminder: ReminderPolicy::default(),
            price_protection: PricePolicy::default(),
            return_shipping: ShippingPolicy::default(),
            concession_first_step_percent: 50,
            // WeChat is left out: moving a buyer off the marketplace breaks R-WORD-PLATFORM
            // (R-ESC-UNREACHABLE); a shop that uses it adds it back.
            unreachable_channels: strings(&["phone", "chat", "sms"]),
            words: WordLists::default(),
            replies: default_replies(),
            phrasebook: default_phrasebook(),
            #[cfg(feature = "team")]
            kpi: kpi::KpiPolicy::default(),
            #[cfg(not(feature = "team"))]
            kpi: serde_json::from_str(kpi::DEFAULT_JSON).unwrap_or_default(),
            #[cfg(feature = "team")]
            qa: qa::QaPolicy::default(),
            #[cfg(not(feature = "team"))]
            qa: serde_json::from_str(qa::DEFAULT_JSON).unwrap_or_default(),
        }
    }
}

impl Policy {
    /// Checks what the types cannot: every number within a range that means something
    /// (an hour of the day, a percentage, a window), so that a typo is an error naming
    /// the field instead of a value silently clamped or a rule that can never fire.
    pub fn check(&self) -> Result<(), Box<ErrorReport>> {
        let ranges: [(&str, u64, u64, u64); 12] = [
            ("payment_reminder.cutoff_hour", self.payment_reminder.cutoff_hour.into(), 0, 24),
            ("payment_reminder.min_age_minutes", self.payment_reminder.min_age_minutes.into(), 0, 7 * 24 * 60),
            ("payment_reminder.max_reminders", self.payment_reminder.max_reminders.into(), 0, 10),
            ("concession_first_step_percent", self.concession_first_step_percent.into(), 0, 100),
            ("late.ship_by_margin_hours", self.late.ship_by_margin_hours.into(), 0, 30 * 24),
            ("late.ship_window_hours", self.late.ship_window_hours.into(), 1, 90 * 24),
            ("stall_hours", self.stall_hours.into(), 1, 90 * 24),
            ("batch.defect_reports", self.batch.defect_reports.into(), 1, 100_000),
            ("batch.window_days", self.batch.window_days.into(), 1, 365),
            ("risk.repeat_contacts", self.risk.repeat_contacts.into(), 0, 1000),
            ("remark.limit_bytes", self.remark.limit_bytes.into(), 1, 1 << 20),
            ("remark.limit_chars", self.remark.limit_chars.map_or(1, u64::from), 1, 1 << 20),
        ];
        if let Some((path, v, lo, hi)) = ranges.iter().find(|(_, v, lo, hi)| v < lo || v > hi) {
            let message = format!("`{path}` is {v}; it must be from {lo} to {hi}");
            return Err(Box::new(ErrorReport::of(Code::PolicyValue, message).at(*path)));
        }
        #[cfg(feature = "team")]
        if let Err((path, message)) = self.kpi.check().and_then(|()| self.qa.check()) {
            return Err(Box::new(ErrorReport::of(Code::PolicyValue, message).at(path)));
        }
        // A phrase the agent would pick and find empty is a policy mistake.
        if let Some(id) =
            self.phrasebook.iter().find(|(_, p)| p.text.zh.trim().is_empty() && p.text.en.trim().is_empty())
        {
            let path = format!("phrasebook.{}.text", id.0);
            let message = format!("quick reply `{}` has no text in either language", id.0);
            return Err(Box::new(ErrorReport::of(Code::PolicyValue, message).at(path)));
        }
        Ok(())
    }
}

fn over_default_phrasebook<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Phrase>, D::Error> {
    let mut book = default_phrasebook();
    book.extend(BTreeMap::<String, Phrase>::deserialize(d)?);
    Ok(book)
}

fn over_default_replies<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Text>, D::Error> {
    let mut replies = default_replies();
    replies.extend(BTreeMap::<String, Text>::deserialize(d)?);
    Ok(replies)
}
