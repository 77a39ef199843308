"""Reading files that come from outside (uploads and command-line imports) within limits.

A file someone gives us may be damaged, or built to crash or exhaust the server: a YAML key that is itself a
list, lists nested deeper than Python can recurse, an XML entity that expands a billion times, a zip member
that inflates a thousand-fold. Each is refused with a message for the person who gave the file
(`UnreadableFile`), before anything is saved and before the file is expanded in memory. YAML is read here;
CSV and XLSX in faircase.core.spreadsheets. The limits are settings (`FAIRCASE_YAML_*`, `FAIRCASE_IMPORT_*`,
`FAIRCASE_XLSX_*`, defaults in faircase/config/settings/base.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

UNREADABLE = gettext_lazy("The file could not be read")


class UnreadableFile(ValueError):
    """A file refused before or while it was read, changing nothing. The message says what is wrong and what
    to do, in words for the person who gave the file, in the language in use when it is raised: `reason` a
    clause ("it is larger than 10 MB") and `advice` a sentence without its full stop, both translated."""

    def __init__(self, reason: str, advice: str):
        self.reason = str(reason)
        self.advice = str(advice)
        super().__init__(
            _("The file could not be read: %(reason)s. %(advice)s")
            % {"reason": self.reason, "advice": self.advice}
        )


def size_text(size: int) -> str:
    """512 KB, 10 MB: how a limit is named in a message."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale, 1):,g} {unit}"
    return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": f"{size:,}"}


def setting(name: str) -> int:
    """A limit from the settings (defaults in faircase/config/settings/base.py)."""
    return int(getattr(settings, name))


# ---- YAML ----------------------------------------------------------------------------------------------------

_YAML_ADVICE = gettext_lazy("Start from a file exported from faircase and change only the values in it")


def yaml_max_bytes() -> int:
    return setting("FAIRCASE_YAML_MAX_BYTES")


def read_text_file(path: Path, *, max_bytes: int) -> str:
    """A UTF-8 text file, refused unread when it is larger than `max_bytes`. Raises UnreadableFile, and the
    OSError or UnicodeDecodeError of a file that is missing or not UTF-8 for the caller to word."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data.decode("utf-8-sig")


def _too_large(max_bytes: int) -> UnreadableFile:
    return UnreadableFile(
        _("it is larger than %(size)s") % {"size": size_text(max_bytes)},
        _("Check it is the right file: a faircase file is far smaller"),
    )


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML document, for a reader that checks each node and names its line. Bounded: the
    text may be at most FAIRCASE_YAML_MAX_BYTES, nested at most FAIRCASE_YAML_MAX_DEPTH deep, and every key
    must be a plain value (not a list or a set of fields). Raises UnreadableFile for those, and yaml.YAMLError
    for text that is not YAML. Nothing is constructed from the nodes, so no tag can run code."""
    max_bytes = yaml_max_bytes()
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        raise _too_large(max_bytes)
    loader = _BoundedLoader(text, max_depth=setting("FAIRCASE_YAML_MAX_DEPTH"))
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's composer builds the tree recursively, and keys that are lists or mappings become nodes no reader
    of ours can hold in a dict. Both are refused as they are met, before the node is built."""

    def __init__(self, stream: str, *, max_depth: int):
        super().__init__(stream)
        self._max_depth = max_depth
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # The composer asks for a mapping's key with index None and for its value with the key node.
        is_key = isinstance(parent, yaml.MappingNode) and index is None
        if is_key and not self.check_event(yaml.ScalarEvent, yaml.AliasEvent):
            raise _complex_key(self.peek_event().start_mark)
        if self._depth >= self._max_depth:
            line = self.peek_event().start_mark.line + 1
            raise UnreadableFile(
                _("from line %(line)s its lists and fields are nested more than %(depth)s deep")
                % {"line": line, "depth": self._max_depth},
                _YAML_ADVICE,
            )
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if is_key and not isinstance(node, yaml.ScalarNode):  # an alias to a list or mapping
            raise _complex_key(node.start_mark)
        return node


def _complex_key(mark: yaml.Mark) -> UnreadableFile:
    return UnreadableFile(
        _("line %(line)s has a list or a set of fields where the name of a field should be")
        % {"line": mark.line + 1},
        _("Write each field as its name, a colon and its value, for example 'title: Our framework'"),
    )
