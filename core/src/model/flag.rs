//! Seller flags (旗帜): one colour per order, whose meaning is the shop's (R-FLAG-1..4).
//!
//! The colours and their marketplace codes (`seller_flag` 0-5) are fixed; what each
//! colour *means* and which wins when two rules disagree are data
//! ([`FlagConventions`]), so that a shop's policy can replace them.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::code::Code;
use super::error::tagged;

/// The six seller flags, with the marketplace's numeric codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// 0, grey: nothing recorded.
    #[default]
    None = 0,
    /// 1.
    Red = 1,
    /// 2.
    Yellow = 2,
    /// 3.
    Green = 3,
    /// 4.
    Blue = 4,
    /// 5 (some backends call it pink).
    Purple = 5,
}

impl Flag {
    /// Every flag, in code order.
    pub const ALL: [Flag; 6] = [Flag::None, Flag::Red, Flag::Yellow, Flag::Green, Flag::Blue, Flag::Purple];

    /// The marketplace's `seller_flag` code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The stable name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Flag::None => "none",
            Flag::Red => "red",
            Flag::Yellow => "yellow",
            Flag::Green => "green",
            Flag::Blue => "blue",
            Flag::Purple => "purple",
        }
    }

    /// The colour's name in Chinese, as agents say it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Flag::None => "无旗",
            Flag::Red => "红旗",
            Flag::Yellow => "黄旗",
            Flag::Green => "绿旗",
            Flag::Blue => "蓝旗",
            Flag::Purple => "紫旗",
        }
    }

    /// From a marketplace code.
    pub fn from_code(code: u64) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| u64::from(f.code()) == code)
    }

    /// From a name (case-insensitive; `grey`/`gray` for none, `pink` for purple).
    pub fn from_name(name: &str) -> Option<Flag> {
        match name.to_ascii_lowercase().as_str() {
            "none" | "grey" | "gray" => Some(Flag::None),
            "red" => Some(Flag::Red),
            "yellow" => Some(Flag::Yellow),
            "green" => Some(Flag::Green),
            "blue" => Some(Flag::Blue),
            "purple" | "pink" => Some(Flag::Purple),
            _ => None,
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

const FLAG_HELP: &str = "use a code 0-5 or one of none, red, yellow, green, blue, purple";

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FlagVisitor;
        impl Visitor<'_> for FlagVisitor {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a flag code 0-5 or colour name")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Flag::from_code(v)
                    .ok_or_else(|| E::custom(tagged(Code::InputFlag, format!("unknown flag code `{v}`; {FLAG_HELP}"))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Err(E::custom(tagged(Code::InputFlag, format!("unknown flag code `{v}`; {FLAG_HELP}"))))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Err(E::custom(tagged(Code::InputFlag, format!("unknown flag code `{v}`; {FLAG_HELP}"))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                Flag::from_name(v)
                    .ok_or_else(|| E::custom(tagged(Code::InputFlag, format!("unknown flag `{v}`; {FLAG_HELP}"))))
            }
        }
        d.deserialize_any(FlagVisitor)
    }
}

impl JsonSchema for Flag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A seller flag: the marketplace code 0-5 or a colour name; output uses names.",
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": 5},
                {"type": "string", "enum": ["none", "grey", "gray", "red", "yellow", "green", "blue", "purple", "pink"]}
            ]
        })
    }
}

/// What the shop uses each colour for. Rules ask for a *role*; the conventions say which
/// colour plays it, so a shop that remaps colours changes data, not rules (R-FLAG-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagRoles {
    /// Special handling the warehouse must see: changed receiver, designated courier,
    /// gifts (default red, R-FLAG-3).
    pub special_handling: Flag,
    /// Open follow-up, waiting for the buyer: COD confirmation, evidence (default yellow).
    pub awaiting_buyer: Flag,
    /// Follow-up closed or verified (default green).
    pub follow_up_closed: Flag,
    /// After-sales on a shipped order (default blue, R-FLAG-2).
    pub shipped_aftersales: Flag,
    /// Change or cancellation of an unshipped order (default purple, R-FLAG-2).
    pub unshipped_change: Flag,
}

/// One row of the meaning table shown to agents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagMeaning {
    /// The colour.
    pub flag: Flag,
    /// What it means, in Chinese.
    pub zh: String,
    /// What it means, in English.
    pub en: String,
}

/// A shop's flag conventions: roles, meanings, and precedence (R-FLAG-1, R-FLAG-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagConventions {
    /// Which colour plays which role.
    pub roles: FlagRoles,
    /// The meaning table, for people.
    pub meanings: Vec<FlagMeaning>,
    /// Highest first; a flag missing from the list ranks below every listed one.
    pub precedence: Vec<Flag>,
}

