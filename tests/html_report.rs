//! The HTML report, opened in a real browser (headless Chromium): it renders, its
//! script runs, and every count on the page is the JSON summary's. With
//! KEFU_SCREENSHOTS=1 it also refreshes the screenshots in docs/.
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

#[test]
fn the_lint_report_renders_and_shows_the_summarys_counts() {
    let orders = root().join("examples/orders").display().to_string();
    let export = root().join("examples/exports/ExportOrderList202611251020.csv").display().to_string();
    for (inputs, png) in [(vec![orders.as_str()], "lint-report.png"), (vec![export.as_str()], "lint-report-export.png")]
    {
        let json = kefu("native", &[&["lint"], &inputs[..]].concat(), "");
        let summary: Value = serde_json::from_str::<Value>(&json.stdout).unwrap()["summary"].clone();
        let html = kefu("native", &[&["lint", "--format", "html"], &inputs[..]].concat(), "");
        assert_eq!(html.code, json.code);
        let page = scratch(png.replace(".png", ".html").as_str());
        std::fs::write(&page, &html.stdout).unwrap();
        let dom = rendered(&page, shot(png).as_deref());
        for key in ["read", "linted", "findings", "orders_with_findings", "clean", "rejected"] {
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

#[test]
fn the_scan_report_shows_the_queue_with_its_tiers() {
    let trades = root().join("examples/exports/trades-page.json").display().to_string();
    let args = ["scan", "--now", "2026-11-25T10:00:00+08:00", trades.as_str()];
    let json = kefu("native", &args, "");
    let summary: Value = serde_json::from_str::<Value>(&json.stdout).unwrap()["summary"].clone();
    let html = kefu("native", &[&args[..], &["--format", "html"]].concat(), "");
    let page = scratch("scan-report.html");
    std::fs::write(&page, &html.stdout).unwrap();
    let dom = rendered(&page, shot("scan-report.png").as_deref());
    for key in ["read", "scanned", "to_contact", "rejected"] {
        assert_eq!(number(&dom, &format!("k-{key}")), summary[key].as_u64().unwrap(), "{key}");
    }
    assert_eq!(number(&dom, "shown"), summary["to_contact"].as_u64().unwrap());
    assert!(dom.contains("data-tier=\"7\"") || dom.contains("data-tier=\"8\""), "no level: tiers 7 and 8");
}
