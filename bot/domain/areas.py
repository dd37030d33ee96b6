"""Skill areas: the five from seed 002's closing list plus visibility for campaign moves."""

from __future__ import annotations

from enum import StrEnum


class SkillArea(StrEnum):
    COACHING = "coaching"
    COMMUNICATION = "communication"
    KNOWLEDGE_SHARING = "knowledge_sharing"
    BUSINESS_SENSE = "business_sense"
    PROBLEM_SOLVING = "problem_solving"
    VISIBILITY = "visibility"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def parse_area(text: str) -> SkillArea | None:
    """Read an area as people type it: `knowledge sharing`, `knowledge-sharing`, or a prefix."""
    key = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    if not key:
        return None
    for area in SkillArea:
        if area.label == key:
            return area
    prefixed = [area for area in SkillArea if area.label.startswith(key)]
    return prefixed[0] if len(prefixed) == 1 else None


AREA_NAMES = ", ".join(area.label for area in SkillArea)
