"""pilot.yaml's nested values, a plan's link and BV301's fields, named as a reader names them.

``diff``, ``history`` and ``check`` said a nested value of pilot.yaml by its data path,
joined with commas («organisering, prosjektleiar, namn», «avtale, avtaleperiode, siste
dag»), a plan's link added as «lenker https://…, tittel: ikkje fylt ut → «…»», and BV301
listed a measure's changed fields as data paths («(title, budget.2026.state_measure_funds)»).
Now a nested value's field and the field it is in are one label
(``doc.changes3.nested.<field>.<field>``, as an indicator's «målåret»), a link added or
taken out is one sentence, and BV301 names the fields as ``diff`` does. A copy of
Vest-Telemark in a real repository in ``tmp_path``, the real CLI, in Nynorsk and Bokmål;
the history's JSON ``text`` is its text form's line, and its paths are the data's.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import git
import pytest
from pydantic import BaseModel

from bygdevekst_cli import language
from bygdevekst_cli.models import Pilot
from bygdevekst_cli.models.meta import field_meta
from tests.gitrepo import commit, init_repo
from tests.helpers import REPO, copy_pilot, edit, invoke

PILOT = "pilots/vest-telemark/pilot.yaml"
PLAN = "pilots/vest-telemark/plans/2026.yaml"


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The models a field's type holds: itself, or in an optional, a list or an Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(args[0])
    return [model for arg in args for model in _models_in(arg)]


def _single(annotation: object) -> bool:
    """Whether the field holds one model (or none), not a list or a dict of them."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _single(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return all(_single(arg) for arg in typing.get_args(annotation))
    return origin is None


def nested_pairs(
    model: type[BaseModel], seen: set[type[BaseModel]] | None = None
) -> Iterator[tuple[str, str]]:
    """Every (field, field of its value) of ``model`` and the models in it where the value
    is one model: the pairs a changed path joins as one (``value_text._nested_as_one``)."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, meta in field_meta(model).items():
        if not meta.compared:
            continue
        annotation = model.model_fields[name].annotation
        for inner in _models_in(annotation):
            if _single(annotation):
                for own, own_meta in field_meta(inner).items():
                    if own_meta.compared:
                        yield name, own
            yield from nested_pairs(inner, seen)


def test_every_nested_field_of_the_pilot_has_words_in_every_catalogue() -> None:
    """pilot.yaml's organisation, agreement, parties' case documents and signatories,
    groups' leaders: each pair has its label (a changed field of a nested value said
    «namnet på prosjektleiaren», never «organisering, prosjektleiar, namn»)."""
    pairs = sorted(set(nested_pairs(Pilot)))
    assert ("organisation", "responsible") in pairs
    assert ("period", "start_note") in pairs
    assert len(pairs) >= 25
    for code in ("nn", "nb", "en"):
        catalogue = language._catalogue(code)
        missing = [p for p in pairs if f"doc.changes3.nested.{p[0]}.{p[1]}" not in catalogue]
        assert missing == [], code


@pytest.fixture
def vest_telemark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[git.Repo]:
    """Vest-Telemark committed in a repository of the test's own, the current folder."""
    root = tmp_path / "repo"
    repo = init_repo(root)
    monkeypatch.chdir(root)
    yield repo


def _start(repo: git.Repo, written: str) -> Path:
    root = Path(repo.working_dir)
    copy_pilot(REPO / "pilots" / "vest-telemark", root, "vest-telemark", written)
    commit(repo, "Vest-Telemark")
    return root


ORGANISATION = (
    "  groups:\n"
    "    - id: styring\n"
    "      name: Styringsgruppa\n"
    "      members: [fyresdal, tokke]\n"
    "      leader:\n"
    "        name: Jan Myrekrok\n"
    "        title: leiar\n"
)


