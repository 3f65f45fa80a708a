//! Money: yuan carried as integer fen, written as a decimal string at the boundary.
//!
//! A float never touches an amount. On the wire an amount is a JSON string such as
//! `"199.00"` (at most two decimals, never negative); a JSON number is refused, because
//! a number such as `19.9` has already lost its meaning before kefu sees it.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::code::Code;
use super::error::tagged;

/// An amount in fen (1 yuan = 100 fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a decimal string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The string is empty.
    #[error("amount is empty; write it as a decimal string such as `199.00`")]
    Empty,
    /// Starts with a minus sign.
    #[error("amount `{0}` is negative; amounts are never negative")]
    Negative(String),
    /// Has more than two digits after the point.
    #[error("amount `{0}` has more than two decimals; fen is the smallest unit")]
    TooManyDecimals(String),
    /// Anything that is not digits with an optional point.
    #[error("amount `{0}` is not a decimal number such as `199.00`")]
    NotDecimal(String),
    /// Too large to carry.
    #[error("amount `{0}` is too large")]
    TooLarge(String),
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// An amount from integer fen.
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    /// An amount from whole yuan.
    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan.saturating_mul(100))
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Parses `"199"`, `"199.5"` or `"199.00"`; refuses signs, exponents, spaces and a
    /// third decimal.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if text.starts_with('-') {
            return Err(MoneyError::Negative(text.to_owned()));
        }
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || (text.contains('.') && frac.is_empty()) {
            return Err(MoneyError::NotDecimal(text.to_owned()));
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals(text.to_owned()));
        }
        let too_large = || MoneyError::TooLarge(text.to_owned());
        let yuan: i64 = whole.parse().map_err(|_| too_large())?;
        let mut fen: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let d = i64::from(b - b'0');
            fen += if i == 0 { d * 10 } else { d };
        }
        yuan.checked_mul(100).and_then(|y| y.checked_add(fen)).map(Money).ok_or_else(too_large)
    }

    /// Sum of two amounts, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference of two amounts, `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The amount times a quantity, `None` on overflow.
    pub fn checked_mul(self, qty: u32) -> Option<Money> {
        self.0.checked_mul(i64::from(qty)).map(Money)
    }
}

impl Money {
    /// Appends the amount as [`Display`](fmt::Display) writes it, without a `format!`:
    /// the trees build their trace texts from pieces.
    pub fn push_to(&self, out: &mut String) {
        let mut buf = [0u8; 24];
        out.push_str(self.digits(&mut buf));
    }

    /// Digits written by hand into `buf`, right to left: amounts are in every trace,
    /// entry and reply, and `write!` with padding costs several times the arithmetic.
    fn digits<'b>(&self, buf: &'b mut [u8; 24]) -> &'b str {
        let mut at = buf.len();
        let mut push = |byte: u8, at: &mut usize| {
            *at -= 1;
            if let Some(b) = buf.get_mut(*at) {
                *b = byte;
            }
        };
        let abs = self.0.unsigned_abs();
        push(b'0' + (abs % 10) as u8, &mut at);
        push(b'0' + (abs / 10 % 10) as u8, &mut at);
        push(b'.', &mut at);
        let mut yuan = abs / 100;
        loop {
            push(b'0' + (yuan % 10) as u8, &mut at);
            yuan /= 10;
            if yuan == 0 {
                break;
            }
        }
        if self.0 < 0 {
            push(b'-', &mut at);
        }
        // Only ASCII digits, '.' and '-' were written.
        std::str::from_utf8(buf.get(at..).unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Display for Money {
    /// Always two decimals: `199.00`, `0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.digits(&mut [0u8; 24]))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.digits(&mut [0u8; 24]))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        const CODE: Code = Code::InputMoney;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"199.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(|e| E::custom(tagged(CODE, e)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Err(E::custom(tagged(
                    CODE,
                    format!("amount is the JSON number `{v}`; write it as a string such as `\"{v}.00\"`"),
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Err(E::custom(tagged(
                    CODE,
                    format!("amount is the JSON number `{v}`; write it as a non-negative decimal string"),
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Err(E::custom(tagged(CODE, format!("amount is the JSON number `{v}`; write it as a decimal string such as `\"199.00\"`, never a float"))))
            }
        }
        d.deserialize_any(MoneyVisitor)
    }
}

impl JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "Yuan as a decimal string with at most two decimals, never negative, never a JSON number.",
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]{1,2})?$",
            "examples": ["199.00"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_two_decimals() {
        assert_eq!(Money::parse("199.00"), Ok(Money::from_fen(19900)));
        assert_eq!(Money::parse("199.5"), Ok(Money::from_fen(19950)));
        assert_eq!(Money::parse("0.05"), Ok(Money::from_fen(5)));
        assert_eq!(Money::parse("20"), Ok(Money::from_yuan(20)));
        assert_eq!(Money::from_fen(19950).to_string(), "199.50");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["", "-1.00", "1.005", "1.", ".5", "1e3", " 1", "1,00", "+1", "１"] {
            assert!(Money::parse(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(matches!(Money::parse("99999999999999999999"), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn json_numbers_are_refused() {
        assert!(serde_json::from_str::<Money>("199").is_err());
        assert!(serde_json::from_str::<Money>("19.9").is_err());
        assert_eq!(serde_json::from_str::<Money>("\"19.90\"").ok(), Some(Money::from_fen(1990)));
        assert_eq!(serde_json::to_string(&Money::from_fen(1990)).ok().as_deref(), Some("\"19.90\""));
    }

    proptest::proptest! {
        #[test]
        fn display_round_trips(fen in 0i64..=i64::MAX / 1000) {
            let m = Money::from_fen(fen);
            proptest::prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
        }
    }
}
