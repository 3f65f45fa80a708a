//! The plain data every rule reads and writes, and its parsing: money, time, bilingual
//! text, errors and their codes, the order, the case, flags and escalation levels. The bottom layer: it
//! imports nothing else of the crate.

pub mod case;
pub mod code;
pub mod duration;
pub mod error;
pub mod fact;
pub mod flag;
pub mod level;
pub mod measure;
pub mod money;
pub mod order;
pub mod receiver;
pub mod text;
pub mod time;

/// Gives a fieldless enum its stable names, the ones its JSON spells (`ALL`, `name()`,
/// `from_name()`), from one list. A variant added without a name is a compile error, and
/// a test checks every list against serde, so a script or a trace can never see a name
/// that the JSON contract does not have.
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable name, as JSON spells it.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value with this stable name.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use names;

#[cfg(test)]
pub(crate) fn names_agree_with_serde<T: serde::Serialize + Copy + std::fmt::Debug>(
    all: &[T],
    name: fn(T) -> &'static str,
) {
    for v in all {
        assert_eq!(serde_json::to_value(v).ok(), Some(serde_json::Value::from(name(*v))), "{v:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::case::{BuyerReason, Evidence, Remedy, RequestKind, Role, WarehouseAnswer};
    use super::fact::Fact;
    use super::level::Level;
    use super::names_agree_with_serde as agree;
    use super::order::OrderStatus;

    #[test]
    fn every_name_is_the_json_name() {
        agree(RequestKind::ALL, RequestKind::name);
        agree(BuyerReason::ALL, BuyerReason::name);
        agree(Evidence::ALL, Evidence::name);
        agree(Remedy::ALL, Remedy::name);
        agree(Role::ALL, Role::name);
        agree(WarehouseAnswer::ALL, WarehouseAnswer::name);
        agree(Level::ALL, Level::name);
        agree(OrderStatus::ALL, OrderStatus::name);
        agree(Fact::ALL, Fact::name);
    }
}
