//! What the test modules share: the binary and data paths, runs of the catalogue against
//! embedded reference servers, misbehaving servers, TLS material.

pub mod bin;
pub mod catalogue;
pub mod hostile;
pub mod tls;

/// A turn for the timing-sensitive tests of one family (`faults`, `stateful`, `remote`): tests
/// of the same family may run together, as they did in their own binaries, but never beside
/// another family's, whose load would change what they time (a call seen ringing, a fault
/// caught within a settle time, requests per second).
pub struct FamilyTurn(&'static str);

static TURNS: std::sync::Mutex<(Option<&'static str>, usize)> = std::sync::Mutex::new((None, 0));
static TURN_CHANGED: std::sync::Condvar = std::sync::Condvar::new();

/// Waits until no test of another family is running, then runs as one of `family`'s.
pub fn family(family: &'static str) -> FamilyTurn {
    let mut turns = TURNS.lock().unwrap_or_else(|e| e.into_inner());
    while turns.0.is_some_and(|f| f != family) {
        turns = TURN_CHANGED.wait(turns).unwrap_or_else(|e| e.into_inner());
    }
    turns.0 = Some(family);
    turns.1 += 1;
    FamilyTurn(family)
}

impl Drop for FamilyTurn {
    fn drop(&mut self) {
        let mut turns = TURNS.lock().unwrap_or_else(|e| e.into_inner());
        turns.1 -= 1;
        if turns.1 == 0 {
            turns.0 = None;
        }
        debug_assert!(turns.0.is_none() || turns.0 == Some(self.0));
        TURN_CHANGED.notify_all();
    }
}
