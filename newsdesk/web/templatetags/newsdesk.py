"""Formatting for Newsdesk templates: linked article text, dates, filters, timelines."""

from __future__ import annotations

import re
from html import escape as html_escape
from itertools import count

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsdesk.web import charts
from newsdesk.web.filter_fields import STANCE_WORDS

register = template.Library()

_PARAGRAPH_BREAK = re.compile(r"\n+")
_chart_ids = count(1)


def _mention_url(mention) -> str | None:
    if mention.person_id:
        person = mention.person
        if person.status == "not_person":
            return None
        return person.get_absolute_url()
    return mention.country.get_absolute_url()


def link_mentions(text: str, mentions, *, paragraphs: bool = False) -> SafeString:
    """`text` as HTML with every mention turned into a link to its person or country.

    Mentions are (start, end) offsets into `text`. A mention whose span is out of range,
    does not match its recorded text, crosses a line break or overlaps an earlier one is
    left as plain text, so stale offsets never garble the page. Every piece of text is
    escaped; the only markup added is ours. With `paragraphs`, each line becomes a <p>.
    """
    pieces = []
    position = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        start, end = mention.start, mention.end
        if start < position or end > len(text) or start >= end:
            continue
        span = text[start:end]
        if "\n" in span or (mention.text and span != mention.text):
            continue
        url = _mention_url(mention)
        if url is None:
            continue
        kind = "person" if mention.person_id else "country"
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a class="mention {}" href="{}">{}</a>', kind, url, span))
        position = end
    pieces.append(escape(text[position:]))
    html = "".join(str(piece) for piece in pieces)
    if paragraphs:
        html = "".join(
            f"<p>{line.strip()}</p>" for line in _PARAGRAPH_BREAK.split(html) if line.strip()
        )
    return mark_safe(html)  # built from escaped text and format_html only


@register.simple_tag
def linked(text, mentions, location, index=None, paragraphs=False):
    """`{% linked article.body mentions "body" paragraphs=True %}`; captions pass `index`."""
    chosen = [
        m for m in mentions if m.location == location and (index is None or m.field_index == index)
    ]
    return link_mentions(text or "", chosen, paragraphs=paragraphs)


@register.filter
def caption_text(caption):
    """Captions are stored as {"text", "credit"}; older rows may hold plain strings."""
    return caption.get("text", "") if isinstance(caption, dict) else str(caption)


@register.filter
def caption_credit(caption):
    return caption.get("credit", "") if isinstance(caption, dict) else ""


@register.filter
def stance_word(stance):
    """A stance as cards show it, the same word the stance filters take ("denial")."""
    return STANCE_WORDS.get(stance, stance)


@register.filter
def tags(values):
    """Splits "key:label" strings (from the list query's subqueries) into pairs."""
    pairs = []
    for value in values or []:
        key, _, label = str(value).partition(":")
        pairs.append((key, label))
    return pairs


def _escaped(value) -> str:
    return html_escape(str(value), quote=True)


@register.simple_tag
def chips(article):
    """The `<li>` links of a row's `chips` (kind, URL, name) from `selectors.link_rows`.

    Built in one call: a page of 25 rows names about 200 people and countries, and three
    template variables per name cost more than the rest of the row.
    """
    items = (
        f'<li><a class="{_escaped(kind)}" href="{_escaped(url)}">{_escaped(name)}</a></li>'
        for kind, url, name in getattr(article, "chips", ())
    )
    return mark_safe("".join(items))  # every value escaped above


_INFERRED = mark_safe(' <span class="provenance">(inferred from the text)</span>')


def article_row_html(article) -> SafeString:
    """One `<li class="article-row">` of a list: title, date, outlet, byline, snippet or
    standfirst, and chips (`url`, `chips` and `snippet` as set by the list queries).

    Built in Python: rendered from a template, a row resolves some forty variables and
    tags, and a page of 25 rows cost more than the rest of the list page's markup.
    """
    if article.published:
        inferred = _INFERRED if article.published_source == "inferred" else ""
        when = format_html(
            '<time datetime="{}">{}</time>{}',
            article.published.isoformat(),
            published_on(article),
            inferred,
        )
    else:
        when = "Undated"
    outlet = format_html(" · {}", article.outlet.name) if article.outlet else ""
    byline = format_html(" · {}", ", ".join(article.byline)) if article.byline else ""
    snippet = getattr(article, "snippet", None)
    if snippet:
        text = format_html('<p class="snippet">{}</p>', snippet)
    elif article.standfirst:
        text = format_html("<p>{}</p>", Truncator(article.standfirst).words(45, truncate=" …"))
    else:
        text = ""
    named = ""
    if getattr(article, "chips", None):
        named = format_html(
            '<ul class="chips" aria-label="Named in this article">{}</ul>', chips(article)
        )
    return format_html(
        '<li class="article-row">\n  <h3><a href="{}">{}</a></h3>\n'
        '  <p class="meta">\n    {}{}{}\n  </p>\n  {}{}\n</li>',
        getattr(article, "url", ""),
        article.title,
        when,
        outlet,
        byline,
        text,
        named,
    )


