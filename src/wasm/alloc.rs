//! The page's allocator.

/// A free-list allocator a few hundred bytes long, instead of dlmalloc's
/// several kilobytes: the page runs one thread and allocates little.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without threads: one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
