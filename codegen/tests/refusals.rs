//! The generator refuses what it cannot generate correctly, with an error that names the shape
//! (or member) and the feature, instead of emitting code that is wrong or does not compile.
//!
//! Each test starts from a small valid model, changes one thing, and checks the error text.

use serde_json::{json, Value};

const NS: &str = "example.refusals";

/// A minimal valid model: one service with one operation, `Op`, whose input has a string
/// member `name` in the body and whose output is empty.
fn base() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example.refusals#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{"target": "example.refusals#Op"}],
                "traits": {
                    "aws.api#service": {"sdkId": "Refusals"},
                    "aws.auth#sigv4": {"name": "refusals"},
                    "aws.protocols#restJson1": {},
                    "smithy.rules#endpointRuleSet": {
                        "version": "1.0",
                        "parameters": {
                            "Endpoint": {
                                "builtIn": "SDK::Endpoint",
                                "required": false,
                                "type": "String",
                                "documentation": "Where requests go."
                            }
                        },
                        "rules": [
                            {
                                "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                                "endpoint": {"url": {"ref": "Endpoint"}},
                                "type": "endpoint"
                            },
                            {"conditions": [], "error": "set an endpoint", "type": "error"}
                        ]
                    }
                }
            },
            "example.refusals#Op": {
                "type": "operation",
                "input": {"target": "example.refusals#OpInput"},
                "output": {"target": "example.refusals#OpOutput"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}
            },
            "example.refusals#OpInput": {
                "type": "structure",
                "members": {"name": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#input": {}}
            },
            "example.refusals#OpOutput": {
                "type": "structure",
                "members": {},
                "traits": {"smithy.api#output": {}}
            }
        }
    })
}

/// The shape with this name (without namespace), for editing.
fn shape<'a>(model: &'a mut Value, name: &str) -> &'a mut Value {
    &mut model["shapes"][format!("{NS}#{name}")]
}

/// Adds (or replaces) a shape.
fn add(model: &mut Value, name: &str, definition: Value) {
    model["shapes"][format!("{NS}#{name}")] = definition;
}

/// Adds a member to the operation input.
fn input_member(model: &mut Value, member: &str, definition: Value) {
    shape(model, "OpInput")["members"][member] = definition;
}

/// Adds a member to the operation output.
fn output_member(model: &mut Value, member: &str, definition: Value) {
    shape(model, "OpOutput")["members"][member] = definition;
}

fn generate(model: &Value) -> Result<Vec<codegen::GeneratedFile>, codegen::Error> {
    let text = model.to_string();
    codegen::generate(&codegen::Input {
        model_json: &text,
        partitions_json: None,
        runtime_crate: "::restjson_runtime",
    })
}

/// Generation fails and the error mentions every fragment.
#[track_caller]
fn assert_refused(model: &Value, fragments: &[&str]) {
    match generate(model) {
        Ok(_) => panic!("the generator accepted a model it should refuse ({fragments:?})"),
        Err(err) => {
            let text = err.to_string();
            for fragment in fragments {
                assert!(
                    text.contains(fragment),
                    "`{text}` does not mention `{fragment}`"
                );
            }
        }
    }
}

#[test]
fn the_base_model_is_accepted() {
    let files = generate(&base()).expect("the base model generates");
    assert!(files.iter().any(|f| f.path == "operation/op.rs"));
}

// ---- the model as a whole

