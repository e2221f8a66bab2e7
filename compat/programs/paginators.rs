//! Paginators as the official documentation uses them: pages with `try_next`, items with
//! `items().send()`, `collect`, `try_collect`, `page_size` and `stop_on_duplicate_token`.

use super::{client, BoxError, Env, Transcript};

pub async fn run(env: &Env) -> Result<Transcript, BoxError> {
    let client = client(env);
    let mut transcript = Transcript::new();
    for i in 0..5 {
        client
            .create_workflow_definition()
            .name(format!("compat-page-{i}"))
            .send()
            .await?;
    }
    let mut pages = client
        .list_workflow_definitions()
        .into_paginator()
        .page_size(2)
        .send();
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await? {
        sizes.push(page.workflow_definition_summaries().len());
    }
    transcript.push(format!("page sizes: {sizes:?}"));

    let names: Vec<String> = client
        .list_workflow_definitions()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await?
        .into_iter()
        .map(|summary| summary.workflow_definition_name().to_string())
        .collect();
    transcript.push(format!("names: {names:?}"));

    let results: Vec<_> = client
        .list_workflow_definitions()
        .into_paginator()
        .page_size(3)
        .stop_on_duplicate_token(true)
        .items()
        .send()
        .collect()
        .await;
    transcript.push(format!(
        "collected: {}, all ok: {}",
        results.len(),
        results.iter().all(Result::is_ok)
    ));

    let mut items = client
        .list_workflow_definitions()
        .into_paginator()
        .items()
        .send();
    let first = items.next().await.transpose()?;
    transcript.push(format!(
        "first: {:?}",
        first.map(|s| s.workflow_definition_name().to_string())
    ));
    Ok(transcript)
}
