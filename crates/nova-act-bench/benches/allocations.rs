//! Heap allocations per call of each workload, `nova-act-sdk` and the official crate.
//!
//! ```text
//! cargo bench -p nova-act-bench --bench allocations
//! ```
//!
//! A counting global allocator wraps the system allocator. Each SDK first makes a few calls
//! to warm up (credentials cache, connection setup, lazily built state), then the average over
//! the measured calls is printed. Allocation counts do not depend on the machine's speed, so
//! they are stable from run to run.

use nova_act_bench::{official, ours, runtime, CannedHttp, Workload};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards to the system allocator unchanged; the counters are only
// incremented on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const WARM_UP: u64 = 20;
const MEASURED: u64 = 1_000;

/// Average (allocations, bytes) per call of `make_call`.
fn measure<F, Fut>(rt: &tokio::runtime::Runtime, mut make_call: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    rt.block_on(async {
        for _ in 0..WARM_UP {
            assert!(make_call().await > 0);
        }
        let (a0, b0) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
        for _ in 0..MEASURED {
            assert!(make_call().await > 0);
        }
        let (a1, b1) = (ALLOCATIONS.load(Relaxed), BYTES.load(Relaxed));
        (
            (a1 - a0) as f64 / MEASURED as f64,
            (b1 - b0) as f64 / MEASURED as f64,
        )
    })
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument selects workloads by id.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let rt = runtime();
    println!(
        "| workload | nova-act-sdk allocs/call | aws-sdk-novaact allocs/call | ratio | nova-act-sdk bytes/call | aws-sdk-novaact bytes/call |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for workload in Workload::ALL {
        if !filter.is_empty() && !filter.iter().any(|f| workload.id().contains(f.as_str())) {
            continue;
        }
        let client = ours::client(CannedHttp::for_workload(workload));
        let inputs = ours::Inputs::default();
        let (ours_allocs, ours_bytes) = measure(&rt, || ours::call(&client, &inputs, workload));

        let client = official::client(CannedHttp::for_workload(workload));
        let inputs = official::Inputs::default();
        let (official_allocs, official_bytes) =
            measure(&rt, || official::call(&client, &inputs, workload));

        println!(
            "| {} | {:.1} | {:.1} | {:.2} | {:.0} | {:.0} |",
            workload.name(),
            ours_allocs,
            official_allocs,
            ours_allocs / official_allocs,
            ours_bytes,
            official_bytes
        );
    }
}
