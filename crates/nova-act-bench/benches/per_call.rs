//! Time per call of each workload, `nova-act-sdk` and the official crate in the same run.
//!
//! ```text
//! cargo bench -p nova-act-bench --bench per_call
//! ```
//!
//! Every call runs on a current-thread Tokio runtime against an in-memory HTTP client, so
//! nothing waits on I/O and the wall time measured is the CPU time the SDK spends.

use criterion::{criterion_group, criterion_main, Criterion};
use nova_act_bench::{official, ours, runtime, CannedHttp, Workload};

fn per_call(c: &mut Criterion) {
    let rt = runtime();
    for workload in Workload::ALL {
        let mut group = c.benchmark_group(workload.id());

        let client = ours::client(CannedHttp::for_workload(workload));
        let inputs = ours::Inputs::default();
        group.bench_function("nova-act-sdk", |b| {
            b.to_async(&rt)
                .iter(|| ours::call(&client, &inputs, workload))
        });

        let client = official::client(CannedHttp::for_workload(workload));
        let inputs = official::Inputs::default();
        group.bench_function("aws-sdk-novaact", |b| {
            b.to_async(&rt)
                .iter(|| official::call(&client, &inputs, workload))
        });

        group.finish();
    }
}

criterion_group!(benches, per_call);
criterion_main!(benches);
