//! `nova-act-local`: runs the Nova Act emulator until Ctrl-C.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use nova_act_local::{FaultConfig, Server};

/// Local emulator of the Amazon Nova Act service (API 2025-08-22).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Region that requests must be signed for.
    #[arg(long, default_value = nova_act_local::DEFAULT_REGION)]
    region: String,
    /// Account ID used in ARNs.
    #[arg(long, default_value = nova_act_local::DEFAULT_ACCOUNT_ID)]
    account_id: String,
    /// Accept unsigned requests.
    #[arg(long)]
    no_auth: bool,
    /// Extra access key as ACCESS_KEY_ID:SECRET (repeatable); replaces the default key.
    #[arg(long = "access-key", value_name = "ID:SECRET")]
    access_keys: Vec<String>,
    /// Scenario file scripting the agent (YAML for .yaml/.yml, JSON otherwise).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Seed of the fault generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Share of requests answered with ThrottlingException (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    throttle_share: f64,
    /// Share of requests answered with InternalServerException (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    internal_error_share: f64,
    /// Share of requests whose connection is dropped mid-answer (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    drop_share: f64,
    /// Milliseconds added to every answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = nova_act_local::DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Milliseconds a connection has to send a complete request head (idle time included).
    #[arg(long, default_value_t = millis(nova_act_local::DEFAULT_HEADER_TIMEOUT))]
    header_timeout_ms: u64,
    /// Milliseconds a request body may take to arrive in full.
    #[arg(long, default_value_t = millis(nova_act_local::DEFAULT_BODY_TIMEOUT))]
    body_timeout_ms: u64,
    /// Connections served at once; more are accepted and closed at once.
    #[arg(long, default_value_t = nova_act_local::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Milliseconds deleted definitions and runs stay visible as DELETING.
    #[arg(long, default_value_t = 0)]
    deletion_delay_ms: u64,
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("nova_act_local=info")),
        )
        .with_writer(std::io::stderr)
        // Colour only on a terminal, so logs piped to a file or a test harness stay plain.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();

    let mut builder = Server::builder()
        .bind(SocketAddr::new(args.host, args.port))
        .region(&args.region)
        .account_id(&args.account_id)
        .body_limit(args.body_limit)
        .deletion_delay(Duration::from_millis(args.deletion_delay_ms))
        .header_timeout(Duration::from_millis(args.header_timeout_ms))
        .body_timeout(Duration::from_millis(args.body_timeout_ms))
        .max_connections(args.max_connections)
        .faults(
            FaultConfig::seeded(args.seed)
                .throttle(args.throttle_share)
                .internal_errors(args.internal_error_share)
                .drop_connections(args.drop_share)
                .latency(Duration::from_millis(args.latency_ms)),
        );
    for pair in &args.access_keys {
        let Some((id, secret)) = pair.split_once(':') else {
            eprintln!("error: --access-key wants ACCESS_KEY_ID:SECRET, got '{pair}'");
            return ExitCode::from(2);
        };
        builder = builder.access_key(id, secret);
    }
    if args.no_auth {
        builder = builder.no_auth();
    }
    if let Some(path) = &args.scenario {
        builder = builder.scenario_file(path);
    }

    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", server.endpoint_url());
    if args.access_keys.is_empty() && !args.no_auth {
        eprintln!(
            "accepting SigV4 signatures for region {} with access key {} / secret {}",
            args.region,
            nova_act_local::DEFAULT_ACCESS_KEY_ID,
            nova_act_local::DEFAULT_SECRET_ACCESS_KEY
        );
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
    server.shutdown().await;
    ExitCode::SUCCESS
}
