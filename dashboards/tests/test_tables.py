"""Small-cell suppression in tables, charts and CSV; the regional and national layouts."""

from datetime import date

import pytest
from django.utils import translation

from dashboards.figures import Figures, Filters, Percentiles
from dashboards.tables import (
    DERIVED_SUPPRESSED,
    SUPPRESSED,
    count_cell,
    national_tables,
    number_cell,
    region_tables,
    share_cell,
)
from planning.constants import SUCCESS_CONDITION_FIELDS

PERIOD = Filters(start=date(2026, 1, 1), end=date(2026, 3, 31))


@pytest.mark.parametrize(("n", "text"), [(0, "0"), (1, SUPPRESSED), (4, SUPPRESSED), (5, "5"), (7, "5"), (8, "10"),
                                         (123, "125")])
def test_counts_from_1_to_4_are_suppressed_and_the_rest_rounded_to_five(n, text):
    cell = count_cell(n)
    assert cell.text == text
    assert cell.value == (None if text == SUPPRESSED else int(text))


@pytest.mark.parametrize(("part", "whole", "text"), [
    (0, 4, DERIVED_SUPPRESSED),  # fewer than 5 in the denominator
    (0, 10, "0%"),
    (3, 10, DERIVED_SUPPRESSED),  # the numerator could be worked back from the share
    (5, 10, "50%"),
    (10, 10, "100%"),
    (7, 20, "25%"),  # from the published counts 5 and 20: the exact 35% would give the 7 away
])
def test_shares_are_suppressed_on_small_numerator_or_denominator(part, whole, text):
    assert share_cell(part, whole).text == text


def test_durations_over_fewer_than_5_cases_are_suppressed():
    # "onderdrukt", never "<5": a suppressed median must not read as "less than 5 days" (issue 20).
    assert number_cell(3 * 86400, 4, divisor=86400).text == DERIVED_SUPPRESSED
    cell = number_cell(3.25 * 86400, 5, divisor=86400)
    assert (cell.text, cell.value) == ("3,2", 3.2)


def _figures(region_ids, **overrides):
    empty = {
        "open": {"stages": {}, "overdue": {}, "stagnating": 0},
        "new": {}, "closed": {}, "closed_from": {}, "percentiles": {},
        "checkins": {"checkins": 0, "cases": 0},
        "escalations": {"open": 0, "unacknowledged": 0, "raised": 0},
        "plan_b": {"plans": 0, "switched": 0},
        "close_outs": {"decided": 0, "all_three": 0, "care_organised": 0, "family_self_reliant": 0,
                       "regie_handed_over": 0},
        "evaluations": {"done": 0, "skipped": 0},
        "success": {"meetings": 0, **{name: 0 for name in SUCCESS_CONDITION_FIELDS}},
        "caseload": [],
    }
    data = {name: {rid: overrides.get(name, {}).get(rid, value) for rid in region_ids}
            for name, value in empty.items()}
    return Figures(data)


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def test_regional_table_chart_and_csv_show_the_same_suppressed_cells():
    figs = _figures([1], open={1: {"stages": {"intake": 3, "overleg": 7}, "overdue": {"intake": 0, "overleg": 5},
                                   "stagnating": 0}})

    table = _table(region_tables(figs, 1, PERIOD), "open")

    rows = dict(table.rows)
    assert [c.text for c in rows["Intake"]] == [SUPPRESSED, "0"]
    assert [c.text for c in rows["Overleg"]] == ["5", "5"]
    assert [c.text for c in rows["Totaal"]] == ["10", "5"]
    counts = table.chart["datasets"][0]
    intake = table.chart["labels"].index("Intake")
    assert counts["data"][intake] is None and counts["display"][intake] == SUPPRESSED
    assert "Totaal" not in table.chart["labels"]
    csv_rows = table.csv_rows()
    assert csv_rows[0] == ["Fase", "Aantal", "Langer dan de norm"]
    assert ["Intake", SUPPRESSED, "0"] in csv_rows
    assert table.has_suppressed


