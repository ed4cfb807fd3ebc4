"""An optional disk cache for the figure builders, for fast live previews of the site.

Drawing the site's figures with matplotlib is the slowest part of a build. While the environment
variable ``CROSSENTROPY_FIGURE_CACHE`` names a directory, every public figure builder keeps the
HTML it returns in that directory and returns it again, without drawing, when it is called with the
same arguments by the same source code. The site's MkDocs hook sets the variable for
``mkdocs serve`` only; without it (``mkdocs build``, the tests, any other use) nothing is read or
written and every figure is drawn.

An entry's key is the SHA-256 of

* `source_hash`: the contents of every ``*.py`` and ``*.csv`` file of the package, so that any
  change to the code or data gives new keys and an old figure is never returned for new code;
* the builder's qualified name;
* the pickled call arguments (``pickle.dumps((args, kwargs), protocol=5)``; arguments that cannot
  be pickled are simply not cached);
* the Python, numpy and matplotlib versions.

A new entry is written (atomically) only if the package source did not change while the figure was
drawn: the hash taken before the call must equal the one after it and the baseline, which is the
value of ``CROSSENTROPY_SOURCE_HASH`` when set (the hook sets it before the package is imported
for a build) or else the hash taken when this module was imported. So a figure drawn by code that
was loaded before an edit is never stored under the key of the edited source.

A hit refreshes the entry's modification time; the hook deletes entries unused for an hour after
each full rebuild, so old sources' figures do not pile up. This module imports nothing outside the
standard library at import time, so that the hook can load it on its own to compute `source_hash`
before the package is imported.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["CACHE_ENV", "SOURCE_HASH_ENV", "PACKAGE_DIR", "cache_dir", "cached_figure", "source_hash"]

#: Environment variable naming the cache directory; the cache is off when it is unset or empty.
CACHE_ENV = "CROSSENTROPY_FIGURE_CACHE"
#: Environment variable holding the package's `source_hash` taken before the package was imported.
SOURCE_HASH_ENV = "CROSSENTROPY_SOURCE_HASH"
#: The ``crossentropy`` package directory this module belongs to.
PACKAGE_DIR = Path(__file__).resolve().parents[1]

_SOURCE_SUFFIXES = (".py", ".csv")

F = TypeVar("F", bound=Callable[..., str])


def source_hash(package_dir: str | os.PathLike[str] | None = None) -> str:
    """SHA-256 (hex) of the names and contents of every ``*.py`` and ``*.csv`` file in the package.

    Parameters
    ----------
    package_dir : path-like or None, default None
        The package directory; by default the one this module was loaded from.

    Returns
    -------
    str
        64 hexadecimal digits; it changes whenever a source or data file is added, removed,
        renamed or edited.

    Examples
    --------
    >>> digest = source_hash()
    >>> len(digest), digest == source_hash()
    (64, True)
    """
    root = PACKAGE_DIR if package_dir is None else Path(package_dir)
    if not root.is_dir():
        raise ValueError(f"package_dir must be an existing directory, got {str(root)!r}")
    digest = hashlib.sha256()
    paths = sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    )
    for relative, path in paths:
        data = path.read_bytes()
        digest.update(relative.encode("utf-8") + b"\0" + len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


_IMPORT_HASH = source_hash()


def cache_dir() -> Path | None:
    """The cache directory named by ``CROSSENTROPY_FIGURE_CACHE``, or None when the cache is off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value) if value else None


def _versions() -> str:
    import matplotlib
    import numpy

    return f"python {sys.version}; numpy {numpy.__version__}; matplotlib {matplotlib.__version__}"


def _key(source: str, qualname: str, arguments: bytes) -> str:
    digest = hashlib.sha256()
    for part in (source.encode("ascii"), qualname.encode("utf-8"), _versions().encode("utf-8")):
        digest.update(len(part).to_bytes(8, "little") + part)
    digest.update(arguments)
    return digest.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename; never raise."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a cache that cannot be written only costs time


def cached_figure(builder: F) -> F:
    """Decorate a figure builder so that it uses the disk cache while ``CROSSENTROPY_FIGURE_CACHE`` is set.

    The decorated function has the builder's name, signature and docstring, and returns exactly
    what the builder returns (an HTML string). With the variable unset it calls the builder and
    does nothing else.

    Examples
    --------
    >>> import os
    >>> calls = []
    >>> @cached_figure
    ... def demo_svg(size, *, name="demo"):
    ...     calls.append(size)
    ...     return f"<figure>{name} {size}</figure>"
    >>> CACHE_ENV in os.environ
    False
    >>> demo_svg(2), demo_svg(2), calls
    ('<figure>demo 2</figure>', '<figure>demo 2</figure>', [2, 2])
    """
    qualname = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def cached(*args: object, **kwargs: object) -> str:
        directory = cache_dir()
        if directory is None:
            return builder(*args, **kwargs)
        try:
            arguments = pickle.dumps((args, kwargs), protocol=5)
        except Exception:  # anything unpicklable (lambdas, open files, stale classes …)
            return builder(*args, **kwargs)
        before = source_hash()
        path = directory / f"{_key(before, qualname, arguments)}.html"
        try:
            html = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # last use, for pruning old entries
            return html
        html = builder(*args, **kwargs)
        baseline = os.environ.get(SOURCE_HASH_ENV) or _IMPORT_HASH
        if isinstance(html, str) and before == baseline == source_hash():
            _write_atomic(path, html)
        return html

    return cached  # type: ignore[return-value]
