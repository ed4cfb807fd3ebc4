r"""What the pages' sentences quote: the package's names, for the pages' ``{{ … }}`` expressions.

The pages are Markdown. Where a sentence needs a number the package computes, it writes a short
Jinja expression in place, which mkdocs-macros-plugin fills in at build time::

    The **total cross entropy**, {{ fmt(v0.total_ce, 4) }}, is the sum over the three flowers.

so the sentence stays a sentence in the page's source. The names those expressions can use are
every public name of the package (`IrisNetwork`, `derivation_values`, `fmt`, `published` …); a
page computes its own values once, at its top, with ``{% set v0 = derivation_values() %}``.

mkdocs-macros-plugin loads this module as a pluglet (``modules: [crossentropy.report.prose]`` in
``mkdocs.yml``) and calls `define_env` once per build and `on_pre_page_macros` before each page;
a page opts in with ``render_macros: true`` in its front matter. The names are looked up again
before every page, so a rebuild after a change to the package quotes the changed package.

Examples
--------
>>> from jinja2 import Environment, StrictUndefined
>>> from crossentropy import prose_namespace
>>> template = Environment(undefined=StrictUndefined).from_string(
...     "{% set v = derivation_values(IrisNetwork(b3=-2.0)) %}The total is {{ fmt(v.total_ce, 2) }}."
... )
>>> template.render(**prose_namespace())
'The total is 2.67.'
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import Any, Protocol

__all__ = ["prose_namespace", "define_env", "on_pre_page_macros"]


class _MacrosEnv(Protocol):
    """The part of mkdocs-macros-plugin's environment these hooks use."""

    @property
    def variables(self) -> MutableMapping[str, Any]: ...


def prose_namespace() -> dict[str, Any]:
    """Every public name of the package, as the pages' ``{{ … }}`` expressions see them.

    The package is looked up in ``sys.modules`` at each call, so after the package has been
    reloaded the names are the reloaded ones.

    Examples
    --------
    >>> from crossentropy import prose_namespace
    >>> names = prose_namespace()
    >>> names["fmt"](names["IrisNetwork"](b3=-2.0).b3, 1)
    '−2.0'
    """
    package = importlib.import_module("crossentropy")
    return {name: getattr(package, name) for name in package.__all__}


def define_env(env: _MacrosEnv) -> None:
    """mkdocs-macros-plugin's hook at the start of a build: give the pages the package's names.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from crossentropy import define_env
    >>> env = SimpleNamespace(variables={})
    >>> define_env(env)
    >>> "derivation_values" in env.variables
    True
    """
    env.variables.update(prose_namespace())


def on_pre_page_macros(env: _MacrosEnv) -> None:
    """mkdocs-macros-plugin's hook before each page: look the package's names up again.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from crossentropy import on_pre_page_macros
    >>> env = SimpleNamespace(variables={"fmt": None})
    >>> on_pre_page_macros(env)
    >>> env.variables["fmt"](0.5, 2)
    '0.50'
    """
    env.variables.update(prose_namespace())
