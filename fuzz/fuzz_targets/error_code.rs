#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nova_act_fuzz::error_code(data));
