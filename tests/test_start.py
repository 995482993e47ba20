"""``convert.start``: what a whole-process command does first, and the stand-in ``inspect``."""

from __future__ import annotations

import inspect
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from convert import start


@pytest.mark.parametrize(
    "doc",
    [
        "",
        "one line",
        "   First line.\n\n      Indented more.\n    Less.\n\n",
        "\n\n  Leading blank lines\n  then text\n\n\n",
        "Tabs\n\tare expanded\n\t\tfirst",
        "Form feed\n  \fcut here\n  rest",  # whitespace that is not a space: 3.13 differs
        "\b\nExamples:\n  vnconv pdf bai.txt\n",  # Click's no-rewrap mark
        "  \u00a0non-breaking space\n   kept?",
    ],
)
def test_cleandoc_is_this_pythons(doc: str) -> None:
    assert start.cleandoc(doc) == inspect.cleandoc(doc)


def test_code_flags_are_inspects() -> None:
    assert start.CODE_FLAGS == {name: value for name, value in vars(inspect).items() if name.startswith("CO_")}


STAND_IN = """
import sys
from convert import start
start.begin()
import click, dataclasses
import convert.cli
stand_in = sys.modules["inspect"]
print("ast" in sys.modules, "tokenize" in sys.modules, stand_in.cleandoc is start.cleandoc)
signature = stand_in.signature  # another name: the real module now
import inspect
print(inspect is not stand_in, signature is inspect.signature, stand_in.getmro is inspect.getmro)
print(str(signature(dataclasses.make_dataclass("P", [("x", int), ("y", int)]))))
"""


