//! Opaque, tamper-evident pagination tokens for keyset pagination.
//!
//! Every listed item has a creation sequence number, unique and increasing across the whole
//! server, so `(createdAt, id)` order is sequence order. A page is "the next `maxResults`
//! items after sequence N in the requested direction", which stays correct while items are
//! added or removed between pages (no offsets).
//!
//! A token is hex of `version | last sequence | MAC`, where the MAC (HMAC-SHA256 with a key
//! drawn when the server starts, truncated to 16 bytes) covers the position *and* a
//! fingerprint of the query (operation, parent resources, filters, sort order). A token
//! from another list, another query, another server instance, or an edited token fails the
//! MAC and is rejected with a `ValidationException` on `nextToken`.

use hmac::{Hmac, KeyInit, Mac};
use rand::RngExt;
use sha2::Sha256;

use crate::errors::ApiError;

type HmacSha256 = Hmac<Sha256>;

const VERSION: u8 = 1;
const MAC_LEN: usize = 16;

/// Issues and checks tokens.
#[derive(Debug, Clone)]
pub struct Tokens {
    key: [u8; 32],
}

/// Sort direction of a list request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Oldest first.
    Ascending,
    /// Newest first.
    Descending,
}

impl Direction {
    /// Reads the model's `SortOrder` value (default `Ascending`).
    pub fn from_sort_order(value: Option<&str>) -> Direction {
        match value {
            Some("Descending") => Direction::Descending,
            _ => Direction::Ascending,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Direction::Ascending => "Ascending",
            Direction::Descending => "Descending",
        }
    }
}

impl Default for Tokens {
    fn default() -> Self {
        Tokens::new()
    }
}

impl Tokens {
    /// Tokens keyed with a fresh random key.
    pub fn new() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill(&mut key);
        Tokens { key }
    }

    fn mac(&self, last: u64, scope: &[&str], direction: Direction) -> HmacSha256 {
        // HMAC takes keys of any length: this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(&[VERSION]);
        mac.update(&last.to_be_bytes());
        for part in scope {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.update(direction.name().as_bytes());
        mac
    }

    /// A token for the page after the item with sequence `last`.
    pub fn issue(&self, last: u64, scope: &[&str], direction: Direction) -> String {
        let mut bytes = Vec::with_capacity(1 + 8 + MAC_LEN);
        bytes.push(VERSION);
        bytes.extend_from_slice(&last.to_be_bytes());
        let tag = self.mac(last, scope, direction).finalize().into_bytes();
        bytes.extend_from_slice(&tag[..MAC_LEN]);
        hex::encode(bytes)
    }

    /// The position in a token, if it was issued by this server for this very query.
    pub fn check(
        &self,
        token: &str,
        scope: &[&str],
        direction: Direction,
    ) -> Result<u64, ApiError> {
        let reject = || {
            ApiError::field(
                "nextToken",
                "The pagination token is invalid, expired, or was issued for a different request",
            )
        };
        let bytes = hex::decode(token).map_err(|_| reject())?;
        if bytes.len() != 1 + 8 + MAC_LEN || bytes[0] != VERSION {
            return Err(reject());
        }
        let mut pos = [0u8; 8];
        pos.copy_from_slice(&bytes[1..9]);
        let last = u64::from_be_bytes(pos);
        // Constant-time comparison of the truncated tag.
        self.mac(last, scope, direction)
            .verify_truncated_left(&bytes[9..])
            .map_err(|_| reject())?;
        Ok(last)
    }
}

/// One page of a keyset-ordered collection.
pub struct Page<T> {
    /// Items on this page.
    pub items: Vec<T>,
    /// Token for the next page, if there is more.
    pub next_token: Option<String>,
}

/// Takes one page from `iter` (already ordered and positioned after the token) of at most
/// `limit` items; `seq` gives an item's sequence number.
pub fn take_page<T>(
    tokens: &Tokens,
    iter: impl Iterator<Item = T>,
    limit: usize,
    seq: impl Fn(&T) -> u64,
    scope: &[&str],
    direction: Direction,
) -> Page<T> {
    let mut items = Vec::with_capacity(limit.min(128));
    let mut more = false;
    for item in iter {
        if items.len() == limit {
            more = true;
            break;
        }
        items.push(item);
    }
    let next_token = match (more, items.last()) {
        (true, Some(last)) => Some(tokens.issue(seq(last), scope, direction)),
        _ => None,
    };
    Page { items, next_token }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_only_for_their_query() {
        let t = Tokens::new();
        let token = t.issue(42, &["ListActs", "wf"], Direction::Ascending);
        assert_eq!(
            t.check(&token, &["ListActs", "wf"], Direction::Ascending)
                .unwrap(),
            42
        );
        assert!(t
            .check(&token, &["ListActs", "other"], Direction::Ascending)
            .is_err());
        assert!(t
            .check(&token, &["ListActs", "wf"], Direction::Descending)
            .is_err());
        assert!(t
            .check(&token, &["ListSessions", "wf"], Direction::Ascending)
            .is_err());
        assert!(Tokens::new()
            .check(&token, &["ListActs", "wf"], Direction::Ascending)
            .is_err());
        // Edit the position and keep the MAC: rejected.
        let mut forged = hex::decode(&token).unwrap();
        forged[8] ^= 1;
        assert!(t
            .check(
                &hex::encode(forged),
                &["ListActs", "wf"],
                Direction::Ascending
            )
            .is_err());
        assert!(t
            .check("zz", &["ListActs", "wf"], Direction::Ascending)
            .is_err());
    }

    #[test]
    fn pages_have_tokens_only_when_more_remains() {
        let t = Tokens::new();
        let page = take_page(&t, 1u64..=5, 2, |x| *x, &[], Direction::Ascending);
        assert_eq!(page.items, vec![1, 2]);
        assert!(page.next_token.is_some());
        let page = take_page(&t, 1u64..=2, 2, |x| *x, &[], Direction::Ascending);
        assert!(page.next_token.is_none());
    }
}
