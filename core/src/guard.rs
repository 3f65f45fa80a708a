//! The reply guard: checks an agent's draft before it is sent (R-WORD-SHIPPED,
//! R-WORD-PROMISE, R-WORD-CONFLICT), with character spans and a rewrite. The word lists
//! are policy data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::case::Context;
use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::order::{Order, OrderStatus};
use crate::model::text::{text, Text};
use crate::model::time::Timestamp;
use crate::policy::{Policy, WordLists};
use crate::registry::id;

/// A problem in a draft reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReplyFinding {
    /// `R-WORD-SHIPPED`, `R-WORD-PROMISE` or `R-WORD-CONFLICT`.
    pub rule: &'static str,
    /// Start of the offending span, in characters.
    pub start: usize,
    /// End of the span (exclusive), in characters.
    pub end: usize,
    /// The offending text.
    pub text: String,
    /// What to write instead.
    pub replacement: String,
    /// Why.
    pub message: Text,
}

/// The guard's answer: findings, and the draft with every replacement applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReplyCheck {
    /// Problems, in order of position.
    pub findings: Vec<ReplyFinding>,
    /// The draft with each finding's replacement applied.
    pub rewrite: String,
}

/// What the guard needs: the order, its context, the draft, and `now` (for promotions
/// and stalls).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// The order the reply is about.
    pub order: Order,
    /// Logistics, promotions.
    #[serde(default)]
    pub context: Context,
    /// The agent's draft.
    pub draft: String,
    /// The time, for promotions in force and stalled parcels.
    #[serde(default)]
    pub now: Option<Timestamp>,
}

/// The longest draft the guard reads, in characters. A Taobao chat message (旺旺) is a
/// few hundred characters at most; a draft past this is not a reply, and refusing it in
/// the core (`KEFU-INPUT-TOO-LARGE`, path `draft`) makes every engine answer alike
/// instead of one running out of fuel where another takes its time.
pub const MAX_DRAFT_CHARS: usize = 20_000;

/// Refuses a draft longer than [`MAX_DRAFT_CHARS`], saying by how much.
pub fn check_draft_size(draft: &str) -> Result<(), Box<ErrorReport>> {
    // Bytes bound characters from above: most drafts need no count.
    if draft.len() <= MAX_DRAFT_CHARS {
        return Ok(());
    }
    let chars = draft.chars().count();
    if chars <= MAX_DRAFT_CHARS {
        return Ok(());
    }
    let message = format!("`draft`: the draft is {chars} characters; the reply guard reads at most {MAX_DRAFT_CHARS}");
    let report = ErrorReport::of(Code::InputTooLarge, message).at("draft").over_limit(
        MAX_DRAFT_CHARS as u64,
        (chars - MAX_DRAFT_CHARS) as u64,
        "chars",
    );
    Err(Box::new(report))
}

fn is_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The replacement in the draft's language: a Chinese draft (`cjk_draft`) gets Chinese
/// even for a phrase written in Latin letters ("100%").
fn pick(t: &Text, phrase: &str, cjk_draft: bool) -> String {
    if cjk_draft || is_cjk(phrase) {
        t.zh.clone()
    } else {
        t.en.clone()
    }
}

/// What ends a clause: a second absolute promise after one of these is softened anew.
const CLAUSE_BREAKS: &[char] = &['，', '。', '！', '？', '；', ',', '.', '!', '?', ';', '\n'];

/// An offending span of the draft, in bytes, with its rule, replacement and reason.
struct Hit {
    start: usize,
    end: usize,
    rule: &'static str,
    replacement: String,
    message: Text,
}

/// Checks a draft reply (R-WORD-*). Linear in the draft for a given policy (each
/// phrase is searched once); the `check_reply` operation refuses drafts past
/// [`MAX_DRAFT_CHARS`] before calling it.
pub fn check_reply(input: &ReplyInput, policy: &Policy) -> ReplyCheck {
    let draft = Draft { text: input.draft.as_str(), cjk: is_cjk(&input.draft) };
    let mut hits = shipped_claims(input, draft, &policy.words);
    if disrupted(input, policy) {
        hits.extend(absolute_promises(draft, &policy.words));
    }
    hits.extend(hostile_wording(draft, &policy.words));
    rewrite(draft.text, hits)
}