def test_months_of_the_period_are_all_listed():
    figs = _figures([1], new={1: {date(2026, 2, 1): 6}}, closed={1: {date(2026, 2, 1): 2}})

    with translation.override("nl"):
        table = _table(region_tables(figs, 1, PERIOD), "flow")

    assert [label for label, _cells in table.rows] == ["jan 2026", "feb 2026", "mrt 2026", "Totaal periode"]
    assert [c.text for c in dict(table.rows)["feb 2026"]] == ["5", SUPPRESSED]


def test_success_conditions_most_often_unmet_first():
    success = {"meetings": 10, **{name: 0 for name in SUCCESS_CONDITION_FIELDS},
               "sc_safe_climate": 7, "sc_respect": 5}
    figs = _figures([1], success={1: success})

    table = _table(region_tables(figs, 1, PERIOD), "success")

    assert [label for label, _c in table.rows][:2] == ["Een veilig werkklimaat", "Respect voor elkaars professie"]
    assert [c.text for c in table.rows[0][1]] == ["5", "50%"]


def test_caseload_is_numbered_not_named():
    figs = _figures([1], caseload={1: [12, 6, 2]})

    tables = region_tables(figs, 1, PERIOD)

    caseload = _table(tables, "caseload")
    assert [(label, [c.text for c in cells]) for label, cells in caseload.rows] == [
        ("Procesregisseur 1", ["10"]), ("Procesregisseur 2", ["5"]), ("Procesregisseur 3", [SUPPRESSED])]
    summary = dict(_table(tables, "caseload_summary").rows)
    assert [summary[k][0].text for k in ("Procesregisseurs (actief)", "Laagste caseload", "Mediane caseload",
                                         "Hoogste caseload")] == ["3", SUPPRESSED, "5", "10"]


def test_durations_in_days_and_acknowledgement_in_hours():
    figs = _figures([1], percentiles={1: {"intake": Percentiles(n=6, median=3.5 * 86400, p90=44 * 86400),
                                          "overleg": Percentiles(n=2, median=86400, p90=86400),
                                          "ack": Percentiles(n=5, median=3 * 3600, p90=4.6 * 3600)}})

    tables = region_tables(figs, 1, PERIOD)

    durations = dict(_table(tables, "durations").rows)
    assert [c.text for c in durations["Intake"]] == ["5", "3,5", "44,0"]
    assert [c.text for c in durations["Overleg"]] == [SUPPRESSED, DERIVED_SUPPRESSED, DERIVED_SUPPRESSED]
    signals = dict(_table(tables, "signals").rows)
    assert signals["Mediane tijd tot oppakken van een opschaling (uren)"][0].text == "3,0"
    assert signals["90e percentiel tijd tot oppakken (uren)"][0].text == "4,6"


class _Region:
    def __init__(self, pk, code, name):
        self.pk, self.code, self.name = pk, code, name


def test_national_tables_put_regions_side_by_side():
    regions = [_Region(1, "AA", "ZVH A"), _Region(2, "BB", "ZVH B")]
    figs = _figures([1, 2], open={1: {"stages": {"intake": 8}, "overdue": {}, "stagnating": 0},
                                  2: {"stages": {"intake": 2}, "overdue": {}, "stagnating": 0}})

    tables = national_tables(figs, regions, PERIOD)

    table = _table(tables, "open-n")
    assert table.corner == "Regio"
    assert table.columns[:2] == ["Aanmelding", "Intake"]
    assert [(name, cells[1].text) for name, cells in table.rows] == [("ZVH A", "10"), ("ZVH B", SUPPRESSED)]
    assert table.chart["labels"] == ["AA", "BB"] and table.chart["stacked"]
    keys = {t.key for t in tables}
    assert {"flow-new", "flow-closed", "durations-median", "durations-p90", "signals-value",
            "success-n", "success-share", "caseload_summary-value"} <= keys
    assert not any(key.startswith("caseload-") for key in keys)  # no per-person rows nationally
