//! What the browser tests share: the pages they act on, served on 127.0.0.1, and Chromium.
//!
//! The pages are `tools/nova-act-interop/pages/*.html`, the ones the official Python SDK's
//! acts use too, served at `/<name>` (any query string).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use nova_act_agent::chromium::{Chromium, ChromiumError, ChromiumOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves the pages; records the paths asked for.
pub struct Pages {
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Pages {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Pages {
    pub async fn serve() -> Pages {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/nova-act-interop/pages");
        let mut pages = HashMap::new();
        for entry in std::fs::read_dir(&dir).expect("pages directory") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                let name = format!("/{}", path.file_stem().unwrap().to_string_lossy());
                pages.insert(name, std::fs::read(&path).unwrap());
            }
        }
        let pages = Arc::new(pages);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let pages = Arc::clone(&pages);
                let seen = Arc::clone(&seen);
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
                    let head = String::from_utf8_lossy(&buffer[..read]).to_string();
                    let target = head.split(' ').nth(1).unwrap_or("/").to_owned();
                    seen.lock().unwrap().push(target.clone());
                    let path = target.split('?').next().unwrap_or("/");
                    let response = match pages.get(path) {
                        Some(body) => {
                            let mut r = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                                 Content-Length: {}\r\nCache-Control: no-store\r\n\
                                 Connection: close\r\n\r\n",
                                body.len()
                            )
                            .into_bytes();
                            r.extend_from_slice(body);
                            r
                        }
                        None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                    };
                    let _ = socket.write_all(&response).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Pages {
            base,
            requests,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Chromium options for tests: headless, no sandbox (CI runs as root), and every address
/// but loopback sent to a closed port, so no page can reach the network.
pub fn test_options() -> ChromiumOptions {
    ChromiumOptions::default()
        .headless(true)
        .no_sandbox(true)
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--disable-quic")
        .arg("--disable-component-update")
        .arg("--proxy-server=http://127.0.0.1:9")
        .arg("--proxy-bypass-list=127.0.0.1;localhost")
}

/// Launches Chromium for a test. Without a browser: in CI (`CI` set) the test fails; elsewhere
/// it is skipped with a message that says how to run it.
pub async fn launch(test: &str) -> Option<Chromium> {
    match Chromium::launch(test_options()).await {
        Ok(chromium) => Some(chromium),
        Err(ChromiumError::NotFound { searched }) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "SKIPPED {test}: no Chromium ({searched}). Install one (apt-get install \
                 chromium) or set CHROME to its path to run the browser tests; with CI set \
                 they fail instead of skipping."
            );
            None
        }
        Err(e) => panic!("{test}: {e}"),
    }
}
