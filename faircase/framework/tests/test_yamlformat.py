"""The framework file format: what it reads, what it refuses, and that it names the line and field at fault."""

import pytest

from faircase.core.readers import UnreadableFile
from faircase.framework.principles import FIXED_PRINCIPLES_MESSAGE, PRINCIPLES_IN_ORDER, FixedPrincipleError
from faircase.framework.services import NATIONAL_FILE
from faircase.framework.yamlformat import FORMAT, ConsiderationSpec, FrameworkFileError, dump, parse

NAMES = [p.label for p in PRINCIPLES_IN_ORDER]
CODES = ["WS1", "UI1", "PH1", "AP1", "EP1"]


def framework_file(names=None, *, header: str = "", body: dict[int, str] | None = None) -> str:
    """A small valid file: one consideration under each Principle. Principle i starts on line 4 + 4*i.

    `body` replaces the consideration lines (two per Principle) of Principle i."""
    names = NAMES if names is None else names
    lines = [f"format: {FORMAT}", "title: Test framework", *([header] if header else []), "principles:"]
    for i, name in enumerate(names):
        lines.append(f"  - principle: {name}")
        lines.append("    considerations:")
        if body and i in body:
            lines.extend(body[i].splitlines())
        else:
            code = CODES[i] if i < len(CODES) else f"X{i}"
            lines.append(f"      - code: {code}")
            lines.append(f"        text: Consideration {code} is met.")
    return "\n".join(lines) + "\n"


def refusal(text: str) -> FrameworkFileError:
    with pytest.raises(FrameworkFileError) as error:
        parse(text)
    return error.value


# ---- what it reads ---------------------------------------------------------------------------------------


def test_the_shipped_national_file_reads_as_the_five_principles_in_order():
    spec = parse(NATIONAL_FILE.read_text(encoding="utf-8"))
    assert spec.title == "faircase national starter set"
    assert len(spec.considerations) == 33
    principles_seen = list(dict.fromkeys(c.principle for c in spec.considerations))
    assert principles_seen == [p.value for p in PRINCIPLES_IN_ORDER]
    ws7 = next(c for c in spec.considerations if c.code == "WS7")
    assert ws7.review_points == ["restriction", "ad_hoc"]


def test_a_small_valid_file_is_read_with_every_field():
    body = {
        0: "\n".join(
            [
                "      - code: WS1",
                "        text: '  Support is offered.  '",
                "        guidance: Use the trust's wellbeing leaflet.",
                "        review_points: [commencement, closure]",
                "      - code: LOCAL-1",
                "        text: An old question.",
                "        retired: true",
            ]
        )
    }
    spec = parse(framework_file(body=body, header="change_note: Added local guidance"))
    assert spec.change_note == "Added local guidance"
    assert spec.considerations[0] == ConsiderationSpec(
        code="WS1",
        principle="welfare",
        text="Support is offered.",
        guidance="Use the trust's wellbeing leaflet.",
        review_points=["commencement", "closure"],
        retired=False,
    )
    assert spec.considerations[1].retired is True
    assert [c.principle for c in spec.considerations[2:]] == ["understanding", "heard", "process", "equity"]


def test_dump_writes_what_parse_reads():
    spec = parse(NATIONAL_FILE.read_text(encoding="utf-8"))
    spec.considerations[0].guidance = "Local: ring the wellbeing hub: it is open 8am to 6pm."
    spec.considerations[1].retired = True
    text = dump(
        title="Riverside",
        considerations=spec.considerations,
        organisation="riverside",
        version=3,
        based_on="national version 1",
        change_note="Our first adaptation",
    )
    again = parse(text)
    assert again.considerations == spec.considerations
    assert again.title == "Riverside"
    assert again.change_note == "Our first adaptation"


def test_dump_always_lists_all_five_principles_even_without_considerations():
    text = dump(title="Bare", considerations=[])
    for name in NAMES:
        assert f"principle: {name}" in text


# ---- the Principles are fixed ---------------------------------------------------------------------------


