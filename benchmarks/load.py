"""Pages under load: a real `psoas serve` on 127.0.0.1 over a private database seeded with 90 days of
check-ins, breaks and sessions; each page is fetched alone, then by --clients concurrent clients for
--requests requests in all. Prints JSON: per page the first request's time, p50 and p95 alone and under
load, the ratio of the two p95s, requests/s under load, and errors (any non-200 or failed request).

The ratios are the point (a page that blocks the others shows a p95 under load far above its time
alone); the absolute numbers depend on the machine, so nothing here asserts a timing.

    .venv/bin/python benchmarks/load.py [--clients 20] [--requests 200] [--alone 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from psoas.store import open_store  # noqa: E402
from psoas.store import records as rec  # noqa: E402
from web_support import running_server  # noqa: E402

LIGHT = ("/api/health", "/exercises")
HEAVY = ("/", "/history")
DAYS = 90


def seed(url: str, now: datetime) -> None:
    """A check-in and a couple of breaks a day for DAYS days, so the history's charts have real series."""
    store = open_store(url)
    try:
        for back in range(DAYS):
            at = now - timedelta(days=back, hours=2)
            pain = (back * 7) % 6
            rec.add_checkin(store, rec.CheckInRecord(at, pain, pain // 2, 0, 3, 6.0, (), (), ""))
            for minutes in (0, 50):
                due = at + timedelta(minutes=minutes)
                rec.add_break(store, rec.BreakRecord(due, due, "done", None))
    finally:
        store.dispose()


def percentile(sorted_ms: list[float], share: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(share * len(sorted_ms)))], 1)


async def fetch(client: httpx.AsyncClient, path: str) -> float | None:
    """Milliseconds for one whole response, or None when it failed."""
    start = time.perf_counter()
    try:
        response = await client.get(path)
        await response.aread()
    except httpx.HTTPError:
        return None
    return (time.perf_counter() - start) * 1000 if response.status_code == 200 else None


async def load(base: str, path: str, clients: int, requests: int) -> tuple[list[float | None], float]:
    """`requests` fetches of `path` by `clients` concurrent clients; the times and the wall seconds."""
    left = iter(range(requests))
    times: list[float | None] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            for _ in left:
                times.append(await fetch(client, path))

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
    return times, time.perf_counter() - start


async def measure(base: str, path: str, args: argparse.Namespace) -> dict[str, object]:
    # The first request pays for what later ones reuse (imports, a first drawing): shown on its own.
    first, _ = await load(base, path, 1, 1)
    alone, _ = await load(base, path, 1, args.alone)
    loaded, seconds = await load(base, path, args.clients, args.requests)
    alone_ms = sorted(t for t in alone if t is not None)
    loaded_ms = sorted(t for t in loaded if t is not None)
    if not (alone_ms and loaded_ms):
        return {"errors": first.count(None) + alone.count(None) + loaded.count(None)}
    alone_p95, p95 = percentile(alone_ms, 0.95), percentile(loaded_ms, 0.95)
    return {
        "first_ms": None if first[0] is None else round(first[0], 1),
        "alone_p50_ms": percentile(alone_ms, 0.5),
        "alone_p95_ms": alone_p95,
        "p50_ms": percentile(loaded_ms, 0.5),
        "p95_ms": p95,
        "p95_over_alone": round(p95 / alone_p95, 1),
        "requests_per_s": round(len(loaded) / seconds, 1),
        "errors": first.count(None) + alone.count(None) + loaded.count(None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--alone", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'load.db'}"
        seed(db_url, datetime.now(UTC))
        with running_server(Path(tmp), db_url=db_url) as url:
            base = url.rstrip("/")
            pages = {p: asyncio.run(measure(base, p, args)) for p in (*LIGHT, *HEAVY)}
    result = {
        "clients": args.clients,
        "requests_per_page": args.requests,
        "days_of_data": DAYS,
        "light": {p: pages[p] for p in LIGHT},
        "heavy": {p: pages[p] for p in HEAVY},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
