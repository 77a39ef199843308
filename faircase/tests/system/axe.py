"""axe-core in the browser: every page a journey visits must have zero WCAG 2.2 A and AA violations."""

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from playwright.sync_api import Page, Route

AXE_SCRIPT: Path = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core has no wcag22a tag: its new 2.2 rules are all AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}
"""


# Where the page loads axe from. faircase's Content-Security-Policy refuses inline scripts, so axe is not
# injected inline (add_script_tag(path=...)) but loaded from the page's own origin, with the browser answering
# this one URL from node_modules. The policy stays on in browser tests, so a page it would break fails here.
AXE_PATH = "/__browser-tests__/axe.min.js"


def _serve_axe(route: Route) -> None:
    route.fulfill(path=AXE_SCRIPT, content_type="text/javascript; charset=utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its WCAG A/AA violations."""
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `make install` (npm ci installs axe-core)")
    # A page still loading has no <head> to add axe to yet: axe checks the page once it has loaded.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        url = urljoin(page.url, AXE_PATH)
        page.route(url, _serve_axe)
        try:
            page.add_script_tag(url=url)
        finally:
            page.unroute(url, _serve_axe)
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    at {', '.join(v['targets'])}" for v in violations
    )


def assert_accessible(page: Page) -> None:
    """Fail, listing each violation's id, impact and target, unless axe finds nothing wrong with the page."""
    violations = axe_violations(page)
    assert not violations, (
        f"{page.url} ({page.title()!r}) has {len(violations)} WCAG A/AA violation(s):\n{describe(violations)}"
    )
