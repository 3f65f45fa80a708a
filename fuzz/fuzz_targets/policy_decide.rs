#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_core::fuzz::policy_decide(data));
