"""Actuals: what execution measured (KPI values) and spent, from CSV exports and from YAML.

**CSV** — any ``*.csv`` under ``content/`` (hidden, ``_``-prefixed and excluded files are skipped,
as for other content), the shape of a spreadsheet export, one row per value::

    kind,id,period,value,note
    kpi,KPI-MQL,2026-03,1510,
    spend,CMP-WEBINAR-CLOSE-CLINIC,2026-11,4200,speaker deposits

* ``kind`` is ``kpi`` (``id`` names a KPI, ``value`` is the KPI's value for the period) or
  ``spend`` (``id`` names a campaign or an objective, ``value`` is money spent in the period,
  in the currency of its plan).
* ``period`` is ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY-MM-DD``; a KPI value is read as measured at
  the period's last day.
* The header row is optional and names the columns in any order (``note`` may be left out);
  without it the columns are ``kind,id,period,value[,note]``. A UTF-8 byte-order mark and CRLF
  line ends are accepted; blank rows, rows whose first cell starts with ``#`` and empty cells
  trailing a row are ignored. Values are plain numbers: ``1200``, not ``1,200``, ``$1200`` or
  ``12%``.

**YAML** — the same data on the items themselves: a KPI's ``actuals: [{period, value, note}]``
and a campaign's ``spend: [{period, amount, note}]``.

Every bad row is a diagnostic (GT120–GT127) at its file:line:column (CSV lines are 1-based,
the header is line 1); the row is then left out and the rest still loads.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..core.bounds import DEFAULT_WINDOW, NUMBER_HINT, DateWindow, number_problem
from ..core.config import Settings
from ..core.diagnostics import Reporter
from ..core.load import discover
from ..core.model import Item, Model, Pos
from ..core.periods import Period, period_year, read_period
from ..core.similar import a, did_you_mean
from ..core.source import decode

CSV_SUFFIXES = (".csv",)
KINDS = ("kpi", "spend")
#: item types each kind of row may name
KIND_TYPES: dict[str, tuple[str, ...]] = {"kpi": ("kpi",), "spend": ("campaign", "objective")}
COLUMNS = ("kind", "id", "period", "value", "note")
REQUIRED_COLUMNS = COLUMNS[:4]
EXPORT_HINT = "in your spreadsheet, export as 'CSV UTF-8 (comma delimited)'"

#: an unquoted cell: everything up to the next comma or line end (always matches)
_CELL_END = re.compile(r"[^,\n]*")
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
#: 1 200 / 1'200 / 1 200 (no-break spaces): thousands grouped by spaces or apostrophes
_GROUP_RE = re.compile("[ \u00a0\u202f']")
_SPACED_RE = re.compile("^[+-]?\\d{1,3}(?:[ \u00a0\u202f']\\d{3})+(?:\\.\\d+)?$")


# -- periods ---------------------------------------------------------------------------------
def parse_period(text: str, window: DateWindow = DEFAULT_WINDOW) -> tuple[Period | None, str]:
    """(period, "") or (None, hint) for a period written ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY-MM-DD``
    in a year of ``window``."""
    year = period_year(text)
    if year is not None and not window.has_year(year):
        return None, window.hint()
    period, problem = read_period(text)
    if period is not None and period.grain != "year":
        return period, ""
    return None, problem or _period_hint(text.strip())


_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}


def _period_hint(raw: str) -> str:
    generic = "write a month (2026-03), a quarter (2026-Q1) or a day (2026-03-31)"
    low = raw.lower()
    if (m := re.match(r"^(\d{4})[-/.](\d{1,2})$", raw)) and 1 <= int(m.group(2)) <= 12:
        return f"write {m.group(1)}-{int(m.group(2)):02d}"
    if (m := re.match(r"^(\d{1,2})[-/.](\d{4})$", raw)) and 1 <= int(m.group(1)) <= 12:
        return f"write {m.group(2)}-{int(m.group(1)):02d}"
    if m := re.match(r"^q([1-4])[\s/-]*(\d{4})$", low) or re.match(r"^(\d{4})[\s/]*q([1-4])$", low):
        a, b = m.groups()
        year, q = (b, a) if len(a) == 1 else (a, b)
        return f"write {year}-Q{q}"
    if m := re.match(r"^([a-z]{3})[a-z]*[\s-]*(\d{4})$", low):
        month = _MONTHS.get(m.group(1))
        if month:
            return f"write {m.group(2)}-{month:02d}"
    if re.match(r"^\d{4}$", raw):
        return f"a whole year is too coarse for actuals: {generic}"
    if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}$", raw):
        return f"dates are YYYY-MM-DD (the spreadsheet's local date format is ambiguous): {generic}"
    return generic


# -- numbers ---------------------------------------------------------------------------------
def parse_number(text: str) -> tuple[float | None, str]:
    """(value, "") or (None, hint) for a plain number such as ``1200`` or ``-3.5``."""
    raw = text.strip()
    if _NUMBER_RE.match(raw):
        value = float(raw)
        if number_problem(value) is None:
            return value, ""
        return None, NUMBER_HINT
    low = raw.lower()
    if raw == "":
        return None, "give the number, or leave the row out until there is one"
    if re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", raw):
        return None, f"remove the thousands separators: write {raw.replace(',', '')}"
    if re.match(r"^[+-]?\d+,\d+$", raw):
        return None, f"use a point for decimals: write {raw.replace(',', '.')}"
    if _SPACED_RE.match(raw):
        return None, f"remove the thousands separators: write {_GROUP_RE.sub('', raw)}"
    if re.match(r"^[+-]?\d+(\.\d+)?\s*%$", raw):
        return None, f"write the number without '%': {raw.rstrip('%').strip()}"
    if m := re.match(r"^[+-]?(\d+(\.\d+)?)\s*([km])$", low):
        factor = 1_000 if m.group(3) == "k" else 1_000_000
        return None, f"write the full number: {float(m.group(1)) * factor:.0f}"
    if re.match(r"^[+-]?[$€£]\s*\d", raw) or re.match(r"^[+-]?\d[\d.,]*\s*(usd|eur|gbp|[$€£])$", low):
        return None, "leave out the currency: spend is in the currency of the plan"
    return None, "write a plain number, e.g. 1200 or 3.5"


# -- records ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Actual:
    """One measured KPI value, or one amount spent, for one item and period."""

    kind: str  # "kpi" | "spend"
    id: str
    period: Period
    value: float
    pos: Pos
    note: str = ""
    #: "csv" or "yaml"
    origin: str = "csv"
    #: where the ID is written in a CSV row (``goldenthread rename`` edits it there)
    id_pos: Pos | None = None

    @property
    def asof(self) -> dt.date:
        """The date a KPI value was measured at: the last day of its period."""
        return self.period.end


@dataclass
class Actuals:
    """Every actual that loaded, with the files they came from."""

    rows: list[Actual] = field(default_factory=list)
    #: CSV file label -> rows loaded from it
    files: dict[str, int] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], list[Actual]] | None = field(default=None, repr=False)

    def _index(self) -> dict[tuple[str, str], list[Actual]]:
        if self._by_key is None:
            index: dict[tuple[str, str], list[Actual]] = defaultdict(list)
            for row in self.rows:
                index[(row.kind, row.id)].append(row)
            for rows in index.values():
                rows.sort(key=lambda r: r.period)
            self._by_key = dict(index)
        return self._by_key

    def kpi(self, kpi_id: str, until: dt.date | None = None) -> list[Actual]:
        """The KPI's values in period order (those whose period starts after ``until`` left out)."""
        rows = self._index().get(("kpi", kpi_id), [])
        return [r for r in rows if until is None or r.period.start <= until]

    def spend(self, item_id: str) -> list[Actual]:
        """Money spent on a campaign or objective, in period order."""
        return list(self._index().get(("spend", item_id), []))

    def spend_total(self, item_id: str) -> float:
        return sum(r.value for r in self._index().get(("spend", item_id), []))

    def has_spend(self, item_id: str) -> bool:
        return ("spend", item_id) in self._index()

    def kpi_ids(self) -> list[str]:
        return sorted({r.id for r in self.rows if r.kind == "kpi"})


