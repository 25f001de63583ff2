"""MkDocs hook: mark a pull-request preview build so nobody mistakes it for the published wiki.

The pull-request workflow sets two environment variables for ``mkdocs build``:

``GOLDENTHREAD_PREVIEW_PR``
    The pull request's number (digits only). When it is absent or empty, this hook does nothing.
``GOLDENTHREAD_PREVIEW_URL``
    Optional: the pull request's page, ``https://github.com/OWNER/REPO/pull/N`` (with N the same
    number). Anything else is refused, so the banner never links somewhere unexpected.

A preview build then gets, on every page, a banner "Preview of pull request #N — not the
published wiki" linking to the pull request, "(preview of #N)" after the site name in the
header and the window title, and ``<meta name="robots" content="noindex, nofollow">`` so
search engines skip it. A malformed number fails the build: a preview that
cannot be labelled must not be deployed.

Wired in ``mkdocs.yml`` as ``hooks: [hooks/preview.py]``. Module-level functions are the hook
API (https://www.mkdocs.org/user-guide/configuration/#hooks); this file imports nothing from
goldenthread, so it also works with other MkDocs-compatible builders.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.preview")

PR_ENV = "GOLDENTHREAD_PREVIEW_PR"
URL_ENV = "GOLDENTHREAD_PREVIEW_URL"

_PR_RE = re.compile(r"[1-9][0-9]{0,9}")
#: owner and repository names as GitHub allows them; nothing else may follow the number
_URL_RE = re.compile(r"https://github\.com/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}/pull/([0-9]+)")
_BODY_RE = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_HEAD_END_RE = re.compile(r"</head\s*>", re.IGNORECASE)
#: Material's (empty) slot for announcements, at the top of every page
_ANNOUNCE_RE = re.compile(r'<div data-md-component="announce">\s*</div>')

ROBOTS = '<meta name="robots" content="noindex, nofollow">'


@dataclass(frozen=True)
class Preview:
    number: str
    url: str | None

    def banner(self) -> str:
        text = f"Preview of pull request #{self.number} — not the published wiki"
        label = html.escape(text)
        if self.url:
            label = f'<a href="{html.escape(self.url, quote=True)}">{label}</a>'
        return (
            f'<aside class="md-banner md-banner--warning gt-preview-banner" id="gt-preview-banner" '
            f'role="note" data-pr="{html.escape(self.number)}">'
            f'<div class="md-banner__inner md-grid md-typeset"><strong>{label}</strong></div></aside>'
        )


def preview_from_env(environ: Mapping[str, str] | None = None) -> Preview | None:
    """The preview this build is for, from the environment; None for an ordinary build."""
    env = os.environ if environ is None else environ
    number = (env.get(PR_ENV) or "").strip()
    if not number:
        return None
    if not _PR_RE.fullmatch(number):
        raise PluginError(f"{PR_ENV}={number!r} is not a pull request number (digits only)")
    url = (env.get(URL_ENV) or "").strip() or None
    if url is not None:
        m = _URL_RE.fullmatch(url)
        if m is None or m.group(1) != number:
            log.warning(f"{URL_ENV} ignored: expected https://github.com/OWNER/REPO/pull/{number}")
            url = None
    return Preview(number, url)


_preview: Preview | None = None


def on_config(config: Any) -> Any:
    global _preview
    _preview = preview_from_env()
    if _preview is not None:
        # the header (which stays on screen while scrolling) and every <title> say it too
        config["site_name"] = f"{config['site_name']} (preview of #{_preview.number})"
        log.info(f"preview build for pull request #{_preview.number}: banner and noindex on every page")
    return config


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    if _preview is not None:
        # available to theme overrides that want to show it their own way
        context["goldenthread_preview"] = _preview
    return context


def mark(output: str, preview: Preview) -> str:
    """The page's HTML with the robots meta in ``<head>`` and the banner at the top of ``<body>``."""
    if ROBOTS not in output:
        output, n = _HEAD_END_RE.subn(lambda m: f"  {ROBOTS}\n{m.group(0)}", output, count=1)
        if not n:
            output = ROBOTS + output
    banner = preview.banner()
    output, n = _ANNOUNCE_RE.subn(lambda _: f'<div data-md-component="announce">{banner}</div>', output, count=1)
    if not n:
        output, n = _BODY_RE.subn(lambda m: m.group(0) + banner, output, count=1)
        if not n:
            output = banner + output
    return output


def on_post_page(output: str, page: Any, config: Any) -> str:
    if _preview is None:
        return output
    return mark(output, _preview)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    # static pages such as 404.html are rendered outside on_post_page
    if _preview is None or not template_name.endswith(".html"):
        return output_content
    return mark(output_content, _preview)
