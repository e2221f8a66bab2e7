//! Acts on a real Chromium with `nova-act-agent`: client-side time per step and steps per
//! second, for N concurrent sessions. The Rust side of `tools/browser-bench/run.py`, which
//! runs the official Python SDK on the same emulator binary, scenario, page and Chromium and
//! measures both clients' memory from outside.
//!
//! ```text
//! cargo bench -p nova-act-bench --bench browser                       # standalone
//! cargo bench -p nova-act-bench --bench browser -- --sessions 8 --acts 4
//! target/release/deps/browser-<hash> --endpoint http://127.0.0.1:PORT \
//!     --page-url http://127.0.0.1:PORT2/counter --sessions 8 --acts 4 --json
//! ```
//!
//! Options: `--sessions N` (1), `--acts K` (4; the first round is a warm-up), `--endpoint URL`
//! (an emulator started with `--scenario tools/browser-bench/scenario.yaml`; without it the
//! emulator runs in this process on a runtime of its own), `--page-url URL` (the page
//! `tools/browser-bench/pages/counter.html`; without it this process serves it on
//! 127.0.0.1), `--chromium PATH` (else `CHROME`, `CHROMIUM` or `PATH`), `--chromium-arg ARG`
//! (repeatable: one more Chromium flag, for experiments), `--json` (one JSON object instead
//! of a table).
//!
//! One headless Chromium process; each session is [`Chromium::actuator`] (its own browser
//! context and page) opened on the counter page; all sessions run on one multi-threaded tokio
//! runtime, in one workflow run. A round runs one act per session, all at once; the act
//! ("Benchmark: click the counter button 10 times") is 10 steps of `agentClick` on the
//! page's button, each followed by the `waitForPageToSettle` and `takeObservation` the
//! emulator appends, then a step that returns: 11 steps.
//!
//! * **client-side time per step** = (wall time of `session.act` − Σ `server_time` of its
//!   steps) / steps. `server_time` is the `InvokeActStep` round trip as the client sees it
//!   (serializing and signing the request, loopback HTTP, the emulator's work, parsing the
//!   answer). `CreateAct` and `UpdateAct` stay in the client-side time.
//! * **steps per second** = steps completed in the measured rounds / the sum of their wall
//!   times (a round's wall time runs from its start to the end of its last act).
//! * **breakdown** (means, so that the parts add up to the mean client-side time): the
//!   actuator is wrapped to time its methods (click, settle, observe);
//!   the rest of the client-side time is the act loop (encoding observations and results,
//!   scheduling) plus `CreateAct` and `UpdateAct`.
//!
//! The page is never reloaded, so after K rounds each page's counter must read 10 K: checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nova_act_agent::chromium::{Chromium, ChromiumOptions, ChromiumPage};
use nova_act_agent::{
    async_trait, ActuationError, Actuator, ClickType, Observation, ScrollDirection, TargetBox,
    Workflow,
};
use nova_act_local::{Scenario, Server};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::types::WorkflowRunStatus;
use nova_act_sdk::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TASK: &str = "Benchmark: click the counter button 10 times";
const ANSWER: &str = "Clicked 10 times";
const CLICKS_PER_ACT: u64 = 10;
const REGION: &str = "us-east-1";

struct Options {
    sessions: usize,
    acts: usize,
    endpoint: Option<String>,
    page_url: Option<String>,
    chromium: Option<PathBuf>,
    chromium_args: Vec<String>,
    json: bool,
}

