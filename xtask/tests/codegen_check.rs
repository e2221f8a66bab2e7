//! The generated trees (the SDK and every codegen fixture) must match what the generator
//! produces from their models, and generating twice must give identical bytes.

#[test]
fn generated_code_is_up_to_date() {
    let root = xtask::workspace_root();
    let report = xtask::codegen(&root, true).expect("code generation succeeds");
    assert!(
        report.stale.is_empty(),
        "stale generated files (run `cargo xtask codegen`):\n  {}",
        report.stale.join("\n  ")
    );
    assert!(report.files > 0);
}

#[test]
fn generation_is_deterministic() {
    let root = xtask::workspace_root();
    let model = std::fs::read_to_string(root.join("model/nova-act.json")).unwrap();
    let partitions = std::fs::read_to_string(root.join("model/partitions.json")).unwrap();
    let input = codegen::Input {
        model_json: &model,
        partitions_json: Some(&partitions),
        runtime_crate: "::restjson_runtime",
    };
    let first = codegen::generate(&input).unwrap();
    let second = codegen::generate(&input).unwrap();
    assert_eq!(first, second);
    for file in &first {
        assert!(
            file.contents.starts_with(codegen::render::HEADER),
            "{} lacks the @generated header",
            file.path
        );
    }
}
