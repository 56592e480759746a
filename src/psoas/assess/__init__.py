"""Assessments: check-ins with red-flag screening (and, later, the Thomas test)."""
