"""Tests of the figure builders' disk cache (``crossentropy.figures._cache``).

Oracles: the cache is transparent, so a cached figure must be byte-identical to the same figure
drawn with the cache off; "drawn" is observed by counting ``Figure.savefig`` calls (every builder
draws through matplotlib's ``savefig``); "stored" by the files in the cache directory. The key
must change with the arguments and with the package source, and nothing may be read or written
while ``CROSSENTROPY_FIGURE_CACHE`` is unset.
"""

from __future__ import annotations

import pickle
import types
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from crossentropy import TRAINING_DATA, IrisNetwork, figures, gradient_descent, load_iris
from crossentropy.figures import _cache
from crossentropy.figures import b3_shift_svg, neg_log_curve_svg, network_diagram_svg

BUILDERS = [name for name in figures.__all__ if name != "render_figure"]


@pytest.fixture
def savefig_calls(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every ``Figure.savefig`` call made while the test runs (the figure is still saved)."""
    calls: list[Figure] = []
    original = Figure.savefig

    def counting(self: Figure, *args: object, **kwargs: object) -> object:
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counting)
    return calls


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache turned on, in an empty temporary directory."""
    directory = tmp_path / "figures"
    monkeypatch.setenv(_cache.CACHE_ENV, str(directory))
    monkeypatch.delenv(_cache.SOURCE_HASH_ENV, raising=False)
    return directory


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*")) if directory.is_dir() else []


def test_every_public_builder_is_cached_and_render_figure_is_not() -> None:
    for name in BUILDERS:
        builder = getattr(figures, name)
        assert getattr(builder, "__wrapped__", None) is not None, name
        assert builder.__name__ == name and builder.__doc__, name
    assert not hasattr(figures.render_figure, "__wrapped__")


def test_second_call_returns_the_identical_figure_without_drawing(
    cache: Path, savefig_calls: list[Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = network_diagram_svg(IrisNetwork(b3=-2.0))
    assert len(savefig_calls) == 1
    assert len(entries(cache)) == 1

    second = network_diagram_svg(IrisNetwork(b3=-2.0))  # an equal network, a new object
    assert second == first
    assert len(savefig_calls) == 1  # not drawn again

    monkeypatch.delenv(_cache.CACHE_ENV)
    assert network_diagram_svg(IrisNetwork(b3=-2.0)) == first  # what drawing gives
    assert len(savefig_calls) == 2


def test_different_arguments_get_different_entries(cache: Path, savefig_calls: list[Figure]) -> None:
    a = b3_shift_svg(b3_values=(-2.0, 0.0, 2.0))
    b = b3_shift_svg(b3_values=(-2.0, 0.0, 1.0))
    c = b3_shift_svg(IrisNetwork(w6=1.0), b3_values=(-2.0, 0.0, 2.0))
    assert len({a, b, c}) == 3
    assert len(savefig_calls) == 3
    assert len(entries(cache)) == 3
    assert b3_shift_svg(b3_values=(-2.0, 0.0, 1.0)) == b
    assert len(savefig_calls) == 3


def test_the_same_arguments_to_another_builder_are_another_entry(cache: Path) -> None:
    figures.output_surfaces_svg(grid=5)
    figures.bent_surfaces_svg(grid=5)
    assert len(entries(cache)) == 2


def test_a_change_of_the_package_source_misses(
    cache: Path, savefig_calls: list[Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = neg_log_curve_svg({"Setosa": 0.5})
    assert len(savefig_calls) == 1
    edited = "e" * 64  # as if a file of the package had been edited before this build
    monkeypatch.setattr(_cache, "source_hash", lambda package_dir=None: edited)
    monkeypatch.setenv(_cache.SOURCE_HASH_ENV, edited)
    after = neg_log_curve_svg({"Setosa": 0.5})
    assert len(savefig_calls) == 2  # drawn again, not read from the old entry
    assert after == before  # (the code did not really change)
    assert len(entries(cache)) == 2
    neg_log_curve_svg({"Setosa": 0.5})
    assert len(savefig_calls) == 2  # the new entry is used


def test_nothing_is_stored_when_the_source_changes_while_drawing(
    cache: Path, savefig_calls: list[Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _cache.source_hash()
    hashes = iter([loaded, "f" * 64])  # before drawing, then after: a file was saved meanwhile
    monkeypatch.setattr(_cache, "source_hash", lambda package_dir=None: next(hashes))
    neg_log_curve_svg()
    assert len(savefig_calls) == 1
    assert entries(cache) == []


def test_nothing_is_stored_when_the_source_differs_from_the_one_imported(
    cache: Path, savefig_calls: list[Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hook records the source hash before the build imports the package; a figure drawn by
    # code loaded before an edit must not be stored under the edited source's key.
    monkeypatch.setenv(_cache.SOURCE_HASH_ENV, "0" * 64)
    neg_log_curve_svg()
    assert entries(cache) == []


def test_without_the_variable_nothing_is_read_or_written(
    tmp_path: Path, savefig_calls: list[Figure], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_cache.CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert _cache.cache_dir() is None
    first = neg_log_curve_svg()
    second = neg_log_curve_svg()
    assert first == second
    assert len(savefig_calls) == 2
    assert list(tmp_path.rglob("*")) == []


def test_an_empty_variable_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_cache.CACHE_ENV, "")
    assert _cache.cache_dir() is None


def test_unpicklable_arguments_are_drawn_and_not_cached(cache: Path, savefig_calls: list[Figure]) -> None:
    mark = types.MappingProxyType({"Setosa": 0.5})  # a Mapping that pickle refuses
    with pytest.raises(TypeError):
        pickle.dumps(mark)
    assert neg_log_curve_svg(mark) == neg_log_curve_svg(mark)
    assert len(savefig_calls) == 2
    assert entries(cache) == []


def test_builder_errors_are_not_cached(cache: Path) -> None:
    with pytest.raises(ValueError, match="mark"):
        neg_log_curve_svg({"Setosa": 1.5})
    assert entries(cache) == []


def test_an_unreadable_entry_is_drawn_again(cache: Path, savefig_calls: list[Figure]) -> None:
    first = neg_log_curve_svg()
    (entry,) = entries(cache)
    entry.write_bytes(b"\xff\xfe not utf-8")
    assert neg_log_curve_svg() == first
    assert len(savefig_calls) == 2


def test_the_pages_arguments_pickle_and_pickle_alike_when_computed_again() -> None:
    # Oracle: a serve rebuild computes the pages' arguments afresh; equal values must give equal
    # pickles (so the cache hits), and different values different ones.
    inputs, labels = TRAINING_DATA.inputs, TRAINING_DATA.labels

    def descent(b3: float) -> object:
        return gradient_descent(IrisNetwork(b3=b3), inputs, labels, params=("b3",), max_steps=20)

    pairs = [
        (IrisNetwork(b3=-2.0), IrisNetwork(b3=-2.0)),
        (descent(-2.0), descent(-2.0)),
        ({0.1: descent(-2.0), 1.0: descent(-2.0)}, {0.1: descent(-2.0), 1.0: descent(-2.0)}),
        (load_iris(), load_iris()),
    ]
    for a, b in pairs:
        assert a is not b
        assert pickle.dumps(((a,), {}), protocol=5) == pickle.dumps(((b,), {}), protocol=5)
    assert pickle.dumps(IrisNetwork(b3=-2.0), protocol=5) != pickle.dumps(IrisNetwork(b3=-1.0), protocol=5)
    assert pickle.dumps(descent(-2.0), protocol=5) != pickle.dumps(descent(-1.0), protocol=5)


def test_training_runs_are_cached(cache: Path, savefig_calls: list[Figure]) -> None:
    from crossentropy.training import train_full_iris

    runs = {"seed 1": train_full_iris(steps=5)}
    first = figures.training_curves_svg(runs)
    again = figures.training_curves_svg({"seed 1": train_full_iris(steps=5)})
    assert again == first
    assert len(savefig_calls) == 1
    assert len(entries(cache)) == 1


def test_source_hash_covers_python_and_csv_files(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "sub" / "data.csv").write_text("1,2\n")
    (package / "notes.txt").write_text("not source\n")
    original = _cache.source_hash(package)

    (package / "notes.txt").write_text("changed\n")
    assert _cache.source_hash(package) == original  # not a source file
    (package / "sub" / "data.csv").write_text("1,3\n")
    changed_csv = _cache.source_hash(package)
    assert changed_csv != original
    (package / "a.py").write_text("x = 1  # a comment\n")
    commented = _cache.source_hash(package)
    assert commented not in (original, changed_csv)
    (package / "a.py").rename(package / "b.py")
    assert _cache.source_hash(package) != commented
    with pytest.raises(ValueError, match="package_dir"):
        _cache.source_hash(tmp_path / "missing")


def test_entries_are_written_whole(cache: Path) -> None:
    html = neg_log_curve_svg()
    (entry,) = entries(cache)
    assert entry.suffix == ".html"
    assert entry.read_text(encoding="utf-8") == html
