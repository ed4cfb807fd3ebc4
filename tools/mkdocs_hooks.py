"""MkDocs hooks for the site (listed under ``hooks:`` in mkdocs.yml).

``make serve`` runs plain ``mkdocs serve``: every change under ``docs/``, ``src/`` or to
``mkdocs.yml`` rebuilds the whole site in the same Python process. Two kinds of state outlive a
build in that process, and these hooks reset both at the start of every build (MkDocs'
``on_config`` event, with the "first" priority of ``event_priority(100)`` so that it runs before
any plugin's ``on_config``), so that each rebuild executes the pages exactly as a clean
``mkdocs build`` would:

* Python keeps every imported module. The package ``crossentropy`` and its submodules are dropped
  from ``sys.modules``, so the next ``import crossentropy`` reads the files as they are now
  (:func:`forget_package`): in the executed blocks, and in the macros plugin, which imports its
  ``modules:`` in its own ``on_config``.
* markdown-exec keeps the globals of every named ``session=`` for the life of the process, so a
  block that no longer defines a name would go on finding the old value. The sessions, the block
  counters and the id counter of markdown-exec are reset (:func:`reset_markdown_exec`).

Compiled Jinja templates are the one thing worth keeping from build to build: every build gets
a fresh theme environment and a fresh mkdocstrings handler with its own environment, and
compiling their templates again (about 95 on a first build, 58 on each rebuild) costs 0.2 to 0.4 s
of a rebuild on two cores. Both environments get a bytecode cache kept in memory for the life of
the process (:class:`MemoryBytecodeCache`, Jinja's public ``BytecodeCache`` interface): the theme's
through the ``on_env`` event, mkdocstrings' through its public ``MkdocstringsPlugin.get_handler``
and ``BaseHandler.env``. Jinja keys each entry by the template's file and checks the source's
checksum before reusing it, so an edited template is compiled again; the output is the same as
without the cache.

Only documented interfaces are used: MkDocs' events and ``event_priority``, Jinja's
``Environment.bytecode_cache`` and ``BytecodeCache``, mkdocstrings' handler environment, and
markdown-exec's public ``MarkdownConverter.counter``. One exception, stated here and in
:func:`reset_markdown_exec`: markdown-exec has no public way to end its sessions, and keeps them
in private module-level dicts (``markdown_exec._internal.formatters.python._sessions_globals``
and two companions), which are emptied in place; nothing is replaced or wrapped. If a
markdown-exec release renames them, the build stops with an error that says so rather than
serve stale values, and ``tests/test_serve.py`` checks that emptying them really ends a session.

``make serve`` sets ``PYTHONDONTWRITEBYTECODE=1``: the ``__pycache__`` files Python would write
under the watched ``src/`` when a rebuild imports an edited module would start a second rebuild.

MkDocs 1.6 loads this file once per process, so module globals last across the rebuilds of
``mkdocs serve``.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markdown_exec import MarkdownConverter
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocstrings import MkdocstringsPlugin

PACKAGE = "crossentropy"

#: The private module of markdown-exec that holds its session state, and the names of that state.
MARKDOWN_EXEC_STATE_MODULE = "markdown_exec._internal.formatters.python"
MARKDOWN_EXEC_STATE = ("_sessions_globals", "_sessions_counter", "_code_blocks")


class MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja templates kept in a dict for the life of the process (no files written)."""

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


#: Compiled templates (theme and mkdocstrings), shared by every build of this process.
TEMPLATE_CACHE = MemoryBytecodeCache()


def forget_package(name: str = PACKAGE) -> list[str]:
    """Remove ``name`` and its submodules from ``sys.modules``; return the names removed."""
    removed = [mod for mod in list(sys.modules) if mod == name or mod.startswith(name + ".")]
    for mod in removed:
        del sys.modules[mod]
    # A file added since the last import is found even within the directory's mtime granularity.
    importlib.invalidate_caches()
    return removed


def reset_markdown_exec() -> None:
    """Give markdown-exec the state it has at the start of a fresh process.

    ``MarkdownConverter.counter`` (public; it numbers the id prefixes of Markdown that blocks
    print) is reset by markdown-exec itself after a successful build only, so a failed build would
    shift the ids of the next one. The sessions' globals, the per-session block counters (which
    name blocks in tracebacks) and the recorded block sources have no public reset: they are
    private dicts of ``markdown_exec._internal.formatters.python``, emptied here in place (no
    attribute is replaced). A missing one raises :class:`~mkdocs.exceptions.PluginError`.
    """
    MarkdownConverter.counter = 0
    module = importlib.import_module(MARKDOWN_EXEC_STATE_MODULE)
    for name in MARKDOWN_EXEC_STATE:
        state = getattr(module, name, None)
        if not isinstance(state, dict):
            raise PluginError(
                f"markdown-exec no longer keeps its session state in {MARKDOWN_EXEC_STATE_MODULE}.{name}; "
                f"tools/mkdocs_hooks.py cannot reset the sessions between builds and must be updated"
            )
        state.clear()


@event_priority(100)
def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """First thing in every build (each rebuild of ``mkdocs serve`` included): a clean slate."""
    forget_package()
    reset_markdown_exec()
    return config


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """Serve mkdocstrings' compiled templates from the process-wide cache."""
    mkdocstrings = config.plugins.get("mkdocstrings")
    if isinstance(mkdocstrings, MkdocstringsPlugin):
        mkdocstrings.get_handler("python").env.bytecode_cache = TEMPLATE_CACHE


def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs: Any) -> Environment:
    """Serve the theme's compiled templates from the process-wide cache."""
    env.bytecode_cache = TEMPLATE_CACHE
    return env