def _revise_pilot(root: Path) -> None:
    """One field of most of pilot.yaml's nested values changed."""
    pilot = root / PILOT
    edit(
        pilot, "  owner: Vest-Telemarkrådet med dei seks ordførarane", "  owner: Vest-Telemarkrådet"
    )
    edit(pilot, "    name: Anne Aasmundtveit\n", "    name: Anne Aasmundtveit Bø\n")
    edit(pilot, "    title: utv.leiar i Vest-Telemarkrådet", "    title: utviklingsleiar")
    edit(pilot, "    title: næringssjef i Nissedal kommune", "    title: næringssjef")
    edit(pilot, "      note: frå mai 2025", "      note: frå juni 2025")
    edit(pilot, "  other_roles:\n", ORGANISATION + "  other_roles:\n")
    edit(pilot, "      chief_executive_name: Ulf Pedersen", "      chief_executive_name: Kari Li")
    edit(pilot, '    municipality_number: "4028"\n', '    municipality_number: "4028"\n'
         "    signatory:\n      name: Ola Nes\n      title: ordførar\n")  # fmt: skip
    edit(pilot, "  state: signed\n", "  state: adopted\n")
    edit(pilot, "    end: 2028-12-31", "    end: 2029-12-31")
    edit(pilot, "    start_note: frå ho er formelt godkjent av alle hovudpartar",
         "    start_note: frå ho er godkjent")  # fmt: skip
    edit(pilot, "  signed: 2025-06-02", "  signed: 2025-06-03")


EXPECTED = {
    "nn": [
        "part Fyresdal kommune, namnet på kommunedirektøren i saksframlegget: "
        "«Ulf Pedersen» → «Kari Li»",
        "part Kviteseid kommune, namnet på den som signerer: ikkje fylt ut → «Ola Nes»",
        "part Kviteseid kommune, tittelen til den som signerer: ikkje fylt ut → «ordførar»",
        "prosjekteigaren: «Vest-Telemarkrådet med dei seks ordførarane» → «Vest-Telemarkrådet»",
        "namnet på den ansvarlege for piloten: «Anne Aasmundtveit» → «Anne Aasmundtveit Bø»",
        "styringsgruppemedlemmet Olav Kiland, tittel: «næringssjef i Nissedal kommune» → "
        "«næringssjef»",
        "tittelen til prosjektleiaren: «utv.leiar i Vest-Telemarkrådet» → «utviklingsleiar»",
        "rolla Prosjektmedarbeidar og sekretær for styringsgruppa, merknad: «frå mai 2025» → "
        "«frå juni 2025»",
        "Ny gruppe: Styringsgruppa (medlemmer: Fyresdal kommune og Tokke kommune; namnet på "
        "leiaren: Jan Myrekrok; tittelen til leiaren: leiar).",
        "steget avtala står på: signert → vedteken",
        "siste dag i avtaleperioden: 31. desember 2028 → 31. desember 2029",
        "merknaden om første dag i avtaleperioden: «frå ho er formelt godkjent av alle "
        "hovudpartar» → «frå ho er godkjent»",
        "datoen avtala vart signert: 2. juni 2025 → 3. juni 2025",
    ],
    "nb": [
        "part Fyresdal kommune, navnet på kommunedirektøren i saksfremlegget: "
        "«Ulf Pedersen» → «Kari Li»",
        "part Kviteseid kommune, navnet på den som signerer: ikke fylt ut → «Ola Nes»",
        "part Kviteseid kommune, tittelen til den som signerer: ikke fylt ut → «ordførar»",
        "prosjekteieren: «Vest-Telemarkrådet med dei seks ordførarane» → «Vest-Telemarkrådet»",
        "navnet på den ansvarlige for piloten: «Anne Aasmundtveit» → «Anne Aasmundtveit Bø»",
        "styringsgruppemedlemmet Olav Kiland, tittel: «næringssjef i Nissedal kommune» → "
        "«næringssjef»",
        "tittelen til prosjektlederen: «utv.leiar i Vest-Telemarkrådet» → «utviklingsleiar»",
        "rollen Prosjektmedarbeidar og sekretær for styringsgruppa, merknad: «frå mai 2025» → "
        "«frå juni 2025»",
        "Ny gruppe: Styringsgruppa (medlemmer: Fyresdal kommune og Tokke kommune; navnet på "
        "lederen: Jan Myrekrok; tittelen til lederen: leiar).",
        "steget avtalen står på: signert → vedtatt",
        "siste dag i avtaleperioden: 31. desember 2028 → 31. desember 2029",
        "merknaden om første dag i avtaleperioden: «frå ho er formelt godkjent av alle "
        "hovudpartar» → «frå ho er godkjent»",
        "datoen avtalen ble signert: 2. juni 2025 → 3. juni 2025",
    ],
}