impl Default for FlagConventions {
    /// The convention of seed 002 §6, gaps filled as the rulebook's §3 table says.
    fn default() -> Self {
        let m = |flag, zh: &str, en: &str| FlagMeaning { flag, zh: zh.into(), en: en.into() };
        FlagConventions {
            roles: FlagRoles {
                special_handling: Flag::Red,
                awaiting_buyer: Flag::Yellow,
                follow_up_closed: Flag::Green,
                shipped_aftersales: Flag::Blue,
                unshipped_change: Flag::Purple,
            },
            meanings: vec![
                m(Flag::None, "无记录", "nothing recorded"),
                m(
                    Flag::Red,
                    "特殊处理，仓库必看：指定快递、改地址或电话、赠品",
                    "special handling the warehouse must see: designated courier, changed address or phone, gifts",
                ),
                m(
                    Flag::Yellow,
                    "待跟进，等买家回复：货到付款确认、催付、待补充凭证",
                    "open follow-up, waiting for the buyer: COD confirmation, payment reminder, evidence requested",
                ),
                m(Flag::Green, "跟进完成、已核实", "follow-up closed or verified"),
                m(Flag::Blue, "已发货订单的售后", "after-sales on a shipped order"),
                m(Flag::Purple, "未发货订单的修改或取消", "change or cancellation of an unshipped order"),
            ],
            precedence: vec![Flag::Red, Flag::Purple, Flag::Blue, Flag::Yellow, Flag::Green, Flag::None],
        }
    }
}

/// A rule's wish for the order's flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagProposal {
    /// The colour wanted.
    pub flag: Flag,
    /// The rule that wants it (`R-FLAG-3`, or a shop rule id).
    pub rule: std::borrow::Cow<'static, str>,
}

/// The one flag chosen from several proposals, and the proposals that lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FlagResolution {
    /// The flag to set.
    pub flag: Flag,
    /// The rule whose proposal won; `None` when nobody proposed a flag.
    pub rule: Option<std::borrow::Cow<'static, str>>,
    /// Proposals for other colours, in the order they were made (R-FLAG-4).
    pub lost: Vec<FlagProposal>,
}

impl FlagResolution {
    /// The proposals that lost, as the trace names them (`purple (R-FLAG-2), ...`);
    /// `None` when no rule wanted another colour.
    pub fn losers(&self) -> Option<String> {
        (!self.lost.is_empty())
            .then(|| self.lost.iter().map(|p| format!("{} ({})", p.flag, p.rule)).collect::<Vec<_>>().join(", "))
    }

    /// The losers in Chinese, as agents name the colours: "蓝旗（R-FLAG-2）、紫旗（R-PROACTIVE-5）".
    pub fn losers_zh(&self) -> Option<String> {
        (!self.lost.is_empty()).then(|| {
            self.lost.iter().map(|p| format!("{}（{}）", p.flag.name_zh(), p.rule)).collect::<Vec<_>>().join("、")
        })
    }
}

impl FlagConventions {
    /// Rank of a flag in the precedence list: 0 is highest.
    pub fn rank(&self, flag: Flag) -> usize {
        self.precedence.iter().position(|f| *f == flag).unwrap_or(self.precedence.len())
    }

    /// The meaning of a flag in this shop, if the table has one.
    pub fn meaning(&self, flag: Flag) -> Option<&FlagMeaning> {
        self.meanings.iter().find(|m| m.flag == flag)
    }

    /// Picks one flag (R-FLAG-4): the highest-ranked proposal wins; on a tie in rank the
    /// earlier proposal wins. Proposals of the winning colour agree and are not "lost".
    pub fn resolve(&self, proposals: &[FlagProposal]) -> FlagResolution {
        let winner = proposals.iter().enumerate().min_by_key(|(i, p)| (self.rank(p.flag), *i)).map(|(_, p)| p);
        match winner {
            None => FlagResolution { flag: Flag::None, rule: None, lost: Vec::new() },
            Some(w) => FlagResolution {
                flag: w.flag,
                rule: Some(w.rule.clone()),
                lost: proposals.iter().filter(|p| p.flag != w.flag).cloned().collect(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(flag: Flag, rule: &str) -> FlagProposal {
        FlagProposal { flag, rule: rule.to_owned().into() }
    }

    #[test]
    fn codes_and_names_both_accepted() {
        for f in Flag::ALL {
            let by_code: Flag = serde_json::from_str(&f.code().to_string()).unwrap();
            let by_name: Flag = serde_json::from_str(&format!("\"{}\"", f.name())).unwrap();
            assert_eq!((by_code, by_name), (f, f));
        }
        assert_eq!(serde_json::from_str::<Flag>("\"Pink\"").unwrap(), Flag::Purple);
        assert!(serde_json::from_str::<Flag>("6").is_err());
        assert!(serde_json::from_str::<Flag>("\"orange\"").is_err());
    }

    #[test]
    fn red_beats_purple_and_the_loser_is_recorded() {
        let c = FlagConventions::default();
        let r = c.resolve(&[p(Flag::Purple, "R-FLAG-2"), p(Flag::Red, "R-FLAG-3"), p(Flag::Purple, "R-CANCEL-3")]);
        assert_eq!(r.flag, Flag::Red);
        assert_eq!(r.rule.as_deref(), Some("R-FLAG-3"));
        assert_eq!(r.lost, vec![p(Flag::Purple, "R-FLAG-2"), p(Flag::Purple, "R-CANCEL-3")]);
    }

    #[test]
    fn precedence_is_data() {
        let c = FlagConventions { precedence: vec![Flag::Purple, Flag::Red], ..FlagConventions::default() };
        assert_eq!(c.resolve(&[p(Flag::Red, "a"), p(Flag::Purple, "b")]).flag, Flag::Purple);
        // Unlisted flags rank last; ties keep the first proposal.
        assert_eq!(c.resolve(&[p(Flag::Blue, "a"), p(Flag::Green, "b")]).rule.as_deref(), Some("a"));
        assert_eq!(c.resolve(&[]).flag, Flag::None);
    }
}
