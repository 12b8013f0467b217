from .attempts import Attempt, SectionResult
from .frameworks import CourseRecommendation, Framework, ProficiencyLevel
from .tests import PlacementTest, ScoreBand, Section, Skill

__all__ = [
    "Attempt",
    "CourseRecommendation",
    "Framework",
    "PlacementTest",
    "ProficiencyLevel",
    "ScoreBand",
    "Section",
    "SectionResult",
    "Skill",
]
