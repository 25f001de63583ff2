"""The sanitiser's allowlist: one policy, extended by a site's ``allow_html``, and what it removed, named."""

from __future__ import annotations

import pytest

from goldenthread.views.sanitize import PolicyError, describe, policy_from_options, removed, sanitize_html

VIDEO = '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen></iframe>'


def test_iframes_are_dropped_with_their_content_by_default() -> None:
    assert sanitize_html(f"<p>a</p>{VIDEO}") == "<p>a</p>"


def test_a_site_allows_iframes_from_named_hosts_only() -> None:
    policy = policy_from_options({"tags": ["iframe"], "iframe_hosts": ["www.youtube-nocookie.com"]})
    kept = policy.clean(VIDEO)
    assert kept.startswith('<iframe src="https://www.youtube-nocookie.com/embed/abc"') and "allowfullscreen" in kept
    other = policy.clean('<iframe src="https://evil.example/x"></iframe>')
    assert "evil" not in other and "src=" not in other
    assert "javascript" not in policy.clean('<iframe src="javascript:alert(1)"></iframe>')
    assert "http:" not in policy.clean('<iframe src="http://www.youtube-nocookie.com/embed/abc"></iframe>')
    assert "srcdoc" not in policy.clean('<iframe srcdoc="<script>alert(1)</script>"></iframe>')


def test_a_site_adds_attributes() -> None:
    policy = policy_from_options({"attributes": {"abbr": ["itemprop"]}})
    assert policy.clean('<abbr itemprop="x">a</abbr>') == '<abbr itemprop="x">a</abbr>'
    assert sanitize_html('<abbr itemprop="x">a</abbr>') == "<abbr>a</abbr>"


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"tags": ["script"]}, "'script' can run script"),
        ({"tags": ["iframe"]}, "needs allow_html.iframe_hosts"),
        ({"attributes": {"img": ["onerror"]}}, "'onerror' can run script"),
        ({"attributes": {"iframe": ["srcdoc"]}}, "'srcdoc' can run script"),
        ({"tag": ["x"]}, "unknown key 'tag'"),
        ({"tags": "iframe"}, "allow_html.tags must be a list"),
        (["iframe"], "must be a mapping"),
    ],
)
def test_an_unusable_allow_html_is_refused_with_a_reason(raw: object, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        policy_from_options(raw)


def test_removed_names_elements_and_attributes() -> None:
    before = '<p>a<script>alert(1)</script><img src="x" onerror="alert(1)" alt="y"></p>'
    after = sanitize_html(before)
    assert removed(before, after) == ["<script>", "onerror= on <img>"]
    assert describe(removed(before, after)) == "<script>, onerror= on <img>"
    assert describe([f"<x{i}>" for i in range(7)], limit=2) == "<x0>, <x1> and 5 more"


def test_removed_is_empty_for_allowed_markup_reserialised() -> None:
    before = '<table><tr><td style="text-align: left;">1</td></tr></table><br /><a href="../x/">x</a>'
    after = sanitize_html(before)
    assert after != before  # tbody added, void element reserialised
    assert removed(before, after) == []