#[test]
fn invalid_json_is_refused() {
    let err = codegen::generate(&codegen::Input {
        model_json: "{\"smithy\": \"2.0\", \"shapes\": {",
        partitions_json: None,
        runtime_crate: "::restjson_runtime",
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("not valid Smithy JSON AST"),
        "{err}"
    );
}

#[test]
fn idl_version_1_is_refused() {
    let mut model = base();
    model["smithy"] = json!("1.0");
    assert_refused(&model, &["Smithy IDL version", "1.0"]);
}

#[test]
fn a_model_without_a_service_is_refused() {
    let mut model = base();
    model["shapes"]
        .as_object_mut()
        .unwrap()
        .remove(&format!("{NS}#Svc"));
    assert_refused(&model, &["no service shape"]);
}

#[test]
fn two_services_are_refused() {
    let mut model = base();
    let copy = shape(&mut model, "Svc").clone();
    add(&mut model, "Other", copy);
    assert_refused(&model, &["more than one service", "example.refusals#Other"]);
}

#[test]
fn a_protocol_other_than_rest_json_is_refused() {
    let mut model = base();
    let traits = shape(&mut model, "Svc")["traits"].as_object_mut().unwrap();
    traits.remove("aws.protocols#restJson1");
    traits.insert("aws.protocols#awsJson1_1".into(), json!({}));
    assert_refused(&model, &["example.refusals#Svc", "restJson1"]);
}

#[test]
fn a_service_without_sigv4_is_refused() {
    let mut model = base();
    let traits = shape(&mut model, "Svc")["traits"].as_object_mut().unwrap();
    traits.remove("aws.auth#sigv4");
    traits.insert("smithy.api#httpBearerAuth".into(), json!({}));
    assert_refused(&model, &["example.refusals#Svc", "aws.auth#sigv4"]);
}

#[test]
fn auth_other_than_sigv4_is_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#auth"] = json!([]);
    assert_refused(&model, &["example.refusals#Op", "smithy.api#auth", "sigv4"]);

    let mut model = base();
    shape(&mut model, "Svc")["traits"]["smithy.api#auth"] = json!(["smithy.api#httpBearerAuth"]);
    assert_refused(&model, &["example.refusals#Svc", "httpBearerAuth"]);

    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#optionalAuth"] = json!({});
    assert_refused(
        &model,
        &["example.refusals#Op", "optionalAuth", "anonymous"],
    );
}

#[test]
fn a_service_without_endpoint_rules_is_refused() {
    let mut model = base();
    shape(&mut model, "Svc")["traits"]
        .as_object_mut()
        .unwrap()
        .remove("smithy.rules#endpointRuleSet");
    assert_refused(&model, &["smithy.rules#endpointRuleSet"]);
}

#[test]
fn mixins_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Common",
        json!({"type": "structure", "members": {}, "traits": {"smithy.api#mixin": {}}}),
    );
    shape(&mut model, "OpInput")["mixins"] = json!([{"target": "example.refusals#Common"}]);
    assert_refused(&model, &["example.refusals#OpInput", "mixins"]);
}

#[test]
fn undefined_shapes_are_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "ghost",
        json!({"target": "example.refusals#Missing"}),
    );
    assert_refused(&model, &["example.refusals#Missing", "not defined"]);
}

// ---- operations and HTTP bindings

#[test]
fn an_operation_without_http_is_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]
        .as_object_mut()
        .unwrap()
        .remove("smithy.api#http");
    assert_refused(&model, &["example.refusals#Op", "smithy.api#http"]);
}

#[test]
fn an_http_label_missing_from_the_uri_is_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "id",
        json!({"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}),
    );
    assert_refused(&model, &["example.refusals#Op", "`id`", "httpLabel", "/op"]);
}

#[test]
fn a_uri_label_without_a_member_is_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#http"]["uri"] = json!("/op/{id}");
    assert_refused(&model, &["example.refusals#Op", "`id`", "@httpLabel"]);
}

#[test]
fn an_unclosed_uri_label_is_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#http"]["uri"] = json!("/op/{id");
    assert_refused(&model, &["example.refusals#Op", "unclosed label"]);
}

