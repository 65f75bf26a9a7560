"""Hooks that higher apps register in their `AppConfig.ready()`, so the foundation imports none of them.

`zvh` is the bottom of the stack (users, regions, organisations): it may not import `cases`,
`planning` or `notifications`. When something about a user changes that those apps care about
(function, region, active flag), the service that changed it calls `user_changed(...)`, and every
registered hook runs in the same transaction.
"""


class Registry(list):
    """What higher apps add in `AppConfig.ready()` (hooks, providers, sources): a list whose `register`
    adds an item once, so a second `ready()` (tests, autoreload) does not run a hook twice. Every
    list-shaped registry of the project is one of these (the keyed ones are dictionaries)."""

    def register(self, item):
        if item not in self:
            self.append(item)
        return item


# hook(user, changed_fields: set[str], actor) for every change of a user's function, region,
# organisation or active flag.
USER_CHANGED = Registry()
register_user_changed = USER_CHANGED.register


def user_changed(user, changed_fields: set[str], actor=None) -> None:
    """Run every registered hook (permission re-sync, notifications) for a changed user."""
    for hook in USER_CHANGED:
        hook(user, set(changed_fields), actor)