def test_a_sixth_principle_is_refused_naming_its_line():
    with pytest.raises(FixedPrincipleError) as error:
        parse(framework_file([*NAMES, "Value for money"]))
    message = str(error.value)
    assert "line 24, field 'principle'" in message
    assert "'Value for money' would add a sixth Principle" in message
    assert FIXED_PRINCIPLES_MESSAGE in message


def test_a_missing_principle_is_refused():
    with pytest.raises(FixedPrincipleError) as error:
        parse(framework_file(NAMES[:4]))
    message = str(error.value)
    assert "line 4, field 'principles'" in message
    assert "'Equity and proportionality' is missing" in message
    assert FIXED_PRINCIPLES_MESSAGE in message


def test_a_missing_principle_in_the_middle_reads_as_out_of_order():
    names = [NAMES[0], NAMES[2], NAMES[3], NAMES[4]]
    with pytest.raises(FixedPrincipleError) as error:
        parse(framework_file(names))
    assert "line 8, field 'principle': 'Ensuring the practitioner is heard' is out of order" in str(
        error.value
    )
    assert "(expected 'Understanding the issues')" in str(error.value)


def test_a_renamed_principle_is_refused_naming_the_line_and_the_principle_it_would_rename():
    names = list(NAMES)
    names[2] = "Hearing the practitioner"
    with pytest.raises(FixedPrincipleError) as error:
        parse(framework_file(names))
    message = str(error.value)
    assert "line 12, field 'principle'" in message
    assert "'Hearing the practitioner' would rename 'Ensuring the practitioner is heard'" in message
    assert FIXED_PRINCIPLES_MESSAGE in message


def test_a_change_of_case_is_a_rename():
    names = list(NAMES)
    names[0] = NAMES[0].upper()
    with pytest.raises(FixedPrincipleError, match="would rename 'Ensuring welfare and support'"):
        parse(framework_file(names))


def test_a_reordered_pair_is_refused_at_the_first_principle_out_of_place():
    names = list(NAMES)
    names[3], names[4] = names[4], names[3]
    with pytest.raises(FixedPrincipleError) as error:
        parse(framework_file(names))
    message = str(error.value)
    assert "line 16, field 'principle'" in message
    assert "'Equity and proportionality' is out of order (expected 'Adherence to process')" in message


def test_no_principles_at_all_is_refused():
    with pytest.raises(FixedPrincipleError, match="'Ensuring welfare and support' is missing"):
        parse(f"format: {FORMAT}\ntitle: Empty\nprinciples: []\n")


def test_the_fixed_principle_error_is_a_value_error_carrying_the_fixed_message():
    error = FixedPrincipleError("line 9, field 'principle': it would rename one.")
    assert isinstance(error, ValueError)
    assert str(error).startswith("line 9, field 'principle'")
    assert str(error).endswith(FIXED_PRINCIPLES_MESSAGE)


# ---- every other fault names its line and field ---------------------------------------------------------


def test_text_that_is_not_yaml_is_refused_with_its_line():
    error = refusal(f"format: {FORMAT}\ntitle: Broken\nprinciples:\n  - principle: [unclosed\n")
    assert "not valid YAML" in error.message
    assert error.line is not None


def test_an_empty_file_is_refused():
    assert refusal("").message == "the file is empty"


def test_a_file_that_is_a_list_is_refused():
    error = refusal("- one\n- two\n")
    assert error.line == 1
    assert "must be a set of 'name: value' fields" in error.message


def test_the_wrong_format_is_refused_with_the_line_and_field():
    error = refusal(framework_file().replace(FORMAT, "something-else/2"))
    assert (error.line, error.field_name) == (1, "format")
    assert str(error).startswith("line 1, field 'format': must be 'faircase-framework/1'")


def test_a_missing_title_is_refused():
    error = refusal(framework_file().replace("title: Test framework\n", ""))
    assert error.field_name == "title"
    assert error.message == "is missing"


