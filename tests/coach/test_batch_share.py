"""How a batch shares the machine's inference threads between its worker processes."""

from __future__ import annotations

import pytest

from psoas.coach.batch import core_share


@pytest.mark.parametrize(
    ("threads", "workers", "jobs", "expected"),
    [
        (4, 2, 10, 2),  # two workers, two threads each
        (4, 4, 1, 4),  # one file: the one worker that runs gets them all
        (2, 4, 10, 1),  # more workers than threads: never below one
        (4, 3, 10, 1),  # 4 // 3: rounded down, so the cores are not oversubscribed
        (4, 0, 10, 4),  # no worker count given: treated as one
    ],
)
def test_each_worker_gets_its_share_of_the_threads(
    threads: int, workers: int, jobs: int, expected: int
) -> None:
    assert core_share(threads, workers, jobs) == expected