def _lines(output: str, after: str) -> list[str]:
    """The lines of a section of ``diff``'s text, after its heading ``after``."""
    lines = output.replace("\u00a0", " ").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after)) + 1
    found = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        found.append(line.strip())
    return found


def _history_json(*args: str) -> list[dict[str, object]]:
    result = invoke("history", "vest-telemark", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["commits"][0]["changes"]  # type: ignore[no-any-return]


def _history_lines() -> list[str]:
    """The lines of the newest commit's changes in the history's text form."""
    result = invoke("history", "vest-telemark")
    assert result.exit_code == 0, result.output
    block = result.stdout.replace("\u00a0", " ").split("\n\n")[1]
    return [line.strip() for line in block.splitlines()[2:]]


@pytest.mark.parametrize("written", ["nn", "nb"])
def test_pilot_yamls_nested_values_read_as_labels(vest_telemark: git.Repo, written: str) -> None:
    """diff, history (text and JSON) and check say each nested value by one label."""
    root = _start(vest_telemark, written)
    _revise_pilot(root)
    commit(vest_telemark, "Organisering og avtale")
    heading = "Endringar i pilot.yaml" if written == "nn" else "Endringer i pilot.yaml"
    result = invoke("diff", "vest-telemark", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    said = _lines(result.output, heading)
    assert said == EXPECTED[written]
    assert not [line for line in said if "organis" in line or "avtale, " in line]

    assert _history_lines() == ["pilot.yaml", *EXPECTED[written]]
    changes = _history_json()
    said = [str(c["text"]).replace("\u00a0", " ") for c in changes if c["part_of"] is None]
    assert said == EXPECTED[written]
    assert {c["kind"] for c in changes} == {"agreement"}
    assert "organisation.responsible.name" in [c["path"] for c in changes]  # the data's path

    checked = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "text")
    assert EXPECTED[written][-1] in checked.output.replace("\u00a0", " "), checked.output


LINK = "links:\n  - title: Bygdevekst\n    url: https://www.regjeringa.no/bygdevekst\n"

LINK_SAID = {
    "nn": (
        "Ny lenke: «Bygdevekst» (https://www.regjeringa.no/bygdevekst).",
        "Lenka https://www.regjeringa.no/bygdevekst har fått tittelen «Om bygdevekst» "
        "(før: «Bygdevekst»).",
        "Lenka «Om bygdevekst» (https://www.regjeringa.no/bygdevekst) er teken ut.",
    ),
    "nb": (
        "Ny lenke: «Bygdevekst» (https://www.regjeringa.no/bygdevekst).",
        "Lenken https://www.regjeringa.no/bygdevekst har fått tittelen «Om bygdevekst» "
        "(før: «Bygdevekst»).",
        "Lenken «Om bygdevekst» (https://www.regjeringa.no/bygdevekst) er tatt ut.",
    ),
}


@pytest.mark.parametrize("written", ["nn", "nb"])
def test_a_plans_link_added_retitled_and_taken_out_is_one_sentence(
    vest_telemark: git.Repo, written: str
) -> None:
    """A link is known by its address: added, retitled or taken out, one sentence in diff
    and history, not «lenker https://…, tittel: ikkje fylt ut → «Bygdevekst»»."""
    root = _start(vest_telemark, written)
    plan = root / PLAN
    heading = "Andre endringar i planen" if written == "nn" else "Andre endringer i planen"
    for step, (old, new) in enumerate(
        [
            ("\nyear: 2026\n", "\nyear: 2026\n" + LINK),
            ("  - title: Bygdevekst\n", "  - title: Om bygdevekst\n"),
            (LINK.replace("Bygdevekst", "Om bygdevekst"), ""),
        ]
    ):
        edit(plan, old, new)
        commit(vest_telemark, f"Lenkje {step}")
        result = invoke("diff", "vest-telemark", "--base", "HEAD~1", "--head", "HEAD")
        assert result.exit_code == 0, result.output
        assert _lines(result.output, heading) == [LINK_SAID[written][step]]
        assert _history_lines() == ["plans/2026.yaml", LINK_SAID[written][step]]
        [change] = _history_json()
        assert change["text"] == LINK_SAID[written][step]
        assert change["path"] == "links.https://www.regjeringa.no/bygdevekst.title"


@pytest.mark.parametrize("written", ["nn", "nb"])
def test_a_measures_link_is_one_sentence_as_the_plans_is(
    vest_telemark: git.Repo, written: str
) -> None:
    """A link on a measure, added and taken out: the same sentence as a plan's link, under
    the measure in diff and after «tiltak 1.4:» in history, not «lenker https://…, tittel:
    ikkje fylt ut → «Bygdevekst»»; the JSON keeps the data's path."""
    root = _start(vest_telemark, written)
    plan = root / PLAN
    measure_link = "\n".join("    " + line for line in LINK.splitlines()) + "\n"
    closing = "    title: «Kompetansesirkel»\n    start_year: 2025\n"
    steps = [
        (closing, closing + "    change_reason: Lenkje til omtalen.\n" + measure_link),
        ("Lenkje til omtalen.\n" + measure_link, "Lenkja er ute.\n"),
    ]
    removed = LINK_SAID[written][2].replace("Om bygdevekst", "Bygdevekst")
    for step, ((old, new), said) in enumerate(
        zip(steps, (LINK_SAID[written][0], removed), strict=True)
    ):
        edit(plan, old, new)
        commit(vest_telemark, f"Lenkje på tiltak 1.4, {step}")
        result = invoke("diff", "vest-telemark", "--base", "HEAD~1", "--head", "HEAD")
        assert result.exit_code == 0, result.output
        shown = result.output.replace("\u00a0", " ").splitlines()
        at = next(i for i, line in enumerate(shown) if line.strip().startswith("Tiltak 1.4 "))
        assert shown[at + 1].strip() == said
        assert "lenker" not in result.output and "tittel:" not in result.output
        assert f"tiltak 1.4: {said}" in _history_lines()
        [change] = [c for c in _history_json() if c["path"] == LINK_PATH]
        assert change["text"] == f"tiltak 1.4: {said}"


LINK_PATH = "links.https://www.regjeringa.no/bygdevekst.title"


BV301 = {
    "nn": "Tiltak 1.4 er endra sidan 2025 (tittel; sluttår; budsjett 2026, statlege "
    "tiltaksmidlar), men manglar grunngjevinga for i år; skriv ho i change_reason",
    "nb": "Tiltak 1.4 er endret siden 2025 (tittel; sluttår; budsjett 2026, statlige "
    "tiltaksmidler), men mangler årets begrunnelse; skriv den i change_reason",
}


@pytest.mark.parametrize("written", ["nn", "nb"])
def test_bv301_names_the_changed_fields_as_diff_does(vest_telemark: git.Repo, written: str) -> None:
    """A measure changed without this year's reason: check's finding names its fields by
    their labels, as diff names them, not by their data paths."""
    root = _start(vest_telemark, written)
    edit(
        root / PLAN,
        "    title: «Kompetansesirkel»\n    start_year: 2025\n",
        "    title: «Kompetansesirkelen»\n    start_year: 2025\n    end_year: 2027\n"
        "    budget:\n      2026:\n        state_measure_funds: 100000\n",
    )
    commit(vest_telemark, "Tiltak 1.4")
    checked = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "json")
    assert checked.exit_code == 1, checked.output
    findings = json.loads(checked.stdout)["findings"]
    messages = [f["message"].replace("\u00a0", " ") for f in findings if f["code"] == "BV301"]
    assert messages == [BV301[written]]


