//! Every target on every seed, on stable. With `WRITE_SEEDS=1`, also writes the seeds to
//! `corpus/<target>/` for `cargo fuzz run`.

#[test]
fn every_target_takes_its_seeds() {
    let write = std::env::var_os("WRITE_SEEDS").is_some();
    for (name, target) in nova_act_fuzz::TARGETS {
        let seeds = nova_act_fuzz::seeds::seeds(name);
        assert!(!seeds.is_empty(), "{name} has seeds");
        if write {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join(name);
            std::fs::create_dir_all(&dir).unwrap();
            for (i, seed) in seeds.iter().enumerate() {
                std::fs::write(dir.join(format!("seed-{i:03}")), seed).unwrap();
            }
        }
        for seed in &seeds {
            target(seed);
        }
    }
}

#[test]
fn signed_seeds_verify() {
    for seed in nova_act_fuzz::seeds::seeds("sigv4") {
        if seed[0] & 1 == 1 {
            assert_eq!(
                nova_act_fuzz::sigv4_verdict(&seed),
                Ok(()),
                "{}",
                String::from_utf8_lossy(&seed)
            );
        }
    }
}

/// `REPLAY=<target> cargo test replay` runs a target on every file of `corpus/<target>/` (and
/// `artifacts/<target>/`), on stable: to check a corpus against a changed target or crate.
#[test]
fn replay() {
    let Some(name) = std::env::var_os("REPLAY") else {
        return;
    };
    let name = name.to_string_lossy().into_owned();
    let (_, target) = nova_act_fuzz::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("REPLAY names a target");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(&name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            target(&std::fs::read(&path).unwrap());
            count += 1;
        }
    }
    eprintln!("{name}: {count} inputs replayed");
}
