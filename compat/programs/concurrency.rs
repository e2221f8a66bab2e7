//! One client shared by concurrent tasks: clones of it sent from spawned tasks.

use super::{client, BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut tasks = Vec::new();
    for i in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client
                .create_workflow_definition()
                .name(format!("compat-parallel-{i}"))
                .send()
                .await
        }));
    }
    let mut created = 0;
    for task in tasks {
        task.await??;
        created += 1;
    }
    let listed = client.list_workflow_definitions().send().await?;
    let mut names: Vec<String> = listed
        .workflow_definition_summaries()
        .iter()
        .map(|s| s.workflow_definition_name().to_string())
        .collect();
    names.sort();
    Ok(vec![
        format!("created: {created}"),
        format!("listed: {names:?}"),
    ])
}
