"""psoas: coach, measure and model the health of the psoas. Not a medical device."""

from psoas.errors import CatalogError, PsoasError, UnknownExerciseError, UnknownTopicError

__all__ = ["CatalogError", "PsoasError", "UnknownExerciseError", "UnknownTopicError", "__version__"]

__version__ = "0.1.0"