# -- CSV -------------------------------------------------------------------------------------
class Cell(NamedTuple):
    """One CSV cell and where it starts (a tuple: files can have many thousands of them)."""

    text: str
    line: int
    column: int
    quoted: bool = False

    def at(self, file: str) -> Pos:
        return Pos(file, self.line, self.column)


def split_csv(text: str) -> tuple[list[list[Cell]], tuple[int, int] | None]:
    """Rows of cells with their 1-based positions (RFC 4180 quoting, ``\\n`` line ends).

    Returns the rows read, and the position of an unclosed quote (rows after it are not read).
    """
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    i, n, line, col = 0, len(text), 1, 1
    if n == 0:
        return rows, None
    while True:
        if col == 1 and not row:  # fast path: a whole line without quotes
            end = text.find("\n", i)
            end = n if end < 0 else end
            if text.find('"', i, end) < 0:
                c = 1
                for part in text[i:end].split(","):
                    row.append(Cell(part, line, c))
                    c += len(part) + 1
                rows.append(row)
                row = []
                if end >= n:
                    return rows, None
                i = end + 1
                line += 1
                if i >= n:
                    return rows, None
                continue
        cell_line, cell_col = line, col
        if i < n and text[i] == '"':
            buf: list[str] = []
            i += 1
            col += 1
            while True:
                q = text.find('"', i)
                if q < 0:
                    if row:
                        rows.append(row)
                    return rows, (cell_line, cell_col)
                chunk = text[i:q]
                buf.append(chunk)
                breaks = chunk.count("\n")
                if breaks:
                    line += breaks
                    col = len(chunk) - chunk.rfind("\n")
                else:
                    col += len(chunk)
                if q + 1 < n and text[q + 1] == '"':  # "" is a quote inside the cell
                    buf.append('"')
                    i = q + 2
                    col += 2
                    continue
                i = q + 1
                col += 1
                break
            j = _CELL_END.match(text, i).end()  # type: ignore[union-attr]
            buf.append(text[i:j])  # text after the closing quote is kept as written
            col += j - i
            i = j
            row.append(Cell("".join(buf), cell_line, cell_col, True))
        else:
            j = _CELL_END.match(text, i).end()  # type: ignore[union-attr]
            row.append(Cell(text[i:j], cell_line, cell_col))
            col += j - i
            i = j
        if i >= n:
            rows.append(row)
            return rows, None
        if text[i] == ",":
            i += 1
            col += 1
            continue
        rows.append(row)  # a line end
        row = []
        i += 1
        line += 1
        col = 1
        if i >= n:
            return rows, None


