//! Seeded fault injection.

use std::sync::Mutex;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::config::FaultConfig;

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Nothing: the request is served normally.
    None,
    /// Answer `ThrottlingException`.
    Throttle,
    /// Answer `InternalServerException`.
    InternalError,
    /// Carry the request out, then close the connection half-way through the answer.
    DropConnection,
}

/// The fault source of one server.
#[derive(Debug)]
pub struct Faults {
    config: FaultConfig,
    rng: Mutex<ChaCha8Rng>,
}

impl Faults {
    /// A fault source for `config`.
    pub fn new(config: FaultConfig) -> Self {
        Faults {
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(config.seed)),
            config,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// Draws the fault of the next request. No number is drawn when every share is zero.
    pub fn draw(&self) -> Fault {
        let c = &self.config;
        if c.throttle_share <= 0.0
            && c.internal_error_share <= 0.0
            && c.drop_connection_share <= 0.0
        {
            return Fault::None;
        }
        let x: f64 = {
            let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
            rng.random()
        };
        if x < c.throttle_share {
            Fault::Throttle
        } else if x < c.throttle_share + c.internal_error_share {
            Fault::InternalError
        } else if x < c.throttle_share + c.internal_error_share + c.drop_connection_share {
            Fault::DropConnection
        } else {
            Fault::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(config: &FaultConfig, n: usize) -> Vec<Fault> {
        let f = Faults::new(config.clone());
        (0..n).map(|_| f.draw()).collect()
    }

    #[test]
    fn same_seed_same_faults_and_shares_roughly_hold() {
        let config = FaultConfig::seeded(7)
            .throttle(0.2)
            .internal_errors(0.1)
            .drop_connections(0.1);
        let a = sequence(&config, 2000);
        assert_eq!(a, sequence(&config, 2000));
        assert_ne!(a, sequence(&FaultConfig { seed: 8, ..config }, 2000));
        let throttled = a.iter().filter(|f| **f == Fault::Throttle).count();
        assert!((300..500).contains(&throttled), "{throttled}");
        assert!(a.contains(&Fault::InternalError));
        assert!(a.contains(&Fault::DropConnection));
        assert!(a.contains(&Fault::None));
    }

    #[test]
    fn no_shares_no_faults() {
        assert!(sequence(&FaultConfig::seeded(1), 100)
            .iter()
            .all(|f| *f == Fault::None));
        assert!(sequence(&FaultConfig::seeded(1).throttle(1.0), 100)
            .iter()
            .all(|f| *f == Fault::Throttle));
    }
}
