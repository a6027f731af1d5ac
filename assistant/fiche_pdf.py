"""The fiche de cadrage as HTML, and as PDF with WeasyPrint.

The HTML is built directly from the ``Fiche`` (no Markdown round trip): every
string is escaped, so nothing typed by the user can become markup. WeasyPrint
gets a URL fetcher that refuses every fetch: the document loads nothing (fonts
come from fontconfig, the style sheet is inlined).
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import List

from assistant.fiche import Block, Fiche, Item

TEMPLATES = Path(__file__).with_name("fiche_templates")
STYLESHEET = TEMPLATES / "fiche.css"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _item(item: Item) -> str:
    text = _e(item.text)
    if item.url:
        text = f'<a href="{_e(item.url)}">{text}</a>'
    if item.label:
        text = f"<strong>{_e(item.label)}</strong>\u00a0: {text}"
    if item.source:
        text += f' <span class="source">{_e(item.source)}</span>'
    if item.details:
        details = "".join(f"<li>{_e(d)}</li>" for d in item.details)
        text += f'<ul class="details">{details}</ul>'
    return f"<li>{text}</li>"


def _list(block: Block, css: str) -> str:
    title = f'<p class="list-title">{_e(block.text)}</p>' if block.text else ""
    return f'{title}<ul class="{css}">{"".join(_item(i) for i in block.items)}</ul>'


def _table(block: Block, css: str) -> str:
    head, *body = block.rows
    cells = "".join(f"<th>{_e(c)}</th>" for c in head)
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in body)
    return f'<table class="{css}"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>'


def _block(block: Block, section_id: str) -> str:
    if block.kind in ("items", "checklist"):
        return _list(block, f"{block.kind} {section_id}")
    if block.kind == "table":
        return _table(block, section_id)
    if block.kind == "heading":
        return f"<h3>{_e(block.text)}</h3>"
    return f'<p class="{_e(block.kind)}">{_e(block.text)}</p>'


def render_html(fiche: Fiche) -> str:
    """A complete, self-contained HTML page (inline style sheet)."""
    parts: List[str] = [
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">',
        f"<title>{_e(fiche.title)}</title>",
        f'<meta name="dcterms.created" content="{fiche.date.isoformat()}">',
        f"<style>{stylesheet()}</style></head><body>",
        f'<div class="running-footer">{_e(fiche.footer)}</div>',
        f'<header><h1>{_e(fiche.title)}</h1><p class="subtitle">{_e(fiche.subtitle)}</p>'
        f'<p class="date">{_e(fiche.date_line)}</p>'
        f'<p class="disclaimer">{_e(fiche.disclaimer)}</p></header>',
    ]
    for section in fiche.sections:
        blocks = "".join(_block(b, section.id) for b in section.blocks)
        parts.append(f'<section id="{_e(section.id)}"><h2>{_e(section.title)}</h2>{blocks}</section>')
    parts.append("</body></html>")
    return "".join(parts)


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the fiche loads no resource ({url!r} refused)")


def html_to_pdf(page: str) -> bytes:
    """A PDF from an HTML page of ``render_html`` (WeasyPrint; needs Pango, see
    scripts/install-fiche-deps.sh)."""
    from weasyprint import HTML  # imported here: the Markdown fiche works without it

    return HTML(string=page, url_fetcher=_refuse_fetch).write_pdf()


def render_pdf(fiche: Fiche) -> bytes:
    """The PDF of a fiche."""
    return html_to_pdf(render_html(fiche))
