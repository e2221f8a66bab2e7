//! Paginators: a stream of pages, and a stream of the items on those pages.

use crate::service::{Handle, Operation, ServiceSpec};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::operation::BuildError;
use futures_core::Stream;
use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A stream of results from a paginated operation. It implements [`futures_core::Stream`];
/// [`next`](Self::next), [`collect`](Self::collect), [`try_next`](Self::try_next) and
/// [`try_collect`](Self::try_collect) are there for use without `futures`' extension traits,
/// as on the official SDKs' pagination streams.
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = T> + Send>>,
}

impl<T> fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaginationStream")
    }
}

impl<T> PaginationStream<T> {
    fn new(inner: impl Stream<Item = T> + Send + 'static) -> Self {
        // Fused, so that polling again after the end keeps answering `None` instead of
        // panicking inside `unfold`.
        Self {
            inner: Box::pin(futures_util::StreamExt::fuse(inner)),
        }
    }

    /// The next item, or `None` when the stream is done (also on every later call).
    pub async fn next(&mut self) -> Option<T> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Collects every item, errors included, into any collection.
    pub async fn collect<C: Default + Extend<T>>(mut self) -> C {
        let mut collection = C::default();
        while let Some(item) = self.next().await {
            collection.extend(Some(item));
        }
        collection
    }
}

impl<T, E> PaginationStream<Result<T, E>> {
    /// The next item, `Ok(None)` when the stream is done, or the error that ended it.
    pub async fn try_next(&mut self) -> Result<Option<T>, E> {
        self.next().await.transpose()
    }

    /// Collects every item, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// How a paginated operation moves from page to page.
pub trait Paginated: Operation {
    /// The item type of the operation's item list.
    type Item: Send + 'static;

    /// Sets the input's continuation token.
    fn set_token(input: &mut Self::Input, token: Option<String>);

    /// The input's continuation token: the caller's starting token, if any.
    fn token(input: &Self::Input) -> Option<&str> {
        let _ = input;
        None
    }

    /// The output's continuation token.
    fn next_token(output: &Self::Output) -> Option<&str>;

    /// Takes the items out of a page.
    fn take_items(output: Self::Output) -> Vec<Self::Item>;
}

/// One page, or the error that ended the stream.
pub type PageResult<O> =
    Result<<O as Operation>::Output, SdkError<<O as Operation>::Error, HttpResponse>>;

/// One item, or the error that ended the stream.
pub type ItemResult<O> =
    Result<<O as Paginated>::Item, SdkError<<O as Operation>::Error, HttpResponse>>;

enum State<I> {
    Next {
        input: I,
        /// Every token sent in this pagination: a token handed back again means the service is
        /// going round a cycle (A, B, A, ...), which would never end.
        sent_tokens: HashSet<String>,
    },
    Failed(BuildError),
    Done,
}

/// Streams the pages of a paginated operation, starting from `input`. The stream ends after
/// the last page (no or an empty continuation token, or a token already sent in this
/// pagination handed back again) or after the first error, which it yields.
///
/// The official AWS SDK for Rust ends its paginators quietly, without an error, when the
/// service hands back the token just sent; this ends the same way on any token sent before, so
/// that a service cycling through several tokens cannot keep a paginator going forever. With
/// `stop_on_duplicate_token` false, only the end of the pages ends the stream.
pub fn pages<O, S>(
    handle: Arc<Handle<S>>,
    input: Result<O::Input, BuildError>,
    stop_on_duplicate_token: bool,
) -> PaginationStream<PageResult<O>>
where
    O: Paginated,
    O::Input: Clone,
    S: ServiceSpec + Send + Sync,
{
    let initial = match input {
        Ok(input) => State::Next {
            // A starting token handed straight back ends the pagination too, as in the
            // official SDK (which compares with the token in the input).
            sent_tokens: O::token(&input)
                .filter(|token| !token.is_empty())
                .map(str::to_owned)
                .into_iter()
                .collect(),
            input,
        },
        Err(err) => State::Failed(err),
    };
    let stream = futures_util::stream::unfold(initial, move |state| {
        let handle = handle.clone();
        async move {
            match state {
                State::Done => None,
                State::Failed(err) => Some((Err(SdkError::construction_failure(err)), State::Done)),
                State::Next {
                    input,
                    mut sent_tokens,
                } => {
                    let result = handle.invoke::<O>(input.clone()).await;
                    let next = match &result {
                        Ok(output) => match O::next_token(output) {
                            Some(token)
                                if !token.is_empty()
                                    && (!stop_on_duplicate_token
                                        || !sent_tokens.contains(token)) =>
                            {
                                let token = token.to_owned();
                                let mut input = input;
                                O::set_token(&mut input, Some(token.clone()));
                                sent_tokens.insert(token);
                                State::Next { input, sent_tokens }
                            }
                            _ => State::Done,
                        },
                        Err(_) => State::Done,
                    };
                    Some((result, next))
                }
            }
        }
    });
    PaginationStream::new(stream)
}

/// Streams the items of every page, in order.
pub fn items<O, S>(
    handle: Arc<Handle<S>>,
    input: Result<O::Input, BuildError>,
    stop_on_duplicate_token: bool,
) -> PaginationStream<ItemResult<O>>
where
    O: Paginated,
    O::Input: Clone,
    S: ServiceSpec + Send + Sync,
{
    use futures_util::StreamExt;
    let stream = pages::<O, S>(handle, input, stop_on_duplicate_token).flat_map(|page| {
        let items: Vec<ItemResult<O>> = match page {
            Ok(output) => O::take_items(output).into_iter().map(Ok).collect(),
            Err(err) => vec![Err(err)],
        };
        futures_util::stream::iter(items)
    });
    PaginationStream::new(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_keeps_answering_none_after_the_end() {
        let inner =
            futures_util::stream::unfold(0u8, |n| async move { (n < 2).then_some((n, n + 1)) });
        let mut stream = PaginationStream::new(inner);
        let items = futures_util::FutureExt::now_or_never(async {
            let mut items = Vec::new();
            while let Some(item) = stream.next().await {
                items.push(item);
            }
            assert!(stream.next().await.is_none());
            assert!(stream.next().await.is_none());
            items
        })
        .expect("ready stream");
        assert_eq!(items, [0, 1]);
    }
}
