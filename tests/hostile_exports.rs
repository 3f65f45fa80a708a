//! Exports made by a hostile user (issue 22): each file here broke a reader once, by
//! losing rows, changing an id, panicking or taking memory without bound. Every run
//! must end with exit 0, 1 or 2, reject what it cannot read by name and line, and
//! account for every line in the summary's `input.sources`. The files are small and made
//! here; the bombs are generated, never committed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::io::Write;
use std::path::PathBuf;

use kefu_core::api::Code;
use kefu_tests::{kefu, root, Run};
use serde_json::Value;

/// A scratch file under target/, named for the test.
fn file(name: &str, bytes: &[u8]) -> String {
    let dir = root().join("target").join("hostile-exports");
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn lines(run: &Run) -> Vec<Value> {
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn lint(args: &[&str]) -> (Run, Vec<Value>) {
    let mut all = vec!["lint", "--format", "ndjson", "--quiet"];
    all.extend_from_slice(args);
    let run = kefu("native", &all, "");
    assert!(run.code <= 2, "exit {}: {}", run.code, run.stderr);
    let lines = lines(&run);
    (run, lines)
}

fn summary(lines: &[Value]) -> &Value {
    lines.last().unwrap()
}

/// Every line is the header, blank or a record's; every record is linted or rejected.
fn accounted(lines: &[Value]) {
    let s = summary(lines);
    assert_eq!(s["read"], s["linted"].as_u64().unwrap() + s["rejected"].as_u64().unwrap(), "{s}");
    let sources = s["input"]["sources"].as_array().unwrap();
    let records: u64 = sources.iter().map(|n| n["records"].as_u64().unwrap()).sum();
    assert_eq!(records, s["read"].as_u64().unwrap(), "{s}");
    for n in sources {
        let part = n["header_lines"].as_u64().unwrap()
            + n["blank_lines"].as_u64().unwrap()
            + n["record_lines"].as_u64().unwrap();
        assert_eq!(n["lines"].as_u64().unwrap(), part, "{n}");
    }
}

fn rejected(lines: &[Value]) -> Vec<(u64, String)> {
    lines
        .iter()
        .filter(|l| l["kind"] == "rejected")
        .map(|l| (l["line"].as_u64().unwrap(), l["error"]["code"].as_str().unwrap().to_owned()))
        .collect()
}

const HEADER: &str = "订单编号,订单状态,买家实际支付金额,订单备注,订单创建时间";

fn csv_orders(rows: &[String]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

fn row(id: u64, remark: &str) -> String {
    format!("{id},买家已付款，等待卖家发货,10.00,{remark},2026-11-25 10:00:00")
}

#[test]
fn a_stray_quote_costs_one_row_not_the_rest_of_the_file() {
    let rows: Vec<String> =
        (1..=10).map(|i| row(4128000000000000000 + i, if i == 3 { "\"加急" } else { "好" })).collect();
    let (run, lines) = lint(&[&file("stray-quote.csv", &csv_orders(&rows))]);
    let s = summary(&lines);
    assert_eq!(s["read"], 10, "{}", run.stdout);
    assert_eq!(s["linted"], 9);
    assert_eq!(rejected(&lines), vec![(4, Code::InputCsv.as_str().to_owned())]);
    let message = lines.iter().find(|l| l["kind"] == "rejected").unwrap()["error"]["message"].to_string();
    assert!(message.contains("line 4"), "{message}");
    accounted(&lines);
}

#[test]
fn a_stray_quote_before_guarded_ids_costs_one_row() {
    // Legacy exports guard ids as ="…": a stray quote pairs with their quotes.
    let rows: Vec<String> = (1..=10)
        .map(|i| {
            format!(
                "=\"{}\",买家已付款，等待卖家发货,10.00,{},",
                4128000000000000000u64 + i,
                if i == 3 { "\"加急" } else { "好" }
            )
        })
        .collect();
    let (_, lines) = lint(&[&file("stray-quote-guarded.csv", &csv_orders(&rows))]);
    let s = summary(&lines);
    assert_eq!((s["read"].as_u64(), s["linted"].as_u64()), (Some(10), Some(9)), "{s}");
    assert_eq!(rejected(&lines), vec![(4, Code::InputCsv.as_str().to_owned())]);
    accounted(&lines);
}

#[test]
fn lines_are_where_rows_start_after_a_multi_line_remark() {
    let legacy = root().join("examples/exports/ExportOrderList202611251020.csv").display().to_string();
    let (_, lines) = lint(&[&legacy]);
    let at = |id: &str| lines.iter().find(|l| l["order_id"].as_str() == Some(id)).map(|l| l["line"].as_u64().unwrap());
    assert_eq!(at("4128000014235678907"), Some(8));
    accounted(&lines);
    let crlf = std::fs::read_to_string(root().join("examples/exports/erp-orders.csv")).unwrap().replace('\n', "\r\n");
    let mapping = root().join("examples/mappings/erp.toml").display().to_string();
    let (_, lines) = lint(&["--mapping", &mapping, &file("erp-crlf.csv", crlf.as_bytes())]);
    let cancelled = lines.iter().find(|l| l["order_id"] == "4128000014235678904").unwrap();
    assert_eq!(cancelled["line"], 5, "{cancelled}");
}

#[test]
fn a_row_with_no_end_is_rejected_in_flat_memory_and_reading_goes_on() {
    let mut bytes = csv_orders(&[row(4128000000000000001, "好")]);
    bytes.extend(std::iter::repeat_n(b'0', 3 << 20));
    bytes.push(b'\n');
    bytes.extend(row(4128000000000000002, "好").as_bytes());
    bytes.push(b'\n');
    let (_, lines) = lint(&["--max-record", "65536", &file("endless-row.csv", &bytes)]);
    assert_eq!(rejected(&lines), vec![(3, Code::InputTooLarge.as_str().to_owned())]);
    assert_eq!(summary(&lines)["linted"], 2);
    accounted(&lines);
}

#[test]
fn a_gbk_line_past_the_first_64_kib_of_utf8_is_rejected_not_read_with_replacement_characters() {
    let mut rows: Vec<String> = (0..2000).map(|i| row(4128000000000000000 + i, "ok")).collect();
    rows.push(String::new());
    let mut bytes = csv_orders(&rows);
    assert!(bytes.len() > 70_000);
    let late = row(4128000000000009999, "【备注】加急（小王/2026-11-25 10:00）");
    let (gbk, _, _) = encoding_rs::GBK.encode(&late);
    bytes.extend(gbk.iter());
    bytes.push(b'\n');
    let (_, lines) = lint(&[&file("late-gbk.csv", &bytes)]);
    assert_eq!(rejected(&lines), vec![(2003, Code::InputEncoding.as_str().to_owned())]);
    assert!(!lines.iter().any(|l| l.to_string().contains('\u{FFFD}')));
    accounted(&lines);
    // The same row after ASCII-only lines switches the file to GBK and says so: unit
    // test `source::csv::tests::gbk_after_an_ascii_start_switches_and_says_so`.
}

#[test]
fn a_page_s_trades_take_their_own_indexes_and_keep_duplicate_keys_refused() {
    let trade = |tid: u64| {
        format!(
            r#"{{"tid":{tid},"status":"WAIT_SELLER_SEND_GOODS","payment":"10.00","created":"2026-11-25 10:00:00","pay_time":"2026-11-25 10:01:00"}}"#
        )
    };
    let page = |a: u64, b: u64| {
        format!(
            r#"{{"trades_sold_get_response":{{"total_results":2,"trades":{{"trade":[{},{}]}}}}}}"#,
            trade(a),
            trade(b)
        )
    };
    let text = format!("{}\n{}\n", page(1, 2), page(3, 4));
    let (_, lines) = lint(&["--input-format", "trade", &file("two-pages.ndjson", text.as_bytes())]);
    let mut indexes: Vec<u64> = lines.iter().filter_map(|l| l["index"].as_u64()).collect();
    indexes.dedup();
    assert_eq!(
        indexes.len(),
        lines.iter().filter_map(|l| l["index"].as_u64()).collect::<std::collections::BTreeSet<_>>().len()
    );
    assert_eq!(summary(&lines)["read"], 4);
    // A duplicate key inside a trade: refused on a page as on its own line.
    let dup = trade(5).replace(r#""payment":"10.00""#, r#""payment":"10.00","payment":"1.00""#);
    let alone = lint(&["--input-format", "trade", &file("dup-line.ndjson", format!("{dup}\n").as_bytes())]).1;
    let on_page = format!(r#"{{"trades_sold_get_response":{{"trades":{{"trade":[{dup}]}}}}}}"#);
    let paged = lint(&["--input-format", "trade", &file("dup-page.json", on_page.as_bytes())]).1;
    let code = |lines: &[Value]| lines.iter().find(|l| l["kind"] == "rejected").map(|l| l["error"]["code"].clone());
    assert!(code(&alone).is_some());
    assert_eq!(code(&alone), code(&paged));
}

#[test]
fn an_item_report_cannot_multiply_an_order_report() {
    let orders: Vec<String> = (0..40).map(|_| row(4128000000000000001, "好")).collect();
    let mut items = String::from("订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码\n");
    for i in 0..3000 {
        items.push_str(&format!("4128000000000000001,T恤{i},10.00,1,,颜色:白,,,买家已付款，等待卖家发货,SKU{i}\n"));
    }
    let items = file("many-lines-items.csv", items.as_bytes());
    let (_, lines) = lint(&["--items", &items, &file("same-id-orders.csv", &csv_orders(&orders))]);
    let s = summary(&lines);
    assert_eq!(s["read"], 40);
    assert!(rejected(&lines).iter().all(|(_, c)| c == Code::InputTooLarge.as_str()), "{s}");
    assert_eq!(s["rejected"], 40);
}

// xlsx -----------------------------------------------------------------------------

fn workbook(sheet_rows: &str, styles: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |path: &str, text: &[u8]| {
        zip.start_file(path, options).unwrap();
        zip.write_all(text).unwrap();
    };
    put(
        "xl/workbook.xml",
        br#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    put("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{sheet_rows}</sheetData></worksheet>").as_bytes());
    if let Some(s) = styles {
        put("xl/styles.xml", s.as_bytes());
    }
    zip.finish().unwrap().into_inner()
}

fn text_cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn header_row() -> String {
    let names = ["订单编号", "订单状态", "买家实际支付金额", "订单创建时间", "订单备注"];
    let cells: String =
        names.iter().enumerate().map(|(i, n)| text_cell(&format!("{}1", (b'A' + i as u8) as char), n)).collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

fn order_row(r: usize, id: &str, created: &str) -> String {
    format!(
        r#"<row r="{r}"><c r="A{r}"><v>{id}</v></c>{}{}<c r="D{r}" s="1"><v>{created}</v></c>{}</row>"#,
        text_cell(&format!("B{r}"), "买家已付款，等待卖家发货"),
        text_cell(&format!("C{r}"), "10.00"),
        // An unsigned line: a finding that names the order.
        text_cell(&format!("E{r}"), "加急")
    )
}

const DATE_STYLE: &str = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;

#[test]
fn xlsx_numeric_ids_keep_every_digit_and_rounded_ones_are_refused() {
    let rows = format!(
        "{}{}{}{}",
        header_row(),
        order_row(2, "4128000014235678901", "46351.5"),
        order_row(3, "9007199254740993", "46351.5"),
        order_row(4, "4.1280000142356797E+18", "46351.5")
    );
    let (_, lines) = lint(&[&file("ids.xlsx", &workbook(&rows, Some(DATE_STYLE)))]);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["order_id"].as_str()).collect();
    assert!(ids.contains(&"4128000014235678901"), "{lines:?}");
    assert!(ids.contains(&"9007199254740993"));
    assert!(!ids.iter().any(|i| i.starts_with("41280000142356787") && *i != "4128000014235678901"));
    let refused = lines.iter().find(|l| l["kind"] == "rejected").unwrap();
    assert_eq!(refused["line"], 4, "{refused}");
    assert_eq!(refused["error"]["code"], Code::ExportCell.as_str());
    accounted(&lines);
}

#[test]
fn xlsx_dates_no_calendar_has_cost_their_row_not_the_run() {
    let mut rows = header_row();
    for (i, v) in ["46351.5", "-1e12", "-inf", "NaN", "1e300", "46351.25", "46351.75", "46351.1", "46351.2", "46351.3"]
        .iter()
        .enumerate()
    {
        rows.push_str(&order_row(i + 2, &format!("41280000000000000{:02}", i), v));
    }
    let (run, lines) = lint(&[&file("dates.xlsx", &workbook(&rows, Some(DATE_STYLE)))]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let s = summary(&lines);
    assert_eq!((s["read"].as_u64(), s["rejected"].as_u64()), (Some(10), Some(4)), "{s}");
    assert_eq!(rejected(&lines).iter().map(|r| r.0).collect::<Vec<_>>(), vec![3, 4, 5, 6]);
    accounted(&lines);
}

#[test]
fn xlsx_bombs_are_one_clean_error_or_one_row() {
    // A cell at column 4,000,000,000 (and one at 10,000,000 in 200 rows): rows refused,
    // no allocation in the size of the column.
    let mut rows = header_row();
    rows.push_str(r#"<row r="2"><c r="LMPJQTZ2"><v>1</v></c></row>"#);
    for r in 3..203 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="UVXWJ{r}"><v>1</v></c></row>"#));
    }
    rows.push_str(&order_row(203, "4128000000000000001", "46351.5"));
    let (_, lines) = lint(&[&file("far-column.xlsx", &workbook(&rows, Some(DATE_STYLE)))]);
    let s = summary(&lines);
    assert_eq!((s["read"].as_u64(), s["rejected"].as_u64(), s["linted"].as_u64()), (Some(202), Some(201), Some(1)));
    // One cell of 64 MB under --max-record 65536: one error for the file, while it is read.
    let mut big = header_row();
    big.push_str(&format!(r#"<row r="2">{}</row>"#, text_cell("A2", &"x".repeat(64 << 20))));
    let (run, lines) = lint(&["--max-record", "65536", &file("big-cell.xlsx", &workbook(&big, None))]);
    assert_eq!(run.code, 2);
    let refused = lines.iter().find(|l| l["kind"] == "rejected").unwrap();
    assert!(refused["error"]["message"].as_str().unwrap().contains("more than 65536 bytes"), "{refused}");
}

#[test]
fn an_xlsx_over_max_input_is_refused_not_read() {
    let rows = format!("{}{}", header_row(), order_row(2, "4128000000000000001", "46351.5"));
    let book = workbook(&rows, Some(DATE_STYLE));
    let (run, lines) = lint(&["--max-input", "200", &file("capped.xlsx", &book)]);
    assert_eq!(run.code, 2);
    assert_eq!(rejected(&lines), vec![(0, Code::Io.as_str().to_owned())]);
}