def test_inspect_is_a_stand_in_until_another_name_is_asked() -> None:
    """Importing Click and the command line leaves ``inspect`` (and ``ast``, ``tokenize``)
    unloaded; the first name other than ``cleandoc`` brings the real module in, for the
    stand-in's holders as for a new ``import inspect``."""
    run = subprocess.run([sys.executable, "-c", STAND_IN], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["False False True", "True True True", "(x: int, y: int) -> None", ""]


URLLIB_PARSE = """
import sys
from convert import start
start.begin()
import pathlib, urllib
stand_in = sys.modules["urllib.parse"]
print(stand_in.__stand_in__, urllib.parse is stand_in, "SplitResult" in vars(stand_in))
print(pathlib.Path("/a b/c").as_uri())  # quote_from_bytes: the real module's, now
import urllib.parse
print(urllib.parse is not stand_in, sys.modules["urllib.parse"] is urllib.parse, stand_in.__stand_in__)
from urllib.parse import urlsplit
print(urlsplit("file:///x%20y").path, stand_in.urlsplit is urlsplit)
"""


def test_urllib_parse_is_a_stand_in_until_asked() -> None:
    """``pathlib`` binds the stand-in's ``quote_from_bytes``, which asks the real module
    when called; from then on ``urllib.parse`` is the real module, in ``sys.modules`` and
    in its package, and the stand-in has its names."""
    run = subprocess.run([sys.executable, "-c", URLLIB_PARSE], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["True True False", "file:///a%20b/c", "True True False", "/x%20y True", ""]


FIND_SPEC = """
import importlib.util, sys
from convert import start
start.begin()
for name in ("inspect", "urllib.parse"):
    spec = importlib.util.find_spec(name)
    print(name, spec.name, spec.origin.endswith(name.replace(".", "/") + ".py"), sys.modules[name].__stand_in__)
print("ast" in sys.modules)
"""


def test_find_spec_of_a_stood_in_module_answers_as_for_the_real_one() -> None:
    """A library asking ``importlib.util.find_spec("inspect")`` (is it there?) gets the
    real module's spec, not the ValueError a spec of None gives, and the stand-in stays."""
    run = subprocess.run([sys.executable, "-c", FIND_SPEC], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["inspect inspect True True", "urllib.parse urllib.parse True True", "False", ""]


DATETIME = """
import pickle, sys
from convert import start
start.begin()
import _datetime, datetime
import convert.cli  # Click, the model: every command's start
stand_in = sys.modules["datetime"]
print(stand_in.__stand_in__, datetime.datetime is _datetime.datetime, datetime.UTC is _datetime.UTC)
print(sorted(name for name in vars(stand_in) if not name.startswith("_")))
moment = datetime.datetime(2020, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
print(pickle.loads(pickle.dumps(moment)) == moment, moment.isoformat())
namespace = {}
exec("from datetime import *", namespace)
print(sorted(name for name in namespace if name != "__builtins__") == sorted(stand_in.__all__))
print(datetime.sys is sys, sys.modules["datetime"] is not stand_in, stand_in.__stand_in__)
"""

REAL_DATETIME = """
import datetime
print(sorted(name for name in vars(datetime) if not name.startswith("_") and name != "sys"))
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="datetime.py is _datetime's names already from Python 3.12 on")
def test_datetime_is_its_c_modules_names_until_another_is_asked() -> None:
    """Every command's start leaves ``datetime`` the stand-in, holding the real module's
    names (the same objects, ``__all__`` too); a name it lacks brings the real module in."""
    real = subprocess.run([sys.executable, "-c", REAL_DATETIME], capture_output=True, text=True, check=True).stdout.strip()
    run = subprocess.run([sys.executable, "-c", DATETIME], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n") == ["True True True", real, "True 2020-01-02T03:04:00+00:00", "True", "True True False", ""]


PLATFORM = """
import sys
from convert import start
start.begin()
import convert.cli  # Click's types import uuid, which asks platform.system() on Linux
stand_in = sys.modules["platform"]
print(stand_in.__stand_in__, stand_in.system(), stand_in.python_implementation())  # ReportLab asks the second
machine = stand_in.machine()  # another name: the real module now
import platform
print(platform is not stand_in, machine == platform.machine(), stand_in.system is platform.system, platform.system())
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the stand-in is made on Linux only")
def test_platform_is_a_stand_in_answering_system_as_the_real_one() -> None:
    asked = "import platform; print(platform.system(), platform.python_implementation())"
    real = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, check=True)
    run = subprocess.run([sys.executable, "-c", PLATFORM], capture_output=True, text=True, check=True)
    system, implementation = real.stdout.split()
    assert run.stdout.split("\n") == [f"True {system} {implementation}", f"True True True {system}", ""]


GETTEXT = """
import os, sys
from convert import start
start.begin()
stand_in = sys.modules["gettext"]
import click
import convert.cli  # Click's messages: every command's start
from click.core import _  # Click's gettext, bound at its import
print(stand_in.__stand_in__, "locale" in sys.modules, _("Show this message and exit."), stand_in.ngettext("a", "as", 2))
import gettext  # another name: the real module now
print(gettext.find("messages") is None, sys.modules["gettext"] is not stand_in, stand_in.__stand_in__)
print(_("Show this message and exit."), stand_in.ngettext("a", "as", 1))
"""


def _catalogue(folder: Path, translations: dict[str, str]) -> None:
    """A GNU gettext catalogue ``folder/LC_MESSAGES/messages.mo`` (the .mo layout: GNU
    gettext's manual, "The Format of GNU MO Files"): magic, revision, count, the offsets
    of the two tables of (length, offset) pairs, no hash table; then the strings."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **translations}.items())
    originals = [key.encode() for key, _ in entries]
    translated = [value.encode() for _, value in entries]
    start_of_strings = 28 + 16 * len(entries)
    table, strings = [], b""
    for text in (*originals, *translated):
        table.append((len(text), start_of_strings + len(strings)))
        strings += text + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, len(entries), 28, 28 + 8 * len(entries), 0, 0)
    (folder / "LC_MESSAGES").mkdir(parents=True)
    (folder / "LC_MESSAGES" / "messages.mo").write_bytes(head + b"".join(struct.pack("<2I", *pair) for pair in table) + strings)


@pytest.mark.skipif(os.path.exists(os.path.join(sys.base_prefix, "share", "locale")), reason="this Python has a folder of catalogues: the real gettext answers")
def test_gettext_is_a_stand_in_where_there_is_no_catalogue(tmp_path: Path) -> None:
    """Click's messages need neither ``gettext`` nor ``locale`` where no catalogue can
    be found; a language named by a path is looked for there, by the real module."""
    quiet = {name: value for name, value in os.environ.items() if name not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    run = subprocess.run([sys.executable, "-c", GETTEXT], capture_output=True, text=True, check=True, env=quiet)
    assert run.stdout.split("\n") == ["True False Show this message and exit. as", "True True False", "Show this message and exit. a", ""]
    _catalogue(tmp_path / "vi", {"Show this message and exit.": "Hiện lời này rồi thoát."})
    translated = subprocess.run(
        [sys.executable, "-c", GETTEXT], capture_output=True, text=True, check=True, env={**quiet, "LANGUAGE": str(tmp_path / "vi")}
    )
    assert translated.stdout.split("\n")[0] == "False True Hiện lời này rồi thoát. as"
