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
pub fn loose_signature(line: &str) -> Signature {
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

#[cfg(test)]
mod tests {
    use super::*;

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
