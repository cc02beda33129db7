//! The handle that keeps a listener registered.

use std::sync::{Mutex, PoisonError};

use leipzig_core::listeners;

/// Keeps a listener registered until [`Subscription::cancel`] is called or
/// the object is destroyed (Kotlin `close()`, Swift deinit). Shells tie it
/// to the lifetime of a `Flow` collector or an `AsyncStream`.
#[derive(Debug, uniffi::Object)]
pub struct Subscription {
    inner: Mutex<Option<listeners::Subscription>>,
}

impl Subscription {
    pub(crate) fn new(inner: listeners::Subscription) -> Self {
        Self { inner: Mutex::new(Some(inner)) }
    }
}

#[uniffi::export]
impl Subscription {
    /// Stops the listener now. Calling it again does nothing.
    pub fn cancel(&self) {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).take();
    }

    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).is_none()
    }
}
