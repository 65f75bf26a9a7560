"""Hooks that higher apps register in their `AppConfig.ready()`, so the foundation imports none of them.

`zvh` is the bottom of the stack (users, regions, organisations): it may not import `cases`,
`planning` or `notifications`. When something about a user changes that those apps care about
(function, region, active flag), the service that changed it calls `user_changed(...)`, and every
registered hook runs in the same transaction.
"""

from collections.abc import Callable

# hook(user, changed_fields: set[str], actor) for every change of a user's function, region,
# organisation or active flag.
USER_CHANGED: list[Callable] = []


def register_user_changed(hook: Callable) -> None:
    if hook not in USER_CHANGED:
        USER_CHANGED.append(hook)


def user_changed(user, changed_fields: set[str], actor=None) -> None:
    """Run every registered hook (permission re-sync, notifications) for a changed user."""
    for hook in USER_CHANGED:
        hook(user, set(changed_fields), actor)
