"""Turning figures into tables (HTML, CSV) and chart data, with small-cell suppression.

Every figure is a cube region × row × column. The regional dashboard shows, per figure, one table
of rows × columns for its region; the national view shows, per figure and column, a table of
regions × rows, so regions stand side by side.

Small-cell suppression happens here, once, for tables, charts and CSV alike, with the rule of
`zvh.small_cells` (also used on the home page): a count of 1–4 is shown as "<5" (0 is shown: it
singles nobody out) and every other count is rounded to a multiple of 5, so no difference between
published counts (totals, complements, two filter settings) reveals a count of 1–4; a share is
computed from the rounded counts and shown as "<5" when its denominator is under 5 or its numerator
1–4; a duration computed from fewer than 5 cases is "<5".

How a suppressed cell reads (issue 20): a count shows "<5" and says "minder dan 5" to a screen reader;
a figure derived from small counts (a percentage, a median in days or hours) never shows "<5" — that
would read as "less than 5 hours" — but "onderdrukt", and the table's caption says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from cases.constants import CaseStage
from closeout.constants import CLOSE_OUT_CRITERIA_SHORT
from dashboards.figures import ACK, TIMED_STAGES, Figures, Filters
from planning.constants import SUCCESS_CONDITIONS
from zvh.small_cells import SUPPRESSED, THRESHOLD, published_count, published_share  # noqa: F401 (re-exported)

# A percentage or duration computed from fewer than THRESHOLD cases (text of the table and the CSV).
DERIVED_SUPPRESSED = "onderdrukt"


@dataclass(frozen=True)
class Cell:
    """What a table and the CSV show (`text`), and the number a chart draws (None: not drawn)."""

    text: str
    value: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.text in (SUPPRESSED, DERIVED_SUPPRESSED)

    @property
    def suppressed_count(self) -> bool:
        return self.text == SUPPRESSED

    @property
    def suppressed_derived(self) -> bool:
        return self.text == DERIVED_SUPPRESSED


def count_cell(n: int) -> Cell:
    value = published_count(n)
    if value is None:
        return Cell(SUPPRESSED)
    return Cell(str(value), value)


def share_cell(part: int, whole: int) -> Cell:
    percentage = published_share(part, whole)
    if percentage is None:
        return Cell(DERIVED_SUPPRESSED)
    return Cell(f"{percentage}%", percentage)


def number_cell(value: float | None, n: int, *, divisor: float = 1) -> Cell:
    """A duration or other statistic over n cases, rounded to one decimal (Dutch notation)."""
    if n < THRESHOLD:
        return Cell(DERIVED_SUPPRESSED)
    if value is None:
        return Cell("–")
    value = round(value / divisor, 1)
    return Cell(number_format(value, decimal_pos=1), value)


DAY, HOUR = 86400, 3600


@dataclass
class Table:
    key: str
    title: str
    caption: str
    corner: str  # header of the row-header column
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    chart: dict | None = None
    note: str = ""
    region_id: int | None = None
    chartable: bool = False  # the figure has a chart (which may be left out when there is nothing to draw)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def chart_data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for _label, cells in self.rows for cell in cells)

    @property
    def has_suppressed_counts(self) -> bool:
        return any(cell.suppressed_count for _label, cells in self.rows for cell in cells)

    @property
    def has_suppressed_derived(self) -> bool:
        return any(cell.suppressed_derived for _label, cells in self.rows for cell in cells)

    @property
    def is_empty(self) -> bool:
        """Nothing to report: every cell 0, empty or "–" (no case at all in the period)."""
        return all(not cell.suppressed and not cell.value for _label, cells in self.rows for cell in cells)

    def csv_rows(self) -> list[list[str]]:
        return [[self.corner, *self.columns], *[[label, *(c.text for c in cells)] for label, cells in self.rows]]


@dataclass
class Figure:
    """One figure: its rows and columns for a region, and how to read one cell from the figures."""

    key: str
    title: str
    description: str
    corner: str
    rows: Callable[[Figures, int, Filters], list[tuple[str, object]]]  # (label, row key)
    columns: list[tuple[str, str]]  # (label, column key)
    cell: Callable[[Figures, int, object, str], Cell]
    chart: str | None = "bar"  # regional chart type, or None
    chart_columns: list[str] | None = None  # which columns the chart draws (default all)
    horizontal: bool = False
    national_columns: list[str] | None = None  # which columns get a national table (default all)
    national_chart: bool = False
    national_rows: Callable[[Figures, Filters], list[tuple[str, object]]] | None = None
    regional: bool = True
    footnote: str = ""


def _stage_label(stage) -> str:
    return str(CaseStage(stage).label)


def _open_stage_rows(figs, rid, f):
    return [(_stage_label(s), s) for s in TIMED_STAGES] + [(str(_("Totaal")), "total")]


def _open_cell(figs, rid, stage, column):
    data = figs["open"][rid]
    values = data["stages"] if column == "n" else data["overdue"]
    return count_cell(sum(values.values()) if stage == "total" else values.get(stage, 0))


def _month_rows(figs, rid, f):
    return [(date_format(m, "b Y"), m) for m in f.months()] + [(str(_("Totaal periode")), "total")]


def _flow_cell(figs, rid, month, column):
    per_month = figs[column][rid]
    return count_cell(sum(per_month.values()) if month == "total" else per_month.get(month, 0))


def _ending_rows(figs, rid, f):
    return [(_stage_label(s), s) for s in TIMED_STAGES] + [(str(_("Totaal")), "total")]


def _ending_cell(figs, rid, stage, column):
    data = figs["closed_from"][rid]
    return count_cell(sum(data.values()) if stage == "total" else data.get(stage, 0))


def _duration_rows(figs, rid, f):
    return [(_stage_label(s), s) for s in TIMED_STAGES]


def _duration_cell(figs, rid, stage, column):
    pct = figs["percentiles"][rid].get(stage)
    n = pct.n if pct else 0
    if column == "n":
        return count_cell(n)
    return number_cell(getattr(pct, column) if pct else None, n, divisor=DAY)


def _fixed_rows(rows):
    """Rows that are the same in every region: (label, key) from a list of (key, label)."""
    return lambda figs, rid, f: [(str(label), key) for key, label in rows]


SIGNALS = [
    ("stagnating", _("Stagnerende casussen (monitoring zonder activiteit)")),
    ("checkin_cases", _("Casussen met een achterstallig monitormoment")),
    ("checkins", _("Achterstallige monitormomenten")),
    ("esc_open", _("Open opschalingen")),
    ("esc_unack", _("Opschalingen nog niet opgepakt")),
    ("esc_raised", _("Opschalingen in de periode")),
    ("ack_median", _("Mediane tijd tot oppakken van een opschaling (uren)")),
    ("ack_p90", _("90e percentiel tijd tot oppakken (uren)")),
    ("plans", _("Plannen van aanpak in gebruik in de periode")),
    ("plan_b_share", _("Aandeel plannen overgestapt op plan B")),
]


_signal_rows = _fixed_rows(SIGNALS)


def _signal_cell(figs, rid, key, column):
    if key == "stagnating":
        return count_cell(figs["open"][rid]["stagnating"])
    if key in ("checkin_cases", "checkins"):
        return count_cell(figs["checkins"][rid]["cases" if key == "checkin_cases" else "checkins"])
    if key.startswith("esc_"):
        return count_cell(figs["escalations"][rid][{"esc_open": "open", "esc_unack": "unacknowledged",
                                                     "esc_raised": "raised"}[key]])
    if key.startswith("ack_"):
        pct = figs["percentiles"][rid].get(ACK)
        return number_cell(getattr(pct, key[4:]) if pct else None, pct.n if pct else 0, divisor=HOUR)
    plans = figs["plan_b"][rid]
    if key == "plans":
        return count_cell(plans["plans"])
    return share_cell(plans["switched"], plans["plans"])


CLOSE_OUT_ROWS = [
    ("decided", _("Afschaalbesluiten")),
    *CLOSE_OUT_CRITERIA_SHORT.items(),
    ("all_three", _("Alle drie criteria vervuld")),
    ("evaluations_done", _("Evaluaties gedaan")),
    ("evaluations_skipped", _("Evaluaties bewust overgeslagen")),
]


_closeout_rows = _fixed_rows(CLOSE_OUT_ROWS)


def _closeout_cell(figs, rid, key, column):
    decided = figs["close_outs"][rid]["decided"]
    if key.startswith("evaluations_"):
        n = figs["evaluations"][rid][key.removeprefix("evaluations_")]
        return count_cell(n) if column == "n" else Cell("")
    n = figs["close_outs"][rid][key]
    if column == "n":
        return count_cell(n)
    return Cell("") if key == "decided" else share_cell(n, decided)


def _success_rows(figs, rid, f):
    data = figs["success"][rid]
    # Most often unmet first; the fixed order breaks ties.
    ordered = sorted(SUCCESS_CONDITIONS, key=lambda item: -data[item[0]])
    return [(str(label), name) for name, label in ordered]


def _success_national_rows(figs, f):
    return [(str(label), name) for name, label in SUCCESS_CONDITIONS]


def _success_cell(figs, rid, name, column):
    data = figs["success"][rid]
    return count_cell(data[name]) if column == "n" else share_cell(data[name], data["meetings"])


def _caseload_rows(figs, rid, f):
    return [(str(_("Procesregisseur %(n)s")) % {"n": i}, i - 1) for i in range(1, len(figs["caseload"][rid]) + 1)]


def _caseload_cell(figs, rid, index, column):
    return count_cell(figs["caseload"][rid][index])


CASELOAD_SUMMARY = [
    ("people", _("Procesregisseurs (actief)")),
    ("min", _("Laagste caseload")),
    ("median", _("Mediane caseload")),
    ("max", _("Hoogste caseload")),
]


_caseload_summary_rows = _fixed_rows(CASELOAD_SUMMARY)


def _caseload_summary_cell(figs, rid, key, column):
    loads = figs["caseload"][rid]
    if key == "people":
        return Cell(str(len(loads)), len(loads))  # staff, not cases: no suppression needed
    if not loads:
        return Cell("–")
    value = {"min": min, "max": max, "median": median}[key](loads)
    # A caseload is a count of cases: the same rule (the highest one must not undo the rounding above).
    published = published_count(round(value))
    if published is None:
        return Cell(SUPPRESSED)
    return Cell(str(published), published)


N = _("Aantal")

FIGURE_LIST = [
    Figure("open", _("Lopende casussen per fase"),
           _("Nu, ongeacht de periode. ‘Langer dan de norm’: langer in de fase dan de termijn van die fase."),
           _("Fase"), _open_stage_rows, [("n", N), ("overdue", _("Langer dan de norm"))], _open_cell,
           chart_columns=["n"], national_chart=True,
           national_rows=lambda figs, f: [(_stage_label(s), s) for s in TIMED_STAGES] + [(str(_("Totaal")), "total")]),
    Figure("flow", _("Nieuwe en afgesloten casussen per maand"),
           _("Aangemeld en afgesloten in de periode (ook afgewezen of doorverwezen bij de triage)."),
           _("Maand"), _month_rows, [("new", _("Nieuw")), ("closed", _("Afgesloten"))], _flow_cell),
    Figure("endings", _("Hoe casussen eindigen"),
           _("Casussen afgesloten in de periode, naar de fase waarin ze werden afgesloten. Na een evaluatie "
             "is de gewone afloop; eerder afsluiten betekent afgewezen, doorverwezen of ingetrokken."),
           _("Afgesloten vanuit fase"), _ending_rows, [("n", N)], _ending_cell, chart=None),
    Figure("durations", _("Doorlooptijd per fase (dagen)"),
           _("Voor elke fase die in de periode werd afgerond: de tijd van binnenkomst tot vertrek uit die fase."),
           _("Fase"), _duration_rows,
           [("n", _("Afgerond in periode")), ("median", _("Mediaan")), ("p90", _("90e percentiel"))],
           _duration_cell, chart_columns=["median", "p90"], horizontal=True,
           national_columns=["median", "p90"]),
    Figure("signals", _("Signalen: stagnatie, monitoring, opschaling en plan B"),
           _("Stagnatie, achterstallige monitormomenten en open opschalingen: nu. Tijd tot oppakken: "
             "opschalingen uit de periode. Plan B: vastgestelde plannen van casussen die in de periode liepen."),
           _("Signaal"), _signal_rows, [("value", _("Waarde"))], _signal_cell, chart=None),
    Figure("closeout", _("Afschalen en evalueren"),
           _("Afschaalbesluiten en evaluaties vastgelegd in de periode; het aandeel is van de afschaalbesluiten."),
           _("Onderwerp"), _closeout_rows, [("n", N), ("share", _("Aandeel"))], _closeout_cell, chart=None,
           national_columns=["n"]),
    Figure("success", _("Succesvoorwaarden die het vaakst ontbreken"),
           _("Per voorwaarde: in hoeveel gehouden overleggen van de periode zij niet vervuld was."),
           _("Succesvoorwaarde"), _success_rows,
           [("n", _("Niet vervuld (overleggen)")), ("share", _("Aandeel van de overleggen"))], _success_cell,
           chart_columns=["n"], horizontal=True, national_rows=_success_national_rows),
    Figure("caseload", _("Caseload per procesregisseur"),
           _("Lopende casussen per actieve procesregisseur, hoogste eerst. Zonder namen: de nummering volgt "
             "de caseload en zegt niets over wie het is."),
           _("Procesregisseur"), _caseload_rows, [("n", _("Lopende casussen"))], _caseload_cell,
           national_columns=[]),
    Figure("caseload_summary", _("Verdeling van de caseload"),
           _("Lopende casussen per actieve procesregisseur: laagste, mediaan en hoogste."),
           _("Maat"), _caseload_summary_rows, [("value", _("Lopende casussen"))], _caseload_summary_cell,
           chart=None),
]
FIGURE_BY_KEY = {figure.key: figure for figure in FIGURE_LIST}

# Which computed figures (dashboards.figures.FIGURES) each table reads: a CSV export computes only those.
NEEDS = {
    "open": ["open"],
    "flow": ["new", "closed"],
    "endings": ["closed_from"],
    "durations": ["percentiles"],
    "signals": ["open", "checkins", "escalations", "percentiles", "plan_b"],
    "closeout": ["close_outs", "evaluations"],
    "success": ["success"],
    "caseload": ["caseload"],
    "caseload_summary": ["caseload"],
}


def _chart(kind: str, labels: list[str], series: list[tuple[str, list[Cell]]], *, horizontal=False,
           stacked=False, title="") -> dict | None:
    """Chart.js data; None when there is nothing to draw (everything 0 or suppressed): the table says it."""
    if not any(c.value for _label, cells in series for c in cells if not c.suppressed):
        return None
    return {
        "type": kind,
        "title": title,
        "horizontal": horizontal,
        "stacked": stacked,
        "labels": labels,
        "datasets": [{"label": label, "data": [c.value if not c.suppressed else None for c in cells],
                      "display": [c.text for c in cells]} for label, cells in series],
    }


def region_tables(figs: Figures, region_id: int, filters: Filters, only: str | None = None) -> list[Table]:
    """The regional dashboard: one table per figure for one region."""
    tables = []
    for figure in FIGURE_LIST:
        if only and figure.key != only:
            continue
        rows = figure.rows(figs, region_id, filters)
        body = [(label, [figure.cell(figs, region_id, key, col) for col, _label in figure.columns])
                for label, key in rows]
        chart = None
        if figure.chart:
            drawn = [i for i, (_label, key) in enumerate(rows) if key != "total"]
            wanted = figure.chart_columns or [col for col, _label in figure.columns]
            series = [(str(col_label), [body[r][1][i] for r in drawn])
                      for i, (col, col_label) in enumerate(figure.columns) if col in wanted]
            chart = _chart(figure.chart, [body[r][0] for r in drawn], series,
                           horizontal=figure.horizontal, title=str(figure.title))
        tables.append(Table(key=figure.key, title=str(figure.title), caption=str(figure.title),
                            corner=str(figure.corner), columns=[str(label) for _c, label in figure.columns],
                            rows=body, chart=chart, note=str(figure.description), region_id=region_id,
                            chartable=bool(figure.chart)))
    return tables


def national_tables(figs: Figures, regions, filters: Filters, only: str | None = None) -> list[Table]:
    """The national view: per figure and column, the regions side by side (one row per region)."""
    tables = []
    for figure in FIGURE_LIST:
        columns = figure.columns if figure.national_columns is None else [
            c for c in figure.columns if c[0] in figure.national_columns]
        for col, col_label in columns:
            key = f"{figure.key}-{col}"
            if only and key != only:
                continue
            if figure.national_rows:
                row_defs = figure.national_rows(figs, filters)
            else:
                row_defs = figure.rows(figs, regions[0].pk, filters) if regions else []
            body = [(region.name, [figure.cell(figs, region.pk, row_key, col) for _l, row_key in row_defs])
                    for region in regions]
            title = str(figure.title) if len(figure.columns) == 1 else f"{figure.title}: {col_label}"
            chart = None
            if figure.national_chart:
                chart_defs = [(i, label) for i, (label, row_key) in enumerate(row_defs) if row_key != "total"]
                series = [(label, [cells[i] for _name, cells in body]) for i, label in chart_defs]
                chart = _chart("bar", [region.code for region in regions], series, stacked=True, title=title)
            tables.append(Table(key=key, title=title, caption=title, corner=str(_("Regio")),
                                columns=[label for label, _k in row_defs], rows=body, chart=chart,
                                note=str(figure.description), chartable=figure.national_chart))
    return tables
