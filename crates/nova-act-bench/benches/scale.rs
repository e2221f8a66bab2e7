//! Scale figures, `nova-act-sdk` and the official crate in the same run:
//!
//! 1. **Pagination memory**: 10,000 workflow runs are created in the local emulator
//!    (`nova-act-local`, in process, over loopback HTTP with SigV4), then read back item by
//!    item through each SDK's paginator. The live heap of the whole process is sampled every
//!    1,000 items; flat memory means the growth over the first 1,000 items is all there is.
//! 2. **Concurrency**: 64 tasks share one client and make GetWorkflowRun calls against the
//!    in-memory HTTP client, on a Tokio runtime with 1 worker thread and then with as many as
//!    the machine has cores. Throughput should grow with the workers.
//! 3. **Emulator**: GetWorkflowRun requests per second that the emulator serves with the Rust
//!    SDK as the load (64 tasks, one client, loopback), and the live heap it holds per stored
//!    act after 100,000 CreateAct calls.
//!
//! ```text
//! cargo bench -p nova-act-bench --bench scale
//! ```
//!
//! Live heap bytes come from a counting global allocator (allocated minus freed), so they
//! cover exactly what Rust code holds, independent of the allocator's own caching.

use nova_act_bench::{official, ours, CannedHttp, Workload, DEFINITION};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Counting;

static LIVE: AtomicI64 = AtomicI64::new(0);

// SAFETY: every method forwards to the system allocator unchanged; the counter is only
// updated on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as i64, Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as i64, Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as i64 - layout.size() as i64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as i64, Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> i64 {
    LIVE.load(Relaxed)
}

fn mib(bytes: i64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

const RUNS: usize = 10_000;
const ACTS: usize = 100_000;
const TASKS: usize = 64;

/// Clients of both SDKs pointed at the emulator, with its default test credentials.
mod emulator_clients {
    use nova_act_local::{DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};

    pub fn ours(endpoint: &str) -> nova_act_sdk::Client {
        use nova_act_sdk::config::{Credentials, Region};
        let config = nova_act_sdk::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_SECRET_ACCESS_KEY,
                None,
                None,
                "bench",
            ))
            .build();
        nova_act_sdk::Client::from_conf(config)
    }

    pub fn official(endpoint: &str) -> aws_sdk_novaact::Client {
        use aws_sdk_novaact::config::{BehaviorVersion, Credentials, Region};
        let config = aws_sdk_novaact::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_SECRET_ACCESS_KEY,
                None,
                None,
                "bench",
            ))
            // The official crate is built without its default HTTPS client here; the SDK's
            // client speaks plain HTTP to the emulator just as well.
            .http_client(nova_act_sdk::http::https_client())
            .build();
        aws_sdk_novaact::Client::from_conf(config)
    }
}

/// Live heap growth while paginating, sampled every 1,000 items.
struct PaginationMemory {
    base: i64,
    items: usize,
    growth_at_1000: i64,
    max_growth: i64,
}

impl PaginationMemory {
    /// Starts measuring from the live heap now.
    fn start() -> Self {
        PaginationMemory {
            base: live(),
            items: 0,
            growth_at_1000: 0,
            max_growth: 0,
        }
    }

    /// Counts one item read, sampling the heap every 1,000 items.
    fn item(&mut self) {
        self.items += 1;
        if self.items % 1000 == 0 {
            let growth = live() - self.base;
            if self.items == 1000 {
                self.growth_at_1000 = growth;
            }
            self.max_growth = self.max_growth.max(growth);
        }
    }
}

async fn paginate_ours(client: &nova_act_sdk::Client) -> PaginationMemory {
    let mut memory = PaginationMemory::start();
    let mut stream = client
        .list_workflow_runs()
        .workflow_definition_name(DEFINITION)
        .into_paginator()
        .page_size(100)
        .items()
        .send();
    while let Some(item) = stream.next().await {
        item.expect("ListWorkflowRuns succeeds");
        memory.item();
    }
    memory
}

async fn paginate_official(client: &aws_sdk_novaact::Client) -> PaginationMemory {
    let mut memory = PaginationMemory::start();
    let mut stream = client
        .list_workflow_runs()
        .workflow_definition_name(DEFINITION)
        .into_paginator()
        .page_size(100)
        .items()
        .send();
    while let Some(item) = stream.next().await {
        item.expect("ListWorkflowRuns succeeds");
        memory.item();
    }
    memory
}

/// Calls per second of GetWorkflowRun with `TASKS` tasks sharing one in-memory client on a
/// runtime with `workers` worker threads, for each SDK.
fn concurrency(workers: usize, calls_per_task: usize) -> (f64, f64) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("runtime starts");
    let workload = Workload::GetWorkflowRun;
    let ours_rate = rt.block_on(async {
        let client = ours::client(CannedHttp::for_workload(workload));
        let inputs = Arc::new(ours::Inputs::default());
        rate(TASKS * calls_per_task, || {
            let client = client.clone();
            let inputs = inputs.clone();
            async move {
                for _ in 0..calls_per_task {
                    ours::call(&client, &inputs, workload).await;
                }
            }
        })
        .await
    });
    let official_rate = rt.block_on(async {
        let client = official::client(CannedHttp::for_workload(workload));
        let inputs = Arc::new(official::Inputs::default());
        rate(TASKS * calls_per_task, || {
            let client = client.clone();
            let inputs = inputs.clone();
            async move {
                for _ in 0..calls_per_task {
                    official::call(&client, &inputs, workload).await;
                }
            }
        })
        .await
    });
    (ours_rate, official_rate)
}