#[test]
fn a_structure_in_a_header_is_refused() {
    let mut model = base();
    add(
        &mut model,
        "Thing",
        json!({"type": "structure", "members": {}}),
    );
    input_member(
        &mut model,
        "thing",
        json!({"target": "example.refusals#Thing", "traits": {"smithy.api#httpHeader": "x-thing"}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$thing", "simple value"]);
}

#[test]
fn a_list_label_is_refused() {
    let mut model = base();
    add(
        &mut model,
        "Names",
        json!({"type": "list", "member": {"target": "smithy.api#String"}}),
    );
    shape(&mut model, "Op")["traits"]["smithy.api#http"]["uri"] = json!("/op/{names}");
    input_member(
        &mut model,
        "names",
        json!({"target": "example.refusals#Names", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$names", "simple value"]);
}

#[test]
fn a_media_type_header_is_refused() {
    let mut model = base();
    add(
        &mut model,
        "JsonText",
        json!({"type": "string", "traits": {"smithy.api#mediaType": "application/json"}}),
    );
    input_member(
        &mut model,
        "doc",
        json!({"target": "example.refusals#JsonText", "traits": {"smithy.api#httpHeader": "x-doc"}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$doc", "media type"]);
}

#[test]
fn prefix_headers_of_numbers_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Counts",
        json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#Integer"}}),
    );
    input_member(
        &mut model,
        "counts",
        json!({"target": "example.refusals#Counts", "traits": {"smithy.api#httpPrefixHeaders": "x-c-"}}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpInput$counts", "map of strings"],
    );
}

#[test]
fn a_payload_next_to_body_members_is_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "data",
        json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpInput", "httpPayload", "only member"],
    );
}

#[test]
fn a_payload_of_numbers_is_refused() {
    let mut model = base();
    shape(&mut model, "OpInput")["members"] = json!({
        "n": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpPayload": {}}}
    });
    assert_refused(&model, &["example.refusals#OpInput$n", "httpPayload"]);
}

#[test]
fn a_response_code_that_is_not_an_integer_is_refused() {
    let mut model = base();
    output_member(
        &mut model,
        "status",
        json!({"target": "smithy.api#Long", "traits": {"smithy.api#httpResponseCode": {}}}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpOutput$status", "httpResponseCode"],
    );
}

#[test]
fn query_bindings_on_outputs_are_refused() {
    let mut model = base();
    output_member(
        &mut model,
        "q",
        json!({"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "q"}}),
    );
    assert_refused(
        &model,
        &[
            "example.refusals#OpOutput$q",
            "only allowed on operation inputs",
        ],
    );
}

#[test]
fn http_bindings_on_nested_structures_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Nested",
        json!({"type": "structure", "members": {
            "h": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-h"}}
        }}),
    );
    input_member(
        &mut model,
        "nested",
        json!({"target": "example.refusals#Nested"}),
    );
    assert_refused(
        &model,
        &["example.refusals#Nested$h", "HTTP binding traits"],
    );
}

#[test]
fn host_prefixes_and_host_labels_are_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#endpoint"] = json!({"hostPrefix": "data."});
    assert_refused(
        &model,
        &[
            "example.refusals#Op",
            "smithy.api#endpoint",
            "host prefixes",
        ],
    );

    let mut model = base();
    shape(&mut model, "OpInput")["members"]["name"]["traits"] = json!({"smithy.api#hostLabel": {}});
    assert_refused(&model, &["example.refusals#OpInput$name", "hostLabel"]);
}

#[test]
fn checksums_are_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#httpChecksumRequired"] = json!({});
    assert_refused(&model, &["example.refusals#Op", "checksums"]);

    let mut model = base();
    shape(&mut model, "Op")["traits"]["aws.protocols#httpChecksum"] =
        json!({"requestChecksumRequired": true});
    assert_refused(
        &model,
        &["example.refusals#Op", "aws.protocols#httpChecksum"],
    );
}

#[test]
fn operation_context_endpoint_parameters_are_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.rules#staticContextParams"] =
        json!({"UseThing": {"value": true}});
    assert_refused(&model, &["example.refusals#Op", "staticContextParams"]);
}

#[test]
fn nested_pagination_paths_are_refused() {
    let mut model = base();
    input_member(&mut model, "token", json!({"target": "smithy.api#String"}));
    output_member(
        &mut model,
        "page",
        json!({"target": "example.refusals#Page"}),
    );
    add(
        &mut model,
        "Page",
        json!({"type": "structure", "members": {"next": {"target": "smithy.api#String"}}}),
    );
    shape(&mut model, "Op")["traits"]["smithy.api#paginated"] =
        json!({"inputToken": "token", "outputToken": "page.next"});
    assert_refused(
        &model,
        &["example.refusals#Op", "page.next", "nested paths"],
    );
}

#[test]
fn pagination_tokens_that_are_not_members_are_refused() {
    let mut model = base();
    shape(&mut model, "Op")["traits"]["smithy.api#paginated"] =
        json!({"inputToken": "nextToken", "outputToken": "nextToken"});
    assert_refused(
        &model,
        &["example.refusals#Op", "nextToken", "not a member"],
    );
}

#[test]
fn errors_without_the_error_trait_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Oops",
        json!({"type": "structure", "members": {}}),
    );
    shape(&mut model, "Op")["errors"] = json!([{"target": "example.refusals#Oops"}]);
    assert_refused(&model, &["example.refusals#Oops", "smithy.api#error"]);
}

#[test]
fn error_structures_as_members_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Oops",
        json!({"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}}),
    );
    input_member(
        &mut model,
        "oops",
        json!({"target": "example.refusals#Oops"}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpInput$oops", "error structure"],
    );
}

// ---- shapes and values

#[test]
fn streaming_blobs_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Stream",
        json!({"type": "blob", "traits": {"smithy.api#streaming": {}}}),
    );
    shape(&mut model, "OpInput")["members"] = json!({
        "body": {"target": "example.refusals#Stream", "traits": {"smithy.api#httpPayload": {}}}
    });
    assert_refused(&model, &["example.refusals#Stream", "streaming"]);
}

#[test]
fn event_streams_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Events",
        json!({"type": "union", "members": {"tick": {"target": "example.refusals#Tick"}},
               "traits": {"smithy.api#streaming": {}}}),
    );
    add(
        &mut model,
        "Tick",
        json!({"type": "structure", "members": {}}),
    );
    output_member(
        &mut model,
        "events",
        json!({"target": "example.refusals#Events", "traits": {"smithy.api#httpPayload": {}}}),
    );
    assert_refused(&model, &["example.refusals#Events", "streaming"]);
}

