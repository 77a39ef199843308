"""The redactor: what it takes out of free text, what it leaves, and that the practitioner's name never survives."""

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from faircase.second_look.redaction import MARKER_RE, Redactor, name_parts, word_lists

PROPERTIES = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def redactor():
    return Redactor(
        practitioner_names=["Dr Adaeze O'Neill-Okafor"],
        other_names=["Casey Manager", "Rose Bishop"],
        registration_numbers=["7012345"],
    )


def redact(redactor, text):
    return redactor.redact(text).text


# ---- names ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Okafor was late.",
        "okafor was late.",
        "OKAFOR was late.",
        "The notes were Okafor's.",
        "The notes were Okafor\u2019s.",
        "Seen by O'Neill-Okafor yesterday.",
        "Seen by O\u2019Neill-Okafor yesterday.",
        "O'Neill's rota.",
        "Adaeze said so.",
        "(Okafor)",
        "okafor@example.test wrote",
    ],
)
def test_the_practitioners_names_are_removed_with_their_possessives(redactor, text):
    result = redact(redactor, text)
    assert "[removed: " in result
    for part in ("Okafor", "Adaeze", "Neill"):
        assert not re.search(rf"(?<!\w){part}(?!\w)", MARKER_RE.sub(" ", result), re.IGNORECASE), result
    assert "'s" not in result and "\u2019s" not in result


def test_a_possessive_is_taken_with_the_name_not_left_behind(redactor):
    assert (
        redact(redactor, "Okafor's notes and the Jones' house")
        == "[removed: name] notes and the Jones' house"
    )


def test_initials_before_a_name_go_with_it(redactor):
    assert redact(redactor, "Reviewed by A. Okafor and by A O'Neill-Okafor.") == (
        "Reviewed by [removed: name] and by [removed: name]."
    )


def test_a_name_without_its_accents_is_removed_too():
    redactor = Redactor(practitioner_names=["Zoë Brontë"])
    assert redact(redactor, "Zoe Bronte and Zoë Brontë") == (
        "[removed: name] [removed: name] and [removed: name] [removed: name]"
    )


def test_other_people_on_the_case_are_removed_only_where_written_with_a_capital(redactor):
    assert redact(redactor, "Rose Bishop saw it; the patient rose early and the bishop visited.") == (
        "[removed: name] [removed: name] saw it; the patient rose early and the bishop visited."
    )


def test_name_parts_leave_out_titles_and_single_letters():
    assert name_parts("Dr Adaeze J O'Neill-Okafor") == [
        "Adaeze",
        "O'Neill-Okafor",
        "O'Neill",
        "Okafor",
        "Neill",
    ]


# ---- titles -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Okafor arrived", "[removed: title] [removed: name] arrived"),
        ("Mrs. Jones complained", "[removed: title] Jones complained"),
        (
            "Mx Lee, Ms Shah, Miss Patel, Mr Evans, Prof Green, Professor Wood, Sir Ian, Dame Jo",
            "[removed: title] Lee, [removed: title] Shah, [removed: title] Patel, [removed: title] Evans, "
            "[removed: title] Green, [removed: title] Wood, [removed: title] Ian, [removed: title] Jo",
        ),
        ("She did not miss a dose.", "They did not miss a dose."),
        ("The professor of surgery agreed.", "The professor of surgery agreed."),
        ("dr okafor", "dr [removed: name]"),
        ("Dr okafor", "[removed: title] [removed: name]"),
    ],
)
def test_titles_are_removed_before_a_name_only(redactor, text, expected):
    assert redact(redactor, text) == expected


# ---- pronouns ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was late and she was early.", "They were late and they were early."),
        (
            "He is tired. She has left. He does not agree. She isn't here. He wasn't told.",
            "They are tired. They have left. They do not agree. They aren't here. They weren't told.",
        ),
        (
            "She's been warned. He's late. She'll call. He'd agreed.",
            "They've been warned. They're late. They'll call. They'd agreed.",
        ),
        (
            "We told him. He hurt himself. She blamed herself.",
            "We told them. They hurt themself. They blamed themself.",
        ),
        ("Her notes were late.", "Their notes were late."),
        ("We told her that the notes were late.", "We told them that the notes were late."),
        ("We gave her the results.", "We gave them the results."),
        ("We thanked her.", "We thanked them."),
        ("We asked her twice", "We asked them twice"),
        ("His rota changed; the choice was his.", "Their rota changed; the choice was theirs."),
        ("The pen is his and the bag is hers.", "The pen is theirs and the bag is theirs."),
        ("HE SAID NO", "THEY SAID NO"),
    ],
)
def test_gendered_pronouns_become_neutral_by_the_documented_rule(redactor, text, expected):
    assert redact(redactor, text) == expected


