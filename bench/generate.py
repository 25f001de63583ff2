"""Synthetic goldenthread content for benchmarks: N items, valid, deterministic for a seed.

The mix imitates a large marketing organisation: ~80% plan-layer items (campaigns and tactics,
about one campaign to three tactics, spread over several regional plans) and ~20% strategy
(objectives, KPIs, audiences, value propositions, positionings, competitors). A few objectives
are Markdown pages with front matter; everything else lives in YAML files of at most
``max_per_file`` items, split per type (and per plan for campaigns and tactics) as teams would
split them. A tactic has 1–3 links (its campaign, 0–2 objectives), a campaign 5–7 (plan, 1–2
objectives, 1–2 audiences, a value proposition, a KPI target); every objective is supported,
KPI ``leads_to`` chains are layered (acyclic), dates fall inside plan periods and campaign
budgets stay within plan budgets (tactic budgets within their campaign's), so
``goldenthread check --today 2027-01-15`` reports no errors and no warnings.

CLI: ``python bench/generate.py OUT --items N [--seed S]`` (OUT is the content folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Pass this as ``today`` (``--today``) when checking generated content: reviews are fresh on it.
REFERENCE_DATE = dt.date(2027, 1, 15)
PLAN_YEAR = 2027
#: Strategy types and their share of the strategy items.
STRATEGY_MIX = {
    "objective": 0.10,
    "kpi": 0.25,
    "audience": 0.20,
    "value_proposition": 0.20,
    "positioning": 0.10,
    "competitor": 0.15,
}
KPI_LAYERS = 4  # layer 0 is lagging (objective targets); layer k leads to layer k-1
TACTICS_PER_CAMPAIGN = 3

REGIONS = ("NA", "EMEA", "APAC", "LATAM", "DACH", "UKI", "ANZ", "NORDICS")
HANDLES = (
    "@dana",
    "@priya",
    "@marco",
    "@lea",
    "@sam",
    "@yuki",
    "@omar",
    "@ines",
    "@marketing/demand-gen",
    "@marketing/content",
    "@marketing/field",
    "@revops",
)
CHANNELS = (
    "paid search",
    "paid social",
    "email",
    "webinar",
    "events",
    "seo",
    "partner",
    "direct mail",
    "podcast",
    "community",
    "analyst relations",
    "review sites",
)
CONTENT_TYPES = (
    "landing page",
    "ebook",
    "case study",
    "newsletter",
    "video",
    "ad set",
    "benchmark report",
    "workshop",
    "calculator",
    "checklist",
)
FREQUENCIES = ("weekly", "monthly", "quarterly", "always-on", "one-off", "twice a month")
TOPICS = (
    "close",
    "audit",
    "reconciliation",
    "forecast",
    "intercompany",
    "compliance",
    "payables",
    "receivables",
    "consolidation",
    "cash",
    "reporting",
    "planning",
    "expenses",
    "tax",
)
AUD_WORDS = ("CONTROLLER", "CFO", "ANALYST", "ADMIN", "AUDITOR", "TREASURER", "FPA", "OPS")
KPI_WORDS = (
    "PIPELINE",
    "SQL",
    "MQL",
    "CTR",
    "CAC",
    "LTV",
    "NRR",
    "WIN-RATE",
    "ACTIVATION",
    "TRAFFIC",
    "SIGNUPS",
    "DEMOS",
    "RETENTION",
    "NPS",
    "PAYBACK",
)
UNITS = ("count", "%", "USD", "days")
NOUNS = (
    "pipeline",
    "retention",
    "awareness",
    "conversion",
    "expansion",
    "activation",
    "share",
    "efficiency",
    "advocacy",
    "coverage",
)
VERBS = ("Grow", "Raise", "Cut", "Double", "Improve", "Protect", "Expand", "Lift", "Reduce")
ADJECTIVES = (
    "mid-market",
    "enterprise",
    "multi-entity",
    "NetSuite",
    "manufacturing",
    "distribution",
    "PE-backed",
    "fast-growing",
    "regulated",
    "global",
)
SENTENCES = (
    "This work concentrates on {adj} finance teams where the {topic} story lands best.",
    "Results are reviewed at the monthly plan review and reallocated when a channel underperforms.",
    "The {topic} message is tested first on {channel} before it is rolled out more widely.",
    "Budget is released quarter by quarter, against the leading indicators agreed with RevOps.",
    "Sales leadership is consulted before each launch so that follow-up capacity is in place.",
    "We expect most of the effect in the second half of the year, once the {topic} content ships.",
)


@dataclass
class Generated:
    """What :func:`generate` wrote."""

    out_dir: Path
    files: int = 0
    size_bytes: int = 0
    links: int = 0
    items: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.items.values())


def split_counts(n_items: int, plan_share: float = 0.8) -> dict[str, int]:
    """How many items of each type make up ``n_items`` (exactly ``n_items`` in total)."""
    if n_items < 40:
        raise ValueError("n_items must be at least 40")
    plan_layer = round(n_items * plan_share)
    strategy = n_items - plan_layer
    counts = {t: max(1, int(strategy * share)) for t, share in STRATEGY_MIX.items()}
    counts["kpi"] += strategy - sum(counts.values())  # rounding remainder
    plans = max(1, min(len(REGIONS), n_items // 2000))
    campaigns = (plan_layer - plans) // (1 + TACTICS_PER_CAMPAIGN)
    counts.update(plan=plans, campaign=campaigns, tactic=plan_layer - plans - campaigns)
    if counts["objective"] > counts["campaign"]:
        raise ValueError("plan_share too small: every objective needs a supporting campaign")
    return counts


# -- YAML text helpers -------------------------------------------------------------------------
_PLAIN_UNSAFE = set(":#{}[],&*!|>'\"%@`")


def q(text: str) -> str:
    """A YAML scalar for ``text``: plain when safe, else double-quoted."""
    if not text or any(c in _PLAIN_UNSAFE for c in text) or text[0] in "-?" or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


def flow(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def block(text: str, indent: int) -> str:
    """A literal block scalar, wrapped at ~100 columns as people write them."""
    pad = " " * indent
    lines = [line for para in text.split("\n") for line in (textwrap.wrap(para, 100 - indent) or [""])]
    return "|\n" + "\n".join(pad + line if line else "" for line in lines) + "\n"


class _Writer:
    """Random choices and prose, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, seq: Sequence[str]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def some(self, seq: Sequence[str], lo: int, hi: int) -> list[str]:
        return self.rng.sample(list(seq), min(len(seq), self.rng.randint(lo, hi)))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def prose(self, refs: Sequence[str] = (), sentences: int = 2) -> str:
        out = [
            self.pick(SENTENCES).format(adj=self.pick(ADJECTIVES), topic=self.pick(TOPICS), channel=self.pick(CHANNELS))
            for _ in range(sentences)
        ]
        if refs:
            out.append("See " + " and ".join(f"[[{r}]]" for r in refs) + " for the context.")
        return " ".join(out)

    def common(self, title: str, *, cadence: bool = True, indent: int = 4) -> str:
        """owner, status, tags, review fields: fresh on :data:`REFERENCE_DATE`."""
        pad = " " * indent
        lines = [
            f"title: {q(title)}",
            f"owner: {q(self.pick(HANDLES))}",
            f"status: {self.pick(('active', 'active', 'planned'))}",
            f"tags: {flow(self.some(TOPICS, 1, 3))}",
        ]
        if cadence:
            kind = self.pick(("monthly", "quarterly", "quarterly", "yearly"))
            window = {"monthly": 25, "quarterly": 80, "yearly": 300}[kind]
            last = REFERENCE_DATE - dt.timedelta(days=self.rng.randint(1, window))
            lines += [f"last_reviewed: {last}", f"review_cadence: {kind}"]
        return "".join(f"{pad}{line}\n" for line in lines)