#[test]
fn big_numbers_are_refused() {
    for (prelude, kind) in [("BigDecimal", "bigDecimal"), ("BigInteger", "bigInteger")] {
        let mut model = base();
        input_member(
            &mut model,
            "amount",
            json!({"target": format!("smithy.api#{prelude}")}),
        );
        assert_refused(
            &model,
            &["example.refusals#OpInput$amount", kind, "not supported"],
        );
    }
    // Also through a list.
    let mut model = base();
    add(
        &mut model,
        "Amounts",
        json!({"type": "list", "member": {"target": "smithy.api#BigDecimal"}}),
    );
    input_member(
        &mut model,
        "amounts",
        json!({"target": "example.refusals#Amounts"}),
    );
    assert_refused(&model, &["example.refusals#OpInput$amounts", "bigDecimal"]);
}

#[test]
fn collections_of_timestamps_blobs_and_floats_are_refused() {
    for (target, kind) in [
        ("smithy.api#Timestamp", "list"),
        ("smithy.api#Blob", "list"),
        ("smithy.api#Double", "list"),
        ("smithy.api#Timestamp", "map"),
        ("smithy.api#Float", "map"),
    ] {
        let mut model = base();
        let definition = if kind == "list" {
            json!({"type": "list", "member": {"target": target}})
        } else {
            json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": target}})
        };
        add(&mut model, "Things", definition);
        input_member(
            &mut model,
            "things",
            json!({"target": "example.refusals#Things"}),
        );
        let what = format!("{kind}s of timestamps, blobs or floating point numbers");
        assert_refused(&model, &["example.refusals#Things", &what]);
    }
}

