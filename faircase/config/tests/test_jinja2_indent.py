"""faircase's `indent` filter (ADR 38) gives what Jinja's own gives, for safe and plain text alike."""

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.filters import do_indent
from markupsafe import Markup

from faircase.config.jinja2 import indent

lines = st.lists(st.sampled_from(["", " ", "<p>", "a & b", "  <li>x</li>", "\t", "\r"]), max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    parts=lines,
    width=st.one_of(st.integers(0, 6), st.sampled_from(["", "  ", "\t"])),
    first=st.booleans(),
    blank=st.booleans(),
    safe=st.booleans(),
)
def test_indent_is_jinjas_own(parts, width, first, blank, safe):
    text = "\n".join(parts)
    given_text = Markup(text) if safe else text  # noqa: S704 (fixed test strings)
    ours = indent(given_text, width, first, blank)
    assert ours == do_indent(given_text, width, first, blank)
    assert isinstance(ours, Markup) == isinstance(given_text, Markup)
