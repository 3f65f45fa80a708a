//! The loose "agent/date" signature of lines written by hand (R-REMARK-2). Only lint
//! reads hand-written lines, so only lint has this.

/// What a hand-written line carries of the "agent/date" signature (R-REMARK-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// A date appears (`2026-11-25`, `11-25`, `11.25`, `11月25日`).
    pub date: bool,
    /// An agent name stands right before a `/` that precedes the date.
    pub agent: bool,
    /// A time of day appears (`14:30`, `14点`).
    pub time: bool,
}

/// Looks for the signature in a line written by hand, loosely: agents write
/// `小王/11-25`, `小王/2026-11-25 14:30` and the like.
///
/// Linear in the line: the runs of digits and of spaces that start at each position
/// are counted once, from the right, so that every probe below is a lookup. (Probing by
/// scanning made a long run of spaces or digits quadratic: 56 s for 400k spaces.)
pub fn loose_signature(line: &str) -> Signature {
    let line = Line::new(line);
    let mut sig = Signature { date: false, agent: false, time: false };
    let mut last_non_space: Option<usize> = None;
    for i in 0..line.chars.len() {
        if let Some(len) = line.date_at(i) {
            sig.date = true;
            // Agent: "name/" right before the date (spaces between allowed), the name
            // ending in a letter (CJK included).
            if let Some(slash) = last_non_space.filter(|p| line.char(*p) == Some('/')) {
                sig.agent |= slash.checked_sub(1).and_then(|p| line.char(p)).is_some_and(char::is_alphabetic);
            }
            sig.time |= line.time_at(i + len);
        }
        if line.time_at(i) && !i.checked_sub(1).and_then(|p| line.char(p)).is_some_and(|c| c.is_ascii_digit()) {
            sig.time = true;
        }
        if line.char(i) != Some(' ') {
            last_non_space = Some(i);
        }
    }
    sig
}

/// The agent of a hand-written line: the name right before the last `/` that a date
/// follows (`改地址 小王/11-25` → `小王`), at most 12 characters.
pub fn agent_name(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    // One pass from the right, carrying the next non-space character: linear, however
    // long the runs of spaces (see loose_signature).
    let mut next_non_space: Option<char> = None;
    let mut slash = None;
    for (i, c) in chars.iter().enumerate().rev() {
        if *c == '/' && next_non_space.is_some_and(|n| n.is_ascii_digit()) {
            slash = Some(i);
            break;
        }
        if *c != ' ' {
            next_non_space = Some(*c);
        }
    }
    let name: Vec<char> = chars
        .get(..slash?)?
        .iter()
        .rev()
        .take_while(|c| c.is_alphanumeric() && !c.is_ascii_digit())
        .take(12)
        .copied()
        .collect();
    (!name.is_empty()).then(|| name.into_iter().rev().collect())
}

/// A line's characters with the run of digits and of spaces starting at each one.
struct Line {
    chars: Vec<char>,
    digits: Vec<u32>,
    spaces: Vec<u32>,
}