/// Runs `TASKS` copies of `task` at once and returns `total_calls` per second of wall time.
async fn rate<F, Fut>(total_calls: usize, task: F) -> f64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let handles: Vec<_> = (0..TASKS).map(|_| tokio::spawn(task())).collect();
    for handle in handles {
        handle.await.expect("task completes");
    }
    total_calls as f64 / started.elapsed().as_secs_f64()
}

async fn create_runs(client: &nova_act_sdk::Client) {
    client
        .create_workflow_definition()
        .name(DEFINITION)
        .send()
        .await
        .expect("CreateWorkflowDefinition succeeds");
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let next = next.clone();
            tokio::spawn(async move {
                while next.fetch_add(1, Relaxed) < RUNS {
                    client
                        .create_workflow_run()
                        .workflow_definition_name(DEFINITION)
                        .model_id("nova-act-latest")
                        .client_info(
                            nova_act_sdk::types::ClientInfo::builder()
                                .compatibility_version(1)
                                .build()
                                .expect("required members set"),
                        )
                        .send()
                        .await
                        .expect("CreateWorkflowRun succeeds");
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task completes");
    }
}

/// Requests per second the emulator serves for GetWorkflowRun, for `duration`.
async fn emulator_throughput(
    client: &nova_act_sdk::Client,
    run_id: &str,
    duration: Duration,
) -> f64 {
    let deadline = Instant::now() + duration;
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let done = done.clone();
            let run_id = run_id.to_owned();
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    client
                        .get_workflow_run()
                        .workflow_definition_name(DEFINITION)
                        .workflow_run_id(&run_id)
                        .send()
                        .await
                        .expect("GetWorkflowRun succeeds");
                    done.fetch_add(1, Relaxed);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task completes");
    }
    done.load(Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Live heap held per act after `ACTS` CreateAct calls into one session.
async fn emulator_memory_per_act(client: &nova_act_sdk::Client, run_id: &str) -> (i64, f64) {
    let session = client
        .create_session()
        .workflow_definition_name(DEFINITION)
        .workflow_run_id(run_id)
        .send()
        .await
        .expect("CreateSession succeeds");
    let session_id = session.session_id().to_owned();
    let before = live();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let next = next.clone();
            let (run_id, session_id) = (run_id.to_owned(), session_id.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Relaxed) < ACTS {
                    client
                        .create_act()
                        .workflow_definition_name(DEFINITION)
                        .workflow_run_id(&run_id)
                        .session_id(&session_id)
                        .task("Find the cheapest blue umbrella and add it to the cart")
                        .send()
                        .await
                        .expect("CreateAct succeeds");
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task completes");
    }
    let held = live() - before;
    (held, held as f64 / ACTS as f64)
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime starts");

    let (ours_pages, official_pages, throughput, (act_bytes, per_act)) = rt.block_on(async {
        let server = nova_act_local::Server::builder()
            .start()
            .await
            .expect("the emulator starts");
        let endpoint = server.endpoint_url();
        let client = emulator_clients::ours(&endpoint);
        create_runs(&client).await;

        let ours_pages = paginate_ours(&client).await;
        let official_pages = paginate_official(&emulator_clients::official(&endpoint)).await;

        let run_id = client
            .list_workflow_runs()
            .workflow_definition_name(DEFINITION)
            .max_results(1)
            .send()
            .await
            .expect("ListWorkflowRuns succeeds")
            .workflow_run_summaries()[0]
            .workflow_run_id()
            .to_owned();
        let throughput = emulator_throughput(&client, &run_id, Duration::from_secs(5)).await;
        let memory = emulator_memory_per_act(&client, &run_id).await;
        server.shutdown().await;
        (ours_pages, official_pages, throughput, memory)
    });
    drop(rt);

    let calls_per_task = 200;
    let (ours_1, official_1) = concurrency(1, calls_per_task);
    let (ours_n, official_n) = concurrency(cores, calls_per_task);

    println!("| figure | nova-act-sdk | aws-sdk-novaact | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| items paginated (page size 100) | {} | {} | |",
        ours_pages.items, official_pages.items
    );
    println!(
        "| live heap growth after 1,000 items | {} | {} | {:.2} |",
        mib(ours_pages.growth_at_1000),
        mib(official_pages.growth_at_1000),
        ours_pages.growth_at_1000 as f64 / official_pages.growth_at_1000 as f64
    );
    println!(
        "| max live heap growth over {RUNS} items | {} | {} | {:.2} |",
        mib(ours_pages.max_growth),
        mib(official_pages.max_growth),
        ours_pages.max_growth as f64 / official_pages.max_growth as f64
    );
    println!(
        "| GetWorkflowRun calls/s, {TASKS} tasks, 1 worker thread (in-memory HTTP) | {:.0} | {:.0} | {:.2} |",
        ours_1, official_1, ours_1 / official_1
    );
    println!(
        "| GetWorkflowRun calls/s, {TASKS} tasks, {cores} worker threads (in-memory HTTP) | {:.0} | {:.0} | {:.2} |",
        ours_n, official_n, ours_n / official_n
    );
    println!(
        "| speed-up from 1 to {cores} worker threads | {:.2}x | {:.2}x | |",
        ours_n / ours_1,
        official_n / official_1
    );
    println!();
    println!("| emulator figure | value |");
    println!("|---|---:|");
    println!(
        "| GetWorkflowRun requests/s served (Rust SDK load, {TASKS} tasks, loopback, SigV4) | {throughput:.0} |"
    );
    println!(
        "| live heap held by {ACTS} stored acts | {} ({per_act:.0} bytes per act) |",
        mib(act_bytes)
    );
}