fn options() -> Options {
    let mut options = Options {
        sessions: 1,
        acts: 4,
        endpoint: None,
        page_url: None,
        chromium: None,
        chromium_args: Vec::new(),
        json: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> String {
            args.next()
                .unwrap_or_else(|| panic!("{name} takes a value"))
        };
        match arg.as_str() {
            "--sessions" => options.sessions = value("--sessions").parse().expect("--sessions N"),
            "--acts" => options.acts = value("--acts").parse().expect("--acts K"),
            "--endpoint" => options.endpoint = Some(value("--endpoint")),
            "--page-url" => options.page_url = Some(value("--page-url")),
            "--chromium" => options.chromium = Some(value("--chromium").into()),
            "--chromium-arg" => options.chromium_args.push(value("--chromium-arg")),
            "--json" => options.json = true,
            // `cargo bench` passes `--bench`; other harness flags are ignored as well.
            _ => {}
        }
    }
    assert!(options.sessions >= 1, "at least one session");
    assert!(
        options.acts >= 2,
        "a warm-up round and at least one measured round"
    );
    options
}

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/browser-bench")
}

fn client(endpoint: &str) -> Client {
    let config = Config::builder()
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(
            nova_act_local::DEFAULT_ACCESS_KEY_ID,
            nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
            None,
            None,
            "nova-act-local",
        ))
        .http_client(nova_act_sdk::http::https_client())
        .endpoint_url(endpoint)
        .build();
    Client::from_conf(config)
}

/// The same flags the Python side gives its Chromium (tools/nova-act-interop/acts.py's
/// CHROMIUM_FLAGS): no sandbox (root), no GPU, nothing but loopback reachable.
fn chromium_options(executable: Option<&Path>, extra: &[String]) -> ChromiumOptions {
    let mut options = ChromiumOptions::default()
        .headless(true)
        .no_sandbox(true)
        .arg("--disable-gpu")
        .arg("--disable-quic")
        .arg("--no-first-run")
        .arg("--disable-background-networking")
        .arg("--disable-component-update")
        .arg("--disable-sync")
        .arg("--proxy-server=http://127.0.0.1:9")
        .arg("--proxy-bypass-list=127.0.0.1;localhost");
    if let Some(path) = executable {
        options = options.executable(path);
    }
    for arg in extra {
        options = options.arg(arg.as_str());
    }
    options
}

/// Serves `pages/counter.html` at `/counter` on 127.0.0.1 (standalone runs only).
async fn serve_counter_page() -> String {
    let body = Arc::new(std::fs::read(bench_dir().join("pages/counter.html")).expect("page"));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut read = 0;
                while !buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                    if read == buffer.len() {
                        return;
                    }
                }
                let head = String::from_utf8_lossy(&buffer[..read]);
                let target = head.split(' ').nth(1).unwrap_or("/");
                let response = if target.split('?').next() == Some("/counter") {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                         Content-Length: {}\r\nCache-Control: no-store\r\n\
                         Connection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(&body);
                    r
                } else {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec()
                };
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("{base}/counter")
}

/// Time spent in each actuator method since the last `take`.
#[derive(Default, Clone)]
struct Spent {
    by_method: HashMap<&'static str, Duration>,
}

/// The Chromium actuator, with each method timed.
struct Timed<A> {
    inner: A,
    spent: Arc<Mutex<Spent>>,
}

impl<A> Timed<A> {
    fn record(&self, method: &'static str, since: Instant) {
        let mut spent = self.spent.lock().unwrap();
        *spent.by_method.entry(method).or_default() += since.elapsed();
    }
}

#[async_trait]
impl<A: Actuator> Actuator for Timed<A> {
    async fn observe(&mut self) -> Result<Observation, ActuationError> {
        let begun = Instant::now();
        let result = self.inner.observe().await;
        self.record("observe", begun);
        result
    }

    async fn settle(&mut self) -> Result<(), ActuationError> {
        let begun = Instant::now();
        let result = self.inner.settle().await;
        self.record("settle", begun);
        result
    }

    async fn click(&mut self, target: TargetBox, click: ClickType) -> Result<(), ActuationError> {
        let begun = Instant::now();
        let result = self.inner.click(target, click).await;
        self.record("click", begun);
        result
    }

    async fn hover(&mut self, target: TargetBox) -> Result<(), ActuationError> {
        self.inner.hover(target).await
    }

