//! Errors built by hand, as tests and fakes build them: error builders, `generic` and
//! `unhandled`, the retry classification, and builders compared with `==`.

use aws_sdk_novaact::error::{ErrorMetadata, ProvideErrorMetadata};
use aws_sdk_novaact::operation::create_act::CreateActError;
use aws_sdk_novaact::operation::list_models::builders::ListModelsInputBuilder;
use aws_sdk_novaact::types::error::{InternalServerException, ThrottlingException};

use super::{BoxError, Env, Transcript};

pub async fn run(_env: &Env) -> Result<Transcript, BoxError> {
    let mut transcript = Transcript::new();
    let throttled = ThrottlingException::builder()
        .message("slow down")
        .retry_after_seconds(2)
        .build()?;
    transcript.push(format!("throttling: {}", throttled));
    transcript.push(format!(
        "throttling kind: {:?}",
        throttled.retryable_error_kind()
    ));
    let internal = InternalServerException::builder().message("boom").build()?;
    transcript.push(format!(
        "internal kind: {:?}",
        internal.retryable_error_kind()
    ));
    let missing = ThrottlingException::builder().build();
    transcript.push(format!(
        "builder without message fails: {}",
        missing.is_err()
    ));

    let op_error = CreateActError::ThrottlingException(throttled.clone());
    transcript.push(format!("op error code: {:?}", op_error.code()));
    let generic = CreateActError::generic(
        ErrorMetadata::builder()
            .code("Teapot")
            .message("short and stout")
            .build(),
    );
    transcript.push(format!(
        "generic: {:?} {:?}",
        generic.code(),
        generic.message()
    ));
    let unhandled = CreateActError::unhandled("lost");
    transcript.push(format!("unhandled code: {:?}", unhandled.code()));
    let as_crate: aws_sdk_novaact::Error = op_error.into();
    transcript.push(format!(
        "crate error is throttling: {}",
        matches!(as_crate, aws_sdk_novaact::Error::ThrottlingException(_))
    ));

    let a = ListModelsInputBuilder::default().client_compatibility_version(1);
    let b = ListModelsInputBuilder::default().client_compatibility_version(1);
    transcript.push(format!("equal builders: {}", a == b));
    Ok(transcript)
}
