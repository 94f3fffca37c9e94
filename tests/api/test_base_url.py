"""A base URL carries no credential, and says what is wrong without repeating it."""

from __future__ import annotations

import pytest

from boolky_sync.api import BoolkyClient
from boolky_sync.api.base_url import base_url_problem
from boolky_sync.errors import InputError
from boolky_sync.option_rules import OptionError
from boolky_sync.pipeline.config import Target

SECRET = "k3y-9f8e7d"


@pytest.mark.parametrize(
    ("url", "what"),
    [
        (f"https://{SECRET}@api.boolky.net", "carries a user name or password"),
        (f"https://me:{SECRET}@api.boolky.net/v1", "carries a user name or password"),
        (f"me:{SECRET}@api.boolky.net", "carries a user name or password"),
        (f"https://api.boolky.net/?api_key={SECRET}", "carries a query (?...)"),
        (f"https://api.boolky.net?{SECRET}", "carries a query (?...)"),
        ("https://api.boolky.net/?", "carries a query (?...)"),
        (f"https://api.boolky.net#{SECRET}", "carries a fragment (#...)"),
        (f"https://api.boolky.net/{SECRET}\r", "holds a space or a control character"),
        ("api.boolky.net", "has no scheme"),
        ("ftp://api.boolky.net", "is not an http(s) address"),
        ("https://", "has no host"),
        ("https://api.boolky.net:99999", "has a port that is not a number"),
    ],
)
def test_a_url_that_is_not_only_an_address_is_refused(url: str, what: str) -> None:
    problem = base_url_problem(url)
    assert problem is not None
    assert problem[0].startswith(what)
    assert SECRET not in " ".join(problem)
    with pytest.raises(InputError) as caught:
        BoolkyClient(url, "some-key")
    assert str(caught.value).startswith(f"the base URL {what}")
    assert SECRET not in str(caught.value)
    with pytest.raises(OptionError) as refused:
        Target(kind="api", base_url=url)
    assert refused.value.option == "base_url" and SECRET not in str(refused.value)


@pytest.mark.parametrize(
    "url", ["https://api.boolky.net", "http://127.0.0.1:8080/", "https://h.example/v1/api"]
)
def test_an_address_is_accepted(url: str) -> None:
    assert base_url_problem(url) is None
    assert Target(kind="api", base_url=url).base_url == url


def test_a_missing_scheme_gets_the_address_to_write() -> None:
    assert base_url_problem("localhost:8080") == (
        "has no scheme, so it is not an http(s) address",
        "write https://localhost:8080",
    )
    assert base_url_problem("localhost:8080/v1") == (
        "has no scheme, so it is not an http(s) address",
        "write https://localhost:8080/...",
    )