#[test]
fn union_members_of_timestamps_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "When",
        json!({"type": "union", "members": {"at": {"target": "smithy.api#Timestamp"}}}),
    );
    input_member(
        &mut model,
        "when",
        json!({"target": "example.refusals#When"}),
    );
    assert_refused(&model, &["example.refusals#When$at", "union members"]);
}

#[test]
fn union_members_targeting_unit_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Choice",
        json!({"type": "union", "members": {"nothing": {"target": "smithy.api#Unit"}}}),
    );
    input_member(
        &mut model,
        "choice",
        json!({"target": "example.refusals#Choice"}),
    );
    assert_refused(&model, &["example.refusals#Choice$nothing", "unit"]);
}

#[test]
fn sparse_collections_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Holes",
        json!({"type": "list", "member": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}}),
    );
    input_member(
        &mut model,
        "holes",
        json!({"target": "example.refusals#Holes"}),
    );
    assert_refused(&model, &["example.refusals#Holes", "sparse"]);
}

#[test]
fn maps_keyed_by_enums_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Color",
        json!({"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}}}),
    );
    add(
        &mut model,
        "ByColor",
        json!({"type": "map", "key": {"target": "example.refusals#Color"}, "value": {"target": "smithy.api#String"}}),
    );
    input_member(
        &mut model,
        "byColor",
        json!({"target": "example.refusals#ByColor"}),
    );
    assert_refused(&model, &["example.refusals#ByColor", "map keys", "enums"]);
}

#[test]
fn smithy_1_enum_traits_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "OldEnum",
        json!({"type": "string", "traits": {"smithy.api#enum": [{"value": "a"}]}}),
    );
    input_member(
        &mut model,
        "old",
        json!({"target": "example.refusals#OldEnum"}),
    );
    assert_refused(&model, &["example.refusals#OldEnum", "@enum trait"]);
}

#[test]
fn int_enum_members_without_integer_values_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Level",
        json!({"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "low"}}}}),
    );
    input_member(
        &mut model,
        "level",
        json!({"target": "example.refusals#Level"}),
    );
    assert_refused(&model, &["example.refusals#Level$LOW", "integer enumValue"]);
}

#[test]
fn unknown_timestamp_formats_are_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "at",
        json!({"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "unix-millis"}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$at", "unix-millis"]);
}

#[test]
fn defaults_on_timestamps_and_out_of_range_defaults_are_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "at",
        json!({"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": 0}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$at", "default values"]);

    let mut model = base();
    input_member(
        &mut model,
        "small",
        json!({"target": "smithy.api#Byte", "traits": {"smithy.api#default": 300}}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpInput$small", "300", "does not fit"],
    );

    let mut model = base();
    input_member(
        &mut model,
        "flag",
        json!({"target": "smithy.api#Boolean", "traits": {"smithy.api#default": "yes"}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$flag", "does not fit"]);

    let mut model = base();
    input_member(
        &mut model,
        "items",
        json!({"target": "example.refusals#Names", "traits": {"smithy.api#default": ["a"]}}),
    );
    add(
        &mut model,
        "Names",
        json!({"type": "list", "member": {"target": "smithy.api#String"}}),
    );
    assert_refused(&model, &["example.refusals#OpInput$items", "does not fit"]);
}

#[test]
fn members_targeting_operations_are_refused() {
    let mut model = base();
    input_member(&mut model, "op", json!({"target": "example.refusals#Op"}));
    assert_refused(&model, &["example.refusals#OpInput$op", "`operation`"]);
}

#[test]
fn members_with_the_same_rust_name_are_refused() {
    let mut model = base();
    input_member(&mut model, "fooBar", json!({"target": "smithy.api#String"}));
    input_member(
        &mut model,
        "foo_bar",
        json!({"target": "smithy.api#String"}),
    );
    assert_refused(&model, &["example.refusals#OpInput$foo_bar", "`foo_bar`"]);
}

#[test]
fn enum_members_with_the_same_rust_name_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Color",
        json!({"type": "enum", "members": {
            "LIGHT_RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a"}},
            "lightRed": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "b"}}
        }}),
    );
    input_member(
        &mut model,
        "color",
        json!({"target": "example.refusals#Color"}),
    );
    assert_refused(&model, &["example.refusals#Color$lightRed", "`LightRed`"]);
}

