"""MkDocs hooks for the site (listed under ``hooks:`` in mkdocs.yml).

* markdown-exec runs the pages' Python blocks inside the MkDocs process, and Python keeps every
  imported module. Without help, ``mkdocs serve`` would keep showing the old ``crossentropy``
  after an edit to ``src/crossentropy`` until it was restarted. Before each build these hooks drop
  the package and its submodules from ``sys.modules``, so the next ``import crossentropy`` in a
  block reads the edited files.
* ``mkdocs serve`` starts every rebuild with a fresh theme and fresh mkdocstrings templates, and
  compiling those Jinja templates again is a large share of a rebuild. The compiled templates are
  kept in memory for the life of the process (Jinja checks each template's source checksum before
  reusing it), so only the first build pays for compiling them.
* ``make serve`` runs ``mkdocs serve --dirty``: a rebuild renders only the pages whose Markdown
  file is newer than their built HTML. Every number on a page comes from the package, so when the
  package's source (any ``*.py`` or ``*.csv`` under ``src/crossentropy``), ``mkdocs.yml`` or the
  list of pages and their headings changed since the last successful build, every page is marked
  out of date (its built HTML gets an mtime of 0) and the rebuild renders them all. A dirty build
  leaves the site as a full build would: the pages not rendered again keep their navigation
  titles, and their search entries, the API objects they document (for cross-references from the
  pages that are rendered) and their lines of ``objects.inv`` are carried over from the build
  that last rendered them. Under ``strict: true`` MkDocs' warning that a dirty build is being
  performed is logged at INFO level, or it would abort every such build.

MkDocs 1.6 loads this file once per process (``Hooks._load_hook`` is memoised), so module globals
last across the rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import logging
import os
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.utils.meta import get_data

PACKAGE = "crossentropy"
#: The package files whose contents every page depends on.
SOURCE_SUFFIXES = (".py", ".csv")

log = logging.getLogger("mkdocs.hooks.site")


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja templates kept in a dict (no files written anywhere)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.store.clear()


def _template_cache() -> _MemoryBytecodeCache:
    """The process-wide template cache (kept in a holder module registered in ``sys.modules``)."""
    holder = sys.modules.get("_site_template_cache")
    if holder is None:
        holder = types.ModuleType("_site_template_cache")
        holder.cache = _MemoryBytecodeCache()  # type: ignore[attr-defined]
        sys.modules[holder.__name__] = holder
    return holder.cache  # type: ignore[attr-defined,no-any-return]


def forget_package(name: str = PACKAGE) -> list[str]:
    """Remove ``name`` and its submodules from ``sys.modules``; return the names removed."""
    removed = [mod for mod in list(sys.modules) if mod == name or mod.startswith(name + ".")]
    for mod in removed:
        del sys.modules[mod]
    return removed


# --------------------------------------------------------------------------------------------
# State kept across the builds of one process


@dataclass
class _State:
    """What the hooks remember from one build to the next (reset when MkDocs starts)."""

    command: str | None = None  # "serve", "build" or "gh-deploy"; None when built in-process
    dirty: bool = False
    source: str | None = None  # hash of the package source, taken before this build imports it
    fingerprint: str | None = None  # `_fingerprint` of this build
    built_fingerprint: str | None = None  # `_fingerprint` of the last good build
    fingerprint_before: str | None = None  # `built_fingerprint` when this build started
    full_rebuild: bool = True
    page_sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # `_page_sources`
    rendered_sources: dict[str, tuple[str, str] | None] = field(default_factory=dict)  # as last rendered
    rendered: dict[str, str] = field(default_factory=dict)  # url -> src_uri of the pages rendered now
    doc_urls: list[str] = field(default_factory=list)
    titles: dict[str, str | None] = field(default_factory=dict)  # url -> title as last rendered
    search_entries: dict[str, list[Any]] = field(default_factory=dict)  # url -> its search entries
    # What rendering a page registers for cross-references, by page url: the arguments of each
    # autorefs `register_anchor` call (page left out) and mkdocstrings' inventory items.
    anchors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    anchors_now: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    register_anchor: Any = None
    inventory: dict[str, list[Any]] = field(default_factory=dict)


_state = _State()


class _DirtyBuildNotice(logging.Filter):
    """Log MkDocs' "A 'dirty' build is being performed" warning at INFO level.

    Under ``strict: true`` that warning alone would abort every ``mkdocs serve --dirty`` build.
    What it warns about (navigation and out-of-date pages) is handled by these hooks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def _package_dir() -> Path | None:
    """The directory the next ``import crossentropy`` will load, without importing it."""
    importlib.invalidate_caches()
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _source_hash(package_dir: Path) -> str | None:
    """SHA-256 of the names and contents of every ``*.py`` and ``*.csv`` file of the package
    (None if ``package_dir`` is not a directory): it changes whenever one is added, removed,
    renamed or edited."""
    if not package_dir.is_dir():
        return None
    digest = hashlib.sha256()
    paths = sorted(
        (path.relative_to(package_dir).as_posix(), path)
        for path in package_dir.rglob("*")
        if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    )
    for relative, path in paths:
        data = path.read_bytes()
        digest.update(relative.encode("utf-8") + b"\0" + len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _page_sources(files: Any) -> dict[str, tuple[str, str]]:
    """For each Markdown page: the SHA-256 of its file, and its front matter and first line."""
    sources: dict[str, tuple[str, str]] = {}
    for file in files.documentation_pages():
        try:
            data = Path(file.abs_src_path).read_bytes()
        except (OSError, TypeError):
            continue  # generated by a plugin: nothing to read
        body, meta = get_data(data.decode("utf-8-sig", errors="replace"))
        first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
        sources[file.src_uri] = (hashlib.sha256(data).hexdigest(), repr((meta, first_line)))
    return sources


def _fingerprint(config: Any, source: str | None, pages: dict[str, tuple[str, str]]) -> str | None:
    """What every page depends on: package source, mkdocs.yml, and the pages and their headings.

    A page's first line (its ``# Heading``) and front matter can give its title in the navigation
    of every other page; adding, removing or renaming a page changes the navigation too.
    """
    if source is None:
        return None
    digest = hashlib.sha256(source.encode("ascii"))
    if config.config_file_path and os.path.isfile(config.config_file_path):
        digest.update(Path(config.config_file_path).read_bytes())
    for src_uri, (_, heading) in sorted(pages.items()):
        digest.update(f"\0{src_uri}\0{heading}".encode())
    return digest.hexdigest()


def _record_anchors(config: Any) -> None:
    """Note every anchor that rendering a page registers with autorefs (for `_carry_over`)."""
    _state.anchors_now = {}
    _state.register_anchor = None
    autorefs = config.plugins.get("autorefs")
    register = getattr(autorefs, "register_anchor", None)
    if register is None:
        return
    signature = inspect.signature(register)

    def register_anchor(*args: Any, **kwargs: Any) -> Any:
        arguments = dict(signature.bind(*args, **kwargs).arguments)
        page = arguments.pop("page")
        _state.anchors_now.setdefault(str(getattr(page, "url", page)), []).append(arguments)
        return register(*args, **kwargs)

    autorefs.register_anchor = register_anchor
    _state.register_anchor = register


def _carry_over(config: Any, pages: dict[str, Any]) -> None:
    """Register again the API anchors and inventory items of the pages not rendered this time."""
    rendered = {url for url, page in pages.items() if page.content is not None}
    if _state.register_anchor is not None:
        for url in rendered:
            _state.anchors[url] = _state.anchors_now.get(url, [])
        for url, page in pages.items():
            if url not in rendered:
                for arguments in _state.anchors.get(url, []):
                    _state.register_anchor(page=page, **arguments)
    plugin = config.plugins.get("mkdocstrings")
    if plugin is None:
        return
    inventory = plugin.handlers.inventory
    items: dict[str, list[Any]] = {}
    for item in inventory.values():
        items.setdefault(str(item.uri).split("#", 1)[0], []).append(item)
    for url in rendered:
        _state.inventory[url] = items.pop(url, [])
    ordered = [item for url in pages for item in _state.inventory.get(url, [])]
    ordered += [item for url, rest in items.items() if url not in pages for item in rest]
    inventory.clear()
    for item in ordered:
        inventory[item.name] = item


# --------------------------------------------------------------------------------------------
# Events


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    """Runs once per MkDocs invocation (build or serve)."""
    global _state
    _state = _State(command=command, dirty=dirty)
    if dirty:
        build_logger = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _DirtyBuildNotice) for f in build_logger.filters):
            build_logger.addFilter(_DirtyBuildNotice())


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Runs before every build, including each rebuild of ``mkdocs serve``."""
    forget_package()
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        handler = plugin.handlers.get_handler("python")
        handler.env.bytecode_cache = _template_cache()

    package_dir = _package_dir()
    _state.source = _source_hash(package_dir) if package_dir is not None else None
    _state.fingerprint_before = _state.built_fingerprint
    _state.rendered = {}
    if _state.dirty:
        _record_anchors(config)


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    """In a dirty build, mark out of date every page that must be rendered again.

    That is every page after a change to the package, mkdocs.yml or the list of pages and their
    headings, and otherwise each page whose Markdown differs from what was last rendered (MkDocs
    itself only compares modification times, and misses a file restored with an older one).
    """
    _state.page_sources = _page_sources(files)
    _state.fingerprint = _fingerprint(config, _state.source, _state.page_sources)
    _state.full_rebuild = _state.fingerprint is None or _state.fingerprint != _state.built_fingerprint
    if not _state.dirty:
        return files
    if _state.full_rebuild and _state.built_fingerprint is not None:
        log.info("The package source, mkdocs.yml or the list of pages changed: rebuilding every page")
    for file in files.documentation_pages():
        rendered = _state.rendered_sources.get(file.src_uri)
        if _state.full_rebuild or rendered is None or rendered != _state.page_sources.get(file.src_uri):
            try:
                os.utime(file.abs_dest_path, (0, 0))
            except FileNotFoundError:
                pass  # never built: out of date already
    return files


def on_env(env: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    """Give the theme's Jinja environment the same template cache; complete skipped pages."""
    env.bytecode_cache = _template_cache()
    pages = {file.page.url: file.page for file in files.documentation_pages() if file.page is not None}
    _state.doc_urls = list(pages)
    if _state.dirty:
        _carry_over(config, pages)
        for url, page in pages.items():
            if page.content is not None:
                _state.titles[url] = page.title
                continue
            # Not rendered again in this dirty build: its front matter and its title as last
            # rendered (the page's heading line has not changed, see `_fingerprint`) still
            # serve the navigation.
            page.read_source(config)
            if url in _state.titles:
                page.title = _state.titles[url]
    return env


def on_page_context(context: Any, page: Any, **kwargs: Any) -> Any:
    _state.rendered[page.url] = page.file.src_uri
    return context


def _complete_search_index(site_dir: str) -> None:
    """Give the search index the entries of every page, not only of those rendered this time."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = data.get("docs")
    if not isinstance(docs, list):
        return
    fresh: dict[str, list[Any]] = {}
    for entry in docs:
        fresh.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
    for url in _state.rendered:
        _state.search_entries[url] = fresh.get(url, [])
    complete = [entry for url in _state.doc_urls for entry in _state.search_entries.get(url, [])]
    if complete != docs:
        data["docs"] = complete
        path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")


def on_post_build(config: Any, **kwargs: Any) -> None:
    if _state.dirty:
        _complete_search_index(config.site_dir)
    for src_uri in _state.rendered.values():
        _state.rendered_sources[src_uri] = _state.page_sources.get(src_uri)
    _state.built_fingerprint = _state.fingerprint


def on_build_error(error: Exception, **kwargs: Any) -> None:
    # A failed build may have left pages built from other source: do not count it as built.
    _state.built_fingerprint = _state.fingerprint_before
