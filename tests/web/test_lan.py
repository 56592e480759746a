"""Which address `serve --lan` listens on and names (pure: the candidates are given, nothing is sent)."""

from __future__ import annotations

import pytest

from psoas.errors import InvalidInputError
from psoas.web.lan import NO_ADDRESS, LanPlan, pick_address, plan_lan


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (["127.0.1.1", "192.168.1.23"], "192.168.1.23"),
        (["169.254.3.4", "0.0.0.0", "10.0.0.5"], "10.0.0.5"),
        (["fe80::1", "::1", "fd00::5"], None),  # IPv4 only: phones' browsers and QR codes handle it best
        (["81.2.69.142", "172.16.0.4"], "172.16.0.4"),  # a private address before a public one
        (["81.2.69.142"], "81.2.69.142"),
        (["not an address", "224.0.0.1"], None),
        ([], None),
    ],
)
def test_the_lan_address_is_the_first_private_ipv4(candidates: list[str], expected: str | None) -> None:
    assert pick_address(candidates) == expected


def test_the_lan_plan() -> None:
    assert plan_lan(None, "192.168.1.23") == LanPlan("192.168.1.23", "192.168.1.23")
    assert plan_lan(None, None) == LanPlan("127.0.0.1", "127.0.0.1", NO_ADDRESS)
    assert plan_lan("0.0.0.0", "10.0.0.5") == LanPlan("0.0.0.0", "10.0.0.5")
    assert plan_lan("127.0.0.1", "10.0.0.5") == LanPlan("127.0.0.1", "127.0.0.1")
    assert plan_lan("localhost", None) == LanPlan("127.0.0.1", "127.0.0.1")
    with pytest.raises(InvalidInputError, match="--lan needs an IP address for --host"):
        plan_lan("my-laptop.local", None)
