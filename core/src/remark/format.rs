//! The entry format's types: reasons, details, entries, options, errors, and the labels
//! and punctuation each language writes them with.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::money::Money;
use crate::model::receiver::Receiver;
use crate::model::time::Timestamp;

/// The language entries are rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

/// Why an entry is written. The list is closed so that entries can be parsed back;
/// `other` takes its wording from the note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The order is cancelled.
    Cancel,
    /// The delivery address changed.
    ChangeAddress,
    /// The recipient's phone changed.
    ChangePhone,
    /// The recipient changed.
    ChangeRecipient,
    /// The buyer asked for a particular courier.
    DesignatedCourier,
    /// A gift is added.
    Gift,
    /// Full refund.
    Refund,
    /// Partial refund.
    PartialRefund,
    /// Compensation paid to the buyer.
    Compensation,
    /// The goods come back.
    Return,
    /// The goods are exchanged.
    Exchange,
    /// Items are sent again.
    Reship,
    /// A price difference is refunded.
    PriceDifference,
    /// Cash-on-delivery confirmation with the buyer.
    CodConfirm,
    /// Payment reminder (催付).
    PaymentReminder,
    /// A follow-up.
    FollowUp,
    /// The buyer asks to ship later (scheduled delivery): the warehouse must see it.
    ShipLater,
    /// Anything else; say what in the note.
    Other,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 18] = [
        Reason::Cancel,
        Reason::ChangeAddress,
        Reason::ChangePhone,
        Reason::ChangeRecipient,
        Reason::DesignatedCourier,
        Reason::Gift,
        Reason::Refund,
        Reason::PartialRefund,
        Reason::Compensation,
        Reason::Return,
        Reason::Exchange,
        Reason::Reship,
        Reason::PriceDifference,
        Reason::CodConfirm,
        Reason::PaymentReminder,
        Reason::FollowUp,
        Reason::ShipLater,
        Reason::Other,
    ];

    /// The stable name, as JSON spells it (`change_phone`).
    pub fn name(self) -> &'static str {
        match self {
            Reason::Cancel => "cancel",
            Reason::ChangeAddress => "change_address",
            Reason::ChangePhone => "change_phone",
            Reason::ChangeRecipient => "change_recipient",
            Reason::DesignatedCourier => "designated_courier",
            Reason::Gift => "gift",
            Reason::Refund => "refund",
            Reason::PartialRefund => "partial_refund",
            Reason::Compensation => "compensation",
            Reason::Return => "return",
            Reason::Exchange => "exchange",
            Reason::Reship => "reship",
            Reason::PriceDifference => "price_difference",
            Reason::CodConfirm => "cod_confirm",
            Reason::PaymentReminder => "payment_reminder",
            Reason::FollowUp => "follow_up",
            Reason::ShipLater => "ship_later",
            Reason::Other => "other",
        }
    }

    /// The label written in the remark.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Reason::Cancel => ("取消订单", "Cancelled"),
            Reason::ChangeAddress => ("改地址", "Address changed"),
            Reason::ChangePhone => ("改电话", "Phone changed"),
            Reason::ChangeRecipient => ("改收件人", "Recipient changed"),
            Reason::DesignatedCourier => ("指定快递", "Designated courier"),
            Reason::Gift => ("赠品", "Gift"),
            Reason::Refund => ("退款", "Refund"),
            Reason::PartialRefund => ("部分退款", "Partial refund"),
            Reason::Compensation => ("补偿", "Compensation"),
            Reason::Return => ("退货", "Return"),
            Reason::Exchange => ("换货", "Exchange"),
            Reason::Reship => ("补发", "Reship"),
            Reason::PriceDifference => ("退差价", "Price difference"),
            Reason::CodConfirm => ("货到付款确认", "COD confirmation"),
            Reason::PaymentReminder => ("催付", "Payment reminder"),
            Reason::FollowUp => ("跟进", "Follow-up"),
            Reason::ShipLater => ("延后发货", "Ship later"),
            Reason::Other => ("备注", "Note"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub(super) fn from_label(label: &str, lang: Lang) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.label(lang) == label)
    }

    /// A change of what is shipped where: the warehouse must see it (R-FLAG-3).
    pub fn is_receiver_change(self) -> bool {
        matches!(
            self,
            Reason::ChangeAddress | Reason::ChangePhone | Reason::ChangeRecipient | Reason::DesignatedCourier
        )
    }

    /// The detail that carries the changed value, for receiver changes.
    pub fn changed_value(self, d: &Details) -> Option<&str> {
        match self {
            Reason::ChangeAddress => d.address.as_deref(),
            Reason::ChangePhone => d.phone.as_deref(),
            Reason::ChangeRecipient => d.recipient.as_deref(),
            Reason::DesignatedCourier => d.courier.as_deref(),
            _ => None,
        }
    }
}

/// The details of an entry; all optional, written in this order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Details {
    /// New recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// New phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// New address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Designated courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courier: Option<String>,
    /// Amount refunded, compensated or changed (R-REMARK-5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Free wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Details {
    fn is_empty(&self) -> bool {
        *self == Details::default()
    }

    /// The details that record a change of receiving information: its new values.
    pub fn receiver(r: &Receiver) -> Details {
        Details {
            recipient: r.name.clone(),
            phone: r.phone.clone(),
            address: r.address.clone(),
            courier: r.courier.clone(),
            ..Details::default()
        }
    }
}

