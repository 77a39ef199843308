"""YAML from outside is composed within limits: size, depth, and keys that are plain names. Each refusal is an
UnreadableFile naming the line, raised before the offending node is built."""

import pytest
import yaml

from faircase.core.readers import UnreadableFile, compose_yaml, read_text_file


def test_a_plain_document_composes_to_nodes():
    root = compose_yaml("title: Riverside\nprinciples:\n  - principle: Welfare\n")
    assert isinstance(root, yaml.MappingNode)
    assert [key.value for key, _value in root.value] == ["title", "principles"]


def test_a_key_that_is_a_list_is_refused_with_its_line():
    with pytest.raises(UnreadableFile, match=r"line 2 has a list or a set of fields where the name"):
        compose_yaml("title: T\n? [a, b]\n: c\n")


def test_a_key_that_is_a_set_of_fields_is_refused():
    with pytest.raises(UnreadableFile, match=r"line 1 has a list or a set of fields"):
        compose_yaml("{a: 1}: c\n")


def test_an_alias_key_that_points_at_a_list_is_refused():
    with pytest.raises(UnreadableFile, match=r"has a list or a set of fields"):
        compose_yaml("codes: &codes [WS1, WS2]\n? *codes\n: c\n")


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 20_000 + "]" * 20_000, "- " * 20_000 + "x", "a: " + "{b: " * 20_000 + "1" + "}" * 20_000],
    ids=["flow lists", "block lists", "flow mappings"],
)
def test_nesting_20000_deep_is_refused_instead_of_exhausting_the_stack(text):
    with pytest.raises(
        UnreadableFile, match=r"from line 1 its lists and fields are nested more than 20 deep"
    ):
        compose_yaml(text)


def test_nesting_up_to_the_limit_is_read_and_one_more_is_refused(settings):
    settings.FAIRCASE_YAML_MAX_DEPTH = 5
    assert compose_yaml("a: [[[1]]]") is not None  # mapping, list, list, list, scalar: 5 deep
    with pytest.raises(UnreadableFile, match=r"nested more than 5 deep"):
        compose_yaml("a: [[[[1]]]]")


def test_a_document_larger_than_the_limit_is_refused_before_it_is_parsed(settings):
    settings.FAIRCASE_YAML_MAX_BYTES = 1024
    compose_yaml("a: " + "x" * 1000)
    with pytest.raises(UnreadableFile, match=r"it is larger than 1 KB"):
        compose_yaml("a: " + "\u00e9" * 600)  # 600 characters, 1,200 bytes


def test_text_that_is_not_yaml_is_still_a_yaml_error_for_the_reader_to_word():
    with pytest.raises(yaml.YAMLError):
        compose_yaml("format: [unclosed")


def test_a_file_is_read_only_up_to_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 4093)
    assert read_text_file(path, max_bytes=4096).startswith("a: x")
    path.write_bytes(b"a: " + b"x" * 4094)
    with pytest.raises(UnreadableFile, match=r"^The file could not be read: it is larger than 4 KB\. Check"):
        read_text_file(path, max_bytes=4096)
