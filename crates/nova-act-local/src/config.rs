//! Configuration: defaults, models and faults.

use std::time::Duration;

/// Access key id accepted when no keys are configured (the documented AWS example key).
pub const DEFAULT_ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// Secret access key paired with [`DEFAULT_ACCESS_KEY_ID`].
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// Region used when none is configured.
pub const DEFAULT_REGION: &str = "us-east-1";
/// Account id used in ARNs when none is configured.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
/// Largest request body accepted by default (bytes); larger ones get HTTP 413.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;
/// Time a connection has to send a complete request head, idle keep-alive time included.
/// Generous for any real client, short enough that stalled connections do not pile up.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// Time a request body may take to arrive in full: a 10 MiB body needs only ~350 KiB/s.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once. With the default body limit this bounds the memory held by
/// request bodies to 2.5 GiB in the worst case, while leaving room for test suites that run
/// many clients with pooled connections in parallel.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
/// Page size of `List*` operations when `maxResults` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// Lifecycle status of a model, as `ListModels` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelStatus {
    /// Current model.
    Active,
    /// Older model, still usable.
    Legacy,
    /// No longer usable for new workflow runs.
    Deprecated,
    /// Early access.
    Preview,
}

impl ModelStatus {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelStatus::Active => "ACTIVE",
            ModelStatus::Legacy => "LEGACY",
            ModelStatus::Deprecated => "DEPRECATED",
            ModelStatus::Preview => "PREVIEW",
        }
    }
}

/// A model offered by `ListModels` and accepted by `CreateWorkflowRun`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    /// Model ID.
    pub model_id: String,
    /// Lifecycle status.
    pub status: ModelStatus,
    /// Clients below this compatibility version cannot use the model.
    pub minimum_compatibility_version: i32,
}

impl ModelInfo {
    /// A model.
    pub fn new(
        model_id: impl Into<String>,
        status: ModelStatus,
        minimum_compatibility_version: i32,
    ) -> Self {
        ModelInfo {
            model_id: model_id.into(),
            status,
            minimum_compatibility_version,
        }
    }
}

/// A model alias (`aliasName` → `latestModelId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelAlias {
    /// The alias, usable as a `modelId`.
    pub alias: String,
    /// The model it points at.
    pub model_id: String,
}

impl ModelAlias {
    /// An alias.
    pub fn new(alias: impl Into<String>, model_id: impl Into<String>) -> Self {
        ModelAlias {
            alias: alias.into(),
            model_id: model_id.into(),
        }
    }
}

/// Models offered when none are configured.
pub fn default_models() -> Vec<ModelInfo> {
    vec![
        ModelInfo::new("nova-act-v1.0", ModelStatus::Active, 1),
        ModelInfo::new("nova-act-v0.9", ModelStatus::Legacy, 1),
        ModelInfo::new("nova-act-v1.1-preview", ModelStatus::Preview, 2),
    ]
}

/// Aliases offered when none are configured: `nova-act-latest` → `nova-act-v1.0`.
pub fn default_aliases() -> Vec<ModelAlias> {
    vec![ModelAlias::new("nova-act-latest", "nova-act-v1.0")]
}

/// Faults injected into answers, drawn from a seeded random sequence so that a test run
/// with the same seed and the same order of requests sees the same faults.
///
/// For every authenticated request one number is drawn: below `throttle_share` the answer
/// is a `ThrottlingException` (429, `Retry-After`); in the next `internal_error_share` an
/// `InternalServerException` (500); in the next `drop_connection_share` the request is
/// carried out but the connection is closed after the status line, headers and half of the
/// body. `latency` is added before every answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultConfig {
    /// Seed of the ChaCha8 generator.
    pub seed: u64,
    /// Share of requests answered with `ThrottlingException` (0.0–1.0).
    pub throttle_share: f64,
    /// Share of requests answered with `InternalServerException` (0.0–1.0).
    pub internal_error_share: f64,
    /// Share of requests whose connection is dropped mid-answer (0.0–1.0).
    pub drop_connection_share: f64,
    /// Delay added to every answer.
    pub latency: Duration,
}

impl FaultConfig {
    /// No faults, with this seed.
    pub fn seeded(seed: u64) -> Self {
        FaultConfig {
            seed,
            ..FaultConfig::default()
        }
    }

    /// Sets the throttled share.
    pub fn throttle(mut self, share: f64) -> Self {
        self.throttle_share = share;
        self
    }

    /// Sets the internal-error share.
    pub fn internal_errors(mut self, share: f64) -> Self {
        self.internal_error_share = share;
        self
    }

    /// Sets the dropped-connection share.
    pub fn drop_connections(mut self, share: f64) -> Self {
        self.drop_connection_share = share;
        self
    }

    /// Sets the added latency.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Whether any fault can happen.
    pub fn is_active(&self) -> bool {
        self.throttle_share > 0.0
            || self.internal_error_share > 0.0
            || self.drop_connection_share > 0.0
            || !self.latency.is_zero()
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        let shares = [
            ("throttle", self.throttle_share),
            ("internal error", self.internal_error_share),
            ("dropped connection", self.drop_connection_share),
        ];
        for (name, share) in shares {
            if !(0.0..=1.0).contains(&share) {
                return Err(format!("{name} share must be between 0 and 1, got {share}"));
            }
        }
        let total: f64 = shares.iter().map(|(_, s)| s).sum();
        if total > 1.0 + 1e-9 {
            return Err(format!("fault shares add up to {total}, more than 1"));
        }
        Ok(())
    }
}
