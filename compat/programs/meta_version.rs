//! The crate's version, as applications log it.

use super::{BoxError, Env, Transcript};

pub async fn run(_env: &Env) -> Result<Transcript, BoxError> {
    let version = aws_sdk_novaact::meta::PKG_VERSION;
    Ok(vec![format!(
        "version has three parts: {}",
        version.split('.').count() == 3
    )])
}
