#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_cli::fuzz::export_mapping(data));
