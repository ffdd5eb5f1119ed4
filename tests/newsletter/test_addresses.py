import pytest

from newsletter.addresses import normalise_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ann.Lee@Example.ORG ", "Ann.Lee@example.org"),
        ("bob@x.org", "bob@x.org"),
        ("no-at-sign", "no-at-sign"),
        ('"odd@local"@Host.COM', '"odd@local"@host.com'),
    ],
)
def test_normalise_trims_and_lowercases_only_the_domain(raw, expected):
    assert normalise_email(raw) == expected