def test_her_before_a_removed_word_is_possessive(redactor):
    assert redact(redactor, "her Nigerian colleague") == "their [removed: nationality] colleague"


@pytest.mark.parametrize(
    "text",
    [
        "The sheet was there, with the herbal remedy.",
        "Where is the theme? Hence the shepherd's hearth. Hershey, Herbert, heroic, ethereal, otherwise.",
        "The manager, a human, asked the mannequin's maker. Thesis, Sheffield, whales, sonographer, mentor.",
        "A white cell count and black stools. The brown envelope. We polish the instruments. A turkey sandwich.",
        "The usual ultrasound. She-oak, usher, ushered, Daniel, Damien, dadaism, bromance, Ireland-born?",
    ],
)
def test_no_false_positives_inside_words(redactor, text):
    result = redact(redactor, text)
    kept = [w for w in re.findall(r"\w+", text) if w.lower() not in {"she", "ireland"}]
    for word in kept:
        assert re.search(rf"(?<!\w){word}(?!\w)", result), (word, result)


# ---- ages -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "aged 67",
        "Aged 67",
        "age: 67",
        "aged over 65",
        "a 67-year-old",
        "67 years old",
        "67 year old",
        "67yr old",
        "67 years of age",
        "67 yo",
        "aged sixty-seven",
        "in his sixties",
        "in her late 50s",
        "in their early seventies",
        "date of birth 3 May 1958",
        "DOB: 03/05/1958",
        "born in 1958",
    ],
)
def test_ages_are_removed(redactor, text):
    result = redact(redactor, f"The practitioner, {text}, was late.")
    assert "[removed: age]" in result, result
    assert not re.search(r"\d|sixty|seventies|fifties", MARKER_RE.sub("", result)), result


def test_durations_and_other_numbers_are_kept(redactor):
    text = "Worked here for 12 years; 3 incidents in 2024; a 10-year plan; the 1990s; page 67; stage 2."
    assert redact(redactor, text) == text


# ---- ethnicity, nationality, countries, place of qualification --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a Nigerian doctor", "a [removed: nationality] doctor"),
        ("two Nigerians", "two [removed: nationality]"),
        ("qualified in Nigeria", "qualified in [removed: country]"),
        ("trained in the United States of America", "trained in the [removed: country]"),
        ("from Sierra Leone", "from [removed: country]"),
        ("Nigeria's licensing body", "[removed: country] licensing body"),
        ("a Black British nurse", "a [removed: ethnicity] nurse"),
        ("a black man", "a [removed: ethnicity] [removed: gendered word]"),
        ("White Irish", "[removed: ethnicity]"),
        ("mixed-race and mixed race", "[removed: ethnicity] and [removed: ethnicity]"),
        ("an Asian consultant", "an [removed: ethnicity] consultant"),
        ("BAME staff", "[removed: ethnicity] staff"),
        (
            "an international medical graduate (IMG)",
            "an [removed: place of qualification] ([removed: place of qualification])",
        ),
        ("overseas-trained", "[removed: place of qualification]"),
        ("passed PLAB", "passed [removed: place of qualification]"),
        ("Polish and Turkish colleagues", "[removed: nationality] and [removed: nationality] colleagues"),
        ("poor English", "poor [removed: nationality]"),
        ("in Wales and Scotland", "in [removed: country] and [removed: country]"),
    ],
)
def test_identity_words_are_removed(redactor, text, expected):
    assert redact(redactor, text) == expected


def test_nhs_bodies_keep_their_names(redactor):
    text = "NHS England and the General Medical Council were told; the British Medical Association attended."
    assert redact(redactor, text) == text


def test_a_kept_phrase_still_loses_the_practitioners_name():
    redactor = Redactor(practitioner_names=["Jo England"])
    assert redact(redactor, "NHS England") == "NHS [removed: name]"


# ---- gendered words ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a woman and two men", "a [removed: gendered word] and two [removed: gendered word]"),
        ("the gentleman's wife", "the [removed: gendered word] [removed: gendered word]"),
        ("a female patient", "a [removed: gendered word] patient"),
        (
            "on maternity leave while pregnant",
            "on [removed: pregnancy or maternity] while [removed: pregnancy or maternity]",
        ),
    ],
)
def test_gendered_words_are_removed(redactor, text, expected):
    assert redact(redactor, text) == expected


# ---- numbers and emails -----------------------------------------------------------------------------------------


def test_registration_numbers_and_emails_are_removed(redactor):
    text = "GMC 7012345; registration 7012345; GDC number 81234; write to a.person@trust.example.test"
    assert redact(redactor, text) == (
        "[removed: registration number]; registration [removed: registration number]; "
        "[removed: registration number]; write to [removed: email address]"
    )


