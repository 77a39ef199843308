"""Links from a consideration to the evidence for answering it, by consideration code, read from shipped data
(faircase/data/framework/evidence_links.yaml). EP3 ("the same approach would be taken for another practitioner in
similar circumstances") links to the case's comparable cases."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.urls import NoReverseMatch, reverse

from faircase.core import languages

LINKS_FILE = Path(__file__).resolve().parents[1] / "data" / "framework" / "evidence_links.yaml"
FORMAT = "faircase-evidence-links/1"


@dataclass(frozen=True)
class EvidenceLink:
    code: str
    text: str
    url_name: str
    text_cy: str = ""


def parse(data: Any) -> dict[str, EvidenceLink]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"The evidence links file must start with format: {FORMAT}")
    links = {}
    for code, item in (data.get("links") or {}).items():
        if not isinstance(item, dict) or not item.get("text") or not item.get("url"):
            raise ValueError(f"Evidence link {code}: give its text and url")
        links[str(code)] = EvidenceLink(
            code=str(code),
            text=str(item["text"]),
            url_name=str(item["url"]),
            text_cy=str(item.get("text_cy") or ""),
        )
    return links


@cache
def evidence_links() -> dict[str, EvidenceLink]:
    with LINKS_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def links_for_case(case_id: Any) -> dict[str, dict[str, str]]:
    """{consideration code: {"text", "href"}} for one case."""
    found = {}
    for code, link in evidence_links().items():
        try:
            href = reverse(link.url_name, kwargs={"case_id": case_id})
        except NoReverseMatch:
            continue
        found[code] = {"text": languages.localised(link, "text"), "href": href}
    return found
