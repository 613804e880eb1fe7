//! Two pieces of work at once: how the harness overlaps loading, compiling and report writing
//! (the cases themselves run on `runner`'s pool).

/// Runs `other` on a second thread while this one runs `mine`; returns `(other's, mine)`. A
/// panic on the second thread is resumed on this one, as if both had run here.
pub(crate) fn both<A, B, RA, RB>(other: A, mine: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    RA: Send,
    B: FnOnce() -> RB,
{
    std::thread::scope(|scope| {
        let handle = scope.spawn(other);
        let mine = mine();
        let other = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (other, mine)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_both_results_in_order() {
        assert_eq!(both(|| 1, || "two"), (1, "two"));
    }

    #[test]
    #[should_panic(expected = "from the other thread")]
    fn a_panic_on_the_other_thread_reaches_the_caller() {
        let _ = both(|| panic!("from the other thread"), || 0);
    }
}