class _Loader:
    def __init__(self, model: Model, report: Reporter, today: dt.date, window: DateWindow = DEFAULT_WINDOW) -> None:
        self.model = model
        self.window = window
        self.report = report
        self.today = today
        self.actuals = Actuals()

    # -- shared checks -----------------------------------------------------------------------
    def check_item(self, kind: str | None, item_id: str, pos: Pos) -> bool:
        items = self.model.items
        item = items.get(item_id)
        if item is None:
            allowed = KIND_TYPES.get(kind or "", ("kpi", "campaign", "objective"))
            candidates = [i for i in items if items[i].type in allowed] or list(items)
            guess = did_you_mean(item_id, candidates)
            self.report.add(
                "GT121",
                pos,
                f"actual for unknown ID {item_id!r}",
                f"did you mean {guess!r}?" if guess else "check the ID, or add the item it names",
            )
            return False
        if kind is not None and item.type not in KIND_TYPES[kind]:
            wanted = " or ".join(KIND_TYPES[kind])
            other = next((k for k, types in KIND_TYPES.items() if item.type in types), None)
            parent = item.get("campaign")
            if kind == "spend" and isinstance(parent, str):
                hint = f"record the spend against its campaign, {parent}"
            elif other:
                hint = f"{a(item.type)} takes {other} rows: write {other} in the kind column"
            else:
                hint = f"{kind} rows name {a(wanted)}; {item.type} items have no actuals"
            self.report.add(
                "GT122",
                pos,
                f"{kind} actual for {item_id}, which is {a(item.type)}, not {a(wanted)}",
                hint,
                item_id,
            )
            return False
        return True

    def check_period(self, text: str, pos: Pos, item_id: str | None) -> Period | None:
        period, hint = parse_period(text, self.window)
        year = period_year(text)
        if period is None and year is not None and not self.window.has_year(year):
            self.report.add(
                "GT151",
                pos,
                f"period {text.strip()!r}: year {year} is outside {self.window}",
                hint,
                item_id,
            )
        elif period is None:
            self.report.add(
                "GT124",
                pos,
                f"period {text.strip()!r} is not YYYY-MM, YYYY-Qn or YYYY-MM-DD",
                hint,
                item_id,
            )
        return period

    def add(self, actual: Actual) -> None:
        self.actuals.rows.append(actual)

    # -- CSV ---------------------------------------------------------------------------------
    def load_csv(self, path: Path, label: str) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.report.add(
                "GT012", Pos(label, 1, 1), f"cannot read file: {exc.strerror or exc}", "check the file exists"
            )
            return
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.report.add("GT012", Pos(label, 1, 1), "file is UTF-16 text; actuals must be UTF-8", EXPORT_HINT)
            return
        inner = Reporter()
        text = decode(data, label, inner)
        for d in inner.items:  # the generic hint names an editor; a CSV comes from a spreadsheet
            self.report.add(d.code, d.pos, d.message, EXPORT_HINT if d.code == "GT012" else d.hint)
        if text is None:
            return
        rows, unclosed = split_csv(text)
        loaded = self._rows(rows, label)
        if unclosed is not None:
            self.report.add(
                "GT120",
                Pos(label, unclosed[0], unclosed[1]),
                "quote opened here is never closed",
                'close the quoted cell with " (write "" for a quote inside it); rows from here on were not read',
            )
        self.actuals.files[label] = loaded

    def _rows(self, rows: list[list[Cell]], label: str) -> int:
        columns: tuple[str, ...] | None = None
        loaded = 0
        for cells in rows:
            if all(c.text.strip() == "" for c in cells) or cells[0].text.lstrip().startswith("#"):
                continue
            if columns is None:
                columns = self._header(cells, label)
                if columns is None:
                    return 0
                if columns != ():
                    continue  # the header row itself
                columns = COLUMNS
            if self._row(cells, columns, label):
                loaded += 1
        return loaded

    def _header(self, cells: list[Cell], label: str) -> tuple[str, ...] | None:
        """The columns a header row names; () when the first row is data; None when unusable."""
        while len(cells) > 1 and cells[-1].text.strip() == "":
            cells = cells[:-1]  # a trailing comma
        names = [c.text.strip().lower() for c in cells]
        first = cells[0]
        if len(cells) == 1 and (";" in first.text or "\t" in first.text):
            sep = "semicolons" if ";" in first.text else "tabs"
            self.report.add(
                "GT120",
                first.at(label),
                f"the file is separated by {sep}, not commas",
                EXPORT_HINT,
            )
            return None
        if not any(n in COLUMNS for n in names):
            return ()
        out: list[str] = []
        ok = True
        for cell, name in zip(cells, names, strict=True):
            if name not in COLUMNS:
                guess = did_you_mean(name, COLUMNS)
                self.report.add(
                    "GT120",
                    cell.at(label),
                    f"unknown column {cell.text.strip()!r}",
                    f"did you mean {guess!r}?" if guess else f"the columns are {', '.join(COLUMNS)}",
                )
                ok = False
            elif name in out:
                self.report.add(
                    "GT120",
                    cell.at(label),
                    f"column {name!r} appears twice",
                    "keep one column of each name",
                )
                ok = False
            out.append(name)
        missing = [c for c in REQUIRED_COLUMNS if c not in out]
        if missing:
            self.report.add(
                "GT120",
                first.at(label),
                f"header has no {', '.join(repr(m) for m in missing)} column",
                f"the header row is {','.join(COLUMNS)} (note is optional)",
            )
            ok = False
        return tuple(out) if ok else None

    def _row(self, cells: list[Cell], columns: tuple[str, ...], label: str) -> bool:
        width = len(columns)
        while len(cells) > width and cells[-1].text.strip() == "":
            cells = cells[:-1]  # spreadsheets pad rows with empty cells
        first = cells[0]
        at = columns.index("value")
        if (
            at + 1 < len(cells)
            and not cells[at].quoted
            and not cells[at + 1].quoted
            and re.match(r"^[+-]?\d{1,3}$", cells[at].text.strip())
            and re.match(r"^\d{3}(\.\d+)?$", cells[at + 1].text.strip())
        ):
            # "1,200" unquoted: the thousands separator split the value (into the note, or a column too many)
            split = f"{cells[at].text.strip()},{cells[at + 1].text.strip()}"
            self.report.add(
                "GT120",
                Pos(label, cells[at].line, cells[at].column),
                f"the value {split} is split into two columns at its thousands separator",
                f"write {split.replace(',', '')}",
            )
            return False
        if len(cells) > width:
            extra = cells[width]
            self.report.add(
                "GT120",
                extra.at(label),
                f"row has {len(cells)} columns; expected {width}",
                f"the columns are {','.join(columns)}; quote a cell that contains a comma",
            )
            return False
        values = {name: cell for name, cell in zip(columns, cells, strict=False)}
        missing = [c for c in REQUIRED_COLUMNS if c not in values]
        if missing:
            needed = [c for c in columns if c in REQUIRED_COLUMNS]
            self.report.add(
                "GT120",
                first.at(label),
                f"row has {len(cells)} column{'s' if len(cells) != 1 else ''}; "
                f"expected {len(needed)} ({','.join(needed)}): no {', '.join(missing)}",
                "fill in every column of the row" if len(cells) > 1 else "separate the columns with commas",
            )
            return False
        ok = True
        kind_cell = values["kind"]
        kind: str | None = kind_cell.text.strip().lower()
        if kind not in KINDS:
            guess = {
                "kpis": "kpi",
                "metric": "kpi",
                "cost": "spend",
                "costs": "spend",
                "spent": "spend",
                "spending": "spend",
            }.get(kind or "") or did_you_mean(kind or "", KINDS)
            self.report.add(
                "GT125",
                kind_cell.at(label),
                f"kind {kind_cell.text.strip()!r} is neither kpi nor spend",
                f"did you mean {guess!r}?" if guess else "write kpi for a KPI value or spend for money spent",
            )
            kind = None
            ok = False
        id_cell = values["id"]
        item_id = id_cell.text.strip()
        id_pos = id_cell.at(label)
        if not item_id:
            self.report.add(
                "GT120",
                id_cell.at(label),
                "the id cell is empty",
                "name the KPI, campaign or objective the row is about",
            )
            ok = False
        elif not self.check_item(kind, item_id, id_pos):
            ok = False
        period_cell = values["period"]
        period = self.check_period(period_cell.text, period_cell.at(label), item_id or None)
        ok = ok and period is not None
        value_cell = values["value"]
        value, hint = parse_number(value_cell.text)
        shown = value_cell.text.strip()
        if value is None and hint == NUMBER_HINT:
            self.report.add(
                "GT150",
                value_cell.at(label),
                f"value {shown if len(shown) <= 40 else shown[:20] + '…'} is out of range",
                hint,
                item_id or None,
            )
            ok = False
        elif value is None:
            if len(shown) > 40:
                shown = shown[:39] + "…"
            self.report.add(
                "GT123",
                value_cell.at(label),
                f"value {shown!r} is not a number" if shown else "the value cell is empty",
                hint,
                item_id or None,
            )
            ok = False
        elif kind == "spend" and value < 0:
            self.report.add(
                "GT008",
                value_cell.at(label),
                f"spend is negative ({value_cell.text.strip()})",
                "record money spent as zero or more; book refunds against the period they reduce",
                item_id or None,
            )
            ok = False
        if not ok or kind is None or period is None or value is None:
            return False
        note = values["note"].text.strip() if "note" in values else ""
        self.add(Actual(kind, item_id, period, value, first.at(label), note, "csv", id_pos))
        return True

    # -- YAML --------------------------------------------------------------------------------
    def load_yaml(self) -> None:
        for item in self.model.items.values():
            for name, kind, amount in (("actuals", "kpi", "value"), ("spend", "spend", "amount")):
                entries = item.get(name)
                if not isinstance(entries, list):
                    continue
                if item.type not in KIND_TYPES[kind]:
                    continue  # a custom field of another type that happens to share the name
                for n, entry in enumerate(entries):
                    period_text, value = entry.get("period"), entry.get(amount)
                    if not isinstance(period_text, str) or not isinstance(value, (int, float)):
                        continue  # missing or not a number: reported while loading the item
                    pos = item.pos_of(f"{name}[{n}].period")
                    period = self.check_period(period_text, pos, item.id)
                    if period is None:
                        continue
                    self.add(
                        Actual(
                            kind,
                            item.id,
                            period,
                            float(value),
                            item.pos_of(f"{name}[{n}]"),
                            str(entry.get("note") or ""),
                            "yaml",
                        )
                    )

    # -- across files ------------------------------------------------------------------------
    def check_duplicates(self) -> None:
        """Same KPI and measuring date twice, or overlapping spend periods: one of them is wrong.

        The later row (in file order, CSV files before YAML) is reported and left out.
        """
        measured: dict[tuple[str, dt.date], Actual] = {}
        #: per item, the kept spend periods: sorted starts and the rows, never overlapping each other
        spent: dict[str, tuple[list[dt.date], list[Actual]]] = defaultdict(lambda: ([], []))
        kept: list[Actual] = []
        for row in self.actuals.rows:
            clash: Actual | None = None
            if row.kind == "kpi":
                clash = measured.setdefault((row.id, row.period.end), row)
                clash = None if clash is row else clash
            else:
                starts, rows = spent[row.id]
                at = bisect.bisect_right(starts, row.period.start)
                for other in rows[max(at - 1, 0) : at + 1]:  # only the neighbours can overlap
                    if other.period.overlaps(row.period):
                        clash = other
                        break
                if clash is None:
                    starts.insert(at, row.period.start)
                    rows.insert(at, row)
            if clash is None:
                kept.append(row)
                continue
            what = (
                f"{row.id} already has a value measured on {row.period.end} ({clash.period.text})"
                if row.kind == "kpi"
                else f"spend on {row.id} for {row.period.text} overlaps {clash.period.text}"
            )
            self.report.add(
                "GT126",
                row.pos,
                f"{what} at {clash.pos.file}:{clash.pos.line}",
                "keep one row: the second would be counted twice or hide the first",
                row.id,
                related=[clash.pos],
            )
        self.actuals.rows = kept

    def check_future(self) -> None:
        for row in self.actuals.rows:
            if row.period.start > self.today:
                self.report.add(
                    "GT127",
                    row.pos,
                    f"{row.kind} actual for {row.id} is for {row.period.text}, which starts after today ({self.today})",
                    "check the year; actuals record what already happened",
                    row.id,
                )


def load_actuals(docs_dir: Path, settings: Settings, report: Reporter, model: Model) -> Actuals:
    """Every actual in ``docs_dir``'s CSV files and in the items' YAML; problems go to ``report``."""
    loader = _Loader(model, report, settings.effective_today(), settings.date_window)
    docs_dir = Path(docs_dir)
    for path in discover(docs_dir, settings, CSV_SUFFIXES):
        loader.load_csv(path, model.docs_prefix + path.relative_to(docs_dir).as_posix())
    loader.load_yaml()
    loader.check_duplicates()
    loader.check_future()
    return loader.actuals


def actual_items(model: Model, actuals: Actuals) -> list[Item]:
    """Items that have at least one actual, in model order."""
    ids = {r.id for r in actuals.rows}
    return [i for i in model.items.values() if i.id in ids]