    async fn scroll(
        &mut self,
        target: TargetBox,
        direction: ScrollDirection,
    ) -> Result<(), ActuationError> {
        self.inner.scroll(target, direction).await
    }

    async fn type_text(
        &mut self,
        target: TargetBox,
        text: &str,
        press_enter: bool,
    ) -> Result<(), ActuationError> {
        self.inner.type_text(target, text, press_enter).await
    }

    async fn go_to_url(&mut self, url: &str) -> Result<(), ActuationError> {
        self.inner.go_to_url(url).await
    }

    async fn wait(&mut self, duration: Duration) -> Result<(), ActuationError> {
        self.inner.wait(duration).await
    }
}

/// The figures of one act.
struct Sample {
    steps: usize,
    wall: Duration,
    server: Duration,
    spent: Spent,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn count_on(page: &ChromiumPage) -> u64 {
    let text = page
        .evaluate("document.getElementById('count').textContent")
        .await
        .expect("counter");
    text.as_str()
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("counter text {text}"))
}

struct Report {
    startup: Duration,
    samples: Vec<Sample>,
    round_walls: Vec<Duration>,
}

async fn run(options: &Options, endpoint: &str, page_url: &str) -> Report {
    let begun = Instant::now();
    let client = client(endpoint);
    let definition = format!("browser-bench-rust-{}", std::process::id());
    client
        .create_workflow_definition()
        .name(&definition)
        .send()
        .await
        .expect("CreateWorkflowDefinition");
    let chromium = Chromium::launch(chromium_options(
        options.chromium.as_deref(),
        &options.chromium_args,
    ))
    .await
    .expect("Chromium launches");
    let workflow = Workflow::builder(&client, &definition)
        .start()
        .await
        .expect("workflow run");
    let mut sessions = Vec::new();
    for _ in 0..options.sessions {
        // The session's page opens at the counter directly.
        let actuator = chromium.actuator_at(page_url).await.expect("actuator");
        let page = actuator.page();
        let spent = Arc::new(Mutex::new(Spent::default()));
        let timed = Timed {
            inner: actuator,
            spent: Arc::clone(&spent),
        };
        let session = workflow
            .session()
            .actuator(timed)
            .start()
            .await
            .expect("session");
        sessions.push((session, page, spent));
    }
    let startup = begun.elapsed();

    let mut samples = Vec::new();
    let mut round_walls = Vec::new();
    for round in 0..options.acts {
        let round_begun = Instant::now();
        let mut tasks = Vec::new();
        for (session, _, spent) in &sessions {
            let session = session.clone();
            let spent = Arc::clone(spent);
            tasks.push(tokio::spawn(async move {
                spent.lock().unwrap().by_method.clear();
                let begun = Instant::now();
                let result = session.act(TASK).await.expect("the act succeeds");
                let wall = begun.elapsed();
                assert_eq!(result.answer, ANSWER);
                let metadata = &result.metadata;
                let spent = std::mem::take(&mut *spent.lock().unwrap());
                Sample {
                    steps: metadata.steps.len(),
                    wall,
                    server: metadata.steps.iter().map(|s| s.server_time).sum(),
                    spent,
                }
            }));
        }
        let mut round_samples = Vec::new();
        for task in tasks {
            round_samples.push(task.await.expect("act task"));
        }
        let wall = round_begun.elapsed();
        if round > 0 {
            samples.extend(round_samples);
            round_walls.push(wall);
        }
    }
    for (_, page, _) in &sessions {
        assert_eq!(
            count_on(page).await,
            CLICKS_PER_ACT * options.acts as u64,
            "clicks on the page"
        );
    }
    workflow
        .finish(WorkflowRunStatus::Succeeded)
        .await
        .expect("UpdateWorkflowRun");
    drop(sessions);
    chromium.close().await;
    Report {
        startup,
        samples,
        round_walls,
    }
}

