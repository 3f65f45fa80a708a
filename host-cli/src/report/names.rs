//! The names people read for the core's ids (an outcome, a check, a severity, a flag...),
//! in Chinese and English. The core owns them: a run asks for them once with the `names`
//! operation, through the same door as every other call, and the reports look them up.
//! An id the core has no name for is shown as it is, so a report never loses a value; the
//! ids themselves stay in the JSON and in the HTML's hover text.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::answer::{at, envelope};
use crate::cli::MessageLang;
use crate::engine::Engine;

/// Every name the core gave, by kind (`outcome`, `check`...) and id.
#[derive(Debug, Default, Clone)]
pub struct Names {
    kinds: BTreeMap<String, BTreeMap<String, (String, String)>>,
}

impl Names {
    /// The core's names, from one `names` call. A core without the operation (an older
    /// guest given with `--module`) or an answer of another shape gives no names: the
    /// reports then show ids, which is what they showed before names existed.
    pub fn load(engine: &mut dyn Engine) -> Names {
        let Ok(answer) = engine.call("names", "{}") else { return Names::default() };
        let Ok(value) = envelope(&answer) else { return Names::default() };
        Names::from_value(at(&value, "/result/names"))
    }

    /// Reads `{"kind": {"id": {"zh": …, "en": …}}}`; entries of another shape are left out.
    pub fn from_value(names: &Value) -> Names {
        let mut kinds = BTreeMap::new();
        for (kind, ids) in names.as_object().into_iter().flatten() {
            let mut table = BTreeMap::new();
            for (id, name) in ids.as_object().into_iter().flatten() {
                let text = |lang: &str| name.get(lang).and_then(Value::as_str).map(str::to_owned);
                if let (Some(zh), Some(en)) = (text("zh"), text("en")) {
                    table.insert(id.clone(), (zh, en));
                }
            }
            kinds.insert(kind.clone(), table);
        }
        Names { kinds }
    }

    /// The name of `id` of this kind in `lang`, else the id itself.
    pub fn name<'a>(&'a self, kind: &str, id: &'a str, lang: MessageLang) -> &'a str {
        match self.kinds.get(kind).and_then(|t| t.get(id)) {
            Some((zh, _)) if lang == MessageLang::Zh => zh,
            Some((_, en)) => en,
            None => id,
        }
    }

    /// Whether the core named this id.
    pub fn has(&self, kind: &str, id: &str) -> bool {
        self.kinds.get(kind).is_some_and(|t| t.contains_key(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_either_language_or_the_id() {
        let names = Names::from_value(&serde_json::json!({
            "outcome": {"refund_full": {"zh": "全额退款", "en": "full refund"}, "odd": {"zh": "只有中文"}},
        }));
        assert_eq!(names.name("outcome", "refund_full", MessageLang::Zh), "全额退款");
        assert_eq!(names.name("outcome", "refund_full", MessageLang::En), "full refund");
        assert_eq!(names.name("outcome", "odd", MessageLang::Zh), "odd", "half a name is no name");
        assert_eq!(names.name("flag", "red", MessageLang::Zh), "red");
        assert!(names.has("outcome", "refund_full") && !names.has("flag", "red"));
        assert_eq!(Names::from_value(&Value::Null).name("x", "y", MessageLang::En), "y");
    }
}
