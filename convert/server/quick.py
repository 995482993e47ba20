"""The quick client: ``PYTHON -S convert/server/quick.py VNCONV ARGS...``, the command line
``vnconv server client`` prints while a server runs (samples/Makefile uses it in
vnconv's place). Run as a script by a Python without ``site``, which has not put the
folder holding ``convert`` on ``sys.path``: this file's place says where it is. See
``convert.client.quick``."""

import sys

sys.path[0] = __file__[: -len("/convert/server/quick.py")]
from convert.client import quick  # noqa: E402

quick()
