//! The seller remark (卖家备注): entries rendered, parsed and appended without loss
//! (R-REMARK-1..5).
//!
//! # Entry format
//!
//! A remark is one text field; kefu writes one entry per line, never touching what is
//! already there. An entry reads "reason, details, agent/date" (R-REMARK-2):
//!
//! ```text
//! zh: 【改电话】电话：13900001111；说明：买家来电（小王/2026-11-25 14:30）
//! en: [Phone changed] phone: 13900001111; note: buyer called (Wang/2026-11-25 14:30)
//! ```
//!
//! - the reason label in `【】` (zh) or `[]` (en), from a closed list ([`Reason`]);
//! - details, in a fixed order (recipient, phone, address, courier, amount, note), each
//!   `label：value` joined by `；` (zh) or `label: value` joined by `; ` (en); amounts
//!   are written with two decimals and the unit: `金额：30.00元`, `amount: 30.00 yuan`
//!   (R-REMARK-5);
//! - the signature `（agent/YYYY-MM-DD HH:MM）` (zh) or ` (agent/YYYY-MM-DD HH:MM)`
//!   (en), the time in the offset of the entry's timestamp.
//!
//! Appending adds a line break first when the remark does not already end with one.
//! Parsing splits the remark into lines and recognises a line as an entry only when
//! rendering the parsed entry gives back exactly that line; anything else (hand-written
//! notes, near-misses) is kept as opaque text. So parse-then-render always returns the
//! original bytes (R-REMARK-3).
//!
//! The remark has a length limit (R-REMARK-4): 1000 UTF-8 bytes by default, the
//! marketplace memo API's limit, with an optional character limit. The memo API replaces
//! the whole memo, so [`append`] returns the complete new remark; an append past the
//! limit is an error that says by how much, and nothing is truncated.

mod append;
mod format;
mod parse;
mod render;

