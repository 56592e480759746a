"""Profiles and the weekly plan: who the plan is for, the rules it follows, and the builder."""

from psoas.plan.builder import DAY_NAMES, Plan, PlanDay, PlanItem, build_plan, plan_from_dict, plan_item
from psoas.plan.dose import Prescription
from psoas.plan.profile import Goal, Level, Limitation, Profile, RiskFactor, make_profile, parse_date
from psoas.plan.rules import PlanContext, week_start

__all__ = [
    "DAY_NAMES",
    "Goal",
    "Level",
    "Limitation",
    "Plan",
    "PlanContext",
    "PlanDay",
    "PlanItem",
    "Prescription",
    "Profile",
    "RiskFactor",
    "build_plan",
    "make_profile",
    "parse_date",
    "plan_from_dict",
    "plan_item",
    "week_start",
]