def _chunks(items: list[str], files: int | None, max_per_file: int) -> list[list[str]]:
    n = files or max(1, math.ceil(len(items) / max_per_file))
    size = math.ceil(len(items) / n) if items else 0
    return [items[i : i + size] for i in range(0, len(items), size)] if items else []


def generate(
    out_dir: Path,
    n_items: int,
    seed: int = 0,
    files_per_type: int | None = None,
    *,
    max_per_file: int = 500,
    plan_share: float = 0.8,
    markdown_objectives: int = 6,
) -> Generated:
    """Write a valid content folder of exactly ``n_items`` items into ``out_dir``.

    ``files_per_type`` fixes how many YAML files each type is split over (per plan for campaigns
    and tactics); by default each file holds at most ``max_per_file`` items.
    """
    out_dir = Path(out_dir)
    counts = split_counts(n_items, plan_share)
    w = _Writer(seed)
    rng = w.rng
    result = Generated(out_dir, items=dict(counts))
    files: dict[str, str] = {}

    def ids(prefix: str, words: Sequence[str], n: int) -> list[str]:
        return [f"{prefix}-{words[i % len(words)]}-{i:05d}" for i in range(n)]

    obj_ids = ids("OBJ", [v.upper() for v in NOUNS], counts["objective"])
    kpi_ids = ids("KPI", KPI_WORDS, counts["kpi"])
    aud_ids = ids("AUD", AUD_WORDS, counts["audience"])
    vp_ids = ids("VP", [t.upper() for t in TOPICS], counts["value_proposition"])
    pos_ids = ids("POS", [t.upper() for t in TOPICS], counts["positioning"])
    comp_ids = [f"COMP-VENDOR-{i:05d}" for i in range(counts["competitor"])]
    plan_regions = REGIONS[: counts["plan"]]
    plan_ids = [f"PLAN-{PLAN_YEAR}-{r}" for r in plan_regions]
    links = 0

    # KPI layers: layer k leads to 1–2 KPIs of layer k-1; layer 0 is what objectives target
    # (objective n targets lagging[n % len(lagging)], so every lagging KPI is an objective KPI).
    n_lag = max(1, min(len(obj_ids), math.ceil(len(kpi_ids) / KPI_LAYERS)))
    lagging, rest = kpi_ids[:n_lag], kpi_ids[n_lag:]
    per = max(1, math.ceil(len(rest) / (KPI_LAYERS - 1)))
    layers = [lagging] + [rest[i : i + per] for i in range(0, len(rest), per)]

    # -- strategy ------------------------------------------------------------------------------
    def kpi_entry(kid: str, layer: int) -> str:
        nonlocal links
        word, number = kid[4:].rsplit("-", 1)
        text = f"  - id: {kid}\n" + w.common(f"{word.replace('-', ' ')} for {w.pick(TOPICS)}, #{int(number)}")
        text += (
            f"    unit: {q(w.pick(UNITS))}\n    direction: {w.pick(('up', 'up', 'down'))}\n"
            f"    frequency: {w.pick(('weekly', 'monthly', 'quarterly'))}\n"
            f"    formula: {q('count of ' + w.pick(NOUNS) + ' events per period')}\n"
            f"    source: {q(w.pick(('Salesforce', 'HubSpot', 'the data warehouse', 'Google Ads')))}\n"
        )
        if layer > 0:
            targets = w.some(layers[layer - 1], 1, 2)
            links += len(targets)
            text += f"    leads_to: {flow(targets)}\n"
        return text + "    description: " + block(w.prose(), 6)

    kpi_texts = [kpi_entry(k, n) for n, layer in enumerate(layers) for k in layer]

    def objective_fields(n: int, oid: str, indent: int) -> list[str]:
        nonlocal links
        pad = " " * indent
        kpis = [lagging[n % len(lagging)], *w.some(lagging, 0, 1)]
        kpis = list(dict.fromkeys(kpis))
        auds = w.some(aud_ids, 1, 2)
        lines = [f"horizon: {{start: {PLAN_YEAR}-01-01, end: {PLAN_YEAR + 2}-12-31}}", "targets:"]
        for kpi in kpis:
            base = rng.randint(100, 5000)
            lines.append(f"  - {{kpi: {kpi}, baseline: {base}, target: {base * 2}, by: {PLAN_YEAR + 2}-12-31}}")
        lines.append(f"audiences: {flow(auds)}")
        links += len(kpis) + len(auds)
        top = max(1, len(obj_ids) // 5)
        if n >= top and rng.random() < 0.3:
            lines.append(f"parent: {obj_ids[rng.randrange(top)]}")
            links += 1
        return [pad + line for line in lines]

    def title_objective() -> str:
        return f"{w.pick(VERBS)} {w.pick(NOUNS)} among {w.pick(ADJECTIVES)} finance teams"

    n_md = min(markdown_objectives, len(obj_ids))
    for n, oid in enumerate(obj_ids[:n_md]):
        head = f"id: {oid}\ntype: objective\n" + w.common(title_objective(), indent=0)
        head += "\n".join(objective_fields(n, oid, 0)) + "\n"
        head += "faq:\n  - question: Why this objective?\n    answer: " + block(
            w.prose([lagging[n % len(lagging)]], 1), 6
        )
        body = "\n\n".join(w.prose(w.some(aud_ids, 1, 1), 3) for _ in range(3))
        files[f"strategy/objectives/{oid.lower()}.md"] = f"---\n{head}---\n{body}\n"
    obj_texts = [
        f"  - id: {oid}\n"
        + w.common(title_objective())
        + "\n".join(objective_fields(n, oid, 4))
        + "\n    description: "
        + block(w.prose(w.some(kpi_ids, 0, 1)), 6)
        for n, oid in enumerate(obj_ids)
        if n >= n_md
    ]

    aud_texts = []
    for aid in aud_ids:
        role = aid.split("-")[1].lower()
        text = f"  - id: {aid}\n" + w.common(f"{w.pick(ADJECTIVES).capitalize()} {role}s")
        for name in ("behaviours", "needs", "decision_patterns", "firmographics"):
            text += f"    {name}:\n" + "".join(f"      - {q(w.prose(sentences=1))}\n" for _ in range(2))
        text += f"    size: {rng.randint(500, 50000)}\n    size_unit: people\n"
        aud_texts.append(text + "    description: " + block(w.prose(), 6))

    vp_texts = []
    for vid in vp_ids:
        text = f"  - id: {vid}\n" + w.common(f"Faster {w.pick(TOPICS)} for {w.pick(ADJECTIVES)} teams")
        text += (
            f"    audience: {w.pick(aud_ids)}\n    kpi: {w.pick(kpi_ids)}\n"
            f"    benefit: {q(f'Cut {w.pick(TOPICS)} time by {rng.randint(20, 60)}% in two quarters')}\n"
            f"    proof:\n      - {q(w.prose(sentences=1))}\n"
        )
        links += 2
        vp_texts.append(text + "    description: " + block(w.prose(), 6))

    pos_texts = []
    for pid in pos_ids:
        alts = w.some(comp_ids, 1, 2)
        text = f"  - id: {pid}\n" + w.common(f"The {w.pick(TOPICS)} platform for {w.pick(ADJECTIVES)} teams")
        text += (
            f"    audience: {w.pick(aud_ids)}\n    need: {q(w.prose(sentences=1))}\n"
            f"    category: {w.pick(TOPICS)} automation\n"
            f"    differentiator: {q('Prebuilt ' + w.pick(TOPICS) + ' templates, live in 30 days')}\n"
            f"    alternatives: {flow(alts)}\n    value_proposition: {w.pick(vp_ids)}\n"
        )
        links += 2 + len(alts)
        pos_texts.append(text + "    description: " + block(w.prose(), 6))

    comp_texts = []
    for cid in comp_ids:
        text = f"  - id: {cid}\n" + w.common(f"Vendor {cid[-5:]}", cadence=False)
        text += (
            f"    website: https://vendor-{cid[-5:]}.example\n    pricing: per entity, annual\n"
            f"    strengths:\n      - {q(w.prose(sentences=1))}\n"
            f"    weaknesses:\n      - {q(w.prose(sentences=1))}\n"
        )
        comp_texts.append(text)

    for key, folder, texts in (
        ("objectives", "objectives", obj_texts),
        ("kpis", "kpis", kpi_texts),
        ("audiences", "audiences", aud_texts),
        ("value_propositions", "value-propositions", vp_texts),
        ("positionings", "positioning", pos_texts),
        ("competitors", "competitors", comp_texts),
    ):
        for n, chunk in enumerate(_chunks(texts, files_per_type, max_per_file), start=1):
            files[f"strategy/{folder}/{folder}-{n:02d}.yml"] = f"{key}:\n" + "\n".join(chunk)

    # -- plans, campaigns, tactics -----------------------------------------------------------
    year_start, year_end = dt.date(PLAN_YEAR, 1, 1), dt.date(PLAN_YEAR, 12, 31)
    cmp_plan = [plan_ids[i * len(plan_ids) // counts["campaign"]] for i in range(counts["campaign"])]
    cmp_ids = [f"CMP-{plan.rsplit('-', 1)[1]}-{i:05d}" for i, plan in enumerate(cmp_plan)]
    cmp_dates: dict[str, tuple[dt.date, dt.date]] = {}
    plan_spend = dict.fromkeys(plan_ids, 0)
    cmp_texts: dict[str, list[str]] = {p: [] for p in plan_ids}
    # ~3 consecutive tactics per campaign; their budgets are a breakdown of the campaign's.
    tac_campaign = [i * counts["campaign"] // counts["tactic"] for i in range(counts["tactic"])]
    tac_budget = [rng.randint(1, 20) * 500 for _ in tac_campaign]
    tac_total = [0] * counts["campaign"]
    for c, amount in zip(tac_campaign, tac_budget, strict=True):
        tac_total[c] += amount
    for i, (cid, plan) in enumerate(zip(cmp_ids, cmp_plan, strict=True)):
        start = w.date_between(year_start, dt.date(PLAN_YEAR, 10, 1))
        end = w.date_between(start + dt.timedelta(days=30), year_end)
        cmp_dates[cid] = (start, end)
        supports = list(dict.fromkeys([obj_ids[i % len(obj_ids)], *w.some(obj_ids, 0, 1)]))
        if len(supports) > 1 and rng.random() < 0.3:
            sup = "[" + ", ".join(f"{{id: {s}, weight: {rng.randint(1, 3)}}}" for s in supports) + "]"
        else:
            sup = flow(supports)
        channels = w.some(CHANNELS, 1, 2)
        auds = w.some(aud_ids, 1, 2)
        text = f"  - id: {cid}\n" + w.common(
            f"{w.pick(TOPICS).capitalize()} {channels[0]} push, {w.pick(ADJECTIVES)} segment"
        )
        text += (
            f"    plan: {plan}\n    supports: {sup}\n    audiences: {flow(auds)}\n"
            f"    value_proposition: {w.pick(vp_ids)}\n    channels: {flow(channels)}\n"
            f"    start: {start}\n    end: {end}\n    raci:\n"
            f"      responsible: {flow(w.some(HANDLES, 1, 2))}\n"
            f"      accountable: {flow(w.some(HANDLES, 1, 1))}\n"
            f"      informed: {flow(w.some(HANDLES, 1, 3))}\n    budget:\n"
        )
        links += 2 + len(supports) + len(auds)
        for n, ch in enumerate(channels):
            amount = rng.randint(2, 60) * 1000 + (tac_total[i] if n == 0 else 0)
            plan_spend[plan] += amount
            text += (
                f"      - {{channel: {ch}, amount: {amount}, "
                f"period: {PLAN_YEAR}-Q{(start.month - 1) // 3 + 1}, category: media}}\n"
            )
        kpi = w.pick(kpi_ids)
        links += 1
        text += (
            f"    kpi_targets:\n      - {{kpi: {kpi}, baseline: {rng.randint(10, 500)}, "
            f"target: {rng.randint(500, 900)}, by: {end}}}\n    milestones:\n"
            f"      - {{title: Launch, date: {start}}}\n"
            f"      - {{title: Mid-point readout, date: {w.date_between(start, end)}, done: false}}\n"
        )
        refs = w.some(obj_ids, 0, 1)
        cmp_texts[plan].append(text + "    description: " + block(w.prose(refs), 6))

    tac_texts: dict[str, list[str]] = {p: [] for p in plan_ids}
    for i in range(counts["tactic"]):
        c = tac_campaign[i]
        cid, plan = cmp_ids[c], cmp_plan[c]
        start, end = cmp_dates[cid]
        channel = w.pick(CHANNELS)
        tid = f"TAC-{cid.split('-')[1]}-{i:06d}"
        text = f"  - id: {tid}\n" + w.common(
            f"{w.pick(CONTENT_TYPES).capitalize()} on {channel}", cadence=rng.random() < 0.5
        )
        text += f"    campaign: {cid}\n"
        extra = w.some(obj_ids, 0, 2)
        if extra:
            text += f"    supports: {flow(extra)}\n"
        links += 1 + len(extra)
        t_start = w.date_between(start, end)
        text += (
            f"    channel: {channel}\n    content_type: {w.pick(CONTENT_TYPES)}\n"
            f"    frequency: {w.pick(FREQUENCIES)}\n    budget: {tac_budget[i]}\n"
            f"    start: {t_start}\n    end: {w.date_between(t_start, end)}\n"
        )
        tac_texts[plan].append(text + "    description: " + block(w.prose(sentences=1), 6))

    for plan, region in zip(plan_ids, plan_regions, strict=True):
        folder = f"plans/{PLAN_YEAR}-{region.lower()}"
        budget = math.ceil(plan_spend[plan] * 1.1 / 1000) * 1000 or 1000
        objectives = w.some(obj_ids, 1, 3)
        links += len(objectives)
        files[f"{folder}/plan.yml"] = (
            f"# {PLAN_YEAR} marketing plan, {region}. Campaign budgets must stay within `budget`.\n"
            f"plans:\n  - id: {plan}\n"
            + w.common(f"{PLAN_YEAR} marketing plan ({region})")
            + f"    period: {{start: {year_start}, end: {year_end}}}\n    currency: USD\n"
            f"    budget: {budget}\n    objectives: {flow(objectives)}\n"
            "    description: " + block(w.prose(objectives[:1]), 6)
        )
        for key, texts in (("campaigns", cmp_texts[plan]), ("tactics", tac_texts[plan])):
            for n, chunk in enumerate(_chunks(texts, files_per_type, max_per_file), start=1):
                files[f"{folder}/{key}-{n:02d}.yml"] = f"{key}:\n" + "\n".join(chunk)

    files["index.md"] = (
        f"# Synthetic marketing wiki\n\n{n_items:,} generated items (seed {seed}). "
        f"Start from [[{obj_ids[0]}]] or [[{plan_ids[0]}]].\n"
    )
    for rel, text in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        result.size_bytes += len(data)
    result.files = len(files)
    result.links = links
    return result


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="content folder to write (created if missing)")
    parser.add_argument("--items", type=int, default=1000, help="number of items (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--files-per-type", type=int, default=None)
    parser.add_argument("--max-per-file", type=int, default=500)
    parser.add_argument("--plan-share", type=float, default=0.8, help="share of plan-layer items (0.8)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    result = generate(
        args.out, args.items, args.seed, args.files_per_type, max_per_file=args.max_per_file, plan_share=args.plan_share
    )
    mix = ", ".join(f"{n} {t}" for t, n in result.items.items())
    print(
        f"wrote {result.total:,} items ({mix}), {result.links:,} links, "
        f"{result.files} files, {result.size_bytes / 1e6:.1f} MB to {result.out_dir}"
    )
    print(f"check with: goldenthread check {result.out_dir} --today {REFERENCE_DATE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