SIGNER = {"nn": "dagleg leiar", "nb": "daglig leder"}

ENTRIES_SAID = {
    "nn": (
        [
            "Ny kontaktperson for Nissedal kommune: Per Olsen (rolle: Næringssjef; e-post: "
            "per.olsen@nissedal.kommune.no).",
            "Ny part: Vest-Telemark næringshage (type: anna; rolle: samarbeidspart; namnet "
            "på den som signerer: Ola Dahl; tittelen til den som signerer: dagleg leiar).",
            "Ny rolle: Kommunikasjonsrådgivar (namn: Per Hansen).",
            "Ny fase: Etterfase (startår: 2029; sluttår: 2029; skildring: «Erfaringane blir "
            "delte.»).",
        ],
        [
            "Parten Vest-Telemark næringshage er teken ut (type: anna; rolle: samarbeidspart; "
            "namnet på den som signerer: Ola Dahl; tittelen til den som signerer: dagleg "
            "leiar).",
            "Fasen Etterfase er teken ut (startår: 2029; sluttår: 2029; skildring: "
            "«Erfaringane blir delte.»).",
        ],
    ),
    "nb": (
        [
            "Ny kontaktperson for Nissedal kommune: Per Olsen (rolle: Næringssjef; e-post: "
            "per.olsen@nissedal.kommune.no).",
            "Ny part: Vest-Telemark næringshage (type: annet; rolle: samarbeidspart; navnet "
            "på den som signerer: Ola Dahl; tittelen til den som signerer: daglig leder).",
            "Ny rolle: Kommunikasjonsrådgivar (navn: Per Hansen).",
            "Ny fase: Etterfase (startår: 2029; sluttår: 2029; beskrivelse: «Erfaringane blir "
            "delte.»).",
        ],
        [
            "Parten Vest-Telemark næringshage er tatt ut (type: annet; rolle: samarbeidspart; "
            "navnet på den som signerer: Ola Dahl; tittelen til den som signerer: daglig "
            "leder).",
            "Fasen Etterfase er tatt ut (startår: 2029; sluttår: 2029; beskrivelse: "
            "«Erfaringane blir delte.»).",
        ],
    ),
}