@register.simple_tag
def article_rows(articles):
    """`{% article_rows page.object_list %}`: the rows of a list, in one call."""
    rows = "".join(article_row_html(article) for article in articles)
    return mark_safe(rows)  # each row built by format_html


@register.simple_tag
def options(choices, selected=None):
    """`<option>`s of (value, label) pairs, `selected` marked: one call for a long list."""
    chosen = "" if selected is None else str(selected)
    items = (
        f'<option value="{_escaped(value)}"{" selected" if str(value) == chosen else ""}>'
        f"{_escaped(label)}</option>"
        for value, label in choices
    )
    return mark_safe("".join(items))  # every value escaped above


_PRECISION_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.simple_tag
def published_on(article):
    """The publication date at its known precision, or "undated"."""
    if article.published is None:
        return "undated"
    fmt = _PRECISION_FORMATS.get(article.published_precision, "j F Y")
    return date_format(article.published, fmt)


_PROVENANCE = {
    "metadata": "from the page's metadata",
    "url": "from the address",
    "inferred": "inferred from the text",
    "editor": "set by an editor",
}


@register.filter
def provenance(article):
    return _PROVENANCE.get(article.published_source, "")


@register.simple_tag(takes_context=True)
def toggle_param(context, name, value):
    """This page's address with `value` added to or removed from the repeatable `name`."""
    request = context["request"]
    params = request.GET.copy()
    values = params.getlist(name)
    value = str(value)
    if value in values or value.upper() in values or value.lower() in values:
        values = [v for v in values if v.lower() != value.lower()]
    else:
        values.append(value)
    params.setlist(name, values)
    params.pop("page", None)
    return "?" + params.urlencode() if params else request.path


@register.simple_tag(takes_context=True)
def facet_list(context, title, items, param):
    """`{% facet_list "Countries" items "country" %}`: a facet's links, each adding its
    value to the repeatable `param` of this page's address or, when chosen, removing it.
    Built in one call, as `article_rows`: a list shows three facets of twelve items."""
    if not items:
        return ""
    chosen = {value.lower() for value in context["request"].GET.getlist(param)}
    links = []
    for item in items:
        active = str(item["value"]).lower() in chosen
        links.append(
            format_html(
                '<li><a href="{}" aria-pressed="{}" title="{}"><span>{}</span> '
                '<span class="count">{}</span></a></li>',
                toggle_param(context, param, item["value"]),
                "true" if active else "false",
                "Remove this filter" if active else "Show only these",
                item["label"],
                item["count"],
            )
        )
    return format_html(
        '<section class="facet" aria-labelledby="facet-{}">\n  <h3 id="facet-{}">{}</h3>\n'
        "  <ul>\n    {}\n  </ul>\n</section>",
        param,
        param,
        title,
        mark_safe("\n    ".join(links)),  # each built by format_html
    )


@register.simple_tag
def relation_url(first, second):
    a, b = sorted((str(first).lower(), str(second).lower()))
    return reverse("entities:relation", args=[a, b])


@register.inclusion_tag("partials/timeline.html")
def timeline(periods, title, noun="articles"):
    chart_id = f"chart-{next(_chart_ids)}"
    svg = charts.timeline_svg(periods, title=title, noun=noun, chart_id=chart_id) if periods else ""
    return {
        "svg": mark_safe(svg),  # charts escapes every string it places in the SVG
        "periods": periods,
        "title": title,
        "noun": noun,
        "chart_id": chart_id,
        "summary": charts.summary(periods, noun),
    }


@register.simple_tag
def contradiction_sentence(claim, other) -> str:
    """What a reader is told about two conflicting claims, in a sentence (editors also see the
    extractor's own reason in the admin): who denies what whom said, about which subjects."""
    names = [name for _, name in getattr(claim, "subject_links", None) or []]
    about = ""
    if names:
        about = " about " + (
            ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        )
    if claim.stance == "deny" and other.stance != "deny":
        sentence = f"{claim.speaker_label} denies what {other.speaker_label} said{about}"
    elif other.stance == "deny" and claim.stance != "deny":
        sentence = f"{other.speaker_label} denies what {claim.speaker_label} said{about}"
    else:
        sentence = f"{claim.speaker_label} and {other.speaker_label} say opposite things{about}"
    return sentence[:1].upper() + sentence[1:] + "."