# ---- markers, counts, warnings, re-checking ---------------------------------------------------------------------


def test_counts_say_what_was_done(redactor):
    result = redactor.redact("Dr Okafor said she was 67 years old.")
    assert result.counts == {"name": 1, "title": 1, "pronoun": 1, "age": 1}
    assert result.removed == 3


def test_an_edit_keeps_markers_and_is_checked_again(redactor):
    first = redact(redactor, "Dr Okafor, aged 67, said she was tired.")
    edited = first + " Okafor added that her manager knew."
    assert redact(redactor, edited) == (
        "[removed: title] [removed: name], [removed: age], said they were tired. "
        "[removed: name] added that their manager knew."
    )


def test_a_marker_typed_by_hand_for_an_unknown_kind_is_ordinary_text(redactor):
    assert redact(redactor, "[removed: Smith]") == "[removed: Smith]"


def test_near_misses_of_the_name_are_warned_about_not_removed(redactor):
    result = redactor.redact("Okaforr arrived; the Okafors left; Okaforvic called.")
    assert "Okaforr arrived" in result.text
    assert len(result.warnings) == 3
    assert all("Okafor" in warning for warning in result.warnings)


def test_no_warnings_for_a_clean_summary(redactor):
    assert redactor.redact("The discharge summary omitted a dose change.").warnings == ()


def test_the_word_lists_load_and_hold_only_words():
    lists = word_lists()
    for key in (
        "ethnicity",
        "nationality",
        "countries",
        "qualification",
        "gendered_words",
        "titles",
        "words_after_an_object",
        "keep_phrases",
        "case_sensitive",
        "colour_words",
        "person_words",
    ):
        assert lists[key], key
        assert all(isinstance(term, str) and term.strip() for term in lists[key]), key
    assert {"Nigerian", "Pakistani", "Indian", "Polish", "British"} <= set(lists["nationality"])
    assert {"Nigeria", "India", "Pakistan", "United Kingdom", "Wales"} <= set(lists["countries"])
    assert {"Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor", "Sir", "Dame"} <= set(lists["titles"])


# ---- properties -------------------------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëöñ"
name_word = st.text(alphabet=LETTERS, min_size=2, max_size=10)
joined_word = st.tuples(name_word, st.sampled_from(["-", "'", "\u2019"]), name_word).map("".join)
names = st.lists(st.one_of(name_word, joined_word), min_size=1, max_size=3)
fillers = st.sampled_from(
    [
        "",
        " ",
        ", ",
        ". ",
        " said ",
        " (",
        ") ",
        "'s ",
        "\u2019s ",
        "' ",
        ": ",
        " and ",
        "-led ",
        " he ",
        " her ",
        "\n",
    ]
)
spellings = st.sampled_from([str, str.lower, str.upper, str.title])


def _parts(words):
    for word in words:
        yield word
        for piece in re.split(r"[-'\u2019]", word):
            if len(piece) >= 2:
                yield piece


@PROPERTIES
@given(words=names, data=st.data())
@example(words=["He", "Her"], data=None)
@example(words=["Name", "Removed"], data=None)
def test_the_practitioners_names_never_survive(words, data):
    titles = set(word_lists()["titles"])
    assume(not any(w in titles or w.rstrip(".") in titles for w in words))
    redactor = Redactor(practitioner_names=[" ".join(words)])
    if data is None:
        text = " ".join(f"{w} {w.lower()}'s [removed: name] {w.upper()}" for w in words)
    else:
        pieces = data.draw(
            st.lists(st.tuples(st.sampled_from(words), spellings, fillers), min_size=1, max_size=12)
        )
        text = "".join(spell(word) + filler for word, spell, filler in pieces)
    result = MARKER_RE.sub(" ", redactor.redact(text).text)
    for part in _parts(words):
        assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", result, re.IGNORECASE), (part, text, result)


free_text = st.lists(
    st.sampled_from(
        [
            *"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,'\u2019-\n0123456789",
            "he ",
            "she ",
            "her ",
            "his ",
            "him",
            "Dr ",
            "Mrs ",
            "aged ",
            "years old",
            "Nigerian",
            "Nigeria",
            "woman",
            "black ",
            "man",
            "Okafor",
            "A. ",
            "[removed: name]",
            "NHS England",
            "is ",
            "was ",
        ]
    ),
    max_size=60,
).map("".join)


@PROPERTIES
@given(text=free_text)
def test_redacting_twice_changes_nothing_more(text):
    redactor = Redactor(practitioner_names=["Adaeze Okafor"], other_names=["Rose Bishop"])
    once = redactor.redact(text).text
    assert redactor.redact(once).text == once
