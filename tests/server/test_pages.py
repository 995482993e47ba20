"""The pages a server's child writes (convert/server/pages.py): what one child has written
is marked in the map the children share, and a later child copies those pages ahead,
and only those."""

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

def writes():  # a request's child: it writes pages 8..15, then learns them
    for k in range(8, 16):
        data[k * PAGE] = 1
    known.learn()
    return 0

def waits():  # a waiting child: before it writes anything, pages 8..15 are its own, and no other
    before = [own(k) for k in range(20, 64)] + [own(k) for k in range(8, 16)]
    known.copy_ahead()
    mine = [own(k) for k in range(8, 16)]
    others = [own(k) for k in range(20, 64)]
    return 0 if not any(before) and all(mine) and not any(others) else 10

sys.exit(child(writes) or child(waits))
"""


def test_a_child_copies_ahead_the_pages_an_earlier_child_wrote() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, timeout=60)
    if result.returncode == 3:
        pytest.skip("no /proc/self/pagemap or madvise here")
    assert result.returncode == 0, result.stderr
