"""This machine's address on the local network, found without sending anything anywhere.

A UDP socket `connect` only asks the kernel which interface would route to the address: no packet
leaves. The target is a documentation address (TEST-NET-1, RFC 5737) that nothing answers; when no route
exists at all, the host name's addresses are the second source.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from psoas.errors import InvalidInputError

__all__ = ["NO_ADDRESS", "NO_ROUTE_PROBE", "LanPlan", "lan_address", "pick_address", "plan_lan"]

NO_ROUTE_PROBE = ("192.0.2.1", 9)


def pick_address(candidates: Iterable[str]) -> str | None:
    """The first IPv4 address a phone on the same network could reach: not loopback, link-local,
    unspecified or multicast. Private ranges first, since a LAN is what --lan means."""
    usable: list[ipaddress.IPv4Address] = []
    for text in candidates:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if ip.version != 4 or ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
            continue
        usable.append(ip)
    usable.sort(key=lambda ip: not ip.is_private)  # stable: keeps the given order within each kind
    return str(usable[0]) if usable else None


def _routed() -> list[str]:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(NO_ROUTE_PROBE)
            return [probe.getsockname()[0]]
    except OSError:
        return []


def _named() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def lan_address() -> str | None:
    """This machine's LAN address, or None when it has none (no network, or loopback only)."""
    return pick_address(_routed()) or pick_address(_named())


NO_ADDRESS = (
    "No local network address found on this machine (is it on Wi-Fi?): serving on 127.0.0.1, which only "
    "this computer can open; pass --host ADDRESS to choose one."
)


@dataclass(frozen=True)
class LanPlan:
    """Where `serve --lan` listens (`bind`), the address its URL and certificate name, and a note to print
    when it had to fall back."""

    bind: str
    address: str
    note: str | None = None


def plan_lan(host: str | None, found: str | None) -> LanPlan:
    """The plan for `--lan [--host HOST]`, given the LAN address found (None when there is none)."""
    if host is None or host in ("0.0.0.0", "::", ""):
        address = found or "127.0.0.1"
        return LanPlan(host or address, address, None if found else NO_ADDRESS)
    if host == "localhost":
        return LanPlan("127.0.0.1", "127.0.0.1")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise InvalidInputError(
            f"--lan needs an IP address for --host (its certificate names it), not '{host}'."
        ) from None
    return LanPlan(host, host)
