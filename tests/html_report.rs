//! The HTML report, opened in a real browser (headless Chromium): it renders, its
//! script runs, and every count on the page is the JSON summary's; what it shows is in
//! the report's language (zh by default, `--lang en`). With KEFU_SCREENSHOTS=1 it also
//! refreshes the screenshots in docs/ (`*-en.png`: the English report).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use kefu_tests::{kefu, root};
use serde_json::Value;

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
            }
        }
    }
    panic!("no Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM");
}

/// Opens `page` headless and returns the DOM after its script ran.
fn rendered(page: &Path, screenshot: Option<&Path>) -> String {
    let url = format!("file://{}", page.display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ];
    let out = Command::new(chromium()).args(common).args(["--dump-dom", &url]).output().expect("chromium runs");
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    if let Some(png) = screenshot {
        let shot = format!("--screenshot={}", png.display());
        let out = Command::new(chromium())
            .args(common)
            .args(["--window-size=1400,1500", &shot, &url])
            .output()
            .expect("chromium runs");
        assert!(out.status.success() && png.exists(), "screenshot: {}", String::from_utf8_lossy(&out.stderr));
    }
    String::from_utf8(out.stdout).unwrap()
}

/// The number in the element with this id.
fn number(dom: &str, id: &str) -> u64 {
    let marker = format!("id=\"{id}\">");
    let at = dom.find(&marker).unwrap_or_else(|| panic!("no #{id} on the page")) + marker.len();
    dom[at..].split('<').next().unwrap().trim().parse().unwrap_or_else(|e| panic!("#{id}: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/html-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn shot(name: &str) -> Option<PathBuf> {
    let dir = if std::env::var_os("KEFU_SCREENSHOTS").is_some() {
        root().join("docs")
    } else {
        root().join("target/html-report")
    };
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir.join(name))
}

/// The screenshot's file for a language: `lint-report.png`, `lint-report-en.png`.
fn png_for(name: &str, lang: &str) -> String {
    match lang {
        "zh" => format!("{name}.png"),
        _ => format!("{name}-{lang}.png"),
    }
}

#[test]
fn the_lint_report_renders_and_shows_the_summarys_counts() {
    let orders = root().join("examples/orders").display().to_string();
    let export = root().join("examples/exports/ExportOrderList202611251020.csv").display().to_string();
    for lang in ["zh", "en"] {
        for (inputs, name) in [(vec![orders.as_str()], "lint-report"), (vec![export.as_str()], "lint-report-export")] {
            let png = png_for(name, lang);
            let json = kefu("native", &[&["lint"], &inputs[..]].concat(), "");
            let summary: Value = serde_json::from_str::<Value>(&json.stdout).unwrap()["summary"].clone();
            let html = kefu("native", &[&["lint", "--format", "html", "--lang", lang], &inputs[..]].concat(), "");
            assert_eq!(html.code, json.code);
            let page = scratch(png.replace(".png", ".html").as_str());
            std::fs::write(&page, &html.stdout).unwrap();
            let dom = rendered(&page, shot(&png).as_deref());
            for key in ["read", "linted", "findings", "orders_with_findings", "clean", "not_all_checked", "rejected"] {
                assert_eq!(number(&dom, &format!("k-{key}")), summary[key].as_u64().unwrap(), "{png}: {key}");
            }
            for (check, n) in summary["by_check"].as_object().unwrap() {
                assert_eq!(number(&dom, &format!("check-{check}")), n.as_u64().unwrap(), "{png}: bar {check}");
            }
            // The script ran: it counted the rows it shows.
            assert_eq!(number(&dom, "shown"), summary["findings"].as_u64().unwrap(), "{png}: rows shown");
            // No request leaves the page: nothing is loaded from anywhere.
            assert!(
                !html.stdout.contains("http://") && !html.stdout.contains("https://") && !html.stdout.contains(" src=")
            );
        }
    }
}

#[test]
fn the_scan_report_shows_the_queue_with_its_tiers() {
    // The export without --now: scanned at its latest time, which the page says.
    let export = root().join("examples/exports/ExportOrderList202611251020.csv").display().to_string();
    for lang in ["zh", "en"] {
        let png = png_for("scan-report", lang);
        let args = ["scan", export.as_str()];
        let json = kefu("native", &args, "");
        let summary: Value = serde_json::from_str::<Value>(&json.stdout).unwrap()["summary"].clone();
        let html = kefu("native", &[&args[..], &["--format", "html", "--lang", lang]].concat(), "");
        let page = scratch(png.replace(".png", ".html").as_str());
        std::fs::write(&page, &html.stdout).unwrap();
        let dom = rendered(&page, shot(&png).as_deref());
        for key in ["read", "scanned", "to_contact", "not_all_checked", "rejected"] {
            assert_eq!(number(&dom, &format!("k-{key}")), summary[key].as_u64().unwrap(), "{png}: {key}");
        }
        assert_eq!(number(&dom, "shown"), summary["to_contact"].as_u64().unwrap());
        assert!(dom.contains("data-tier=\"7\"") || dom.contains("data-tier=\"8\""), "no level: tiers 7 and 8");
        assert!(dom.contains(&format!("data-now=\"{}\"", summary["now"]["at"].as_str().unwrap())), "{png}: the time");
        // R-PROACTIVE-6 orders the queue and is cited by every queued decision: not a bar.
        assert!(!dom.contains("id=\"rule-R-PROACTIVE-6\""), "{png}");
    }
}

#[test]
fn the_qa_report_shows_each_agent_the_sample_as_conversations_and_the_weeks_picks() {
    let path = |p: &str| root().join(p).display().to_string();
    let args = [
        "qa".to_owned(),
        path("examples/qa/chats/chatlog-2026-11-25.json"),
        path("examples/qa/chats/工作台聊天记录-陈.txt"),
        path("examples/qa/chats/会话记录-小周.csv"),
        "--orders".to_owned(),
        path("examples/qa/orders.ndjson"),
        "--evaluations".to_owned(),
        path("examples/qa/evaluations.json"),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let json = kefu("native", &[&args[..], &["--format", "json"]].concat(), "");
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    let agents = v["report"]["agents"].as_array().unwrap();
    let sum = |key: &str| -> u64 {
        agents.iter().map(|a| a[key].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum::<u64>()).sum()
    };
    for lang in ["zh", "en"] {
        let png = png_for("qa-report", lang);
        let html = kefu("native", &[&args[..], &["--format", "html", "--lang", lang]].concat(), "");
        assert_eq!(html.code, json.code);
        let page = scratch(png.replace(".png", ".html").as_str());
        std::fs::write(&page, &html.stdout).unwrap();
        let dom = rendered(&page, shot(&png).as_deref());
        assert_eq!(number(&dom, "k-chats"), v["sessions"].as_array().unwrap().len() as u64, "{png}");
        assert_eq!(number(&dom, "k-red"), sum("red_lines"), "{png}");
        assert_eq!(number(&dom, "k-findings"), sum("findings"), "{png}");
        // Every sampled chat is on the page as a conversation, red lines marked in place.
        for day in v["report"]["samples"].as_array().unwrap() {
            for pick in day["picks"].as_array().unwrap() {
                let id: String = pick["id"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
                    .collect();
                assert!(dom.contains(&format!("id=\"c-{id}\"")), "{png}: sampled chat {id} not shown");
            }
        }
        assert_eq!(dom.matches("<mark class=\"red\">").count() as u64, sum("red_lines"), "{png}: red lines marked");
        assert!(
            !html.stdout.contains("http://") && !html.stdout.contains("https://") && !html.stdout.contains(" src=")
        );
    }
}

/// The page's visible text: no script, no style, no tags (so no attribute: ids in
/// `title=` and `data-` stay out), no element marked `translate="no"` (data people
/// wrote: order ids, file names, signatures, the remark entry to paste, command-line
/// options), and entities decoded.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    // Elements whose content is skipped, by tag name, with their nesting depth.
    let mut skipping: Option<(String, usize)> = None;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            text.push_str(&rest[..open]);
        }
        let close = rest[open..].find('>').map(|c| open + c).unwrap();
        let tag = &rest[open + 1..close];
        let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        let name = name.to_ascii_lowercase();
        rest = &rest[close + 1..];
        if let Some((skipped, depth)) = &mut skipping {
            if name == *skipped {
                if tag.starts_with('/') {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else if !tag.ends_with('/') {
                    *depth += 1;
                }
            }
            continue;
        }
        if tag.starts_with('/') || tag.ends_with('/') {
            continue;
        }
        if name == "script" || name == "style" || tag.contains("translate=\"no\"") {
            skipping = Some((name, 1));
        }
        text.push(' ');
    }
    text.push_str(rest);
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Words of Latin letters a Chinese page may show: the product, the marketplace's
/// brands, QQ (a messenger the platform rule names: it has no other name in Chinese),
/// units, and the T of T恤 (a T-shirt, in the example listings' titles). Rule ids
/// (R-CANCEL-3) and error codes (KEFU-…) are taken out first.
const ALLOWED_IN_ZH: [&str; 9] = ["kefu", "Taobao", "Tmall", "QQ", "h", "min", "KB", "MB", "T"];

fn latin_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '*')) {
        if token.starts_with("R-") || token.starts_with("KEFU-") {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if !word.is_empty() && !ALLOWED_IN_ZH.contains(&word) {
                words.push(word.to_owned());
            }
        }
    }
    words
}

fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

fn han(text: &str) -> Vec<char> {
    text.chars().filter(|c| is_han(*c)).collect()
}

/// The runs of Chinese in `text` that do not quote `input`: an English page may show a
/// listing's title or an agent's signature as the shop wrote them, nothing else.
fn chinese_not_quoted(text: &str, input: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        if is_han(c) {
            run.push(c);
        } else if !run.is_empty() {
            let quoted = std::mem::take(&mut run);
            if !input.contains(&quoted) {
                runs.push(quoted);
            }
        }
    }
    runs
}

/// The text of the inputs a report was made from (files, or a directory's files; an
/// export decoded from GBK), for [`chinese_not_quoted`].
fn input_text(args: &[&str]) -> String {
    let mut text = String::new();
    for arg in args {
        let path = Path::new(arg);
        let files = if path.is_dir() { kefu_tests::files_in(path) } else { vec![path.to_path_buf()] };
        for file in files.iter().filter(|f| f.is_file()) {
            let bytes = std::fs::read(file).unwrap();
            match String::from_utf8(bytes.clone()) {
                Ok(utf8) => text.push_str(&utf8),
                Err(_) => text.push_str(&encoding_rs::GBK.decode(&bytes).0),
            }
        }
    }
    text
}

/// The reports on the bundled examples: a Chinese page shows no English word outside
/// the allowed ones; an English page shows no Chinese but what it quotes of the input
/// (a listing's title in a reply, a signature).
#[test]
fn each_report_is_in_its_language_throughout() {
    let path = |p: &str| root().join(p).display().to_string();
    let (orders, export, trades) = (
        path("examples/orders"),
        path("examples/exports/ExportOrderList202611251020.csv"),
        path("examples/exports/trades-page.json"),
    );
    let cases = path("examples/cases/rulebook-scenarios.ndjson");
    let (qa_chats, qa_copy, qa_table, qa_orders) = (
        path("examples/qa/chats/chatlog-2026-11-25.json"),
        path("examples/qa/chats/工作台聊天记录-陈.txt"),
        path("examples/qa/chats/会话记录-小周.csv"),
        path("examples/qa/orders.ndjson"),
    );
    let runs: Vec<Vec<&str>> = vec![
        vec!["lint", orders.as_str()],
        vec!["lint", export.as_str()],
        vec!["scan", export.as_str()],
        vec!["scan", "--now", "2026-11-25T10:00:00+08:00", trades.as_str()],
        vec!["scan", "--now", "2026-11-25T10:00:00+08:00", orders.as_str()],
        vec!["decide", cases.as_str()],
        vec!["qa", qa_chats.as_str(), qa_copy.as_str(), qa_table.as_str(), "--orders", qa_orders.as_str()],
    ];
    let mut wrong = Vec::new();
    for args in &runs {
        let zh = kefu("native", &[&args[..], &["--format", "html"]].concat(), "");
        assert!(zh.stdout.starts_with("<!DOCTYPE html>"), "{args:?}: {}", zh.stderr);
        let words = latin_words(&visible_text(&zh.stdout));
        if !words.is_empty() {
            wrong.push(format!("zh {args:?}: {words:?}"));
        }
        let en = kefu("native", &[&args[..], &["--format", "html", "--lang", "en"]].concat(), "");
        let chinese = chinese_not_quoted(&visible_text(&en.stdout), &input_text(args));
        if !chinese.is_empty() {
            wrong.push(format!("en {args:?}: {chinese:?}"));
        }
    }
    assert!(wrong.is_empty(), "words in the other language:\n{}", wrong.join("\n"));
}

#[test]
fn the_text_filter_keeps_what_people_see_and_drops_the_rest() {
    let page = r#"<html><head><style>.a{color:red}</style></head><body><p title="refund_full">全额退款</p><td translate="no">小王 <b>x</b></td><span translate="no">a<span>b</span>c</span>after<script>var x=1;</script>&amp;</body></html>"#;
    let text = visible_text(page);
    assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["全额退款", "after", "&"]);
    assert_eq!(latin_words("订单 R-CANCEL-3 KEFU-INPUT-CSV kefu 48 h refund"), ["refund"]);
    assert_eq!(han("refund 全额"), ['全', '额']);
    assert_eq!(chinese_not_quoted("a 加绒卫衣 for 小王；", "title 加绒卫衣 小王"), ["小王；"]);
}
