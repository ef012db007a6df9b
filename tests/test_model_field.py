"""Issue 8's promise: a field added to the model alone is handled by the whole tool.

The test adds two optional fields to ``Measure`` itself (as an edit of models/plan.py
would), defined only here: ``risk`` (``Meta(compared=True)``, with no word in the
catalogues, so its label falls back to its name) and ``risk_note`` (``Meta(yearly=True)``).
Then, in a real git repository and through the real command line, ``validate``, ``fmt``,
``diff --base``, ``diff --from/--to``, ``history`` and ``plan new`` handle changes of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import git
import pytest
from pydantic.fields import FieldInfo
from typer.testing import CliRunner, Result

from bygdevekst_cli import diff, textwalk
from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from bygdevekst_cli.models.meta import Meta, field_meta
from bygdevekst_cli.models.plan import ActionPlan, Measure
from bygdevekst_cli.types import Text
from tests.gitrepo import PLAN, commit, pilot_repo
from tests.helpers import edit

NEW_FIELDS = {
    "risk": Annotated[Text | None, Meta(compared=True)],
    "risk_note": Annotated[Text | None, Meta(yearly=True)],
}


def _rebuild() -> None:
    Measure.model_rebuild(force=True)
    ActionPlan.model_rebuild(force=True)
    field_meta.cache_clear()
    textwalk._plan.cache_clear()
    textwalk._PLANS.clear()  # what each class's walk looks at, kept by class
    diff._defaults.cache_clear()  # each class's defaults, which the diff compares against


@pytest.fixture
def measure_with_risk() -> Iterator[None]:
    """``Measure`` with the two new fields, for the test only."""
    for name, annotation in NEW_FIELDS.items():
        Measure.__pydantic_fields__[name] = FieldInfo.from_annotated_attribute(annotation, None)
    _rebuild()
    try:
        yield
    finally:
        for name in NEW_FIELDS:
            del Measure.__pydantic_fields__[name]
        _rebuild()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, measure_with_risk: None) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_field_has_no_word_in_the_catalogues() -> None:
    """The label must fall back to the field's name: nothing else knows ``risk``."""
    assert not any(words(language).has("field.risk") for language in ("nn", "nb"))


def test_a_field_added_to_the_model_alone_is_handled_everywhere(repo: git.Repo) -> None:
    plan = Path(repo.working_dir, PLAN)
    # schema: the exported JSON Schema has the field (for editors)
    exported = Path(repo.working_dir).parent / "schemas"
    assert invoke("schema", "--output", str(exported)).exit_code == 0
    schema = json.loads((exported / "plan.schema.json").read_text(encoding="utf-8"))
    assert "risk" in schema["$defs"]["Measure"]["properties"]

    # validate: the model reads the new fields; fmt: they go where the model has them
    edit(
        plan,
        '  - id: "2.1"\n',
        '  - id: "2.1"\n    risk: Låg\n    risk_note: Sjå rapporten.\n',
    )
    assert invoke("validate", "pilots/testdalen").exit_code == 0
    assert invoke("fmt", "--check", "pilots/testdalen").exit_code == 1
    assert invoke("fmt", "pilots/testdalen").exit_code == 0
    text = plan.read_text(encoding="utf-8")
    block = text[text.index('  - id: "2.1"') : text.index("status:\n  sub_goals")]
    assert block.index("budget:") < block.index("risk: Låg") < block.index("risk_note:")
    assert invoke("validate", "pilots/testdalen").exit_code == 0
    commit(repo, "Risiko for 2.1")

    # diff --base: the change is named, by the field's name for want of a label
    edit(plan, "risk: Låg", "risk: Høg\n    change_reason: Marknaden har snudd.")
    result = invoke("diff", "testdalen", "--base", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.output
    (changed,) = json.loads(result.stdout)["changed"]
    assert changed["fields"] == [{"path": "risk", "old": "Låg", "new": "Høg"}]
    text_output = invoke("diff", "testdalen", "--base", "HEAD").output
    assert "risk: «Låg» → «Høg»" in text_output
    markdown = invoke("diff", "testdalen", "--base", "HEAD", "-f", "markdown").output
    assert "  - risk: «Låg» → «Høg»" in markdown
    # a yearly field is not a change of the measure
    edit(plan, "risk_note: Sjå rapporten.", "risk_note: Sjå årsrapporten.")
    fields = json.loads(invoke("diff", "testdalen", "--base", "HEAD", "-f", "json").stdout)
    assert fields["changed"][0]["fields"] == [{"path": "risk", "old": "Låg", "new": "Høg"}]
    changed_at = commit(repo, "Høgare risiko for 2.1")

    # history: the commit's change of the new field, in words and in JSON
    history = invoke("history", "testdalen")
    assert history.exit_code == 0, history.output
    assert "tiltak 2.1: risk: «Låg» → «Høg»" in history.output
    data = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    (entry,) = [c for c in data["commits"] if c["commit"] == changed_at.hexsha]
    assert {"measure": "2.1", "path": "risk", "old": "Låg", "new": "Høg"}.items() <= next(
        c for c in entry["changes"] if c["path"] == "risk"
    ).items()

    # plan new: the compared field is carried over, the yearly one is cleared
    made = invoke("plan", "new", "testdalen", "2027")
    assert made.exit_code == 0, made.output
    next_year = Path(repo.working_dir, "pilots/testdalen/plans/2027.yaml")
    carried = next_year.read_text(encoding="utf-8")
    assert "risk: Høg" in carried
    assert "risk_note" not in carried

    # diff --from/--to: two plan years, the new field changed between them
    edit(next_year, "risk: Høg", "risk: Middels\n    change_reason: Tiltaket har verka.")
    result = invoke("diff", "testdalen", "--from", "2026", "--to", "2027", "-f", "json")
    assert result.exit_code == 0, result.output
    (changed,) = json.loads(result.stdout)["changed"]
    assert {"path": "risk", "old": "Høg", "new": "Middels"} in changed["fields"]
