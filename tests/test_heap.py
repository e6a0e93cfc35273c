"""Freed memory goes back to the system: what a large upload leaves behind once it is parsed or its session ends."""

from __future__ import annotations

import sys

import pytest

from borderatlas.heap import release_free_memory, resident_bytes, use_system_arrow_pool

MIB = 2**20

glibc_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim and VmRSS are Linux's")


@glibc_linux
def test_resident_bytes_reads_this_process():
    """VmRSS is read, and it is at least the interpreter's size."""
    assert resident_bytes() > 10 * MIB


@glibc_linux
@pytest.mark.parametrize("kept_every", [16, 64])
def test_fragmented_heap_is_given_back(kept_every):
    """200 MB of 1 KB buffers freed but for one in N stay resident (glibc cannot trim a heap with live chunks
    spread through it); after release_free_memory most of it is back with the system."""
    blocks = [bytes(1000) + bytes([i % 256]) for i in range(200_000)]
    kept = blocks[::kept_every]
    del blocks
    before = resident_bytes()
    assert release_free_memory() is True
    after = resident_bytes()
    assert before - after > 100 * MIB, (before // MIB, after // MIB)
    assert len(kept) == -(-200_000 // kept_every)


def test_arrow_allocates_from_the_system_pool():
    """After the switch, Arrow buffers (pandas text columns) come from the allocator malloc_trim can trim."""
    import pyarrow

    assert use_system_arrow_pool() is True
    assert pyarrow.default_memory_pool().backend_name == "system"
