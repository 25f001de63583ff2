"""The plugin's options, declared once: name, kind, default, allowed values and what each does.

Everything that lists the options derives from :data:`OPTIONS`: the defaults and checks of
:func:`goldenthread.core.config.parse_settings` (the CLI and the plugin), the MkDocs config class
that ``plugin.py`` generates from it, and the options table of the README (:func:`markdown_table`;
tests/core/test_options_table.py keeps the README equal to it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from .bounds import DEFAULT_WINDOW

#: How a value is written in ``mkdocs.yml``; ``plugin.py`` maps each to a MkDocs config option.
Kind = Literal["bool", "mapping", "strings", "date", "years", "text", "choice", "number", "integer", "preview"]


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    kind: Kind
    default: Any
    #: what the option does, as the README's options table says it
    doc: str
    #: the allowed values of a ``choice``
    choices: tuple[str, ...] = ()
    #: the bounds of a ``number`` or ``integer`` (None: unbounded)
    minimum: float | None = None
    maximum: float | None = None
    #: the default as the README shows it, when the value itself does not say it
    default_doc: str = ""
    #: the field of :class:`~goldenthread.core.config.Settings` it fills ("" for the adapter's own)
    setting: str = ""

    def default_text(self) -> str:
        if self.default_doc:
            return self.default_doc
        if isinstance(self.default, str) and self.default:
            return f"`{self.default}`"
        return f"`{json.dumps(self.default)}`"


#: Every option, in the order MkDocs validates them and the README lists them.
OPTIONS: tuple[Option, ...] = (
    Option("enabled", "bool", True, "`false` turns the plugin off for the MkDocs build. The CLI ignores it"),
    Option(
        "rules",
        "mapping",
        {},
        "Severity per rule, by code or name: `error`, `warning`, `info` or `off`. "
        "For example `{GT105: info, unsupported-objective: off}`",
        setting="severities",
    ),
    Option(
        "thread",
        "mapping",
        {},
        "For each plan-layer type, the link fields that lead towards an objective. "
        "Custom plan-layer types without an entry use their links to objectives",
        default_doc="`campaign: [supports]`, `tactic: [campaign, supports]`",
        setting="thread",
    ),
    Option(
        "types",
        "mapping",
        {},
        "Custom item types: `{name: {prefix, plural, layer, label, doc, fields}}`",
        setting="schema",
    ),
    Option(
        "fields",
        "mapping",
        {},
        "Extra fields on existing types: `{type: {field: {kind, required, to, values, fields, label, inverse, doc}}}`",
        setting="schema",
    ),
    Option(
        "prefixes",
        "mapping",
        {},
        "Change the ID prefix of a built-in type, such as `{campaign: CAMP}`",
        setting="schema",
    ),
    Option(
        "exclude",
        "strings",
        [],
        "Glob patterns, relative to `docs_dir`, of files goldenthread does not read. MkDocs still builds them as pages",
        setting="exclude",
    ),
    Option(
        "today",
        "date",
        None,
        "The date review deadlines are checked against (`YYYY-MM-DD`). Set it for reproducible builds. "
        "It must fall in `date_window`",
        default_doc="the build date",
        setting="today",
    ),
    Option(
        "date_window",
        "years",
        [DEFAULT_WINDOW.first, DEFAULT_WINDOW.last],
        "First and last year of every date and period in content (between 1000 and 9000); a date outside it is `GT151`",
        setting="date_window",
    ),
    Option(
        "generated_dir",
        "text",
        "items",
        "Folder for the generated item pages and type indexes: a folder inside the site (no `..`, not absolute)",
        setting="generated_dir",
    ),
    Option(
        "views_dir",
        "text",
        "",
        "Folder for the generated overview, traceability, graph, FAQ, health and reference pages: "
        "a folder inside the site",
        default_doc='`""` (top level)',
        setting="views_dir",
    ),
    Option(
        "item_pages",
        "choice",
        "auto",
        "`own` gives each YAML item its own page. `file` gives each YAML file one page, with an anchor per item. "
        "`auto` uses `own` for up to 1,000 YAML items, and `file` above that",
        choices=("auto", "own", "file"),
        setting="item_pages",
    ),
    Option(
        "publish_data",
        "bool",
        False,
        "Also copy the `.yml`, `.yaml` and `.csv` files in `docs_dir` into the built site",
        setting="publish_data",
    ),
    Option(
        "publish_model",
        "bool",
        True,
        "Publish the whole model as `goldenthread.json` at the site root, for programs that read the wiki. "
        "Off, the site is smaller (about 0.8 kB per item) and the model is still written by `goldenthread export`",
        setting="publish_model",
    ),
    Option(
        "lock_file",
        "text",
        "goldenthread.lock",
        "The suspect-links lock file, relative to `mkdocs.yml` (see [Reviewing changes](#reviewing-changes))",
        setting="lock_path",
    ),
    Option(
        "people_file",
        "text",
        "people.yml",
        "The people file, relative to `mkdocs.yml` "
        "(see [Owners as reviewers](#owners-as-reviewers-the-people-file-and-goldenthread-codeowners))",
        setting="people_path",
    ),
    Option(
        "kpi_on_track",
        "number",
        0.7,
        "A KPI target is on track when its progress is at least this share of the progress expected by the date "
        "of its latest actual",
        minimum=0,
        maximum=1,
        setting="kpi_on_track",
    ),
    Option(
        "kpi_at_risk",
        "number",
        0.4,
        "...and at risk when at least this share; below it, off track. Must not exceed `kpi_on_track`",
        minimum=0,
        maximum=1,
        setting="kpi_at_risk",
    ),
    Option(
        "over_budget_share",
        "number",
        0.1,
        "Feedback signals when a campaign's actual spend exceeds its whole planned budget, or the budget planned "
        "up to the current month, by more than this share (0 to 100)",
        minimum=0,
        maximum=100,
        setting="over_budget_share",
    ),
    Option(
        "review_due_days",
        "integer",
        7,
        "Review freshness: an item is *due* when its next review falls within this many days",
        minimum=0,
        maximum=3660,
        setting="review_due_days",
    ),
    Option(
        "plan_review_days",
        "integer",
        35,
        "Review cadence (GT170): a plan in its period with no `monthly-plan` review in this many days. "
        "Checked only once the content records reviews",
        minimum=1,
        maximum=36500,
        setting="plan_review_days",
    ),
    Option(
        "milestone_lead_days",
        "integer",
        90,
        "A milestone may fall up to this many days before its campaign starts (preparation: creative, "
        "set-up); earlier, or after the campaign ends, is GT103",
        minimum=0,
        maximum=36500,
        setting="milestone_lead_days",
    ),
    Option(
        "strategy_review_days",
        "integer",
        100,
        "Review cadence (GT171): the strategy with no `quarterly-strategy` review in this many days",
        minimum=1,
        maximum=36500,
        setting="strategy_review_days",
    ),
    Option(
        "strategy_page",
        "text",
        "strategy/index.md",
        "The page (relative to `docs_dir`) GT171 points at; without it, the first objective",
        setting="strategy_page",
    ),
    Option(
        "money_cents",
        "bool",
        False,
        "Money on pages in whole currency units; `true` shows cents where an amount has them",
        setting="money_cents",
    ),
    Option(
        "mermaid",
        "choice",
        "bundled",
        "`bundled` serves the Mermaid version shipped with the plugin (its tiny build: every diagram but "
        "mindmaps and architecture diagrams), so the site makes no CDN request. `cdn` leaves Material's default",
        choices=("bundled", "cdn"),
    ),
    Option(
        "allow_html",
        "mapping",
        {},
        "Raw HTML allowed in authored pages beyond the built-in allowlist: "
        "`{tags: [...], attributes: {tag: [...]}, iframe_hosts: [...]}`. For example "
        "`{tags: [iframe], iframe_hosts: [www.youtube-nocookie.com]}` embeds videos from that host (https only). "
        "Script-running elements and `on…` attributes cannot be allowed. Anything removed from a page is a warning "
        "naming the page and the element",
    ),
    Option(
        "preview",
        "preview",
        None,
        "Pull-request previews: `{pr: N, url: …}`, or `false` to ignore the environment. Left out, "
        "`GOLDENTHREAD_PREVIEW_PR` and `GOLDENTHREAD_PREVIEW_URL` name the preview "
        "(see [Pull requests and previews](#pull-requests-and-previews))",
        default_doc="from the environment",
    ),
)

BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}

#: Option names and their defaults.
DEFAULTS: dict[str, Any] = {o.name: o.default for o in OPTIONS}


def markdown_table() -> str:
    """The README's options table."""
    rows = ["| Option | Default | Meaning |", "|---|---|---|"]
    rows += [f"| `{o.name}` | {o.default_text()} | {o.doc} |" for o in OPTIONS]
    return "\n".join(rows) + "\n"
