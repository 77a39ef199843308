"""FAIRCASE_TEST_NOW, the instant the suite can be run from (faircase/conftest.py, docs/testing.md)."""

import datetime as dt

import pytest

from faircase.conftest import _test_now


def test_the_instant_is_read_with_its_offset(monkeypatch):
    monkeypatch.setenv("FAIRCASE_TEST_NOW", "2026-07-01T23:30:00Z")
    assert _test_now() == dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setenv("FAIRCASE_TEST_NOW", "2026-07-02T00:30:00+01:00")
    assert _test_now() == dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)


def test_without_the_variable_the_clock_is_real(monkeypatch):
    monkeypatch.delenv("FAIRCASE_TEST_NOW", raising=False)
    assert _test_now() is None


@pytest.mark.parametrize(
    ("value", "says"), [("2026-07-01T23:30:00", "needs an offset"), ("1 July", "not an ISO 8601")]
)
def test_an_instant_that_names_no_moment_stops_the_run(monkeypatch, value, says):
    monkeypatch.setenv("FAIRCASE_TEST_NOW", value)
    with pytest.raises(pytest.UsageError, match=says):
        _test_now()
