//! An act on a real browser, recorded: sign up on a local form in headless Chromium.
//!
//! ```text
//! cargo run -p nova-act-agent --example browser                 # recording in ./recordings
//! cargo run -p nova-act-agent --example browser -- --out DIR
//! ```
//!
//! Needs Chromium (`apt-get install chromium`, or `CHROME=/path/to/chrome`). The example
//! serves a sign-up form on 127.0.0.1, starts the `nova-act-local` emulator in-process with
//! its agent scripted for this task (type a name into the field, click "Sign up", answer), and
//! runs the act with the Chromium actuator. Every address but 127.0.0.1 is sent to a closed
//! proxy port, so the browser reaches nothing else. The recording (`index.html` and
//! `act.json`) shows each step's screenshot with the boxes the agent acted on.

use std::path::PathBuf;
use std::process::ExitCode;

use nova_act_agent::chromium::{Chromium, ChromiumOptions};
use nova_act_agent::{recording, Workflow};
use nova_act_sdk::config::{Credentials, Region};
use nova_act_sdk::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The emulator's agent, scripted as the model would act on the form.
const SCENARIO: &str = r#"
rules:
  - task: "^Sign up as alice"
    steps:
      - expect_observation: { url_matches: "/form$", width: 1600, height: 813 }
        calls:
          - name: agentType
            input: ["alice", "<box>100,20,130,300</box>", { pressEnter: false }]
          - name: agentClick
            input: ["<box>200,20,230,120</box>", { clickType: left }]
      - expect_observation: { url_matches: "/done\\?name=alice$" }
        return: "Signed up as alice"
"#;

const FORM: &str = include_str!("../../../tools/nova-act-interop/pages/form.html");
const DONE: &str = include_str!("../../../tools/nova-act-interop/pages/done.html");

#[tokio::main]
async fn main() -> ExitCode {
    let mut out = PathBuf::from("recordings");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--out", Some(dir)) => out = PathBuf::from(dir),
            _ => {
                eprintln!("usage: browser [--out DIR]");
                return ExitCode::from(2);
            }
        }
    }
    match run(out).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(out: PathBuf) -> Result<(), BoxError> {
    let pages = serve_pages().await?;
    let server = nova_act_local::Server::builder()
        .scenario(nova_act_local::Scenario::from_yaml_str(SCENARIO)?)
        .start()
        .await?;
    let client = Client::from_conf(
        Config::builder()
            .endpoint_url(server.endpoint_url())
            .region(Region::new(server.region().to_owned()))
            .credentials_provider(Credentials::new(
                nova_act_local::DEFAULT_ACCESS_KEY_ID,
                nova_act_local::DEFAULT_SECRET_ACCESS_KEY,
                None,
                None,
                "nova-act-local",
            ))
            .build(),
    );
    client
        .create_workflow_definition()
        .name("browser-example")
        .send()
        .await?;

    let chromium = Chromium::launch(
        ChromiumOptions::default()
            .no_sandbox(running_as_root())
            .arg("--proxy-server=http://127.0.0.1:9")
            .arg("--proxy-bypass-list=127.0.0.1;localhost"),
    )
    .await?;
    let actuator = chromium.actuator().await?;
    let page = actuator.page();
    page.go_to(&format!("{pages}/form")).await?;

    let recordings = out.clone();
    let result = Workflow::builder(&client, "browser-example")
        .run(|workflow| async move {
            let session = workflow
                .session()
                .actuator(actuator)
                .record_to(&recordings)
                .console_log(true)
                .start()
                .await?;
            session.act("Sign up as alice on the form").await
        })
        .await?;
    println!("Answer: {}", result.answer);
    println!("The page is now {}", page.url().await?);
    let html = recording::html_path(&out, &result.metadata.act_id);
    println!("Recording: {}", html.display());
    chromium.close().await;
    server.shutdown().await;
    Ok(())
}

/// Chromium's sandbox does not run as root (containers, CI); elsewhere it stays on.
fn running_as_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root")
        || std::env::var_os("HOME").is_some_and(|h| h == "/root")
}

/// Serves the form and the page after it on 127.0.0.1; returns the base URL.
async fn serve_pages() -> Result<String, BoxError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let Ok(read) = socket.read(&mut buffer).await else {
                    return;
                };
                let head = String::from_utf8_lossy(&buffer[..read]);
                let path = head.split(' ').nth(1).unwrap_or("/");
                let body = match path.split('?').next() {
                    Some("/form") => FORM,
                    Some("/done") => DONE,
                    _ => "",
                };
                let status = if body.is_empty() {
                    "404 Not Found"
                } else {
                    "200 OK"
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    Ok(base)
}
