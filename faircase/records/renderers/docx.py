"""The record as a Word document, with python-docx: the same headings, summary tables, the answers across
reviews (one table per Principle, a column per review), each review's notes and follow-ups, and the integrity
footer, as the web page and the PDF, for case files kept in Word."""

import io
from collections.abc import Callable, Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from faircase.records.presenters import REVIEWS_PER_TABLE, RecordDocument, Row

FONT = "Arial"
GREY = RGBColor(0x4C, 0x62, 0x72)
USABLE_WIDTH_CM = 21.0 - 2 * 1.8


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run = paragraph.add_run()
        run._r.append(element)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _fill(cell, text: str, *, bold: bool = False, size: float | None = None, empty: str = "") -> None:
    lines = _lines(text) or ([empty] if empty else [""])
    cell.text = ""
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _caption(document, text: str) -> None:
    """The caption of the table that follows: a paragraph in Word's Caption style, which a reader sees."""
    document.add_paragraph(text, style="Caption")


def _table_title(table, text: str) -> None:
    """The table's alternative-text title (w:tblCaption), which a screen reader announces on entering it. It is
    the last child of the table's properties in the schema's order, so it is set once the table is built."""
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), text)
    table._tbl.tblPr.append(title)


def _british_english(document, tag: str = "en-GB") -> None:
    """Every run's language: British English (python-docx's template says en-US), so screen readers speak it
    with a British voice and Word's spelling checker accepts "organisation"; Welsh ("cy-GB") for a record whose
    first language is Welsh."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), tag)
    for element in document.styles.element.iter(qn("w:lang")):
        if element.get(qn("w:val")) == "en-US":
            element.set(qn("w:val"), tag)
    for element in document.settings.element.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), tag)
    document.core_properties.language = tag


def _word_language(code: str) -> str:
    return "cy-GB" if code == "cy" else "en-GB"


def _mark_language(document, before: int, code: str) -> None:
    """Mark with its language every run of what was written since the body held `before` elements, so that in a
    bilingual record a screen reader speaks the English half in English and Word checks each half's spelling in
    its own language (WCAG 3.1.2, language of parts); the document's default is the record's first language."""
    tag = _word_language(code)
    body = list(document.element.body)
    # python-docx adds before the closing section properties, which stay last.
    written = body[before - 1 : -1] if body and body[-1].tag == qn("w:sectPr") else body[before:]
    for element in written:
        for run in element.iter(qn("w:r")):
            properties = run.get_or_add_rPr()
            language = properties.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                properties.append(language)
            language.set(qn("w:val"), tag)


def _widths(table, widths_cm: Iterable[float]) -> None:
    widths = [Cm(w) for w in widths_cm]
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _summary_table(document, rows: Iterable[Row], caption: str) -> None:
    rows = list(rows)
    _caption(document, caption)
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row, item in zip(table.rows, rows, strict=True):
        _fill(row.cells[0], item.label, bold=True)
        _fill(row.cells[1], item.value, empty=_("Not recorded"))
    _widths(table, [5.4, USABLE_WIDTH_CM - 5.4])
    _table_title(table, caption)
    document.add_paragraph()


def _entries(document, title: str, entries, empty: str) -> None:
    """A section of the record made of headed entries, each with its labelled values, or a sentence if none."""
    document.add_heading(title, level=2)
    for entry in entries:
        document.add_heading(entry.heading, level=3)
        _summary_table(document, entry.rows, entry.heading)
    if not entries:
        document.add_paragraph(empty)


def _grid(
    document, caption: str, head: list[str], body: list[list[str]], widths: list[float], *, size: float = 9
):
    _caption(document, caption)
    table = document.add_table(rows=1 + len(body), cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _fill(cell, text, bold=True, size=size)
    _repeat_header(table.rows[0])
    for row, values in zip(table.rows[1:], body, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _fill(cell, text, size=size)
    _widths(table, widths)
    _table_title(table, caption)
    document.add_paragraph()
    return table


ANSWER_COLOURS = {
    "yes": RGBColor(0x00, 0x5A, 0x30),
    "no": RGBColor(0x8A, 0x15, 0x38),
    "unknown": RGBColor(0x6B, 0x3A, 0x00),
    "not_applicable": GREY,
    "not_asked": GREY,
    "not_answered": GREY,
}


def _colour(cell, answer_code: str) -> None:
    """Colour an answer as on the web page and in the PDF; No and Unknown in bold as well."""
    colour = ANSWER_COLOURS.get(answer_code)
    if colour is None:
        return
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run.font.color.rgb = colour
        run.bold = answer_code in ("no", "unknown")


def _answers_across_reviews(document, record: RecordDocument) -> None:
    document.add_heading(_("Answers across reviews"), level=2)
    if not record.answers:
        document.add_paragraph(_("No framework review has been taken on this case yet."))
        return
    key = document.add_paragraph(record.answer_key)
    key.runs[0].font.size = Pt(9)
    for principle in record.answers:
        document.add_heading(principle.heading, level=3)
        for answers in principle.tables:
            if not answers.rows:
                document.add_paragraph(
                    _("No considerations under this Principle were asked at %(scope)s.")
                    % {"scope": answers.scope}
                )
                continue
            head = [_("Consideration")] + [
                f"{column.heading}\n{column.review_point}\n{column.date}" for column in answers.columns
            ]
            body = []
            for row in answers.rows:
                consideration = f"{row.code} {row.consideration}"
                if row.guidance:
                    consideration += "\n" + _("Local guidance: %(guidance)s") % {"guidance": row.guidance}
                body.append(
                    [consideration]
                    + [
                        cell.answer
                        + (f"\n{cell.marker}" if cell.marker else "")
                        + (
                            "\n" + _("wording note %(number)s") % {"number": cell.wording_note}
                            if cell.wording_note
                            else ""
                        )
                        for cell in row.cells
                    ]
                )
            # The same column widths in every table, however many reviews it holds.
            first = 7.4
            rest = (USABLE_WIDTH_CM - first) / REVIEWS_PER_TABLE
            table = _grid(document, answers.caption, head, body, [first] + [rest] * len(answers.columns))
            for table_row, row in zip(table.rows[1:], answers.rows, strict=True):
                for cell, answer in zip(table_row.cells[1:], row.cells, strict=True):
                    _colour(cell, answer.answer_code)
        for note in principle.wording_notes:
            paragraph = document.add_paragraph(
                _("Wording note %(number)s: %(sentence)s")
                % {"number": note.number, "sentence": note.sentence}
            )
            paragraph.runs[0].font.size = Pt(9)


def _page_setup(document, record: RecordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = section.bottom_margin = Cm(2.2)

    header = section.header.paragraphs[0]
    header.text = " / ".join(
        _in(
            code,
            lambda: (
                _("Case %(reference)s: framework record. Disclosable record.")
                % {"reference": record.reference}
            ),
        )
        for code in record.languages
    )
    header.runs[0].font.size = Pt(9)
    header.runs[0].font.color.rgb = GREY

    footer = section.footer.paragraphs[0]
    run = footer.add_run(record.footer.text)
    run.font.size = Pt(7.5)
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    numbers.add_run(pgettext("Page 2 of 6", "Page "))
    _field(numbers, "PAGE")
    numbers.add_run(pgettext("Page 2 of 6", " of "))
    _field(numbers, "NUMPAGES")

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)

    properties = document.core_properties
    properties.title = record.title
    properties.subject = _("Fairness and Proportionality framework record")
    properties.author = record.case.organisation
    properties.last_modified_by = "faircase"
    properties.comments = _("Integrity hash (%(algorithm)s): %(sha256)s") % {
        "algorithm": record.footer.algorithm,
        "sha256": record.footer.sha256,
    }
    properties.keywords = record.reference


def _in(code: str, say: Callable[[], str]) -> str:
    with translation.override(code):
        return str(say())


def _case_summary(document, record: RecordDocument) -> None:
    document.add_heading(_("Case summary"), level=2)
    if record.case.summary:
        for line in _lines(record.case.summary):
            document.add_paragraph(line)
    _summary_table(document, record.case.details, _("Case details"))
    document.add_heading(_("Practitioner"), level=3)
    _summary_table(document, record.case.practitioner, _("Practitioner"))
    document.add_heading(_("Concerns"), level=3)
    for concern in record.case.concerns:
        heading = _("Concern %(number)s: %(category)s") % {
            "number": concern.number,
            "category": concern.category,
        }
        document.add_heading(heading, level=4)
        _summary_table(document, concern.rows, heading)
    document.add_heading(_("People named on the case"), level=3)
    if record.case.people:
        _grid(
            document,
            record.people_caption,
            [_("Role"), _("Name"), _("Named on")],
            [[p.role, p.name, p.named_on] for p in record.case.people],
            [5.0, 7.4, 5.0],
            size=10,
        )
    else:
        document.add_paragraph(_("Nobody is named on the case."))


def _framework_versions(document, record: RecordDocument) -> None:
    document.add_heading(
        _("Framework version") if len(record.frameworks) == 1 else _("Framework versions"), level=2
    )
    for version in record.frameworks:
        document.add_heading(version.label, level=3)
        document.add_paragraph(version.adaptation_summary)
        _summary_table(document, version.rows, version.label)
        if version.changes:
            _grid(
                document,
                record.changes_caption,
                [_("Change"), _("Code"), _("Principle"), _("Consideration")],
                [
                    [c.kind, c.code, c.principle, "\n".join(filter(None, [c.text, c.detail]))]
                    for c in version.changes
                ],
                [3.6, 1.6, 3.6, USABLE_WIDTH_CM - 8.8],
            )
    if not record.frameworks:
        document.add_paragraph(_("No framework review has been taken on this case yet."))


def _framework_reviews(document, record: RecordDocument) -> None:
    document.add_heading(_("Framework reviews"), level=2)
    for review in record.reviews:
        document.add_heading(review.heading, level=3)
        _summary_table(document, review.rows, review.heading)
        if not review.noted_answers:
            document.add_paragraph(_("No answer at this review has a note or a follow-up."))
            continue
        table = _grid(
            document,
            record.noted_answers_caption(review.number),
            [_("Code"), _("Answer"), _("Note"), _("Follow-up"), _("Answered")],
            [
                [item.code, item.answer, item.note or _("No note"), item.follow_up_text, item.answered]
                for item in review.noted_answers
            ],
            [1.6, 2.4, 7.0, 2.0, USABLE_WIDTH_CM - 13.0],
        )
        for row, item in zip(table.rows[1:], review.noted_answers, strict=True):
            _colour(row.cells[1], item.answer_code)
    if not record.reviews:
        document.add_paragraph(_("No framework review has been taken on this case yet."))


def _follow_ups(document, record: RecordDocument) -> None:
    _entries(document, _("Follow-ups"), record.follow_ups, _("No answer has needed a follow-up."))


def _practitioner_voice(document, record: RecordDocument) -> None:
    _entries(
        document,
        _("What the practitioner told the case team"),
        record.practitioner_submissions,
        _("The practitioner has not sent anything through their account."),
    )


def _second_looks(document, record: RecordDocument) -> None:
    _entries(
        document, _("Blind second looks"), record.second_looks, _("No blind second look has been asked for.")
    )


def _stage_moves(document, record: RecordDocument) -> None:
    _entries(document, _("Stage moves"), record.stage_moves, _("The case has not moved stage yet."))


def _other_section(key: str) -> Callable[[object, RecordDocument], None]:
    def write(document, record: RecordDocument) -> None:
        section = record.section(key)
        _entries(document, section.title, section.entries, section.empty)

    return write


def _integrity(document, record: RecordDocument, footer) -> None:
    document.add_heading(_("Integrity"), level=2)
    document.add_paragraph(
        _("Integrity hash (%(algorithm)s): %(sha256)s")
        % {"algorithm": footer.algorithm, "sha256": footer.sha256}
    )
    document.add_paragraph(
        _("Generated %(when)s by %(who)s.") % {"when": footer.generated_at, "who": footer.generated_by}
    )
    document.add_paragraph(footer.produced_in)
    document.add_paragraph(footer.audit_checkpoint)
    explanation = document.add_paragraph(footer.explanation)
    explanation.runs[0].font.size = Pt(8.5)


def _sections(record: RecordDocument) -> list[Callable[[object, RecordDocument], None]]:
    """The record's sections in order; a bilingual record gives each in Welsh, then in English (ADR 43)."""
    return [
        _case_summary,
        _framework_versions,
        _answers_across_reviews,
        _framework_reviews,
        _follow_ups,
        _practitioner_voice,
        _second_looks,
        _stage_moves,
        *(_other_section(section.key) for section in record.sections),
        lambda document, part: _integrity(document, part, record.footer),
    ]


def render_docx(record: RecordDocument) -> bytes:
    document = Document()
    with translation.override(record.language):
        _page_setup(document, record)
    _british_english(document, _word_language(record.language))

    caption = document.add_paragraph(record.case.organisation)
    caption.runs[0].font.color.rgb = GREY
    document.add_heading(record.title, level=1)
    for part in record.companions:
        document.add_paragraph(part.title).runs[0].font.color.rgb = GREY

    bilingual = len(record.parts) > 1
    for write in _sections(record):
        for part in record.parts:
            before = len(document.element.body)
            with translation.override(part.language):
                write(document, part)
            if bilingual:
                _mark_language(document, before, part.language)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
