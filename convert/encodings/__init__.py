"""Legacy Vietnamese encodings: their names, and Python codecs for them.

Before Unicode, Vietnamese text was 8-bit bytes that only a matching font drew right:
TCVN3 for the ABC fonts (north), VNI for the VNI fonts (south), VISCII (RFC 1456),
VPS. Importing this package registers each as a Python codec (``codecs.register``),
so ``--encoding tcvn3`` and ``data.decode("vni")`` work anywhere in vnconv. The
tables live in one module per encoding, imported only when a codec is first asked for.
``convert.encodings.detect`` tells them apart when no encoding is given.
"""

from __future__ import annotations

import codecs
import importlib
import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Legacy:
    """One legacy encoding: the name vnconv uses, how a warning calls it, other names."""

    name: str
    label: str
    aliases: tuple[str, ...]
    module: str  # the module holding the codec, as ``module:attribute``

    def codec(self) -> codecs.CodecInfo:
        module, _, attribute = self.module.partition(":")
        return getattr(importlib.import_module(module), attribute).codec_info()


LEGACY: Final = (
    Legacy("tcvn3", "TCVN3 (ABC fonts)", ("tcvn", "abc", "vn3", "tcvn5712-3", "vscii-3"), "convert.encodings.tcvn3:TCVN3"),
    Legacy("vni", "VNI (VNI-Windows fonts)", ("vni-windows", "vni-win", "vniwin"), "convert.encodings.vni:VNI"),
    Legacy("viscii", "VISCII", ("csviscii", "viscii1.1"), "convert.encodings.viscii:VISCII"),
    Legacy("vps", "VPS", ("x-viet-vps",), "convert.encodings.vps:VPS"),
    Legacy(
        "tcvn5712-1",
        "TCVN 5712 VN1",
        ("vn1", "vscii", "vscii-1", "tcvn5712", "tcvn5712-1:1993"),
        "convert.encodings.tcvn3:TCVN5712_1",
    ),
)

#: How a warning names the encodings vnconv reads besides the legacy ones.
LABELS: Final = {"utf-8": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32", "windows-1258": "Windows-1258"}
LABELS.update({legacy.name: legacy.label for legacy in LEGACY})

#: Python's names for codecs whose usual name is another.
_USUAL_NAMES: Final = {"cp1258": "windows-1258", "utf-8-sig": "utf-8"}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


_BY_KEY: Final = {_key(alias): legacy for legacy in LEGACY for alias in (legacy.name, *legacy.aliases)}


def find(name: str) -> Legacy | None:
    """The legacy encoding called ``name`` (any alias, any case or punctuation)."""
    return _BY_KEY.get(_key(name))


def _search(name: str) -> codecs.CodecInfo | None:
    legacy = find(name)
    return legacy.codec() if legacy is not None else None


codecs.register(_search)


#: ``--encoding utf-8:replace``: UTF-8, its damaged bytes shown as U+FFFD with a warning
#: (``convert.encodings.damaged``) however many, where plain ``utf-8`` refuses them.
LENIENT_UTF8: Final = "utf-8:replace"


def usual_name(encoding: str) -> str:
    """The name vnconv reports for an encoding: ``tcvn3``, ``windows-1258``, ``utf-16-be``,
    ``utf-8:replace`` (see ``LENIENT_UTF8``).

    Raises LookupError for a name no codec answers to.
    """
    codec, colon, errors = encoding.rpartition(":")
    if colon and errors.strip().lower() == "replace" and codecs.lookup(codec).name == "utf-8":
        return LENIENT_UTF8
    legacy = find(encoding)
    if legacy is not None:
        return legacy.name
    name = codecs.lookup(encoding).name
    return _USUAL_NAMES.get(name, name)


def known_names() -> str:
    """For an error message: the names vnconv reads Vietnamese in."""
    return ", ".join(["utf-8", LENIENT_UTF8, "utf-16", "windows-1258", *(legacy.name for legacy in LEGACY)])


__all__ = ["LABELS", "LEGACY", "LENIENT_UTF8", "Legacy", "find", "known_names", "usual_name"]