pub use append::{already_present, append, Appended};
pub use format::{Details, Entry, Lang, Reason, RemarkError, RemarkOptions};
pub use parse::{parse_entry, ParsedEntry, Remark, Segment};
pub use render::{is_writable_value, render_entry, render_template, validate_entry};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::code::Code;
    use crate::model::money::Money;
    use crate::model::time::Timestamp;
    use proptest::prelude::*;

    fn at() -> Timestamp {
        Timestamp::parse("2026-11-25T14:30:00+08:00").unwrap()
    }

    fn phone_entry() -> Entry {
        Entry {
            reason: Reason::ChangePhone,
            details: Details {
                phone: Some("13900001111".into()), note: Some("买家来电".into()), ..Details::default()
            },
            agent: "小王".into(),
            at: at(),
        }
    }

    #[test]
    fn renders_the_documented_format() {
        let e = phone_entry();
        assert_eq!(
            render_entry(&e, Lang::Zh).unwrap(),
            "【改电话】电话：13900001111；说明：买家来电（小王/2026-11-25 14:30）"
        );
        let mut en = e.clone();
        en.agent = "Wang".into();
        en.details.note = Some("buyer called".into());
        assert_eq!(
            render_entry(&en, Lang::En).unwrap(),
            "[Phone changed] phone: 13900001111; note: buyer called (Wang/2026-11-25 14:30)"
        );
        let bare = Entry { reason: Reason::Cancel, details: Details::default(), agent: "Li".into(), at: at() };
        assert_eq!(render_entry(&bare, Lang::En).unwrap(), "[Cancelled] (Li/2026-11-25 14:30)");
        assert_eq!(render_entry(&bare, Lang::Zh).unwrap(), "【取消订单】（Li/2026-11-25 14:30）");
        let money = Entry {
            reason: Reason::PartialRefund,
            details: Details { amount: Some(Money::from_fen(3000)), ..Details::default() },
            agent: "小王".into(),
            at: at(),
        };
        assert_eq!(render_entry(&money, Lang::Zh).unwrap(), "【部分退款】金额：30.00元（小王/2026-11-25 14:30）");
    }

    #[test]
    fn parses_what_it_renders() {
        for lang in [Lang::Zh, Lang::En] {
            let line = render_entry(&phone_entry(), lang).unwrap();
            let p = parse_entry(&line).unwrap();
            assert_eq!((p.reason, p.details, p.lang), (Reason::ChangePhone, phone_entry().details, lang));
        }
    }

    #[test]
    fn near_misses_stay_opaque() {
        for line in [
            "【改电话】电话：13900001111（小王/2026-11-25）",
            "【改电话】电话：13900001111（小王/2026-11-25 14:30",
            "【改手机】电话：1（小王/2026-11-25 14:30）",
            "[Phone changed]phone: 1 (Wang/2026-11-25 14:30)",
            "[Phone changed] phone: 1 (Wang/2026-11-25 14:30",
            "【部分退款】金额：30元（小王/2026-11-25 14:30）",
            "改电话 小王/11-25",
        ] {
            assert_eq!(parse_entry(line), None, "{line}");
        }
    }

    #[test]
    fn append_adds_a_line_and_keeps_every_byte() {
        let a = append("客人要求周五前到 小李/11-24", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert!(a.remark.starts_with("客人要求周五前到 小李/11-24\n【改电话】"));
        let a2 = append("x\r\n", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert!(a2.remark.starts_with("x\r\n【"));
        let first = append("", &phone_entry(), &RemarkOptions::default()).unwrap();
        assert_eq!(first.remark, first.entry);
    }

    #[test]
    fn an_entry_already_there_is_found_and_a_new_one_is_not() {
        let empty_return =
            |agent: &str| Entry { reason: Reason::Return, details: Details::default(), agent: agent.into(), at: at() };
        let old = format!("顾客说周五到\n{}", render_entry(&empty_return("小李"), Lang::Zh).unwrap());
        // The issue's case: a second, empty 【退货】 line by another agent adds nothing.
        assert_eq!(already_present(&old, &empty_return("小王")).as_deref(), old.lines().nth(1));
        // Another reason, or details the old line lacks, is new.
        assert_eq!(already_present(&old, &phone_entry()), None);
        let mut with_note = empty_return("小王");
        with_note.details.note = Some("尺码不合适".into());
        assert_eq!(already_present(&old, &with_note), None);
        // The same details again add nothing.
        let phone = append("", &phone_entry(), &RemarkOptions::default()).unwrap().remark;
        assert_eq!(already_present(&phone, &phone_entry()).as_deref(), Some(phone.as_str()));
        // Hand-written text with the label is not a kefu entry: it does not count.
        assert_eq!(already_present("退货了", &empty_return("小王")), None);
    }

    #[test]
    fn over_the_limit_says_by_how_much() {
        let old = "备".repeat(320); // 960 bytes
        let err = append(&old, &phone_entry(), &RemarkOptions::default()).unwrap_err();
        let entry_len = render_entry(&phone_entry(), Lang::Zh).unwrap().len() as u64;
        assert_eq!(
            err,
            RemarkError::TooLong {
                length: 961 + entry_len,
                limit: 1000,
                over_by: 961 + entry_len - 1000,
                unit: "bytes"
            }
        );
        assert_eq!(err.report().code, Code::RemarkTooLong.as_str());
        let opts = RemarkOptions { limit_chars: Some(320), ..RemarkOptions::default() };
        let err = append(&"a".repeat(300), &phone_entry(), &opts).unwrap_err();
        assert!(matches!(err, RemarkError::TooLong { unit: "chars", .. }));
    }

    #[test]
    fn bad_fields_are_named() {
        let mut e = phone_entry();
        e.agent = "王/二".into();
        assert_eq!(render_entry(&e, Lang::Zh).unwrap_err().report().path.as_deref(), Some("entry.agent"));
        let mut e = phone_entry();
        e.details.note = Some("a\nb".into());
        assert_eq!(render_entry(&e, Lang::Zh).unwrap_err().report().path.as_deref(), Some("entry.details.note"));
    }

    fn arb_text() -> impl Strategy<Value = String> {
        // Arbitrary Unicode mixed with fragments of the entry syntax, so that some
        // inputs look almost like entries.
        let frag = prop_oneof![
            any::<String>(),
            Just("【".to_owned()),
            Just("】".to_owned()),
            Just("（".to_owned()),
            Just("）".to_owned()),
            Just("/2026-11-25 14:30".to_owned()),
            Just("改电话".to_owned()),
            Just("电话：".to_owned()),
            Just("；".to_owned()),
            Just("[Refund] ".to_owned()),
            Just(" (".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("金额：1.00元".to_owned()),
        ];
        proptest::collection::vec(frag, 0..12).prop_map(|v| v.concat())
    }

    /// Values from arbitrary text and from pieces of the entry syntax, hostile ones
    /// included (separators with labels, control and format characters).
    fn arb_value() -> impl Strategy<Value = String> {
        let frag = prop_oneof![
            100 => "[^\n\r]{1,6}",
            1 => Just("；地址：假地址".to_owned()),
            1 => Just("; note: x".to_owned()),
            1 => Just("; note:".to_owned()),
            1 => Just("；".to_owned()),
            1 => Just(";".to_owned()),
            1 => Just("：".to_owned()),
            1 => Just("（".to_owned()),
            1 => Just("）".to_owned()),
            1 => Just(" (".to_owned()),
            1 => Just("/2026-11-25 14:30".to_owned()),
            1 => Just("\u{202E}".to_owned()),
            1 => Just("\u{200B}".to_owned()),
            1 => Just("\u{1B}".to_owned()),
            1 => Just("\u{2028}".to_owned()),
            1 => Just(" ".to_owned()),
        ];
        proptest::collection::vec(frag, 1..4).prop_map(|v| v.concat())
    }

    fn arb_entry() -> impl Strategy<Value = Entry> {
        let value = || proptest::option::of(arb_value());
        (
            proptest::sample::select(Reason::ALL.to_vec()),
            (value(), value(), value(), value(), value()),
            proptest::option::of(0i64..10_000_000),
            arb_value(),
        )
            .prop_map(|(reason, (recipient, phone, address, courier, note), fen, agent)| Entry {
                reason,
                details: Details { recipient, phone, address, courier, note, amount: fen.map(Money::from_fen) },
                agent,
                at: Timestamp::parse("2026-01-02T03:04:05+08:00").unwrap(),
            })
    }

    proptest! {
        #[test]
        fn parse_then_render_is_identity(text in arb_text()) {
            prop_assert_eq!(Remark::parse(&text).render(), text);
        }

        #[test]
        fn append_never_loses_a_byte(old in arb_text(), entry in arb_entry(), en in any::<bool>()) {
            let opts = RemarkOptions { lang: if en { Lang::En } else { Lang::Zh }, limit_bytes: 100_000, limit_chars: None };
            let a = match append(&old, &entry, &opts) {
                Ok(a) => a,
                // A name or value that cannot stand in an entry is refused, naming it.
                Err(RemarkError::BadField { path, .. }) => {
                    prop_assert!(path.starts_with("entry."));
                    return Ok(());
                }
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            };
            prop_assert!(a.remark.starts_with(&old));
            prop_assert_eq!(Remark::parse(&a.remark).render(), a.remark.clone());
            // The new entry is its own last line, read back with exactly what went in.
            let parsed = Remark::parse(&a.remark);
            match parsed.segments.last().unwrap() {
                Segment::Entry { text, entry: back } => {
                    prop_assert_eq!(text.as_str(), a.entry.as_str());
                    prop_assert_eq!(&back.details, &entry.details);
                    prop_assert_eq!(&back.agent, &entry.agent);
                    prop_assert_eq!((back.reason, back.lang), (entry.reason, opts.lang));
                }
                other => prop_assert!(false, "the entry reads back as text: {:?}", other),
            }
            // Rendering the same entry again gives the same bytes.
            prop_assert_eq!(render_entry(&entry, opts.lang).unwrap(), a.entry.clone());
        }

        /// Values that could pass for another field, and names and values with control,
        /// format or line-separator characters, are refused with the field's path.
        #[test]
        fn smuggled_fields_and_invisible_text_are_refused(bad in prop_oneof![
            Just("139；地址：假地址"), Just("139; note: forged"), Just("\u{200B}"), Just("a\u{202E}b"),
            Just("\u{1B}[31m"), Just("a\u{0}b"), Just("a\u{2028}b"), Just("\u{FEFF}"),
        ]) {
            let mut e = phone_entry();
            e.details.phone = Some(bad.to_owned());
            let err = render_entry(&e, Lang::Zh).unwrap_err();
            prop_assert_eq!(err.report().path, Some("entry.details.phone".to_owned()));
            if !bad.contains(';') && !bad.contains('；') {
                let mut e = phone_entry();
                e.agent = bad.to_owned();
                let err = render_entry(&e, Lang::Zh).unwrap_err();
                prop_assert_eq!(err.report().path, Some("entry.agent".to_owned()));
            }
        }

        #[test]
        fn failed_append_changes_nothing(old in arb_text(), entry in arb_entry(), limit in 0u32..200) {
            let opts = RemarkOptions { limit_bytes: limit, ..RemarkOptions::default() };
            match append(&old, &entry, &opts) {
                Ok(a) => prop_assert!(a.bytes <= u64::from(limit) && a.remark.starts_with(&old)),
                Err(RemarkError::TooLong { length, limit: l, over_by, .. }) => prop_assert_eq!(length - l, over_by),
                Err(RemarkError::BadField { .. }) => prop_assert!(validate_entry(&entry).is_err()),
            }
        }
    }
}
