"""``pyproject.toml`` lists every package of ``convert/``: setuptools installs only the
packages named there, so a subpackage left out works in the checkout (and in an
editable install) but is missing from the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "convert").rglob("__init__.py")}
    assert found - listed == set(), f"packages missing from [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