def test_an_empty_title_is_refused():
    error = refusal(framework_file().replace("title: Test framework", "title: ''"))
    assert (error.line, error.field_name, error.message) == (2, "title", "must not be empty")


def test_an_unknown_field_is_refused_with_its_line():
    error = refusal(framework_file(header="colour: blue"))
    assert (error.line, error.field_name) == (3, "colour")
    assert "is not a field faircase knows" in error.message


def test_a_field_given_twice_is_refused():
    error = refusal(framework_file(header="title: Again"))
    assert (error.line, error.field_name, error.message) == (3, "title", "appears twice")


def test_principles_that_are_not_a_list_are_refused():
    error = refusal(f"format: {FORMAT}\ntitle: T\nprinciples: five\n")
    assert (error.line, error.field_name) == (3, "principles")


def test_considerations_that_are_not_a_list_are_refused():
    text = framework_file().replace(
        "    considerations:\n      - code: UI1\n        text: Consideration UI1 is met.",
        "    considerations: none",
    )
    error = refusal(text)
    assert (error.line, error.field_name, error.message) == (9, "considerations", "must be a list")


def test_a_principle_without_considerations_is_refused():
    text = framework_file().replace(
        "    considerations:\n      - code: PH1\n        text: Consideration PH1 is met.\n", ""
    )
    error = refusal(text)
    assert (error.line, error.field_name, error.message) == (12, "considerations", "is missing")


@pytest.mark.parametrize("code", ["ws1", "1WS", "WS 1", "W" * 21, "WS_1"])
def test_a_code_that_is_not_like_ws1_is_refused(code):
    error = refusal(framework_file(body={1: f"      - code: '{code}'\n        text: A consideration."}))
    assert (error.line, error.field_name) == (10, "code")
    assert "capital letters and digits" in error.message


def test_a_code_used_twice_is_refused_naming_both_lines():
    error = refusal(framework_file(body={4: "      - code: WS1\n        text: A consideration."}))
    assert (error.line, error.field_name) == (22, "code")
    assert error.message == "'WS1' is used twice (first on line 6)"


def test_a_consideration_without_text_is_refused_at_the_consideration():
    error = refusal(framework_file(body={2: "      - code: PH1"}))
    assert (error.line, error.field_name, error.message) == (14, "text", "is missing")


def test_an_unknown_consideration_field_is_refused():
    error = refusal(framework_file(body={0: "      - code: WS1\n        text: T\n        owner: Someone"}))
    assert (error.line, error.field_name) == (8, "owner")


def test_an_unknown_review_point_is_refused_at_its_line():
    body = {
        0: "      - code: WS1\n        text: T\n        review_points:\n          - commencement\n          - lunch"
    }
    error = refusal(framework_file(body=body))
    assert (error.line, error.field_name) == (10, "review_points")
    assert "'lunch' is not a review point" in error.message


def test_review_points_that_are_not_a_list_are_refused():
    error = refusal(
        framework_file(body={0: "      - code: WS1\n        text: T\n        review_points: closure"})
    )
    assert (error.line, error.field_name, error.message) == (8, "review_points", "must be a list")


def test_retired_must_be_true_or_false():
    error = refusal(framework_file(body={0: "      - code: WS1\n        text: T\n        retired: perhaps"}))
    assert (error.line, error.field_name, error.message) == (8, "retired", "must be true or false")


def test_a_file_with_every_consideration_retired_is_refused():
    text = framework_file().replace("is met.", "is met.\n        retired: true")
    error = refusal(text)
    assert error.field_name == "considerations"
    assert "at least one consideration must be in use" in error.message


@pytest.mark.parametrize(
    "text",
    [framework_file().replace("title: Test framework", "? [title]\n: Test framework"), "a: " + "[" * 20_000],
    ids=["a complex key", "lists nested 20,000 deep"],
)
def test_a_file_that_cannot_be_read_is_refused_as_unreadable_not_a_crash(text):
    with pytest.raises(UnreadableFile, match=r"^The file could not be read: "):
        parse(text)
