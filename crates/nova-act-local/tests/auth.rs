//! SigV4 authentication over real HTTP, with reference signatures from `aws-sigv4`.

mod common;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use common::{send, server, Client, Signer};
use nova_act_local::Server;
use serde_json::json;

#[tokio::test]
async fn signed_requests_are_served() {
    let server = server().await;
    let client = Client::new(&server);

    let models = client
        .call("POST", "/models?clientCompatibilityVersion=1", None)
        .await;
    assert!(models.headers.contains_key("x-amzn-requestid"));
    let body = models.expect(200);
    assert!(!body["modelSummaries"].as_array().unwrap().is_empty());

    // A JSON body, labels and a query string, all covered by the signature.
    client.create_definition("signed-wf").await.expect(201);
    let run = client.create_run("signed-wf").await;
    let list = client
        .call(
            "POST",
            &format!("/workflow-definitions/signed-wf/acts?workflowRunId={run}&maxResults=5"),
            Some(json!({"sortOrder": "Descending"})),
        )
        .await
        .expect(200);
    assert_eq!(list["actSummaries"], json!([]));
    server.shutdown().await;
}

#[tokio::test]
async fn path_is_double_encoded_in_the_canonical_request() {
    let server = server().await;
    let client = Client::new(&server);
    // Percent-encoded characters in a label: the signature still verifies (the canonical URI
    // encodes the path again), so the request gets as far as the lookup, with the label
    // decoded. (Smithy patterns are unanchored, so this name passes `[a-zA-Z0-9_-]{1,40}`.)
    let reply = client
        .call("GET", "/workflow-definitions/bad%3Aname%20here", None)
        .await;
    reply.expect_error(404, "ResourceNotFoundException");
    assert_eq!(reply.body["resourceId"], "bad:name here");
    let reply = client
        .call("GET", "/workflow-definitions/%3A%3A%3A", None)
        .await;
    reply.expect_error(400, "ValidationException");
    assert_eq!(reply.fields(), ["workflowDefinitionName"]);
    // Dot segments are normalized the same way on both sides.
    client.create_definition("dots").await.expect(201);
    let reply = client
        .call("GET", "/workflow-definitions/x/../dots", None)
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn session_tokens_and_content_hash_headers_are_accepted() {
    let server = server().await;
    let client = Client::new(&server);
    let with_token = client.with_signer(Some(Signer {
        session_token: Some("FwoGZXIvYXdzEXAMPLETOKEN".into()),
        ..Signer::default()
    }));
    with_token
        .call("POST", "/models?clientCompatibilityVersion=1", None)
        .await
        .expect(200);
    let with_hash = client.with_signer(Some(Signer {
        content_sha_header: true,
        ..Signer::default()
    }));
    with_hash.create_definition("hashed").await.expect(201);
    server.shutdown().await;
}

#[tokio::test]
async fn each_auth_failure_has_its_error() {
    let server = server().await;
    let client = Client::new(&server);
    let path = "/models?clientCompatibilityVersion=1";

    // No Authorization header at all.
    let reply = client.with_signer(None).call("POST", path, None).await;
    reply.expect_error(403, "MissingAuthenticationTokenException");
    assert_eq!(reply.message(), "Missing Authentication Token");

    // A malformed header.
    let mut req = client.with_signer(None).request("POST", path, Bytes::new());
    req.headers_mut().insert(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/nova-act/aws4_request"
            .parse()
            .unwrap(),
    );
    req.headers_mut()
        .insert("x-amz-date", "20250101T000000Z".parse().unwrap());
    let reply = send(client.addr, req).await.unwrap();
    reply.expect_error(403, "IncompleteSignatureException");
    assert!(reply.message().contains("'Signature'"), "{reply:?}");

    // An unknown access key.
    let reply = client
        .with_signer(Some(Signer {
            access_key_id: "AKIDUNKNOWN".into(),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "UnrecognizedClientException");

    // Signed too long ago, or in the future.
    let reply = client
        .with_signer(Some(Signer {
            time: Some(SystemTime::now() - Duration::from_secs(10 * 60)),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "InvalidSignatureException");
    assert!(
        reply.message().starts_with("Signature expired"),
        "{reply:?}"
    );
    let reply = client
        .with_signer(Some(Signer {
            time: Some(SystemTime::now() + Duration::from_secs(10 * 60)),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "InvalidSignatureException");
    assert!(
        reply.message().starts_with("Signature not yet current"),
        "{reply:?}"
    );

    // Scoped to another service or region.
    let reply = client
        .with_signer(Some(Signer {
            service: "bedrock".into(),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "InvalidSignatureException");
    assert!(reply.message().contains("'nova-act'"), "{reply:?}");
    assert!(reply.message().contains("'bedrock'"), "{reply:?}");
    let reply = client
        .with_signer(Some(Signer {
            region: "eu-west-1".into(),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "InvalidSignatureException");
    assert!(reply.message().contains("'us-east-1'"), "{reply:?}");
    assert!(reply.message().contains("'eu-west-1'"), "{reply:?}");

    // The wrong secret.
    let reply = client
        .with_signer(Some(Signer {
            secret: "not-the-secret".into(),
            ..Signer::default()
        }))
        .call("POST", path, None)
        .await;
    reply.expect_error(403, "InvalidSignatureException");
    assert!(reply.message().contains("does not match"), "{reply:?}");
    assert!(reply.message().contains("Canonical String"), "{reply:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn tampering_after_signing_is_detected() {
    let server = server().await;
    let client = Client::new(&server);

    // Body changed after signing.
    let mut req = client.request(
        "PUT",
        "/workflow-definitions",
        Bytes::from_static(br#"{"name":"one"}"#),
    );
    *req.body_mut() = Bytes::from_static(br#"{"name":"two"}"#);
    send(client.addr, req)
        .await
        .unwrap()
        .expect_error(403, "InvalidSignatureException");

    // Query changed after signing.
    let req = client.request("POST", "/models?clientCompatibilityVersion=1", Bytes::new());
    let (mut parts, body) = req.into_parts();
    parts.uri = "/models?clientCompatibilityVersion=2".parse().unwrap();
    send(client.addr, http::Request::from_parts(parts, body))
        .await
        .unwrap()
        .expect_error(403, "InvalidSignatureException");

    // A signed x-amz-content-sha256 that does not match the body.
    let hashing = client.with_signer(Some(Signer {
        content_sha_header: true,
        ..Signer::default()
    }));
    let mut req = hashing.request(
        "PUT",
        "/workflow-definitions",
        Bytes::from_static(br#"{"name":"one"}"#),
    );
    *req.body_mut() = Bytes::from_static(br#"{"name":"own"}"#);
    let reply = send(client.addr, req).await.unwrap();
    reply.expect_error(403, "InvalidSignatureException");
    assert!(
        reply.message().contains("x-amz-content-sha256"),
        "{reply:?}"
    );

    // Nothing was created by any of these.
    let list = client
        .call("POST", "/workflow-definitions", Some(json!({})))
        .await
        .expect(200);
    assert_eq!(list["workflowDefinitionSummaries"], json!([]));
    server.shutdown().await;
}

#[tokio::test]
async fn configured_keys_replace_the_default_and_no_auth_accepts_anything() {
    let server = Server::builder()
        .access_key("AKIDCUSTOM", "custom-secret")
        .access_keys([("AKIDSECOND", "second-secret")])
        .start()
        .await
        .unwrap();
    let client = Client::new(&server);
    let path = "/models?clientCompatibilityVersion=1";
    client
        .call("POST", path, None)
        .await
        .expect_error(403, "UnrecognizedClientException");
    for (id, secret) in [
        ("AKIDCUSTOM", "custom-secret"),
        ("AKIDSECOND", "second-secret"),
    ] {
        client
            .with_signer(Some(Signer {
                access_key_id: id.into(),
                secret: secret.into(),
                ..Signer::default()
            }))
            .call("POST", path, None)
            .await
            .expect(200);
    }
    server.shutdown().await;

    let open = Server::builder()
        .no_auth()
        .region("eu-central-1")
        .start()
        .await
        .unwrap();
    let client = Client::new(&open).with_signer(None);
    client.call("POST", path, None).await.expect(200);
    client.create_definition("open").await.expect(201);
    let def = client
        .call("GET", "/workflow-definitions/open", None)
        .await
        .expect(200);
    assert_eq!(
        def["arn"],
        "arn:aws:nova-act:eu-central-1:123456789012:workflow-definition/open"
    );
    open.shutdown().await;
}