PARTY = (
    "  - id: naeringshage\n    name: Vest-Telemark næringshage\n    kind: other\n"
    "    role: partner\n    signatory:\n      name: Ola Dahl\n      title: {title}\n"
)
PHASE = (
    "  - name: Etterfase\n    start_year: 2029\n    end_year: 2029\n"
    "    description: Erfaringane blir delte.\n"
)


@pytest.mark.parametrize("written", ["nn", "nb"])
def test_pilot_yamls_entries_added_or_taken_out_whole_are_one_sentence(
    vest_telemark: git.Repo, written: str
) -> None:
    """A party, a contact, a role or a phase added or taken out is one sentence with its
    values by their labels and codes by their words («type: anna», not «type: other»), in
    diff and in history; the history's JSON keeps a change apart for each value, the
    others part of the first."""
    root = _start(vest_telemark, written)
    pilot = root / PILOT
    party = PARTY.format(title=SIGNER[written])
    edit(
        pilot,
        '    municipality_number: "4030"\n',
        '    municipality_number: "4030"\n    contacts:\n      - name: Per Olsen\n'
        "        role: Næringssjef\n        email: per.olsen@nissedal.kommune.no\n",
    )
    edit(pilot, "  - id: ks\n", party + "  - id: ks\n")
    edit(
        pilot,
        "      note: frå mai 2025\n",
        "      note: frå mai 2025\n    - role: Kommunikasjonsrådgivar\n      name: Per Hansen\n",
    )
    edit(pilot, "parties:\n", PHASE + "parties:\n")
    commit(vest_telemark, "Partar, roller og fasar")
    edit(pilot, party, "")
    edit(pilot, PHASE, "")
    commit(vest_telemark, "Parten og fasen ut att")
    heading = "Endringar i pilot.yaml" if written == "nn" else "Endringer i pilot.yaml"
    for step, expected in enumerate(ENTRIES_SAID[written]):
        base, head = f"HEAD~{2 - step}", f"HEAD~{1 - step}" if step == 0 else "HEAD"
        result = invoke("diff", "vest-telemark", "--base", base, "--head", head)
        assert result.exit_code == 0, result.output
        said = _lines(result.output, heading)
        assert sorted(said) == sorted(expected)
    assert _history_lines()[1:] == said  # the newest commit's, as diff says them
    changes = _history_json()
    assert [c["text"] for c in changes if c["part_of"] is None] == said
    first, *rest = [c for c in changes if str(c["path"]).startswith("parties.naeringshage.")]
    assert (first["path"], first["old"]) == (
        "parties.naeringshage.name",
        "Vest-Telemark næringshage",
    )
    assert [c["path"] for c in rest][:2] == [f"parties.naeringshage.{f}" for f in ("kind", "role")]
    assert {c["text"] for c in rest} == {first["text"]}
    assert {c["part_of"] for c in rest} == {changes.index(first)}