fn main() {
    let options = options();

    // Standalone: the emulator in this process, on a runtime of its own.
    let emulator_runtime;
    let mut server = None;
    let endpoint = match &options.endpoint {
        Some(endpoint) => endpoint.clone(),
        None => {
            emulator_runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("emulator")
                .enable_all()
                .build()
                .expect("emulator runtime");
            let scenario =
                Scenario::from_file(bench_dir().join("scenario.yaml")).expect("scenario");
            let started = emulator_runtime
                .block_on(
                    Server::builder()
                        .bind(([127, 0, 0, 1], 0))
                        .scenario(scenario)
                        .start(),
                )
                .expect("emulator starts");
            let url = started.endpoint_url();
            server = Some(started);
            url
        }
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(async {
        let page_url = match &options.page_url {
            Some(url) => url.clone(),
            None => serve_counter_page().await,
        };
        run(&options, &endpoint, &page_url).await
    });
    drop(runtime);
    drop(server);

    let samples = &report.samples;
    let steps: usize = samples.iter().map(|s| s.steps).sum();
    let per_step = |s: &Sample, d: Duration| ms(d) / s.steps as f64;
    let client = median(
        samples
            .iter()
            .map(|s| per_step(s, s.wall.saturating_sub(s.server)))
            .collect(),
    );
    let server = median(samples.iter().map(|s| per_step(s, s.server)).collect());
    let wall = median(samples.iter().map(|s| ms(s.wall) / 1e3).collect());
    // The breakdown is of means, so that its parts add up to the mean client-side time.
    let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len() as f64;
    let client_mean = mean(
        samples
            .iter()
            .map(|s| per_step(s, s.wall.saturating_sub(s.server)))
            .collect(),
    );
    let method = |name: &str| {
        mean(
            samples
                .iter()
                .map(|s| per_step(s, s.spent.by_method.get(name).copied().unwrap_or_default()))
                .collect(),
        )
    };
    let (click, settle, observe) = (method("click"), method("settle"), method("observe"));
    let round_walls: Duration = report.round_walls.iter().sum();
    let steps_per_s = steps as f64 / round_walls.as_secs_f64();
    let steps_per_act = samples[0].steps;

    if options.json {
        println!(
            "{}",
            serde_json::json!({
                "side": "nova-act-agent",
                "sessions": options.sessions,
                "acts_measured": samples.len(),
                "steps_per_act": steps_per_act,
                "client_ms_per_step": client,
                "server_ms_per_step": server,
                "wall_s_per_act": wall,
                "steps_per_s": steps_per_s,
                "startup_s": report.startup.as_secs_f64(),
                "breakdown_ms_per_step": {
                    "click": click,
                    "settle": settle,
                    "observe": observe,
                    "rest": client_mean - click - settle - observe,
                },
            })
        );
        return;
    }
    println!(
        "nova-act-agent on Chromium: {} session(s) in one browser, {} measured act(s) of {} \
         steps (after a warm-up round); startup {:.2} s",
        options.sessions,
        samples.len(),
        steps_per_act,
        report.startup.as_secs_f64()
    );
    println!("| figure | value |\n|---|---:|");
    println!("| client-side time per step (median), ms | {client:.1} |");
    println!("| client-side time per step (mean), ms | {client_mean:.1} |");
    println!("|   click, ms per step | {click:.1} |");
    println!("|   settle (incl. the act's first), ms per step | {settle:.1} |");
    println!("|   observe (incl. the act's first), ms per step | {observe:.1} |");
    println!(
        "|   rest (act loop, CreateAct, UpdateAct), ms per step | {:.1} |",
        client_mean - click - settle - observe
    );
    println!("| InvokeActStep round trip per step (median), ms | {server:.1} |");
    println!("| wall time per act (median), s | {wall:.2} |");
    println!("| steps per second, all sessions | {steps_per_s:.1} |");
}
