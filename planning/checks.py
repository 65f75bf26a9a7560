"""Facts from overleg and plan that the case workflow and the permission service ask for.

The planning models (Meeting, Plan, Scenario, Activity) are not built yet; until they are,
no meeting has covered the agenda and no plan is adopted, so these answer "no".
"""


def agenda_covered(case) -> bool:
    return False


def plan_adopted(case) -> bool:
    return False


def casusregisseur_named(case) -> bool:
    return False


def first_checkin_scheduled(case) -> bool:
    return False


def permission_facts(case, *, casusregisseur, partner) -> dict[int, set[str]]:
    """user id → permissions granted by the plan (casusregisseur) and meetings/activities."""
    return {}
