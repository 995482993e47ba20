"""A readable tree of an article, for ``vnconv parse --outline``: what the reader saw,
and the photo each caption got."""

from __future__ import annotations

from convert.model import Article, Caption, Subheading


def outline(article: Article, width: int = 72) -> str:
    def short(text: str) -> str:
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    rows: list[tuple[str, str]] = []
    if article.dateline is not None:
        d = article.dateline
        meaning = ", ".join(x for x in (d.date.isoformat() if d.date else None, d.weekday) if x)
        rows.append(("dateline", f"{d.text}" + (f"  [{meaning}]" if meaning else "")))
    if article.headline is not None:
        rows.append(("headline", short(article.headline)))
    if article.source is not None:
        rows.append(("source", article.source))
    if article.lead is not None:
        rows.append(("lead", short(article.lead)))
    for block in article.blocks:
        if isinstance(block, Caption):
            credit = f"  [{block.credit}]" if block.credit else ""
            rows.append(("caption", short(block.text) + credit))
            if block.photo is not None:
                rows.append(("photo", block.photo))
        elif isinstance(block, Subheading):
            rows.append(("subheading", short(block.text)))
        else:
            rows.append(("paragraph", short(block.text)))
    if article.byline is not None:
        rows.append(("byline", f"{article.byline.text}  [{'; '.join(article.byline.authors)}]"))
    if article.attribution is not None:
        rows.append(("attribution", article.attribution))
    lines = [f"article ({article.language})"]
    for index, (kind, text) in enumerate(rows):
        branch = "└─" if index == len(rows) - 1 else "├─"
        lines.append(f"{branch} {kind:<11} {text}")
    return "\n".join(lines) + "\n"