/// The draft, and whether it is Chinese (looked at once, not once per finding).
#[derive(Clone, Copy)]
struct Draft<'a> {
    text: &'a str,
    cjk: bool,
}

/// Every occurrence of each phrase, as a hit of `rule`.
fn occurrences<'a>(
    draft: Draft<'a>,
    phrases: &'a [String],
    rule: &'static str,
    replacement: &'a Text,
    message: &'a Text,
) -> impl Iterator<Item = Hit> + 'a {
    phrases.iter().filter(|phrase| !phrase.is_empty()).flat_map(move |phrase| {
        let replacement = pick(replacement, phrase, draft.cjk);
        draft.text.match_indices(phrase.as_str()).map(move |(at, _)| Hit {
            start: at,
            end: at + phrase.len(),
            rule,
            replacement: replacement.clone(),
            message: message.clone(),
        })
    })
}

/// R-WORD-SHIPPED: "shipped" without the carrier's pickup scan.
fn shipped_claims(input: &ReplyInput, draft: Draft<'_>, words: &WordLists) -> Vec<Hit> {
    let order = &input.order;
    let picked_up = order.picked_up_at.is_some() || order.status == OrderStatus::Delivered;
    if order.status != OrderStatus::Shipped || picked_up {
        return Vec::new();
    }
    // The allowed wording itself ("仓库已发货") contains claims ("已发货", "发货"): skip
    // any claim inside an occurrence of it.
    let allowed = Spans::new(
        [&words.shipped_rewrite.zh, &words.shipped_rewrite.en]
            .into_iter()
            .filter(|p| !p.is_empty())
            .flat_map(|p| draft.text.match_indices(p.as_str()).map(|(at, m)| (at, at + m.len())))
            .collect(),
    );
    let message = text(
        "订单显示已发货但快递还没揽收：不能说“已经发货”，请说“仓库已发货”，否则买家可投诉违背承诺",
        "the order shows shipped but the carrier has not picked it up: say the warehouse has sent it out, or the buyer can file a broken-promise complaint",
    );
    occurrences(draft, &words.shipped_claims, id::R_WORD_SHIPPED, &words.shipped_rewrite, &message)
        .filter(|hit| {
            let before = draft.text.get(..hit.start).unwrap_or_default();
            !words.shipped_allowed_prefixes.iter().any(|p| before.ends_with(p.as_str()))
                && !allowed.overlaps(hit.start, hit.end)
        })
        .collect()
}

/// Byte spans of a draft, asked whether any overlaps a range in logarithmic time (a
/// draft full of the allowed wording has as many spans as claims).
struct Spans {
    /// Sorted by start.
    spans: Vec<(usize, usize)>,
    /// The largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl Spans {
    fn new(mut spans: Vec<(usize, usize)>) -> Spans {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |max, (_, end)| {
                *max = (*max).max(*end);
                Some(*max)
            })
            .collect();
        Spans { spans, max_end }
    }

    /// Whether a span overlaps `start..end`: one that starts before `end` and ends
    /// after `start`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|(s, _)| *s < end);
        before_end.checked_sub(1).and_then(|last| self.max_end.get(last)).is_some_and(|max| *max > start)
    }
}

/// A disruption in which no absolute promise may be made: a stalled carrier, force
/// majeure, a promotion in force, or no logistics update for the shop's stall time.
fn disrupted(input: &ReplyInput, policy: &Policy) -> bool {
    let (ctx, order) = (&input.context, &input.order);
    let in_promotion = input.now.is_some_and(|now| ctx.promotions.iter().any(|p| p.covers(&now)));
    let stale = input.now.is_some_and(|now| {
        let last = ctx.logistics.last_event_at.or(order.picked_up_at).or(order.shipped_at);
        order.status == OrderStatus::Shipped
            && last.is_some_and(|t| t.minutes_until(&now) >= i64::from(policy.stall_hours) * 60)
    });
    ctx.logistics.stalled || ctx.logistics.force_majeure || in_promotion || stale
}

