"""The simulated users of the load test (faircase.benchmarks.load runs locust headless on this file).

Each simulated user takes an account from the plan (faircase.benchmarks.load_plan) in turn, signs in once with
its password and a recovery code of its own, then sends one request after another (no think time unless
FAIRCASE_BENCH_LOAD_THINK_S says so: the test finds how much the server answers, not how much people ask), each
kind chosen at random in the proportions of MIX among those its roles allow. The client speaks plain HTTP to the
server on localhost as the TLS-terminating proxy would, saying so in X-Forwarded-Proto, and sends the https-only
cookies over that hop as the proxy does.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import gevent  # type: ignore[import-untyped]
import gevent.event  # type: ignore[import-untyped]
from locust import FastHttpUser, constant, task
from locust.exception import StopUser

# The proportions of the mix, in requests: reading is most of the work, recording the rest.
MIX: dict[str, int] = {
    "case list": 20,
    "case page": 30,
    "principle page": 10,
    "your deadlines": 10,
    "equality report": 5,
    "add case note": 10,
    "save framework answers": 5,
}
# Kinds that need something of the account's plan, and which part of it.
NEEDS = {
    "case page": "case_pages",
    "principle page": "principle_pages",
    "add case note": "note_pages",
    "save framework answers": "principle_pages",
    "equality report": "reads_equality_report",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

USERS = int(os.environ.get("FAIRCASE_BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("FAIRCASE_BENCH_LOAD_SECONDS", "60"))
_plan: list[dict[str, Any]] = json.loads(open(os.environ["FAIRCASE_LOAD_PLAN"]).read())  # noqa: SIM115
_turns = itertools.count()
_codes_used: dict[str, int] = {}
_arrived = 0
_all_ready = gevent.event.Event()


def _arrive(environment: Any) -> None:
    """One more user signed in and warmed up (or given up). When all have, the sign-in figures are kept aside,
    the counts start again from nothing and the measured SECONDS begin: steady state, not the start-up."""
    global _arrived
    _arrived += 1
    if _arrived < USERS:
        return
    sign_in = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "max_ms": entry.max_response_time,
        }
        for (name, _method), entry in environment.runner.stats.entries.items()
        if name.startswith("sign in")
    }
    Path(os.environ["FAIRCASE_LOAD_SIGN_IN_OUT"]).write_text(json.dumps(sign_in))
    environment.runner.stats.reset_all()
    gevent.spawn_later(SECONDS, environment.runner.quit)
    _all_ready.set()


class FormFields(HTMLParser):
    """The values a browser would send back from the page's one form (answers already given kept as they are);
    and which radio groups are still unanswered."""

    def __init__(self, method: str = "post") -> None:
        super().__init__()
        self._method = method
        self.fields: list[tuple[str, str]] = []
        self.radio_groups: set[str] = set()
        self.checkboxes: dict[str, list[str]] = {}
        self._answered: set[str] = set()
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_form = False

    @property
    def unanswered(self) -> set[str]:
        return self.radio_groups - self._answered

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "form"
            and a.get("method", "get").lower() == self._method
            and "search" not in a.get("action", "")
        ):
            self._in_form = True
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "radio":
                self.radio_groups.add(a["name"])
                if "checked" in a:
                    self._answered.add(a["name"])
                    self.fields.append((a["name"], a.get("value", "")))
            elif kind == "checkbox":
                self.checkboxes.setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "button", "file"}:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


class BehindTheProxy(DefaultCookiePolicy):
    """Sends https-only cookies over the plain-HTTP hop to localhost, as the TLS-terminating proxy does."""

    def return_ok_secure(self, cookie: Any, request: Any) -> bool:
        return True


class CaseWorker(FastHttpUser):
    wait_time = constant(float(os.environ.get("FAIRCASE_BENCH_LOAD_THINK_S", "0")))
    default_headers = {"X-Forwarded-Proto": "https"}
    # Minutes, not seconds: on a saturated machine a slow answer is a measurement, a timeout only an error.
    network_timeout = 120.0
    connection_timeout = 120.0

    def on_start(self) -> None:
        self.account = _plan[next(_turns) % len(_plan)]
        self.kinds = [k for k in MIX if not NEEDS.get(k) or self.account[NEEDS[k]]]
        self.weights = [MIX[k] for k in self.kinds]
        self.client.cookiejar.set_policy(BehindTheProxy())
        self.origin = {"Origin": (self.host or "").replace("http://", "https://", 1)}
        try:
            self.sign_in()
            self.warm_up()
        finally:
            _arrive(self.environment)
        _all_ready.wait()

    def _csrf(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else ""

    def _post(self, url: str, data: Any, name: str, expect: str = "", form_encoded: bool = False) -> bool:
        headers = {
            **self.origin,
            **({"Content-Type": "application/x-www-form-urlencoded"} if form_encoded else {}),
        }
        with self.client.post(
            url, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or expect not in response.headers.get("Location", ""):
                response.failure(f"{name}: answered {response.status_code}, expected a redirect")
                return False
            return True

    def sign_in(self) -> None:
        username = self.account["username"]
        turn = _codes_used.get(username, 0)
        _codes_used[username] = turn + 1
        page = self.client.get("/accounts/sign-in/", name="sign in")
        signed = self._post(
            "/accounts/sign-in/",
            {
                "csrfmiddlewaretoken": self._csrf(page.text or ""),
                "username": username,
                "password": self.account["password"],
            },
            "sign in",
            expect="second-factor",
        )
        if not signed:
            raise StopUser
        step = self.client.get("/accounts/sign-in/second-factor/", name="sign in")
        if not self._post(
            "/accounts/sign-in/second-factor/",
            {
                "csrfmiddlewaretoken": self._csrf(step.text or ""),
                "code-code": self.account["recovery_codes"][turn % len(self.account["recovery_codes"])],
            },
            "sign in (second factor)",
        ):
            raise StopUser

    def warm_up(self) -> None:
        """One of each page this user reads, before the measurement: each worker's templates compiled and its
        code imported, as on a server that has been up a while."""
        if "equality report" in self.kinds:
            # The report as its home page's form offers it first: the user's organisations, the latest year.
            choices = FormFields(method="get")
            choices.feed(self._get("/equality/", "warm-up").text or "")
            chosen = {name for name, _ in choices.fields}
            # Someone who may report on several organisations chooses them all (nothing is ticked at first).
            for name, values in choices.checkboxes.items():
                if name not in chosen:
                    choices.fields.extend((name, value) for value in values)
            self.equality_report = f"/equality/report/?{urlencode(choices.fields)}"
        for kind in self.kinds:
            if kind in {"case list", "case page", "principle page", "your deadlines", "equality report"}:
                self.read(kind, name="warm-up")

    def _get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name}: answered {response.status_code}")
            return response

    @task
    def one_request(self) -> None:
        kind = random.choices(self.kinds, self.weights)[0]  # noqa: S311 (a load mix, not a secret)
        if kind == "add case note":
            url = random.choice(self.account["note_pages"])  # noqa: S311
            form = self._get(url, "add case note (form)")
            text = (
                f"Load test note: spoke with the clinical director about the rota ({random.randint(1, 999)})."  # noqa: S311
            )
            self._post(url, {"csrfmiddlewaretoken": self._csrf(form.text or ""), "text": text}, kind)
        elif kind == "save framework answers":
            url = random.choice(self.account["principle_pages"])  # noqa: S311
            page = self._get(url, "principle page")
            fields = FormFields()
            fields.feed(page.text or "")
            # "Yes" throughout, as after the follow-ups were done: a "no" saved again without a follow-up open
            # rightly asks for a new one, which a naive client would leave empty (and the form refuses).
            answers = [(name, "yes" if name.endswith("-answer") else value) for name, value in fields.fields]
            answers += [(g, "yes") for g in sorted(fields.unanswered) if g.endswith("-answer")]
            # Encoded here: the fast client takes a dict, and a form repeats names (checkboxes).
            self._post(url, urlencode(answers), kind, form_encoded=True)
        else:
            self.read(kind, name=kind)

    def read(self, kind: str, *, name: str) -> None:
        if kind == "case list":
            self._get("/cases/", name)
        elif kind == "case page":
            self._get(random.choice(self.account["case_pages"]), name)  # noqa: S311
        elif kind == "principle page":
            self._get(random.choice(self.account["principle_pages"]), name)  # noqa: S311
        elif kind == "your deadlines":
            self._get("/deadlines/", name)
        elif kind == "equality report":
            self._get(self.equality_report, name)
