"""The in-app help ("Yardım"): docs/kullanim-kilavuzu.md, one page per role.

The guide is written once, in Turkish, as Markdown; each level-2 heading that names a role
("## Birim personeli", "## Strateji birimi", "## Meclis üyesi") starts that role's page. The
text before the first of them opens every page, and a level-2 section that names no role
("## Gösterge panelini okumak") closes every page. Raw HTML in the guide is not rendered.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt

GUIDE = Path(settings.BASE_DIR) / "docs" / "kullanim-kilavuzu.md"

# slug in the URL → the heading of the role's section in the guide
ROLES: dict[str, str] = {
    "birim-personeli": "Birim personeli",
    "strateji-birimi": "Strateji birimi",
    "meclis-uyesi": "Meclis üyesi",
}


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    html: str


def _render(markdown: str) -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return md.render(markdown)


@functools.cache
def help_pages(path: Path = GUIDE) -> dict[str, HelpPage]:
    """Slug → the role's page: the introduction, the role's section (its headings one level
    up) and the sections for every role."""
    intro: list[str] = []
    common: list[str] = []
    sections: dict[str, list[str]] = {}
    target = intro
    titles = {title: slug for slug, title in ROLES.items()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue  # the guide's own title
        if line.startswith("## "):
            slug = titles.get(line[3:].strip())
            if slug is not None:
                target = sections.setdefault(slug, [])
                continue
            target = common
        if target is not common and line.startswith("###"):
            line = line[1:]  # a role's page is its own document: "### Veri girişi" is its h2
        target.append(line)
    return {
        slug: HelpPage(slug, ROLES[slug], _render("\n".join([*intro, "", *lines, "", *common])))
        for slug, lines in sections.items()
    }
