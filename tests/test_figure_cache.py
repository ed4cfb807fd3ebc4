"""The content-addressed figure cache: what it serves is what matplotlib would draw now."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crossentropy import IrisNetwork
from crossentropy.figures import network_diagram_svg, softmax_bars_svg
from crossentropy.figures._cache import cache_dir, cache_key

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "figures"
    monkeypatch.setenv("CROSSENTROPY_FIGURE_CACHE", str(folder))
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html")) if folder.exists() else []


def test_cached_and_fresh_output_are_identical(cache):
    """Oracle: byte equality with the builder called past the cache (``.uncached``): a miss stores
    exactly what is drawn, a hit returns exactly what was stored."""
    drawn = softmax_bars_svg.uncached([1.04, 0.0, 0.14])
    first = softmax_bars_svg([1.04, 0.0, 0.14])
    assert len(_entries(cache)) == 1
    second = softmax_bars_svg([1.04, 0.0, 0.14])
    assert first == second == drawn
    assert not list(cache.rglob(".tmp-*")), "a temporary file was left behind"


def test_the_key_covers_the_arguments_and_their_defaults(cache):
    """Oracle: the key's definition: arguments bound to the signature with defaults applied, so an
    explicit default gives the same key and any other value a different one."""
    logits = [1.0, 2.0, 0.5]
    assert cache_key(softmax_bars_svg.uncached, logits) == cache_key(
        softmax_bars_svg.uncached, logits, ("Setosa", "Versicolor", "Virginica")
    )
    assert cache_key(softmax_bars_svg.uncached, logits) != cache_key(
        softmax_bars_svg.uncached, [1.0, 2.0, 0.25]
    )
    a = cache_key(network_diagram_svg.uncached)
    assert a == cache_key(network_diagram_svg.uncached, None, highlight="b3")
    assert a != cache_key(network_diagram_svg.uncached, IrisNetwork(b3=0.5))
    assert a != cache_key(network_diagram_svg.uncached, highlight="w1")
    network_diagram_svg(IrisNetwork(b3=0.5))
    network_diagram_svg()
    assert len(_entries(cache)) == 2


def test_a_corrupt_or_unreadable_entry_is_drawn_again(cache):
    """Oracle: byte equality with a fresh drawing after the stored entry was damaged in two ways
    (changed text that no longer matches its checksum; bytes that are not UTF-8)."""
    expected = softmax_bars_svg.uncached([0.5, 0.25, 0.0])
    softmax_bars_svg([0.5, 0.25, 0.0])
    (entry,) = _entries(cache)
    for damage in (entry.read_text(encoding="utf-8").replace("0.50", "9.99"), None):
        if damage is None:
            entry.write_bytes(b"\xff\xfe\x00garbage")
        else:
            entry.write_text(damage, encoding="utf-8")
        assert softmax_bars_svg([0.5, 0.25, 0.0]) == expected
        assert "9.99" not in entry.read_text(encoding="utf-8")


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    """Oracle: CROSSENTROPY_FIGURE_CACHE=off means no folder at all (nothing written)."""
    monkeypatch.setenv("CROSSENTROPY_FIGURE_CACHE", "off")
    assert cache_dir() is None
    softmax_bars_svg([0.1, 0.2, 0.3])
    assert not any(tmp_path.iterdir())


def _run(code: str, src: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "CROSSENTROPY_FIGURE_CACHE": str(folder),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def test_a_hit_imports_no_matplotlib(cache):
    """Oracle: a fresh interpreter's sys.modules: a figure found in the cache is returned without
    importing matplotlib; the same call with an empty cache does import it (so the check can fail)."""
    code = (
        "import sys\nfrom crossentropy.figures import softmax_bars_svg\n"
        "softmax_bars_svg([1.0, 2.0, 3.0])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    miss = _run(code, SRC, cache)
    assert miss.returncode == 0, miss.stderr
    assert miss.stdout.split()[-1] == "True"
    hit = _run(code, SRC, cache)
    assert hit.returncode == 0, hit.stderr
    assert hit.stdout.split()[-1] == "False"


def test_a_stale_entry_is_never_served(tmp_path):
    """Oracle: the edited source's own output: after an edit to the package (here a figure's
    caption), the next call draws the edited figure, not the stored one, and keeps both entries."""
    copy = tmp_path / "src"
    shutil.copytree(
        SRC / "crossentropy",
        copy / "crossentropy",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    folder = tmp_path / "cache"
    code = "from crossentropy.figures import softmax_bars_svg\nprint(softmax_bars_svg([1.0, 0.0, 0.5]))\n"
    before = _run(code, copy, folder)
    assert before.returncode == 0, before.stderr
    assert "keeping their order." in before.stdout
    curves = copy / "crossentropy" / "figures" / "curves.py"
    source = curves.read_text(encoding="utf-8")
    assert "add up to 1, keeping their order." in source
    curves.write_text(
        source.replace("add up to 1, keeping their order.", "add up to 1 (edited)."),
        encoding="utf-8",
    )
    after = _run(code, copy, folder)
    assert after.returncode == 0, after.stderr
    assert "add up to 1 (edited)." in after.stdout and "keeping their order." not in after.stdout
    assert len(_entries(folder)) == 2
