"""The pages a server's child writes (convert/server/pages.py): what one child has written
is marked in its command's map, which the children share, and a later child copies
ahead those of the last request's command, and only those."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/pagemap and madvise are Linux's")

_SCRIPT = """
import ctypes, os, sys
from convert.server import pages

PAGE = pages.PAGE
data = bytearray(b"x" * (64 * PAGE))  # the server's memory: present, shared with each child
address = ctypes.addressof((ctypes.c_char * len(data)).from_buffer(data))
known = pages.create()
if known is None or known.madvise is None:
    sys.exit(3)

def own(k):
    with open("/proc/self/pagemap", "rb") as pagemap:
        pagemap.seek((address + k * PAGE) // PAGE * 8)
        entry = int.from_bytes(pagemap.read(8), "little")
    return bool(entry >> 63 & 1 and entry >> 56 & 1)

def child(body):
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(body())
        finally:
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

def writes():  # a PDF request's child: it writes pages 8..15, then learns them
    known.expect("pdf")
    for k in range(8, 16):
        data[k * PAGE] = 1
    known.learn("pdf")
    return 0

def docx():  # a DOCX request's child writes pages 20..23: learned in the DOCX's own map
    for k in range(20, 24):
        data[k * PAGE] = 1
    known.learn("docx")
    return 0

def pdf_copied_then_docx():  # a child that copied the PDF's pages ahead, then ran a DOCX
    known.copy_ahead()       # request: it learns nothing (the PDF's pages are its own too)
    for k in range(24, 26):
        data[k * PAGE] = 1
    known.learn("docx")
    return 0

def waits(command, expected):  # a waiting child, the last request of ``command``: before it
    known.expect(command)       # writes anything, the pages ``expected`` are its own, no other
    before = [own(k) for k in range(64)]
    known.copy_ahead()
    after = [own(k) for k in range(64)]
    return 0 if not any(before) and after == [k in expected for k in range(64)] else 10

sys.exit(
    child(writes) or child(docx) or child(pdf_copied_then_docx)
    or child(lambda: waits("pdf", range(8, 16))) or child(lambda: waits("docx", range(20, 24)))
)
"""


def test_a_child_copies_ahead_the_pages_the_last_commands_requests_wrote() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, timeout=60)
    if result.returncode == 3:
        pytest.skip("no /proc/self/pagemap or madvise here")
    assert result.returncode == 0, result.stderr


_SHARED_SCRIPT = """
import ctypes, mmap, os, sys, tempfile
from convert.server import pages

PAGE = pages.PAGE
size = 16 * PAGE
private = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE)
private.write(b"x" * size)
address = ctypes.addressof(ctypes.c_char.from_buffer(private))
known = pages.create()
if known is None or known.madvise is None:
    sys.exit(3)

def child(body):
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(body())
        finally:
            os._exit(1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

def writes():
    private[:] = b"y" * size
    known.expect("pdf")
    known.learn("pdf")
    return 0

child(writes)
# The same addresses become a file this process shares (as a library might map one).
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
with tempfile.TemporaryFile() as file:
    file.write(b"z" * size)
    file.flush()
    placed = libc.mmap(address, size, mmap.PROT_READ | mmap.PROT_WRITE, mmap.MAP_SHARED | 0x10, file.fileno(), 0)  # MAP_FIXED
    assert placed == address, ctypes.get_errno()

    def waits():
        known.copy_ahead()
        with open("/proc/self/smaps") as smaps:
            lines = smaps.read().split("\\n")
        head = next(i for i, line in enumerate(lines) if line.startswith(f"{address:x}-"))
        rss = next(int(line.split()[1]) for line in lines[head + 1 :] if line.startswith("Rss:"))
        return 0 if rss == 0 else 10  # none of the file's pages was faulted in

    sys.exit(child(waits))
"""


def test_no_page_of_a_shared_file_is_copied_ahead() -> None:
    # Pages learned at addresses that now hold a file the process shares are left alone:
    # faulting those in writable would dirty the file's pages.
    result = subprocess.run([sys.executable, "-c", _SHARED_SCRIPT], capture_output=True, timeout=60)
    if result.returncode == 3:
        pytest.skip("no /proc/self/pagemap or madvise here")
    assert result.returncode == 0, result.stderr


def test_a_commands_first_requests_learn_then_one_in_so_many() -> None:
    from convert.server import pages

    known = pages.create()
    if known is None:
        pytest.skip("no /proc/self/pagemap here")
    first = [known.learns("pdf", number) for number in range(1, pages.LEARN_FIRST + 1)]
    later = [number for number in range(100, 100 + 4 * pages.LEARN_EVERY) if known.learns("pdf", number)]
    assert all(first) and len(later) == 4
    assert known.learns("docx", 1000 + 1)  # another command's first request still learns
