//! Live data: listeners and the handles that keep them registered.
//!
//! A screen registers a listener and gets the current value at once, then
//! again after every change; dropping the [`Subscription`] unregisters it.
//! Each domain service owns one [`Listeners`] and calls
//! [`Listeners::notify`] after it committed a change. Listeners run on the
//! thread that made the change, outside any lock, so a listener may call
//! back into the core.

use std::{
    collections::BTreeMap,
    fmt,
    sync::{Arc, Mutex, PoisonError, Weak},
};

type Callback = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct Registry {
    next_id: u64,
    callbacks: BTreeMap<u64, Callback>,
}

/// The listeners of one kind of data.
#[derive(Clone, Default)]
pub struct Listeners {
    registry: Arc<Mutex<Registry>>,
}

impl fmt::Debug for Listeners {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listeners").field("count", &self.len()).finish()
    }
}

impl Listeners {
    /// Registers `push`, which reads the current value and hands it to the
    /// listener. It runs once now and after every [`Listeners::notify`].
    pub fn add(&self, push: impl Fn() + Send + Sync + 'static) -> Subscription {
        let push: Callback = Arc::new(push);
        let id = {
            let mut registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
            registry.next_id += 1;
            let id = registry.next_id;
            registry.callbacks.insert(id, Arc::clone(&push));
            id
        };
        push();
        Subscription { registry: Arc::downgrade(&self.registry), id }
    }

    /// Runs every registered listener.
    pub fn notify(&self) {
        // Copy first: a listener may subscribe or unsubscribe while running.
        let callbacks: Vec<Callback> = self
            .registry
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .callbacks
            .values()
            .cloned()
            .collect();
        for callback in callbacks {
            callback();
        }
    }

    /// Number of registered listeners.
    pub fn len(&self) -> usize {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner).callbacks.len()
    }

    /// True when nobody listens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Keeps a listener registered; dropping it (or [`Subscription::cancel`])
/// unregisters the listener.
#[derive(Debug)]
pub struct Subscription {
    registry: Weak<Mutex<Registry>>,
    id: u64,
}

impl Subscription {
    /// Unregisters the listener now. Calling it again does nothing.
    pub fn cancel(&self) {
        if let Some(registry) = self.registry.upgrade() {
            registry.lock().unwrap_or_else(PoisonError::into_inner).callbacks.remove(&self.id);
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn pushes_now_then_on_notify_until_dropped() {
        let listeners = Listeners::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let subscription = listeners.add(move || {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1, "current value pushed at once");
        listeners.notify();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        drop(subscription);
        assert!(listeners.is_empty());
        listeners.notify();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "no pushes after drop");
    }

    #[test]
    fn a_listener_may_unsubscribe_itself() {
        let listeners = Listeners::default();
        let slot: Arc<Mutex<Option<Subscription>>> = Arc::default();
        let inner = Arc::clone(&slot);
        let subscription = listeners.add(move || {
            if let Some(s) = inner.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
                s.cancel();
            }
        });
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(subscription);
        listeners.notify();
        assert!(listeners.is_empty());
    }
}
