"""A content-addressed cache of drawn figures, used by every build.

matplotlib takes a few tenths of a second per figure, and a page's figures rarely change
between two builds. `cached_figure` wraps a figure builder: the cache key is a SHA-256 digest of

* the source of the whole package (every ``*.py`` and ``*.csv`` file under ``crossentropy/``),
  so any edit to the code that computes or draws a figure draws it anew;
* the builder's qualified name and its arguments, bound to its signature with defaults applied
  (numbers by their exact ``repr``, arrays by dtype, shape and bytes, dataclasses field by field);
* the matplotlib and numpy versions and the figures' `STYLE`.

A hit returns the stored ``<figure>`` text without importing matplotlib. Entries are written
atomically (a temporary file, then `os.replace`) and carry a checksum of their text: an entry
that cannot be read or does not match its checksum is ignored and drawn again. An argument of a
type the key cannot describe faithfully skips the cache (the figure is drawn).

The cache lives in ``.cache/figures/`` of the source checkout the package is imported from
(git-ignored; ``make clean`` removes it), or where ``CROSSENTROPY_FIGURE_CACHE`` points;
``CROSSENTROPY_FIGURE_CACHE=off`` turns it off.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import inspect
import math
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, Protocol, cast

import numpy as np

from crossentropy.figures._style import STYLE

__all__ = ["CachedBuilder", "cache_dir", "cache_key", "cached_figure", "package_digest"]

P = ParamSpec("P")
_PACKAGE = Path(__file__).resolve().parent.parent
_ENV = "CROSSENTROPY_FIGURE_CACHE"
_HEADER = "sha256:"


class CachedBuilder(Protocol[P]):
    """A figure builder wrapped by `cached_figure`: call it as the builder; ``.uncached`` is the
    builder itself (it always draws)."""

    uncached: Callable[P, str]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> str: ...


class _Uncacheable(Exception):
    """An argument whose value the key cannot describe faithfully."""


@functools.cache
def package_digest() -> str:
    """SHA-256 of every source and data file of the package (paths and contents).

    Computed once per import of the package: ``mkdocs serve`` imports the package afresh before
    each build, so an edit is always seen.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in {".py", ".csv"}):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Where entries live: ``$CROSSENTROPY_FIGURE_CACHE``, else ``.cache/figures`` of the source
    checkout (the folder above ``src/`` that holds ``pyproject.toml``), else no cache (``None``)."""
    setting = os.environ.get(_ENV)
    if setting is not None:
        return None if setting.strip().lower() in {"", "0", "off", "false", "no"} else Path(setting)
    root = _PACKAGE.parent.parent
    if _PACKAGE.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root / ".cache" / "figures"
    return None


def _describe(value: Any) -> Any:
    """A hashable, faithful description of an argument value, or raise `_Uncacheable`."""
    if value is None or isinstance(value, (bool, str, bytes)):
        return value
    if isinstance(value, (int, np.integer)):
        return ("int", int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return ("float", repr(number) if math.isfinite(number) else str(number))
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        return (
            "array",
            array.dtype.str,
            array.shape,
            hashlib.sha256(array.tobytes()).hexdigest(),
        )
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_describe(v) for v in value))
    if isinstance(value, Mapping):
        return (
            "mapping",
            tuple((_describe(k), _describe(v)) for k, v in value.items()),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple((f.name, _describe(getattr(value, f.name))) for f in dataclasses.fields(value))
        return (type(value).__module__, type(value).__qualname__, fields)
    raise _Uncacheable(type(value).__name__)


def cache_key(builder: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """The key of ``builder(*args, **kwargs)``'s figure (a hex SHA-256 digest).

    Raises ``TypeError`` if the arguments do not fit the builder's signature.
    """
    bound = inspect.signature(builder).bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = tuple((k, _describe(v)) for k, v in bound.arguments.items())
    parts = (
        package_digest(),
        f"{builder.__module__}.{builder.__qualname__}",
        arguments,
        importlib.metadata.version("matplotlib"),
        np.__version__,
        tuple(sorted((k, repr(v)) for k, v in STYLE.items())),
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    if header != _HEADER + hashlib.sha256(body.encode("utf-8")).hexdigest():
        return None
    return body


def _write(path: Path, body: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".html")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"{_HEADER}{checksum}\n{body}")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the figure is still returned, only not kept


def cached_figure(builder: Callable[P, str]) -> CachedBuilder[P]:
    """Decorate a figure builder so that its output is kept in, and served from, the cache."""

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        folder = cache_dir()
        if folder is None:
            return builder(*args, **kwargs)
        try:
            key = cache_key(builder, *args, **kwargs)
        except (_Uncacheable, TypeError):
            return builder(*args, **kwargs)  # the builder reports a bad call itself
        path = folder / key[:2] / f"{key}.html"
        stored = _read(path)
        if stored is not None:
            return stored
        drawn = builder(*args, **kwargs)
        _write(path, drawn)
        return drawn

    wrapper.uncached = builder  # type: ignore[attr-defined]
    return cast("CachedBuilder[P]", wrapper)
