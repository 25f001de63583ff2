"""Pull-request previews: a banner and ``noindex`` so nobody mistakes a preview for the published wiki.

A preview is named by the ``preview`` plugin option (``pr``, ``url``) or, when the option leaves
them out, by two environment variables that a pull-request workflow sets for ``mkdocs build``:

``GOLDENTHREAD_PREVIEW_PR``
    The pull request's number (digits only). Absent or empty: an ordinary build.
``GOLDENTHREAD_PREVIEW_URL``
    Optional: the pull request's page, ``https://github.com/OWNER/REPO/pull/N`` with N the same
    number. Anything else is refused (with a warning), so the banner never links somewhere
    unexpected.

A malformed number is a configuration error: a preview that cannot be labelled must not be
deployed. The MkDocs wiring (site name, every page and 404.html) is in ``plugin.py``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


class PreviewError(ValueError):
    """A preview that cannot be labelled (a malformed number, a bad option)."""


@dataclass(frozen=True)
class Preview:
    number: str
    url: str | None

    def site_name(self, name: str) -> str:
        """The header (on screen while scrolling) and every ``<title>`` say it too."""
        return f"{name} (preview of #{self.number})"

    def banner(self) -> str:
        label = html.escape(f"Preview of pull request #{self.number} — not the published wiki")
        if self.url:
            label = f'<a href="{html.escape(self.url, quote=True)}">{label}</a>'
        return (
            f'<aside class="md-banner md-banner--warning gt-preview-banner" id="gt-preview-banner" '
            f'role="note" data-pr="{html.escape(self.number)}">'
            f'<div class="md-banner__inner md-grid md-typeset"><strong>{label}</strong></div></aside>'
        )


def resolve_preview(option: Any, environ: Mapping[str, str]) -> tuple[Preview | None, list[str]]:
    """The preview this build is for (None for an ordinary build) and warnings to log.

    ``option`` is the plugin's ``preview`` value: ``False`` turns previews off, a mapping with
    ``pr`` and ``url`` names one, and anything it leaves out comes from the environment.
    """
    if option is False:
        return None, []
    if option is None or option is True:
        option = {}
    if not isinstance(option, Mapping):
        raise PreviewError("preview: expected false or a mapping with pr and url")
    unknown = set(option) - {"pr", "url"}
    if unknown:
        raise PreviewError(f"preview: unknown key(s) {', '.join(sorted(map(str, unknown)))} (expected pr, url)")
    number = _text(option.get("pr")) if option.get("pr") is not None else _text(environ.get(PR_ENV))
    if not number:
        return None, []
    source = "preview.pr" if option.get("pr") is not None else PR_ENV
    if not _PR_RE.fullmatch(number):
        raise PreviewError(f"{source}={number!r} is not a pull request number (digits only)")
    url_source = "preview.url" if option.get("url") is not None else URL_ENV
    url = _text(option.get("url")) if option.get("url") is not None else _text(environ.get(URL_ENV))
    warnings: list[str] = []
    if url:
        m = _URL_RE.fullmatch(url)
        if m is None or m.group(1) != number:
            warnings.append(f"{url_source} ignored: expected https://github.com/OWNER/REPO/pull/{number}")
            url = ""
    return Preview(number, url or None), warnings


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


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
