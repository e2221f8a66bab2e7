//! Clock-skew correction that a response cannot turn against the client.
//!
//! `aws-runtime`'s [`ServiceClockSkewInterceptor`] measures the skew between the service's
//! `Date` header and the local clock on every response, keeps it for the whole client, and the
//! SigV4 signer then signs at `now + skew`. It takes the header at face value: after a response
//! dated `Fri, 31 Dec 9999 23:59:59 GMT`, every later call signs in year 10000, which the
//! signer's date formatting cannot represent, and panics; the client never recovers.
//!
//! [`SaneClockSkewInterceptor`] wraps it and lets it see only responses whose `Date` is within
//! [`MAX_SANE_SKEW`] of the local clock. Other responses are logged and leave the stored skew as
//! it was; unreadable dates are handed on, since the wrapped interceptor ignores them itself.

use aws_runtime::service_clock_skew::ServiceClockSkewInterceptor;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::{dyn_dispatch_hint, Intercept};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use std::time::{Duration, SystemTime};

/// The largest skew between the service's clock and ours that is taken as a clock's reading.
///
/// A day: a local clock set to local time but read as UTC is off by at most 14 hours (UTC+14),
/// so this corrects every time-zone mistake and daylight-saving slip, which is what skew
/// correction is for. A `Date` further off is a broken header (or proxy), not a clock: AWS
/// rejects signatures more than 15 minutes off anyway, and a skew of centuries can make the
/// signer panic. The cost is that a device whose clock is off by more than a day (a dead RTC
/// battery reset to 1970) is not corrected and must fix its clock.
pub(crate) const MAX_SANE_SKEW: Duration = Duration::from_secs(24 * 60 * 60);

/// When this attempt's request left, by the local clock.
#[derive(Clone, Copy, Debug)]
struct SentAt(SystemTime);

impl Storable for SentAt {
    type Storer = StoreReplace<Self>;
}

/// [`ServiceClockSkewInterceptor`], fed only `Date` headers within [`MAX_SANE_SKEW`].
#[derive(Debug, Default)]
pub(crate) struct SaneClockSkewInterceptor {
    inner: ServiceClockSkewInterceptor,
}

impl SaneClockSkewInterceptor {
    pub(crate) fn new() -> Self {
        Self::default()
    }
}

/// The absolute difference between the `Date` header and `local`, or `None` when the header is
/// missing or unreadable.
pub(crate) fn date_skew(date: Option<&str>, local: SystemTime) -> Option<Duration> {
    let server = DateTime::from_str(date?, Format::HttpDate).ok()?;
    let server = SystemTime::try_from(server).ok()?;
    Some(match server.duration_since(local) {
        Ok(ahead) => ahead,
        Err(behind) => behind.duration(),
    })
}

#[dyn_dispatch_hint]
impl Intercept for SaneClockSkewInterceptor {
    fn name(&self) -> &'static str {
        "SaneClockSkewInterceptor"
    }

    fn modify_before_retry_loop(
        &self,
        ctx: &mut BeforeTransmitInterceptorContextMut<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.inner
            .modify_before_retry_loop(ctx, runtime_components, cfg)
    }

    fn read_before_transmit(
        &self,
        ctx: &BeforeTransmitInterceptorContextRef<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(clock) = runtime_components.time_source() {
            cfg.interceptor_state().store_put(SentAt(clock.now()));
        }
        self.inner
            .read_before_transmit(ctx, runtime_components, cfg)
    }

    fn modify_before_deserialization(
        &self,
        ctx: &mut BeforeDeserializationInterceptorContextMut<'_>,
        runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let received = runtime_components.time_source().map(|clock| clock.now());
        // The midpoint of the round trip, as the wrapped interceptor measures from; the
        // difference from either end is at most half a round trip, small next to the bound.
        let local = match (cfg.load::<SentAt>().copied(), received) {
            (Some(SentAt(sent)), Some(received)) => received
                .duration_since(sent)
                .ok()
                .and_then(|elapsed| sent.checked_add(elapsed / 2))
                .unwrap_or(received),
            (None, Some(received)) => received,
            (Some(SentAt(sent)), None) => sent,
            (None, None) => {
                return self
                    .inner
                    .modify_before_deserialization(ctx, runtime_components, cfg)
            }
        };
        let date = ctx.response().headers().get("date");
        if let Some(skew) = date_skew(date, local) {
            if skew > MAX_SANE_SKEW {
                tracing::warn!(
                    date = date.unwrap_or_default(),
                    skew_secs = skew.as_secs(),
                    max_skew_secs = MAX_SANE_SKEW.as_secs(),
                    "ignoring the response's Date header for clock-skew correction: it is further \
                     from the local clock than any clock error skew correction is meant to fix"
                );
                return Ok(());
            }
        }
        self.inner
            .modify_before_deserialization(ctx, runtime_components, cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_skew_reads_http_dates_in_both_directions() {
        // 2025-08-22T10:11:12Z
        let local = SystemTime::UNIX_EPOCH + Duration::from_secs(1_755_857_472);
        let cases: &[(Option<&str>, Option<u64>)] = &[
            (Some("Fri, 22 Aug 2025 10:11:12 GMT"), Some(0)),
            (Some("Fri, 22 Aug 2025 11:11:12 GMT"), Some(3600)),
            (Some("Fri, 22 Aug 2025 09:11:12 GMT"), Some(3600)),
            (
                Some("Fri, 31 Dec 9999 23:59:59 GMT"),
                Some(253_402_300_799 - 1_755_857_472),
            ),
            (Some("Thu, 01 Jan 1970 00:00:00 GMT"), Some(1_755_857_472)),
            (Some("not a date"), None),
            (Some(""), None),
            (None, None),
        ];
        for (date, want) in cases {
            assert_eq!(
                date_skew(*date, local).map(|d| d.as_secs()),
                *want,
                "{date:?}"
            );
        }
    }
}
