"""The server's memory pages that its children write: learned from the requests done,
copied by each waiting child before its request comes.

A child of the server shares the server's memory copy-on-write; whatever it writes
(in CPython 3.11 that is every object it uses, for its reference count) the system
copies first, a page (4 KB) at a time, each copy a page fault: a seed PDF's request
takes some 4,000 of them, about 8 ms of the system's time, in the middle of the
request. The pages a request writes are much the same from one request to the next
(the writers, the fonts, the style), so each child, once its client has its answer,
marks the pages it has written in a map the server's children share (one byte a
page of the server's writable memory; ``/proc/self/pagemap``, proc(5): a page
present and mapped by this process alone); and a child waiting for a request copies
the marked pages ahead (``madvise(MADV_POPULATE_WRITE)``, Linux 5.14, madvise(2)),
so that its request finds them its own. Nothing here changes what a page holds: only
when the system copies it. Where any of it is missing (another system, an older
Linux) it does nothing.

A PDF's request writes other pages than a DOCX's, and copying a page costs the same
CPU ahead as in a fault (some 3 us here): one map for all would make a DOCX's child
copy the PDF's pages too. So each command has its map, and a waiting child copies
the map of the last request's command (``expect``): the one a Makefile or a loop
asks again and again.
"""

import mmap
import os
import sys
from collections.abc import Callable

PAGE = mmap.PAGESIZE
#: madvise(2): fault the pages in, writable (breaking copy-on-write), from Linux 5.14.
MADV_POPULATE_WRITE = 23
#: /proc/self/pagemap: a page is present (bit 63) and mapped by this process alone (bit 56);
#: both bits sit in an entry's last byte (the entries are little-endian on x86-64 and arm64).
_OWN = 0x81
_MARK = bytes(1 if byte & _OWN == _OWN else 0 for byte in range(256))
#: The commands with a map of their own; any other shares the last one.
COMMANDS = ("pdf", "docx", "epub", "txt", "parse", "convert", "")
#: Which requests' children mark the pages they wrote (reading /proc/self/pagemap costs
#: about a millisecond): a command's first ones, then one request in so many (the maps
#: only grow).
LEARN_FIRST = 12
LEARN_EVERY = 8


class Pages:
    """The server's writable private mappings as they were when it began serving, and
    maps, shared with its children, of the pages a command's request has written (a
    byte each, a map for each of ``COMMANDS``)."""

    def __init__(self, madvise: Callable[[int, int, int], int] | None) -> None:
        self.madvise = madvise
        self.regions: list[tuple[int, int, int]] = []  # (first address, pages, offset in a map)
        total = 0
        for start, end in _private_writable():
            self.regions.append((start, (end - start) // PAGE, total))
            total += (end - start) // PAGE
        self.size = max(total, 1)
        self.written = mmap.mmap(-1, self.size * len(COMMANDS))  # MAP_SHARED: every child sees the maps
        self.last = mmap.mmap(-1, 1)  # the last request's command (its index in COMMANDS)
        self.learned = mmap.mmap(-1, len(COMMANDS))  # how many requests of each marked their pages (to LEARN_FIRST)
        #: In a child: the command whose pages it copied ahead (-1: none).
        self.copied = -1

    @staticmethod
    def _index(command: str) -> int:
        return COMMANDS.index(command) if command in COMMANDS else len(COMMANDS) - 1

    def expect(self, command: str) -> None:
        """Say that a request of ``command`` has come: the next waiting children copy its map."""
        self.last[0] = self._index(command)

    def learns(self, command: str, number: int) -> bool:
        """Whether the child of the request ``number`` (of ``command``) is to mark the pages
        it wrote (two children at once may both count one: no harm)."""
        index = self._index(command)
        if self.learned[index] < LEARN_FIRST:
            self.learned[index] += 1
            return True
        return number % LEARN_EVERY == 0

    def learn(self, command: str) -> None:
        """Mark in ``command``'s map the pages this child has written (its own now,
        present): a child calls it once its request is answered. Not if it copied
        another command's pages ahead: those are its own too, and would be marked as
        this command's."""
        if sys.byteorder != "little" or self.copied not in (-1, self._index(command)):
            return
        base = self._index(command) * self.size
        with open("/proc/self/pagemap", "rb", buffering=0) as pagemap:
            for start, count, offset in self.regions:
                entries = os.pread(pagemap.fileno(), count * 8, start // PAGE * 8)
                marks = entries[7::8].translate(_MARK)
                if len(marks) != count or not any(marks):
                    continue
                at = base + offset
                old = int.from_bytes(self.written[at : at + count], "little")
                self.written[at : at + count] = (old | int.from_bytes(marks, "little")).to_bytes(count, "little")

    def copy_ahead(self) -> None:
        """Fault the pages of the last request's command in, writable, in this child (which
        waits for a request): only where it has a private writable mapping now (never a
        file it shares)."""
        if self.madvise is None:
            return
        import re
        from bisect import bisect_right

        mapped = _private_writable()  # in the order of their addresses, apart
        starts = [low for low, _ in mapped]
        base = self.last[0] * self.size
        if any(self.written[base : base + self.size]):
            self.copied = self.last[0]
        for start, count, offset in self.regions:
            for run in re.finditer(b"\x01+", self.written[base + offset : base + offset + count]):
                first, end = start + run.start() * PAGE, start + run.end() * PAGE
                at = max(bisect_right(starts, first) - 1, 0)
                while at < len(mapped) and mapped[at][0] < end:
                    low, high = max(mapped[at][0], first), min(mapped[at][1], end)
                    at += 1
                    if low < high and self.madvise(low, high - low, MADV_POPULATE_WRITE) != 0:
                        from ctypes import get_errno

                        if get_errno() == 22:  # EINVAL: a Linux before 5.14 knows no MADV_POPULATE_WRITE
                            self.madvise = None
                            return
                        # EFAULT, ENOMEM: changed since; the other pages still are copied


def _private_writable() -> list[tuple[int, int]]:
    """This process's private writable mappings, as (first address, end)."""
    found = []
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            fields = line.split()
            if fields[1] == "rw-p":
                low, high = fields[0].split("-")
                found.append((int(low, 16), int(high, 16)))
    return found


def create() -> Pages | None:
    """The map of the pages, with the C library's ``madvise``; None where there is no
    /proc/self/pagemap or shared memory to keep it in."""
    try:
        import ctypes

        madvise = ctypes.CDLL(None, use_errno=True).madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        madvise.restype = ctypes.c_int
        pages = Pages(madvise)
        with open("/proc/self/pagemap", "rb", buffering=0):
            pass
    except (OSError, AttributeError, ValueError):
        return None
    return pages