/// R-WORD-PROMISE: no absolute promises during disruptions. Each phrase gets its own
/// replacement where the policy has one, else the general hedge.
fn absolute_promises(draft: Draft<'_>, words: &WordLists) -> Vec<Hit> {
    let message = text(
        "物流受阻、不可抗力或大促期间不要做绝对承诺，给自己留余地",
        "during a disruption (stalled carrier, force majeure, promotion peak) make no absolute promise; leave room",
    );
    words
        .absolute_promises
        .iter()
        .flat_map(|phrase| {
            let replacement = words.promise_replacements.get(phrase).unwrap_or(&words.promise_rewrite);
            occurrences(draft, std::slice::from_ref(phrase), id::R_WORD_PROMISE, replacement, &message)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// R-WORD-CONFLICT: never argue with the buyer.
fn hostile_wording(draft: Draft<'_>, words: &WordLists) -> Vec<Hit> {
    let message = text("不要和买家争执：这句话容易激化矛盾", "never argue with the buyer: this wording is hostile");
    occurrences(draft, &words.hostile, id::R_WORD_CONFLICT, &words.hostile_rewrite, &message).collect()
}

/// Keeps the first, longest of overlapping hits, and applies each replacement. A second
/// absolute promise in the same clause is dropped rather than softened again, so "保证明天
/// 一定到" becomes "尽量明天到", not "尽量明天尽量到".
fn rewrite(draft: &str, mut hits: Vec<Hit>) -> ReplyCheck {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::new();
    for mut hit in hits {
        let Some(last) = kept.last() else {
            kept.push(hit);
            continue;
        };
        if hit.start < last.end {
            continue;
        }
        let same_clause = !draft.get(last.end..hit.start).unwrap_or_default().contains(CLAUSE_BREAKS);
        if hit.rule == id::R_WORD_PROMISE && last.rule == id::R_WORD_PROMISE && same_clause {
            hit.replacement.clear();
        }
        kept.push(hit);
    }
    // Character positions counted on from the last one: hits are in order and apart.
    let mut counted = (0, 0);
    let mut char_index = |byte: usize| {
        let (from, chars) = counted;
        let at = chars + draft.get(from..byte).map_or(0, |s| s.chars().count());
        counted = (byte, at);
        at
    };
    let mut rewrite = String::with_capacity(draft.len());
    let mut cursor = 0;
    let findings = kept
        .into_iter()
        .map(|hit| {
            let before = draft.get(cursor..hit.start).unwrap_or_default();
            // A dropped word takes one space before it with it ("arrives for sure" →
            // "arrives"), so the rewrite has no stray blank.
            let before = if hit.replacement.is_empty() { before.strip_suffix(' ').unwrap_or(before) } else { before };
            rewrite.push_str(before);
            rewrite.push_str(&hit.replacement);
            cursor = hit.end;
            ReplyFinding {
                rule: hit.rule,
                start: char_index(hit.start),
                end: char_index(hit.end),
                text: draft.get(hit.start..hit.end).unwrap_or_default().to_owned(),
                replacement: hit.replacement,
                message: hit.message,
            }
        })
        .collect();
    rewrite.push_str(draft.get(cursor..).unwrap_or_default());
    ReplyCheck { findings, rewrite }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(order: &str, draft: &str) -> ReplyInput {
        ReplyInput {
            order: Order::from_json(order).unwrap(),
            context: Context::default(),
            draft: draft.into(),
            now: None,
        }
    }

    const SHIPPED: &str =
        r#"{"order_id":"1","status":"shipped","total":"1.00","shipped_at":"2026-11-25T10:00:00+08:00"}"#;

    #[test]
    fn s14_shipped_without_pickup() {
        let check = check_reply(&input(SHIPPED, "亲，已经发货了"), &Policy::default());
        assert_eq!(check.findings.len(), 1);
        let f = &check.findings[0];
        assert_eq!((f.rule, f.start, f.end, f.text.as_str()), ("R-WORD-SHIPPED", 2, 6, "已经发货"));
        assert_eq!(check.rewrite, "亲，仓库已发货了");
        // The allowed wording passes.
        assert!(check_reply(&input(SHIPPED, "亲，仓库已发货了"), &Policy::default()).findings.is_empty());
        // Once picked up, "已经发货" is fine.
        let picked = SHIPPED.replace("}", r#","picked_up_at":"2026-11-25T12:00:00+08:00"}"#);
        assert!(check_reply(&input(&picked, "亲，已经发货了"), &Policy::default()).findings.is_empty());
    }

    #[test]
    fn promises_only_during_disruptions() {
        let mut i = input(SHIPPED, "明天一定到，100%保证");
        let calm = check_reply(&i, &Policy::default());
        assert!(calm.findings.is_empty());
        i.context.logistics.stalled = true;
        let rules: Vec<_> =
            check_reply(&i, &Policy::default()).findings.iter().map(|f| (f.rule, f.text.clone())).collect();
        assert_eq!(
            rules,
            vec![
                ("R-WORD-PROMISE", "一定".into()),
                ("R-WORD-PROMISE", "100%".into()),
                ("R-WORD-PROMISE", "保证".into())
            ]
        );
        assert_eq!(check_reply(&i, &Policy::default()).rewrite, "明天尽量到，应该");
        i.draft = "亲，保证明天一定到".into();
        let twice = check_reply(&i, &Policy::default());
        assert_eq!(twice.findings.len(), 2, "both words are shown");
        assert_eq!(twice.rewrite, "亲，尽量明天到", "one softening per clause, not 尽量明天尽量到");
    }

    #[test]
    fn rewrites_read_naturally() {
        // R-WORD-PROMISE during a stall: what an agent types, and what kefu offers instead.
        let table = [
            ("亲，保证明天一定到", "亲，尽量明天到"),
            ("百分之百明天发货", "尽量明天发货"),
            ("肯定能到的，放心", "应该能到的，放心"),
            ("我保证今天发出", "我尽量今天发出"),
            ("一定给您处理好", "尽量给您处理好"),
            ("100%没问题", "应该没问题"),
            ("明天一定到，100%保证", "明天尽量到，应该"),
            ("We guarantee it ships today", "We will do our best to make sure it ships today"),
            ("It will definitely arrive tomorrow", "It will most likely arrive tomorrow"),
            ("I promise it arrives for sure", "I will do my best to make sure it arrives"),
        ];
        let mut i = input(SHIPPED, "");
        i.context.logistics.stalled = true;
        let mut wrong = Vec::new();
        for (draft, want) in table {
            i.draft = draft.into();
            let got = check_reply(&i, &Policy::default()).rewrite;
            if got != want {
                wrong.push(format!("{draft:?} -> {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn claims_beside_and_inside_the_allowed_wording_in_a_long_draft() {
        // Character spans are counted on from finding to finding; the allowed wording is
        // looked up by position. The answer must be what each finding alone would give.
        let unit = "仓库已发货，已经发货了。";
        let check = check_reply(&input(SHIPPED, &unit.repeat(3)), &Policy::default());
        let spans: Vec<(usize, usize)> = check.findings.iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, vec![(6, 10), (18, 22), (30, 34)]);
        assert_eq!(check.rewrite, "仓库已发货，仓库已发货了。".repeat(3));
        let spans = Spans::new(vec![(10, 20), (0, 3), (12, 14)]);
        assert!(spans.overlaps(2, 5) && spans.overlaps(19, 30) && spans.overlaps(13, 14));
        assert!(!spans.overlaps(3, 10) && !spans.overlaps(20, 25) && !Spans::new(Vec::new()).overlaps(0, 9));
    }

    #[test]
    fn hostile_wording_is_flagged_in_both_languages() {
        let f = check_reply(&input(SHIPPED, "Please calm down, this is your own fault"), &Policy::default()).findings;
        assert_eq!(f.iter().map(|f| f.rule).collect::<Vec<_>>(), vec!["R-WORD-CONFLICT", "R-WORD-CONFLICT"]);
        assert!(f[0].replacement.starts_with("I understand"));
    }

    #[test]
    fn default_templates_make_no_absolute_promises() {
        let policy = Policy::default();
        for (id, t) in &policy.replies {
            for w in &policy.words.absolute_promises {
                assert!(!t.zh.contains(w.as_str()) && !t.en.contains(w.as_str()), "{id} promises `{w}`");
            }
        }
    }
}
