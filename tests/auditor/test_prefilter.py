"""The prefilter says a file mentions a token exactly when one of the tokens is in it.

It is a trie-shaped regular expression for speed; these tests hold it to the
plain definition (`any(token in data)`), so it can never drop a file that
mentions a vendor.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.auditor.prefilter import compile_tokens, mentions, vendor_pattern, vendor_tokens

_alphabet = st.sampled_from(["a", "b", "o", "p", ".", "-", "(", "*", "\\", "é"])
_tokens = st.lists(st.text(_alphabet, min_size=1, max_size=6), max_size=12)


@given(_tokens, st.text(_alphabet, max_size=60))
def test_compiled_tokens_match_exactly_when_a_token_is_in_the_data(
    tokens: list[str], text: str
) -> None:
    data = text.encode()
    expected = any(token.encode() in data for token in tokens)
    assert mentions(compile_tokens(tokens), data) is expected


CATALOGUE_TOKENS = sorted(vendor_tokens(default_catalogue()))
VENDOR = vendor_pattern(default_catalogue())


@pytest.mark.parametrize("token", CATALOGUE_TOKENS)
def test_every_catalogue_token_makes_a_file_a_candidate(token: str) -> None:
    data = f"x = 1\n# {token}\n".encode()
    assert mentions(VENDOR, data)


def test_a_file_without_any_token_is_skipped() -> None:
    assert not mentions(VENDOR, b"def add(x, y):\n    return x + y\n")


def test_no_tokens_match_nothing() -> None:
    assert not mentions(compile_tokens([]), b"anything at all")