impl Line {
    fn new(line: &str) -> Line {
        let chars: Vec<char> = line.chars().collect();
        let (mut digits, mut spaces) = (vec![0u32; chars.len() + 1], vec![0u32; chars.len() + 1]);
        for (i, c) in chars.iter().enumerate().rev() {
            let (d, s) = (digits.get(i + 1).copied().unwrap_or(0), spaces.get(i + 1).copied().unwrap_or(0));
            if let (Some(dig), Some(sp)) = (digits.get_mut(i), spaces.get_mut(i)) {
                *dig = if c.is_ascii_digit() { d.saturating_add(1) } else { 0 };
                *sp = if *c == ' ' { s.saturating_add(1) } else { 0 };
            }
        }
        Line { chars, digits, spaces }
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn digits_at(&self, i: usize) -> usize {
        self.digits.get(i).map_or(0, |n| *n as usize)
    }

    /// Length of a date starting at `i`, if one does.
    fn date_at(&self, i: usize) -> Option<usize> {
        if i.checked_sub(1).and_then(|p| self.char(p)).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut pos = i;
        let mut groups = [0usize; 3];
        let mut count = 0;
        loop {
            let n = self.digits_at(pos);
            if n == 0 {
                break;
            }
            if let Some(g) = groups.get_mut(count) {
                *g = n;
            }
            count += 1;
            pos += n;
            match self.char(pos) {
                Some('-' | '.' | '/' | '年' | '月') if count < 3 => pos += 1,
                Some('日' | '号') => {
                    pos += 1;
                    break;
                }
                _ => break,
            }
        }
        let ok = match (count, groups) {
            (3, [4, m, d]) | (2, [m, d, _]) => (1..=2).contains(&m) && (1..=2).contains(&d),
            _ => false,
        };
        ok.then_some(pos - i)
    }

    /// Whether a time of day (`14:30`, ` 14:30`, `14点`) starts at `i`.
    fn time_at(&self, i: usize) -> bool {
        let start = i + self.spaces.get(i).map_or(0, |n| *n as usize);
        let n = self.digits_at(start);
        if !(1..=2).contains(&n) {
            return false;
        }
        match self.char(start + n) {
            Some(':' | '：') => self.digits_at(start + n + 1) == 2,
            Some('点') => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_names_come_from_the_signature() {
        assert_eq!(agent_name("改地址 小王/11-25").as_deref(), Some("小王"));
        assert_eq!(agent_name("送礼物 Amy/2026-11-25 14:30").as_deref(), Some("Amy"));
        assert_eq!(agent_name("加急"), None);
        assert_eq!(agent_name("1/2"), None);
    }
    use proptest::prelude::*;

    /// The first, quadratic implementation: the linear one must agree with it.
    mod quadratic {
        use super::Signature;

        pub(super) fn reference(line: &str) -> Signature {
            let chars: Vec<char> = line.chars().collect();
            let mut sig = Signature { date: false, agent: false, time: false };
            for i in 0..chars.len() {
                if let Some(len) = date_at(&chars, i) {
                    sig.date = true;
                    // Agent: "name/" right before the date, name ending in a letter (CJK included).
                    let before = chars.get(..i).unwrap_or_default();
                    let trimmed: Vec<&char> = before.iter().rev().skip_while(|c| **c == ' ').collect();
                    if trimmed.first() == Some(&&'/') && trimmed.get(1).is_some_and(|c| c.is_alphabetic()) {
                        sig.agent = true;
                    }
                    let after = chars.get(i + len..).unwrap_or_default();
                    if time_at(after) {
                        sig.time = true;
                    }
                }
                if time_at(chars.get(i..).unwrap_or_default())
                    && (i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit))
                {
                    sig.time = true;
                }
            }
            sig
        }

        fn digits_at(chars: &[char], i: usize) -> usize {
            chars.get(i..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count()
        }

        /// Length of a date starting at `i`, if one does.
        fn date_at(chars: &[char], i: usize) -> Option<usize> {
            if i > 0 && chars.get(i - 1).is_some_and(char::is_ascii_digit) {
                return None;
            }
            let mut pos = i;
            let mut groups = Vec::new();
            loop {
                let n = digits_at(chars, pos);
                if n == 0 {
                    break;
                }
                groups.push(n);
                pos += n;
                match chars.get(pos) {
                    Some('-' | '.' | '/' | '年' | '月') if groups.len() < 3 => pos += 1,
                    Some('日' | '号') => {
                        pos += 1;
                        break;
                    }
                    _ => break,
                }
            }
            let ok = match groups.as_slice() {
                [4, m, d] => (1..=2).contains(m) && (1..=2).contains(d),
                [m, d] => (1..=2).contains(m) && (1..=2).contains(d),
                _ => false,
            };
            ok.then_some(pos - i)
        }

        /// Whether a time of day (`14:30`, ` 14:30`, `14点`) starts here.
        fn time_at(chars: &[char]) -> bool {
            let start = chars.iter().take_while(|c| **c == ' ').count();
            let n = digits_at(chars, start);
            if !(1..=2).contains(&n) {
                return false;
            }
            match chars.get(start + n) {
                Some(':' | '：') => digits_at(chars, start + n + 1) == 2,
                Some('点') => true,
                _ => false,
            }
        }
    }

    proptest! {
        #[test]
        fn linear_agrees_with_the_first_implementation(
            line in proptest::collection::vec(prop_oneof![
                Just(" ".to_owned()), Just("1".to_owned()), Just("12".to_owned()), Just("2026".to_owned()),
                Just("-".to_owned()), Just(".".to_owned()), Just("/".to_owned()), Just(":".to_owned()),
                Just("：".to_owned()), Just("点".to_owned()), Just("月".to_owned()), Just("日".to_owned()),
                Just("号".to_owned()), Just("年".to_owned()), Just("王".to_owned()), Just("a".to_owned()),
                any::<char>().prop_map(String::from),
            ], 0..40).prop_map(|v| v.concat())
        ) {
            prop_assert_eq!(loose_signature(&line), quadratic::reference(&line));
        }
    }

    #[test]
    fn long_runs_are_fast() {
        // 400k spaces took 56 s when each position scanned the run again.
        for line in [" ".repeat(400_000), "1".repeat(400_000), "1 ".repeat(200_000), "11-".repeat(130_000)] {
            let _ = loose_signature(&line);
        }
    }

    #[test]
    fn loose_signatures() {
        let s = |l| loose_signature(l);
        assert_eq!(s("改地址 小王/11-25"), Signature { date: true, agent: true, time: false });
        assert_eq!(s("改电话：139 小王/2026-11-25 14:30"), Signature { date: true, agent: true, time: true });
        assert_eq!(s("改电话 11月25日"), Signature { date: true, agent: false, time: false });
        assert_eq!(s("加急发顺丰"), Signature { date: false, agent: false, time: false });
        assert_eq!(s("订单号 123456789"), Signature { date: false, agent: false, time: false });
    }
}