/// An entry to write: reason, details, who and when (R-REMARK-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Why.
    pub reason: Reason,
    /// What changed, or how much.
    #[serde(default, skip_serializing_if = "Details::is_empty")]
    pub details: Details,
    /// The agent who handled it.
    pub agent: String,
    /// When; written as `YYYY-MM-DD HH:MM` in this timestamp's offset.
    pub at: Timestamp,
}

/// How remarks are written and how long they may be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemarkOptions {
    /// Language of new entries (default `zh`).
    #[serde(default)]
    pub lang: Lang,
    /// Maximum size of the whole remark in UTF-8 bytes (default 1000).
    #[serde(default = "default_limit_bytes")]
    pub limit_bytes: u32,
    /// Optional maximum in characters, for shops whose tools count characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_chars: Option<u32>,
}

fn default_limit_bytes() -> u32 {
    1000
}

impl Default for RemarkOptions {
    fn default() -> Self {
        RemarkOptions { lang: Lang::Zh, limit_bytes: default_limit_bytes(), limit_chars: None }
    }
}

/// Why an entry could not be rendered or appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemarkError {
    /// A field of the entry cannot be written into a remark (`KEFU-REMARK-FIELD`).
    #[error("`{path}`: {message}")]
    BadField {
        /// The field, such as `entry.agent`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The new remark would pass the limit (`KEFU-REMARK-TOO-LONG`); nothing was appended.
    #[error("remark would be {length} {unit}, {over_by} {unit} over the limit of {limit}; nothing was appended")]
    TooLong {
        /// Length the new remark would have.
        length: u64,
        /// The limit.
        limit: u64,
        /// `length - limit`.
        over_by: u64,
        /// `bytes` or `chars`.
        unit: &'static str,
    },
}

impl RemarkError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            RemarkError::BadField { .. } => Code::RemarkField,
            RemarkError::TooLong { .. } => Code::RemarkTooLong,
        }
    }

    /// The flat report hosts print.
    pub fn report(&self) -> ErrorReport {
        let r = ErrorReport::of(self.code(), self.to_string());
        match self {
            RemarkError::BadField { path, .. } => r.at(path.clone()),
            RemarkError::TooLong { limit, over_by, unit, .. } => r.at("remark").over_limit(*limit, *over_by, unit),
        }
    }
}

/// The field order of details, with their labels.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Recipient,
    Phone,
    Address,
    Courier,
    Amount,
    Note,
}

pub(super) const FIELDS: [Field; 6] =
    [Field::Recipient, Field::Phone, Field::Address, Field::Courier, Field::Amount, Field::Note];

impl Field {
    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Recipient => "recipient",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::Courier => "courier",
            Field::Amount => "amount",
            Field::Note => "note",
        }
    }

    pub(super) fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Recipient, Lang::Zh) => "收件人",
            (Field::Phone, Lang::Zh) => "电话",
            (Field::Address, Lang::Zh) => "地址",
            (Field::Courier, Lang::Zh) => "快递",
            (Field::Amount, Lang::Zh) => "金额",
            (Field::Note, Lang::Zh) => "说明",
            (f, Lang::En) => f.name(),
        }
    }

    pub(super) fn get(self, d: &Details) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match self {
            Field::Recipient => d.recipient.as_deref().map(Cow::Borrowed),
            Field::Phone => d.phone.as_deref().map(Cow::Borrowed),
            Field::Address => d.address.as_deref().map(Cow::Borrowed),
            Field::Courier => d.courier.as_deref().map(Cow::Borrowed),
            Field::Amount => d.amount.map(|m| Cow::Owned(m.to_string())),
            Field::Note => d.note.as_deref().map(Cow::Borrowed),
        }
    }

    /// Sets the field from its rendered value; `false` when the value is not valid.
    pub(super) fn set(self, d: &mut Details, value: &str, lang: Lang) -> bool {
        let text = Some(value.to_owned());
        match self {
            Field::Recipient => d.recipient = text,
            Field::Phone => d.phone = text,
            Field::Address => d.address = text,
            Field::Courier => d.courier = text,
            Field::Note => d.note = text,
            Field::Amount => {
                let unit = Syntax::of(lang).amount_unit;
                match value.strip_suffix(unit).map(Money::parse) {
                    Some(Ok(m)) => d.amount = Some(m),
                    _ => return false,
                }
            }
        }
        true
    }
}

/// The punctuation of one language's entries.
pub(super) struct Syntax {
    pub(super) open: &'static str,
    pub(super) close: &'static str,
    pub(super) sig_open: &'static str,
    pub(super) sig_close: &'static str,
    pub(super) kv: &'static str,
    pub(super) sep: &'static str,
    pub(super) amount_unit: &'static str,
}

impl Syntax {
    pub(super) fn of(lang: Lang) -> &'static Syntax {
        const ZH: Syntax =
            Syntax {
                open: "【", close: "】", sig_open: "（", sig_close: "）", kv: "：", sep: "；", amount_unit: "元"
            };
        const EN: Syntax = Syntax {
            open: "[",
            close: "] ",
            sig_open: " (",
            sig_close: ")",
            kv: ": ",
            sep: "; ",
            amount_unit: " yuan",
        };
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
