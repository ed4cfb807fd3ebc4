"""The package's public API: every public name defined once, exported once, and documented.

Oracle: the developers' guide (small concept modules of at most 400 lines, an explicit `__all__`,
numpy-style docstrings with runnable examples, private names kept in their own module or in a
private ``_x.py`` module), checked on the source itself with griffe, the static analyser behind
mkdocstrings (the same view of the package that the API reference is built from), and with
Python's own ``ast`` for the private-name rule. The last test runs every check on a small
package made to break each rule, so that a pass means the rules hold rather than that the checks
are blind.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import griffe
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 400
#: Namespaces a reader imports public names from: the package itself, and the figure builders.
NAMESPACES = ("crossentropy", "crossentropy.figures")

Definition = tuple[str, str, "griffe.Object | griffe.Alias | None"]


def _walk(module: griffe.Module) -> Iterator[griffe.Module]:
    yield module
    for sub in module.modules.values():
        if not sub.is_alias:
            yield from _walk(sub)


def _is_public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def _load(root: Path, name: str) -> list[griffe.Module]:
    """Every public module of package `name` under `root`, the package and its subpackages included."""
    package = griffe.load(name, search_paths=[str(root)], docstring_parser="numpy", resolve_aliases=False)
    assert isinstance(package, griffe.Module)
    return [m for m in _walk(package) if _is_public(m.path)]


def _exports(module: griffe.Module) -> list[str]:
    return [str(name) for name in (module.exports or [])]


def _namespace_of(path: str, namespaces: tuple[str, ...]) -> str:
    """The namespace that exports the public names of the module at `path` (the longest that contains it)."""
    return max((ns for ns in namespaces if path == ns or path.startswith(ns + ".")), key=len)


def _definitions(modules: list[griffe.Module]) -> list[Definition]:
    """(module path, name, object) for every name a concept module (not a package) lists in ``__all__``."""
    return [
        (m.path, name, m.members.get(name)) for m in modules if not m.is_init_module for name in _exports(m)
    ]


def _summary(obj: griffe.Object | griffe.Alias) -> str:
    sections = obj.docstring.parsed if obj.docstring else []
    text = sections[0].value if sections and sections[0].kind is griffe.DocstringSectionKind.text else ""
    return text.strip()


# -- the checks, each returning what breaks its rule -------------------------------------------
def too_long(root: Path, name: str) -> dict[str, int]:
    files = (root / name).rglob("*.py")
    lengths = {p.relative_to(root).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in files}
    return {path: n for path, n in lengths.items() if n > MAX_LINES}


def without_all(modules: list[griffe.Module]) -> list[str]:
    out = [m.path for m in modules if not m.is_init_module and m.exports is None]
    for package in (m for m in modules if m.is_init_module and m.exports is None):
        defined = [n for n, obj in package.members.items() if not n.startswith("_") and not obj.is_alias]
        out += [f"{package.path}.{n}" for n in defined if not package.members[n].is_module]
    return out


def not_defined_where_exported(modules: list[griffe.Module]) -> list[str]:
    return [f"{path}.{name}" for path, name, obj in _definitions(modules) if obj is None or obj.is_alias]


def defined_twice(modules: list[griffe.Module]) -> dict[str, list[str]]:
    counts = Counter(name for _, name, _ in _definitions(modules))
    return {n: [p for p, m, _ in _definitions(modules) if m == n] for n, c in counts.items() if c > 1}


def not_exported_once(modules: list[griffe.Module], namespaces: tuple[str, ...]) -> list[str]:
    by_path = {m.path: m for m in modules}
    exported = {ns: _exports(by_path[ns]) for ns in namespaces}
    problems = [
        f"{ns}.__all__ lists {n} twice"
        for ns, names in exported.items()
        for n, c in Counter(names).items()
        if c > 1
    ]
    defined = {(path, name) for path, name, _ in _definitions(modules)}
    for path, name in sorted(defined):
        home = _namespace_of(path, namespaces)
        if name not in exported[home]:
            problems.append(f"{path}.{name} is not exported from {home}")
        problems += [
            f"{path}.{name} is exported from {ns} too"
            for ns in namespaces
            if ns != home and name in exported[ns]
        ]
    for ns, names in exported.items():
        for name in names:
            target = by_path[ns].members.get(name)
            if isinstance(target, griffe.Module) and name in _exports(target):
                continue  # `softmax` names the module crossentropy.softmax and the function it exports
            if not isinstance(target, griffe.Alias):
                problems.append(f"{ns}.{name} is not imported from a concept module")
            elif tuple(target.target_path.rsplit(".", 1)) not in defined:
                problems.append(f"{ns}.{name} comes from {target.target_path}, which does not export it")
    return problems


def undocumented(modules: list[griffe.Module]) -> tuple[list[str], list[str]]:
    """Public names without a summary, and public functions without an Examples section."""
    no_summary, no_examples = [], []
    for path, name, obj in _definitions(modules):
        if obj is None or obj.is_alias:
            continue  # reported by not_defined_where_exported
        if not _summary(obj):
            no_summary.append(f"{path}.{name}")
        if obj.is_function:
            kinds = {s.kind for s in obj.docstring.parsed} if obj.docstring else set()
            if griffe.DocstringSectionKind.examples not in kinds:
                no_examples.append(f"{path}.{name}")
        if obj.is_class:
            for member_name, member in obj.members.items():
                if member_name.startswith("_") or member.is_alias:
                    continue
                if (member.is_function or "property" in member.labels) and not _summary(member):
                    no_summary.append(f"{path}.{name}.{member_name}")
    return no_summary, no_examples


def _private_module(dotted: str) -> bool:
    return dotted.rpartition(".")[2].startswith("_")


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` in module `importer` (``pkg.__init__`` for a package) imports from."""
    if not node.level:
        return node.module or ""
    parts = importer.split(".")[:-1]  # the package holding the importer (or the package itself for __init__)
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def private_names_used_elsewhere(root: Path, name: str) -> list[str]:
    """``from m import _x`` where ``m`` is not a private module, and ``obj._x`` on anything but ``self``/``cls``
    or a private name of the module itself."""
    offences = []
    for path in sorted((root / name).rglob("*.py")):
        dotted = ".".join(path.relative_to(root).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(dotted, node)
                if source.split(".")[0] != name or _private_module(source):
                    continue
                offences += [
                    f"{dotted}: from {source} import {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not _is_module(root, f"{source}.{a.name}")
                ]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                owner = node.value
                if isinstance(owner, ast.Name) and (owner.id in ("self", "cls") or owner.id.startswith("_")):
                    continue
                offences.append(f"{dotted}:{node.lineno}: .{node.attr}")
    return offences


# -- the package ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def modules() -> list[griffe.Module]:
    return _load(SRC, "crossentropy")


def test_every_module_fits_in_one_sitting():
    assert not too_long(SRC, "crossentropy"), f"modules longer than {MAX_LINES} lines"


def test_every_concept_module_declares_its_public_api(modules):
    assert not without_all(modules)


def test_every_exported_name_is_defined_in_the_module_that_exports_it(modules):
    assert not not_defined_where_exported(modules)


def test_every_public_name_is_defined_once(modules):
    assert not defined_twice(modules)


def test_every_public_name_is_exported_once_from_its_namespace(modules):
    assert not not_exported_once(modules, NAMESPACES)


def test_every_public_name_is_documented(modules):
    no_summary, no_examples = undocumented(modules)
    assert not no_summary, "public names without a docstring summary"
    assert not no_examples, "public functions without an Examples section"


def test_private_names_stay_in_their_module_or_a_private_module():
    assert not private_names_used_elsewhere(SRC, "crossentropy")


def test_every_check_catches_a_package_that_breaks_its_rule(tmp_path):
    """Oracle: a package made to break each rule once; every check reports exactly that break."""
    bad = tmp_path / "badpkg"
    bad.mkdir()
    (bad / "__init__.py").write_text(
        '"""Bad."""\nfrom .a import f\nfrom .b import f as g\n__all__ = ["f", "g", "f"]\n'
    )
    (bad / "a.py").write_text(
        '"""A."""\nfrom .b import k\n__all__ = ["f", "h", "k"]\n\n\ndef f():\n    pass\n\n\n'
        'def _hidden():\n    """Hidden."""\n'
    )
    (bad / "b.py").write_text(
        '"""B."""\nfrom .a import _hidden\n__all__ = ["f", "k"]\n\n\ndef f():\n    """F."""\n\n\n'
        'def k():\n    """K.\n\n    Examples\n    --------\n    >>> 1\n    1\n    """\n    return _hidden.__doc__\n'
        + "\n"
        * MAX_LINES
    )
    (bad / "c.py").write_text('"""C."""\nfrom .a import f\n\nf._cache = 1\n')
    mods = _load(tmp_path, "badpkg")
    assert too_long(tmp_path, "badpkg") == {"badpkg/b.py": 18 + MAX_LINES}
    assert without_all(mods) == ["badpkg.c"]
    assert set(not_defined_where_exported(mods)) == {"badpkg.a.h", "badpkg.a.k"}
    assert defined_twice(mods) == {"f": ["badpkg.a", "badpkg.b"], "k": ["badpkg.a", "badpkg.b"]}
    problems = not_exported_once(mods, ("badpkg",))
    assert "badpkg.__all__ lists f twice" in problems and "badpkg.b.k is not exported from badpkg" in problems
    assert "badpkg.g comes from badpkg.b.f, which does not export it" not in problems  # b does export f
    assert undocumented(mods) == (["badpkg.a.f"], ["badpkg.a.f", "badpkg.b.f"])
    assert private_names_used_elsewhere(tmp_path, "badpkg") == [
        "badpkg.b: from badpkg.a import _hidden",
        "badpkg.c:4: ._cache",
    ]
