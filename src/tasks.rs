//! Background tasks (the glossary usage writer, the reminder scheduler…) start and stop
//! through one lifecycle: on shutdown each is told to stop, the last started first, and given
//! a grace period to flush before it is abandoned.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{info, warn};

/// The running background tasks, in the order they started.
#[derive(Debug, Default)]
pub struct Tasks {
    running: Vec<Running>,
}

#[derive(Debug)]
struct Running {
    name: &'static str,
    stop: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

/// A task's stop signal: wait on [`Stop::requested`], then flush and return.
#[derive(Debug, Clone)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    /// Resolves once the task is asked to stop (or the lifecycle is gone).
    pub async fn requested(&mut self) {
        // An error means the sender is gone: nobody can ask any more, so stop too.
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

impl Tasks {
    pub fn new() -> Tasks {
        Tasks::default()
    }

    /// Starts a task; it receives its stop signal and returns once it has flushed.
    pub fn spawn<F>(&mut self, name: &'static str, task: impl FnOnce(Stop) -> F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (tx, rx) = watch::channel(false);
        let handle = tokio::spawn(task(Stop(rx)));
        self.running.push(Running {
            name,
            stop: tx,
            handle,
        });
    }

    /// Stops every task, the last started first (a task may use what started before it),
    /// each given `grace` to finish. Returns the names of the tasks that did not finish in
    /// time (they are aborted) or that had failed.
    pub async fn stop(self, grace: Duration) -> Vec<&'static str> {
        let mut late = Vec::new();
        for task in self.running.into_iter().rev() {
            // An error means the task already ended and dropped its signal.
            let _ = task.stop.send(true);
            let mut handle = task.handle;
            match tokio::time::timeout(grace, &mut handle).await {
                Ok(Ok(())) => info!(task = task.name, "stopped"),
                Ok(Err(e)) => {
                    warn!(task = task.name, error = %e, "the task had failed");
                    late.push(task.name);
                }
                Err(_) => {
                    warn!(task = task.name, grace = ?grace, "the task did not stop in time; abandoned");
                    handle.abort();
                    late.push(task.name);
                }
            }
        }
        late
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                warn!(error = %e, "cannot listen for SIGTERM");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[tokio::test]
    async fn tasks_flush_and_stop_the_last_started_first() {
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Tasks::new();
        for name in ["usage", "scheduler"] {
            let order = order.clone();
            tasks.spawn(name, move |mut stop| async move {
                stop.requested().await;
                order.lock().expect("not poisoned").push(name);
            });
        }
        let late = tasks.stop(Duration::from_secs(1)).await;
        assert!(late.is_empty(), "{late:?}");
        assert_eq!(*order.lock().expect("not poisoned"), ["scheduler", "usage"]);
    }

    #[tokio::test]
    async fn a_task_that_ignores_its_signal_is_abandoned_after_the_grace_period() {
        let mut tasks = Tasks::new();
        tasks.spawn("stubborn", |_stop| std::future::pending());
        tasks.spawn("polite", |mut stop| async move { stop.requested().await });
        let late = tasks.stop(Duration::from_millis(50)).await;
        assert_eq!(late, ["stubborn"]);
    }
}