#[test]
fn shapes_with_the_same_rust_name_are_refused() {
    let mut model = base();
    add(
        &mut model,
        "Thing",
        json!({"type": "structure", "members": {}}),
    );
    model["shapes"]["example.other#Thing"] = json!({"type": "structure", "members": {}});
    input_member(&mut model, "a", json!({"target": "example.refusals#Thing"}));
    input_member(&mut model, "b", json!({"target": "example.other#Thing"}));
    assert_refused(&model, &["example.other#Thing", "`Thing`", "clashes"]);
}

#[test]
fn io_structures_as_members_are_refused() {
    let mut model = base();
    input_member(
        &mut model,
        "out",
        json!({"target": "example.refusals#OpOutput"}),
    );
    assert_refused(&model, &["example.refusals#OpInput$out", "input or output"]);
}

#[test]
fn members_whose_rust_names_clash_with_generated_items_are_refused() {
    // An accessor `builder()` would clash with the associated `builder()`.
    let mut model = base();
    input_member(
        &mut model,
        "builder",
        json!({"target": "smithy.api#String"}),
    );
    assert_refused(&model, &["example.refusals#OpInput$builder", "`builder`"]);

    // `build` on the builder.
    let mut model = base();
    add(
        &mut model,
        "Thing",
        json!({"type": "structure", "members": {"build": {"target": "smithy.api#String"}}}),
    );
    input_member(
        &mut model,
        "thing",
        json!({"target": "example.refusals#Thing"}),
    );
    assert_refused(
        &model,
        &["example.refusals#Thing$build", "builder method `build`"],
    );

    // `set_name` is the setter of `name`.
    let mut model = base();
    input_member(
        &mut model,
        "setName",
        json!({"target": "smithy.api#String"}),
    );
    assert_refused(
        &model,
        &["example.refusals#OpInput$setName", "`set_name`", "`name`"],
    );

    // `send` on the fluent builder.
    let mut model = base();
    input_member(&mut model, "send", json!({"target": "smithy.api#Boolean"}));
    assert_refused(
        &model,
        &[
            "example.refusals#OpInput$send",
            "fluent builder method `send`",
        ],
    );

    // `client` holds what an input builder is bound to.
    let mut model = base();
    input_member(&mut model, "client", json!({"target": "smithy.api#String"}));
    assert_refused(
        &model,
        &["example.refusals#OpInput$client", "field `client`"],
    );

    // `meta` holds the error metadata of modeled errors.
    let mut model = base();
    add(
        &mut model,
        "Oops",
        json!({"type": "structure", "members": {"meta": {"target": "smithy.api#String"}},
               "traits": {"smithy.api#error": "client"}}),
    );
    shape(&mut model, "Op")["errors"] = json!([{"target": "example.refusals#Oops"}]);
    assert_refused(&model, &["example.refusals#Oops$meta", "`meta`"]);
}

#[test]
fn members_named_like_generated_items_elsewhere_are_accepted() {
    // `send` and `client` are only taken on the builders of inputs, and `meta` only on errors.
    let mut model = base();
    add(
        &mut model,
        "Thing",
        json!({"type": "structure", "members": {"send": {"target": "smithy.api#String"}, "meta": {"target": "smithy.api#String"}, "client": {"target": "smithy.api#String"}}}),
    );
    input_member(
        &mut model,
        "thing",
        json!({"target": "example.refusals#Thing"}),
    );
    output_member(&mut model, "send", json!({"target": "smithy.api#String"}));
    output_member(&mut model, "client", json!({"target": "smithy.api#String"}));
    generate(&model).expect("accepted");
}
