"""``python -m convert.server start [--no-wait]``: how the console script starts a server
on demand (``VNCONV_SERVER=auto``), in the background. Users run ``vnconv server start``."""

import sys

from convert.cli import main
from convert.server.daemon import ServerError, start

if sys.argv[1:2] != ["start"]:
    sys.exit("usage: python -m convert.server start [--no-wait]  (or: vnconv server start|stop|status)")
try:
    message = start(main, wait="--no-wait" not in sys.argv[2:])
except ServerError as exc:
    sys.exit(f"vnconv: error: server: {exc}")
if message:
    print(message)
