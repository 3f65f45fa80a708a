//! Text for people, always in both languages the desk works in.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A message in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// Shorthand for a [`Text`].
pub fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text { zh: zh.into(), en: en.into() }
}

/// Rule ids and other short labels: static for built-in rules, owned for shop rules.
pub type Label = Cow<'static, str>;

/// Unicode's control (Cc), format (Cf), line-separator (Zl) and paragraph-separator
/// (Zp) characters: invisible or line-breaking, they would let a name or a value look
/// like something else (an RTL override, a zero-width name, an escape sequence). Remark
/// entries refuse them; the CLI's table shows them escaped.
pub fn acts_invisibly(c: char) -> bool {
    // Fast paths for what remarks are made of: ASCII, and CJK (no format characters).
    if u32::from(c) < 0xAD {
        return c.is_control();
    }
    if ('\u{3000}'..='\u{D7FF}').contains(&c) {
        return false;
    }
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{0890}'..='\u{0891}'
            | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}')
}
