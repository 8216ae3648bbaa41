//! The server binary run as a process of its own (as an operator runs it): started on a free
//! port, killed with SIGKILL or stopped, and never left behind when a test fails.

use std::{
    io::BufRead,
    process::{Child, Command, ExitStatus, Stdio},
    sync::{Arc, Mutex, mpsc},
    time::{Duration, Instant},
};

use crate::helpers::root;

/// A `tremplin serve` process. Dropping it kills it.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// Every line written on stdout so far.
    lines: Arc<Mutex<Vec<String>>>,
    /// Closed when the output ends (the process exited).
    ended: mpsc::Receiver<()>,
}

impl ServerProcess {
    /// Starts the binary on `database_url` with the extra environment `env`, and waits (at most
    /// 60 s) until it listens (it says so at the `info` level: `RUST_LOG` must keep it).
    pub fn start(database_url: &str, env: &[(&str, &str)]) -> ServerProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tremplin"));
        cmd.arg("serve")
            .current_dir(root())
            .env("DATABASE_URL", database_url)
            .env("TREMPLIN_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the binary runs");
        let stdout = child.stdout.take().unwrap();
        let (port_tx, port_rx) = mpsc::channel();
        let (ended_tx, ended) = mpsc::channel::<()>();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let kept = lines.clone();
        // Reads the output to its end (a full pipe would block the server), telling the port.
        std::thread::spawn(move || {
            let mut port_tx = Some(port_tx);
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some((_, at)) = line.split_once("listens on http://127.0.0.1:")
                    && let Some(tx) = port_tx.take()
                {
                    let port: String = at.chars().take_while(char::is_ascii_digit).collect();
                    let _ = tx.send(port);
                }
                kept.lock().unwrap().push(line);
            }
            drop(ended_tx);
        });
        let mut server = ServerProcess {
            child,
            base: String::new(),
            lines,
            ended,
        };
        let port = port_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server listens within 60 s");
        server.base = format!("http://127.0.0.1:{port}");
        server
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then waits (at most 10 s) for the exit; returns its status and every line the
    /// server wrote.
    pub fn terminate(mut self) -> (ExitStatus, Vec<String>) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "still running 10 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        // The reader has every line once the output is closed.
        let _ = self.ended.recv_timeout(Duration::from_secs(5));
        let lines = self.lines.lock().unwrap().clone();
        (status, lines)
    }

    /// SIGKILL: the process gets no chance to clean up or finish anything (the operating system
    /// and its page cache live on: this is a crash of the server, not of the machine).
    pub fn kill(mut self) {
        self.kill_now();
    }

    fn kill_now(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill_now();
    }
}
