"""Education stated no more strongly than the evidence allows (issue 15, point 11): claims read by hand."""

from __future__ import annotations

from psoas.catalog import Fact, default_catalog

CAT = default_catalog()


def _facts(topic: str) -> tuple[Fact, ...]:
    return CAT.topic(topic).facts


def _find(topic: str, words: str) -> Fact:
    found = [f for f in _facts(topic) if words in f.text]
    assert len(found) == 1, (topic, words, found)
    return found[0]


def test_anatomy_says_the_psoas_joins_the_lumbar_vertebrae_to_the_thigh_not_the_only_link() -> None:
    joins = _find("anatomy", "It joins the lumbar vertebrae to the thigh bone")
    assert joins.kind == "fact" and "overstates it" in joins.text
    length = _find("anatomy", "16 inches")
    assert "235 mm" in length.text and "different measure" in length.text
    every = " ".join(f.text for t in CAT.topics for f in t.facts if f.kind == "fact")
    assert "It is the only muscle" not in every


def test_pelvic_tilt_glutes_and_sitting_stiffness_are_theories() -> None:
    for words in ("tilts the pelvis forward", "harder to switch on the glutes", "shorter and stiffer"):
        fact = _find("causes", words)
        assert fact.kind == "opinion" and fact.attribution, words
    sitting = _find("causes", "Sitting keeps the hip bent")
    assert sitting.kind == "fact" and "stiff" not in sitting.text


def test_claimed_signs_without_evidence_send_to_a_clinician() -> None:
    for words in ("infertility", "Fatigue or shortness of breath"):
        fact = _find("signs", words)
        assert fact.kind == "opinion"
        assert "This is not supported by evidence" in fact.text and "clinician" in fact.text


def test_desk_work_reassures_asks_for_150_minutes_and_sets_up_the_desk() -> None:
    facts = _facts("desk-work")
    assert all(f.kind == "practice" and f.attribution and not f.sources for f in facts)
    assert "is not caused by serious damage" in _find("desk-work", "Staying active").text
    assert "150 minutes of moderate activity a week" in _find("desk-work", "150 minutes").text
    assert "alternate sitting and standing" in _find("desk-work", "next one").text
    assert "screen at about eye level" in _find("desk-work", "Set up the desk").text
    assert "groin pain" in _find("desk-work", "pins and needles").text
