"""The self-contained script docs/examples/descent_from_scratch.py.

Oracle: the package's `gradient_descent` on b3 from -2 at learning rate 1 with the same stopping
rule (and, through it, the published first step -0.77 -> b3 = -1.23); the script itself imports
numpy only, so it is run as a separate program and its printed line is compared.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from crossentropy import TRAINING_DATA, IrisNetwork, gradient_descent

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "examples" / "descent_from_scratch.py"


def test_script_is_short_and_needs_numpy_only():
    lines = SCRIPT.read_text(encoding="utf-8").splitlines()
    assert 20 <= len(lines) <= 30
    imports = [
        n for n in ast.walk(ast.parse("\n".join(lines))) if isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    names = {a.name for n in imports if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in imports if isinstance(n, ast.ImportFrom)}
    assert names == {"numpy"}


def test_script_output_matches_the_package():
    out = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stderr == ""
    lines = out.stdout.splitlines()
    run = gradient_descent(
        IrisNetwork(b3=-2.0),
        TRAINING_DATA.inputs,
        TRAINING_DATA.labels,
        params=("b3",),
        learning_rate=1.0,
        tol=0.001,
    )
    assert len(lines) == run.steps_taken + 1
    for line, step in zip(lines, run.history):
        m = re.fullmatch(r"step (\d+): slope (-?\d+\.\d{4}), new b3 = (-?\d+\.\d{4})", line)
        assert m, line
        assert int(m.group(1)) == step.index
        assert m.group(2) == f"{step.slopes['b3']:.4f}" and m.group(3) == f"{step.new_values['b3']:.4f}"
    assert lines[-1] == f"total cross entropy = {run.final_loss:.4f}"
    assert lines[0] == "step 1: slope -0.7732, new b3 = -1.2268"  # series-facts: -0.77, -1.23
