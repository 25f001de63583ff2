"""Every page goldenthread generates, as Markdown, from the analysed model.

The MkDocs plugin publishes these as virtual files; ``goldenthread generate`` can write them
to disk for another generator. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from typing import Any

from ..core.bounds import limits
from ..core.diagnostics import RULES, Severity
from ..core.model import Item
from ..core.refs import replace_references
from ..core.schema import COMMON, KINDS
from ..domain.plans import ordered_plans, parent_plan
from . import dashboards, mermaid
from .indexes import type_index
from .itemview import ItemView, build_view, faq_json_ld, faq_view
from .page import WIDE_HIDE, WIDE_MARK, GeneratedPage, View, front_matter
from .render import Blocks
from .trace import audience_matrix, coverage, kpi_matrix, plan_objective_matrix
from .urls import page_url, relative_src
from .wiki import Wiki, slug


def _faq_pairs(views: list[ItemView]) -> list[tuple[str, str]]:
    return [(f.question, f.text) for v in views for f in v.faq]


class Pages(View):
    """Item pages, indexes and the strategy views; :meth:`all` adds the dashboards."""

    def __init__(self, wiki: Wiki) -> None:
        super().__init__(wiki, Blocks())

    # -- item pages --------------------------------------------------------------------------
    def item_pages(self) -> list[GeneratedPage]:
        out: list[GeneratedPage] = []
        for page, ids in self.wiki.grouped.items():
            items = [self.model.items[i] for i in ids]
            views = [build_view(self.wiki, page, i) for i in items]
            faq = _faq_pairs(views)
            if len(items) == 1 and not self.wiki.locations[items[0].id][1]:
                item, v = items[0], views[0]
                fm = front_matter(item.title, item.tags, description=f"{v.type_label} {item.id}")
                content = self.render(
                    "pages/item.md.j2", v=v, front_matter=fm, faq_ld=faq_json_ld(faq) if faq else None
                )
                out.append(GeneratedPage(page, content, item.title, self.wiki.sources[page]))
            else:
                source = self.wiki.sources[page]
                title = _file_title(source)
                tags = [t for i in items for t in i.tags]
                # Indexed by search_entries() instead: Material's search would re-parse megabytes.
                content = self.render(
                    "pages/file.md.j2",
                    views=views,
                    source=source,
                    front_matter=front_matter(title, tags, search={"exclude": True}),
                    faq_ld=faq_json_ld(faq) if faq else None,
                )
                out.append(GeneratedPage(page, content, title, source))
        return out

    def search_entries(self) -> list[dict[str, str]]:
        """Search index entries for items that share a page (one per item, at its anchor)."""
        out = []
        use_dirs = self.options.use_directory_urls
        for page, ids in self.wiki.grouped.items():
            for item_id in ids:
                anchor = self.wiki.locations[item_id][1]
                if not anchor:
                    continue
                item = self.model.items[item_id]
                words = [item.id, item.owner or "", " ".join(item.tags), plain_text(item.description)]
                # Material's search shows title and text as HTML, as its own entries (escaped) are
                out.append(
                    {
                        "location": page_url(page, use_dirs) + "#" + anchor,
                        "title": html.escape(item.title),
                        "text": html.escape(" ".join(w for w in words if w)[:500]),
                    }
                )
        return out

    def augment(self, src: str, markdown: str) -> str:
        """A Markdown page as written, with ``[[ID]]`` links, and the item card when it is an item."""
        item = self._item_at(src)
        body = prose_refs(self.wiki, src, markdown)
        if item is None:
            return body
        v = build_view(self.wiki, src, item)
        faq = _faq_pairs([v])
        card = self.render("partials/card.html.j2", v=v)
        tail = self.render("partials/body.md.j2", v=v)
        tail += self.render("partials/jsonld.html.j2", faq_ld=faq_json_ld(faq) if faq else None)
        return f"{card}\n\n{body}\n\n{tail}"

    def _item_at(self, src: str) -> Item | None:
        for item_id, (page, anchor) in self.wiki.locations.items():
            if page == src and not anchor and self.model.items[item_id].form == "markdown":
                return self.model.items[item_id]
        return None

    # -- indexes -------------------------------------------------------------------------------
    def type_indexes(self) -> list[GeneratedPage]:
        out = []
        for spec in self.model.schema.types.values():
            items = self.model.of_type(spec.name)
            if not items:
                continue
            src = self.wiki.type_index(spec.name)
            content = self.render(
                "pages/type_index.md.j2",
                spec=spec,
                index=type_index(self.wiki, src, spec.name, items),
                front_matter=front_matter(spec.label_plural, hide=["toc"], search={"exclude": True}),
            )
            out.append(GeneratedPage(src, content + WIDE_MARK, spec.label_plural))
        return out

    def items_index(self) -> GeneratedPage:
        src = f"{self.options.generated_dir}/index.md"
        counts = Counter(i.type for i in self.model.items.values())
        types = [
            (spec, counts[spec.name], self.wiki.page_href(src, self.wiki.type_index(spec.name)))
            for spec in self.model.schema.types.values()
            if counts[spec.name]
        ]
        layers = defaultdict(list)
        for spec, n, href in types:
            layers[spec.layer].append((spec, n, href))
        content = self.render(
            "pages/items_index.md.j2",
            layers=layers,
            total=len(self.model.items),
            front_matter=front_matter("All items"),
        )
        return GeneratedPage(src, content, "All items")

    # -- views ---------------------------------------------------------------------------------
    def traceability(self) -> GeneratedPage:
        src = self.options.view_src("traceability.md")
        cov = coverage(self.wiki)
        fm = front_matter("Traceability", hide=WIDE_HIDE, search={"exclude": True})
        content = self.render(
            "pages/traceability.md.j2",
            front_matter=fm,
            # a matrix of a type the wiki does not use would be a list of rows with no columns
            matrices=[
                plan_objective_matrix(self.wiki, src),
                *([audience_matrix(self.wiki, src)] if self.model.of_type("audience") else []),
                *([kpi_matrix(self.wiki, src)] if self.model.of_type("kpi") else []),
            ],
            cov=cov,
            covered=[self.wiki.link(src, o.id, show_id=True) for o in cov.covered],
            uncovered=[self.wiki.link(src, o.id, show_id=True) for o in cov.uncovered],
            unlinked=[self.wiki.link(src, i.id, show_id=True) for i in cov.unlinked_items],
            graph_src=relative_src(src, self.options.view_src("graph.md")),
        )
        return GeneratedPage(src, content + WIDE_MARK, "Traceability")

    def graph(self) -> GeneratedPage:
        """The overall strategy map: the strategy layer only, so it stays light at any plan size."""
        src = self.options.view_src("graph.md")
        served = mermaid.serving(self.wiki)
        objectives = [
            {
                "id": o.id,
                "link": self.wiki.link(src, o.id, show_id=True),
                "counts": mermaid.count_text(self.wiki, served.get(o.id, {})),
                "href": self.wiki.page_href(src, self.options.map_src(o.id)),
            }
            for o in self.model.of_type("objective")
        ]
        content = self.render(
            "pages/graph.md.j2",
            front_matter=front_matter("Strategy map", search={"exclude": True}),
            overall=mermaid.overall(self.wiki),
            objectives=objectives,
        )
        return GeneratedPage(src, content, "Strategy map")

    def objective_maps(self) -> list[GeneratedPage]:
        """One page per objective with its map: one diagram of a few dozen nodes at most."""
        out = []
        for o in self.model.of_type("objective"):
            src = self.options.map_src(o.id)
            content = self.render(
                "pages/objective_map.md.j2",
                front_matter=front_matter(f"Strategy map: {o.title}", search={"exclude": True}),
                link=self.wiki.link(src, o.id, show_id=True),
                m=mermaid.for_objective(self.wiki, o),
                item_href=self.wiki.href(src, o.id),
                matrix_href=self.wiki.page_href(src, self.options.view_src("traceability.md")),
                overall_href=self.wiki.page_href(src, self.options.view_src("graph.md"), "overall"),
            )
            out.append(GeneratedPage(src, content, f"Strategy map: {o.title}"))
        return out

    def faq(self) -> GeneratedPage:
        src = self.options.view_src("faq.md")
        by_item = []
        topics: dict[str, list[Any]] = defaultdict(list)
        for item in self.model.items.values():
            entries = item.get("faq") or []
            if item.type == "faq" or not entries:
                continue
            v = build_view(self.wiki, src, item)
            link = self.wiki.link(src, item.id, show_id=True)
            # An entry with a topic is listed under it (about its item), the rest under "By item".
            untopical = []
            for entry, f in zip(entries, v.faq, strict=True):
                topic = str(entry.get("topic") or "").strip()
                if topic:
                    topics[topic].append((f, [link]))
                else:
                    untopical.append(f)
            if untopical:
                by_item.append((link, untopical))
        for item in self.model.of_type("faq"):
            about = [self.wiki.link(src, t.id, show_id=True) for t in self.analysis.graph.targets(item.id, "about")]
            topics[str(item.get("topic") or "General")].append(
                (
                    faq_view(
                        self.wiki,
                        src,
                        slug(item.id),
                        str(item.get("question") or item.title),
                        str(item.get("answer") or ""),
                    ),
                    about,
                )
            )
        pairs = [(f.question, f.text) for _, fs in by_item for f in fs]
        pairs += [(f.question, f.text) for entries in topics.values() for f, _ in entries]
        content = self.render(
            "pages/faq.md.j2",
            front_matter=front_matter("FAQ"),
            by_item=by_item,
            topics=sorted(topics.items()),
            faq_ld=faq_json_ld(pairs) if pairs else None,
        )
        return GeneratedPage(src, content, "FAQ")

    def overview(self) -> GeneratedPage:
        src = self.options.view_src("overview.md")
        model, wiki = self.model, self.wiki
        strategy_types = [t for t in model.schema.types.values() if t.layer == "strategy" and t.name != "kpi"]
        strategy = [
            (t, [wiki.link(src, i.id, show_id=True) for i in model.of_type(t.name)])
            for t in strategy_types
            if model.of_type(t.name)
        ]
        plans = []
        for plan in ordered_plans(self.analysis.graph):  # each followed by the plans inside it
            period = plan.get("period") or {}
            by_quarter: dict[str, list[Any]] = defaultdict(list)
            for c in self.analysis.graph.incoming.get(plan.id, ()):
                item = model.items[c.source]
                if c.spec_field != "plan":
                    continue
                start = item.date("start")
                key = f"{start.year} Q{(start.month - 1) // 3 + 1}" if start else "Undated"
                by_quarter[key].append(wiki.link(src, item.id, show_id=True))
            parent = parent_plan(self.analysis.graph, plan)
            inside = wiki.link(src, parent.id, show_id=True) if parent is not None else None
            plans.append((wiki.link(src, plan.id, show_id=True), plan, period, sorted(by_quarter.items()), inside))
        fm = front_matter("Strategy and plan", search={"exclude": True})
        content = self.render(
            "pages/overview.md.j2", front_matter=fm, strategy=strategy, plans=plans, contrast=self._contrast()
        )
        return GeneratedPage(src, content, "Strategy and plan")

    def _contrast(self) -> list[tuple[str, str, str]]:
        """Timeframe, scope and review cadence of strategy vs plan, read from the content."""
        model = self.model
        horizons = [o.get("horizon") for o in model.of_type("objective") if o.get("horizon")]
        periods = [p.get("period") for p in model.of_type("plan") if p.get("period")]

        def span(ranges: list[dict[str, dt.date]]) -> str:
            if not ranges:
                return "not stated"
            start = min(r["start"] for r in ranges if "start" in r)
            end = max(r["end"] for r in ranges if "end" in r)
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            length = f"{months // 12} years" if months % 12 == 0 and months > 12 else f"{months} months"
            return f"{start} to {end} ({length})"

        def cadence(layer: str) -> str:
            c = Counter(i.get("review_cadence") for i in model.in_layer(layer) if i.get("review_cadence"))
            return ", ".join(f"{k} ({n})" for k, n in c.most_common()) or "not stated"

        strategy_n = Counter(i.type for i in model.in_layer("strategy"))
        plan_n = Counter(i.type for i in model.in_layer("plan"))
        types = model.schema.types

        def scope(counts: Counter[str]) -> str:
            return (
                ", ".join(
                    f"{n} {types[t].label_plural.lower() if n != 1 else types[t].label.lower()}"
                    for t, n in counts.items()
                )
                or "none"
            )

        return [
            ("Timeframe", span(horizons), span(periods)),
            ("Scope", scope(strategy_n), scope(plan_n)),
            ("Review cadence", cadence("strategy"), cadence("plan")),
        ]

    def reference(self) -> list[GeneratedPage]:
        types_src = self.options.view_src("reference/item-types.md")
        rules_src = self.options.view_src("reference/rules.md")
        severities = {code: self.analysis.settings.severities.get(code, rule.severity) for code, rule in RULES.items()}
        return [
            GeneratedPage(
                types_src,
                self.render(
                    "pages/reference_types.md.j2",
                    front_matter=front_matter("Item types"),
                    types=list(self.model.schema.types.values()),
                    kinds=KINDS,
                    common={f.name for f in COMMON},
                    thread=self.analysis.settings.thread,
                ),
                "Item types",
            ),
            GeneratedPage(
                rules_src,
                self.render(
                    "pages/reference_rules.md.j2",
                    front_matter=front_matter("Rules"),
                    rules=list(RULES.values()),
                    severities=severities,
                    limits=limits(self.analysis.settings.date_window),
                ),
                "Rules",
            ),
        ]

    def health(self) -> GeneratedPage:
        src = self.options.view_src("health.md")
        diags = [d for d in self.analysis.diagnostics if d.severity >= Severity.INFO]
        groups: dict[str, list[Any]] = defaultdict(list)
        for d in diags:
            link = self.wiki.link(src, d.item) if d.item and d.item in self.wiki.locations else None
            groups[d.code].append((d, link))
        content = self.render(
            "pages/health.md.j2",
            front_matter=front_matter("Content health", search={"exclude": True}),
            groups=sorted(groups.items()),
            rules=RULES,
            errors=sum(1 for d in diags if d.severity is Severity.ERROR),
            warnings=sum(1 for d in diags if d.severity is Severity.WARNING),
            notes=sum(1 for d in diags if d.severity is Severity.INFO),
        )
        return GeneratedPage(src, content, "Content health")

    def all(self) -> list[GeneratedPage]:
        return [
            *self.item_pages(),
            *self.type_indexes(),
            self.items_index(),
            self.traceability(),
            self.graph(),
            *self.objective_maps(),
            self.faq(),
            self.overview(),
            *self.reference(),
            self.health(),
            *dashboards.dashboard_pages(self),
        ]


def prose_refs(wiki: Wiki, src: str, markdown: str) -> str:
    """``[[ID]]`` in an authored page made into links (the page's own Markdown is left as written)."""
    return replace_references(markdown, lambda ref, label: wiki.md_link(src, ref, label))


_MD_MARKS_RE = re.compile(r"[`*_#>\[\]()|~]+|\s+")


def plain_text(markdown: str) -> str:
    """Markdown reduced to words, for search entries (HTML-escaped by the search UI)."""
    return _MD_MARKS_RE.sub(" ", markdown).strip()


def _file_title(source: str) -> str:
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    parent = source.rsplit("/", 2)[-2] if source.count("/") >= 1 else ""
    name = stem.replace("-", " ").replace("_", " ").capitalize()
    return f"{name} ({parent})" if parent else name
