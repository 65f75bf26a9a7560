"""Registries for what higher apps add to a case: sections of the case page, and follow-ups when a
role on the case changes hands.

`cases` is the bottom layer of the domain: it imports nothing from planning, monitoring, privacy or
notifications. Those apps register here in `AppConfig.ready()`.
"""

from zvh.hooks import Registry

# provider(case, perms: set[str]) -> dict, merged into the case page's context.
CASE_PAGE_CONTEXT = Registry()
register_case_page_context = CASE_PAGE_CONTEXT.register
# hook(*, case, role: str, old, new, actor, subject) after a role on the case changed hands, in the
# same transaction: role is "procesregisseur", "casusregisseur" or "party_contact" (subject: the
# Involvement); old/new are users or None.
ROLE_CHANGED = Registry()
register_role_changed = ROLE_CHANGED.register
# hook(*, record: StandIn, actor, ended: bool) after a stand-in period was arranged or ended early, in the
# same transaction.
STAND_IN_CHANGED = Registry()
register_stand_in_changed = STAND_IN_CHANGED.register
# hook(*, case, subject: str) after what a reminder may have announced was handled ("activity:42" done,
# cancelled, moved past today or removed; "contact:7" its follow-up done), in the same transaction.
HANDLED = Registry()
register_handled = HANDLED.register


def handled(*, case, subject: str) -> None:
    for hook in HANDLED:
        hook(case=case, subject=subject)


def case_page_context(case, perms) -> dict:
    context: dict = {}
    for provider in CASE_PAGE_CONTEXT:
        context.update(provider(case, perms))
    return context


def role_changed(*, case, role: str, old, new, actor, subject=None) -> None:
    for hook in ROLE_CHANGED:
        hook(case=case, role=role, old=old, new=new, actor=actor, subject=subject)


def stand_in_changed(*, record, actor, ended: bool) -> None:
    for hook in STAND_IN_CHANGED:
        hook(record=record, actor=actor, ended=ended)


# The case lists (cases.caseload): what higher apps add to each row. A provider has
#   annotate(queryset, today) -> queryset   adds subquery annotations (one query for the page, none per row);
#   attention(today) -> [(rank, condition)]  SQL conditions for "what needs attention first" (0 = most);
#   describe(case, today) -> [RowItem]       the next actions and alerts of a row, from its annotations.
CASE_LIST_PROVIDERS = Registry()
register_case_list_provider = CASE_LIST_PROVIDERS.register
