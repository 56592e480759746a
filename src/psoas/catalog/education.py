"""Typed shapes of the catalog's education content and its seed sources."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from psoas.catalog.base import SeedId, Slug, Text, _Frozen

__all__ = ["Fact", "Seed", "Topic"]


class Fact(_Frozen):
    """One statement of the education content. An opinion names whose view it is; "practice" is current
    clinical practice the seeds do not cover, and names the guidance it follows instead of a seed."""

    text: Text
    sources: tuple[SeedId, ...] = ()
    kind: Literal["fact", "opinion", "practice"] = "fact"
    attribution: str | None = None

    @model_validator(mode="after")
    def _opinion_is_attributed(self) -> Self:
        if self.kind in ("opinion", "practice") and not self.attribution:
            raise ValueError(f"{'an' if self.kind == 'opinion' else 'a'} {self.kind} needs an attribution")
        if self.kind != "practice" and not self.sources:
            raise ValueError("a fact or opinion cites at least one seed")
        return self


class Topic(_Frozen):
    id: Slug
    title: Text
    summary: Text
    facts: tuple[Fact, ...] = Field(min_length=1)


class Seed(_Frozen):
    """One source article the catalog was built from (kept in ../shared/seeds, never shipped)."""

    id: SeedId
    title: Text
    publisher: Text
    about: Text
