"""Admin and accounts (issue 12): no self-escalation, four eyes for case access, superuser-only
functions, beheer accounts apart from case accounts, every change logged and announced."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from notifications.models import Notification
from zvh import hooks
from zvh.constants import Function
from zvh.models import FunctionChangeRequest, FunctionChangeStatus, User
from zvh.services import AccountChangeRefused, function_change_approve, user_update_account
from zvh.tests.factories import OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _beheerder(region, **kwargs):
    user = UserFactory(beheerder=True, region=region, **kwargs)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="zvh", codename__in=["view_user", "change_user", "add_user",
                                                     "view_organisation", "change_organisation"]))
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def region():
    return RegionFactory(code="AA")


@pytest.fixture
def beheerder(region):
    return _beheerder(region, username="beheerder-a")


@pytest.fixture
def second_beheerder(region):
    return _beheerder(region, username="beheerder-b")


@pytest.fixture
def superuser():
    return UserFactory(region=None, organisation=None, is_staff=True, is_superuser=True)


@pytest.fixture
def partner(region):
    return UserFactory(region=region, username="pieter")


@pytest.fixture
def manager(region):
    return UserFactory(manager=True, region=region)


def _change_url(user):
    return reverse("admin:zvh_user_change", args=[user.pk])


def _form_data(user, **overrides):
    """What the admin change form posts for `user` (the fields a beheerder's form has), plus overrides."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "phone": user.phone, "region": user.region_id or "",
        "organisation": user.organisation_id or "", "function": user.function,
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _team_groups(user):
    return set(user.groups.filter(name__startswith="zvh-team-").values_list("name", flat=True))


# ---------------------------------------------------------------------------------------------
# A beheerder never changes their own function, region, flags, groups or permissions


def test_beheerder_cannot_escalate_through_a_crafted_post_on_their_own_account(client, beheerder, region):
    other_region = RegionFactory(code="BB")
    some_group = Group.objects.create(name="alles")
    client.force_login(beheerder)
    page = client.get(_change_url(beheerder))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert not {"function", "region", "is_active", "is_staff", "is_superuser", "groups",
                "user_permissions"} & set(form.fields)
    all_perms = list(Permission.objects.values_list("pk", flat=True)[:20])
    response = client.post(_change_url(beheerder), _form_data(
        beheerder, first_name="Nieuwe naam", function=Function.PROCESREGISSEUR, region=other_region.pk,
        is_staff="on", is_superuser="on", groups=[some_group.pk], user_permissions=all_perms, is_active="",
    ))
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert beheerder.first_name == "Nieuwe naam"  # the harmless part of the POST is saved
    assert beheerder.function == Function.BEHEERDER
    assert beheerder.region_id == region.pk
    assert beheerder.is_active and not beheerder.is_superuser
    assert not beheerder.groups.exists()
    assert beheerder.user_permissions.count() == 5
    assert not FunctionChangeRequest.objects.exists()


def test_the_service_refuses_a_beheerder_changing_their_own_account(beheerder):
    for fields in ({"function": Function.PROCESREGISSEUR}, {"is_superuser": True}, {"is_active": False},
                   {"region": RegionFactory(code="BB")}):
        with pytest.raises(AccountChangeRefused, match="eigen functie"):
            user_update_account(user=beheerder, actor=beheerder, **fields)
    beheerder.refresh_from_db()
    assert beheerder.function == Function.BEHEERDER and beheerder.is_active


def test_beheerder_cannot_edit_another_beheer_account(client, beheerder, second_beheerder):
    client.force_login(beheerder)
    response = client.post(_change_url(second_beheerder), _form_data(second_beheerder, is_active=""))
    assert response.status_code == 403
    second_beheerder.refresh_from_db()
    assert second_beheerder.is_active
    password = reverse("admin:auth_user_password_change", args=[second_beheerder.pk])
    assert client.post(password, {"password1": "Een-nieuw-wachtwoord-1", "password2": "Een-nieuw-wachtwoord-1"}
                       ).status_code in (403, 404)


def test_groups_are_edited_by_the_superuser_only(client, beheerder, superuser):
    client.force_login(beheerder)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "stiekem"}).status_code == 403
    assert not Group.objects.filter(name="stiekem").exists()
    client.force_login(superuser)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


# ---------------------------------------------------------------------------------------------
# Who may grant which function


@pytest.mark.parametrize("function", [Function.LANDELIJK, Function.BEHEERDER])
def test_beheerder_cannot_create_a_national_coordinator_or_beheerder(client, beheerder, region, function):
    client.force_login(beheerder)
    response = client.post(reverse("admin:zvh_user_add"), {
        "username": "nieuw", "first_name": "N", "last_name": "W", "email": "nieuw@example.nl",
        "region": region.pk, "organisation": "", "function": function,
        "password1": "Een-lang-wachtwoord-2026", "password2": "Een-lang-wachtwoord-2026",
    })
    assert response.status_code == 200
    assert "alleen door het landelijk beheer" in response.content.decode()
    assert not User.objects.filter(username="nieuw").exists()


def test_beheerder_cannot_give_an_existing_user_a_superuser_function(client, beheerder, partner):
    client.force_login(beheerder)
    response = client.post(_change_url(partner), _form_data(partner, function=Function.LANDELIJK))
    assert response.status_code == 200
    assert "alleen door het landelijk beheer" in response.content.decode()
    partner.refresh_from_db()
    assert partner.function == Function.PARTNER


def test_superuser_creates_a_beheerder_which_becomes_a_beheer_account(client, superuser, region):
    client.force_login(superuser)
    response = client.post(reverse("admin:zvh_user_add"), {
        "username": "nieuwe-beheerder", "first_name": "N", "last_name": "B", "email": "nb@example.nl",
        "region": region.pk, "organisation": "", "function": Function.BEHEERDER,
        "password1": "Een-lang-wachtwoord-2026", "password2": "Een-lang-wachtwoord-2026",
    })
    assert response.status_code == 302
    user = User.objects.get(username="nieuwe-beheerder")
    assert user.function == Function.BEHEERDER and user.is_staff and user.region == region


# ---------------------------------------------------------------------------------------------
# Four eyes for the procesregisseur function


def test_procesregisseur_function_waits_for_a_second_beheerder(client, beheerder, second_beheerder, partner,
                                                               manager, region):
    client.force_login(beheerder)
    response = client.post(_change_url(partner), _form_data(partner, function=Function.PROCESREGISSEUR),
                           follow=True)
    assert "wacht op goedkeuring" in response.content.decode()
    partner.refresh_from_db()
    assert partner.function == Function.PARTNER
    assert _team_groups(partner) == set()
    request = FunctionChangeRequest.objects.get(user=partner, status=FunctionChangeStatus.PENDING)
    assert request.requested_by == beheerder

    # The requester cannot approve their own request, not even with a crafted action POST.
    changelist = reverse("admin:zvh_functionchangerequest_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [request.pk], "index": 0})
    partner.refresh_from_db()
    assert partner.function == Function.PARTNER

    other = client.__class__()
    other.force_login(second_beheerder)
    assert "Goedkeuren" in other.get(changelist).content.decode()
    response = other.post(changelist, {"action": "approve", "_selected_action": [request.pk], "index": 0})
    assert response.status_code == 302
    partner.refresh_from_db()
    request.refresh_from_db()
    assert partner.function == Function.PROCESREGISSEUR
    assert request.status == FunctionChangeStatus.APPROVED and request.decided_by == second_beheerder
    assert _team_groups(partner)  # the permission re-sync registered by `cases` ran
    entry = LogEntry.objects.filter(object_id=str(partner.pk), user=second_beheerder).latest("pk")
    assert "Functie: Professional van een partner → Procesregisseur" in entry.get_change_message()
    assert beheerder.get_full_name() in entry.get_change_message()
    # The user and the region's manager are told.
    assert Notification.objects.filter(recipient=partner, title__contains="Procesregisseur").exists()
    assert Notification.objects.filter(recipient=manager, title__contains="Procesregisseur").exists()


def test_a_new_procesregisseur_account_also_waits_for_approval(client, beheerder, region):
    organisation = OrganisationFactory(region=region)
    client.force_login(beheerder)
    response = client.post(reverse("admin:zvh_user_add"), {
        "username": "nieuw", "first_name": "N", "last_name": "W", "email": "nieuw@example.nl",
        "region": region.pk, "organisation": organisation.pk, "function": Function.PROCESREGISSEUR,
        "password1": "Een-lang-wachtwoord-2026", "password2": "Een-lang-wachtwoord-2026",
    })
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert user.function == Function.PARTNER and user.region == region and not user.is_staff
    assert FunctionChangeRequest.objects.filter(user=user, function=Function.PROCESREGISSEUR,
                                                status=FunctionChangeStatus.PENDING).exists()


def test_four_eyes_is_also_a_database_constraint(beheerder, partner):
    request = user_update_account(user=partner, actor=beheerder, function=Function.PROCESREGISSEUR).pending
    with pytest.raises(AccountChangeRefused, match="tweede functioneel beheerder"):
        function_change_approve(change_request=request, actor=beheerder)
    request.decided_by = beheerder
    request.status = FunctionChangeStatus.APPROVED
    with pytest.raises(IntegrityError), transaction.atomic():
        request.save()


def test_superuser_grants_the_procesregisseur_function_at_once(superuser, partner):
    result = user_update_account(user=partner, actor=superuser, function=Function.PROCESREGISSEUR)
    assert result.changed == {"function"} and result.pending is None
    partner.refresh_from_db()
    assert partner.function == Function.PROCESREGISSEUR


def test_taking_case_access_away_needs_no_second_beheerder(beheerder, region):
    user = UserFactory(procesregisseur=True, region=region)
    assert _team_groups(user)
    result = user_update_account(user=user, actor=beheerder, function=Function.PARTNER)
    assert result.changed == {"function"}
    user.refresh_from_db()
    assert user.function == Function.PARTNER and _team_groups(user) == set()


def test_a_beheerder_manages_only_their_own_region(beheerder):
    stranger = UserFactory(region=RegionFactory(code="BB"))
    with pytest.raises(AccountChangeRefused, match="eigen regio"):
        user_update_account(user=stranger, actor=beheerder, is_active=False)


# ---------------------------------------------------------------------------------------------
# Beheer account or case account, never both


def test_superuser_gets_a_form_error_for_a_staff_procesregisseur(client, superuser, partner):
    client.force_login(superuser)
    response = client.post(_change_url(partner), _form_data(
        partner, function=Function.PROCESREGISSEUR, is_staff="on",
        password=partner.password, last_login="", date_joined_0="", date_joined_1=""))
    assert response.status_code == 200
    assert "nooit tegelijk een beheer- en een casusaccount" in response.content.decode()
    partner.refresh_from_db()
    assert partner.function == Function.PARTNER and not partner.is_staff


def test_the_database_refuses_a_staff_case_account(partner):
    partner.is_staff = True
    with pytest.raises(IntegrityError), transaction.atomic():
        partner.save(update_fields=["is_staff"])


def test_createsuperuser_makes_a_beheer_account():
    user = User.objects.create_superuser("root", "root@example.nl", "Een-lang-wachtwoord-2026")
    assert user.function == Function.BEHEERDER


def test_a_beheerder_demoted_by_the_superuser_loses_admin_access(superuser, second_beheerder):
    user_update_account(user=second_beheerder, actor=superuser, function=Function.MANAGER)
    second_beheerder.refresh_from_db()
    assert second_beheerder.function == Function.MANAGER and not second_beheerder.is_staff


# ---------------------------------------------------------------------------------------------
# One service: history, hooks, and the team group after the admin saved the groups


def test_every_account_change_is_logged_and_announced_in_the_transaction(beheerder, partner):
    calls = []
    hook = lambda user, fields, actor: calls.append((user.pk, fields, actor.pk))  # noqa: E731
    hooks.register_user_changed(hook)
    try:
        user_update_account(user=partner, actor=beheerder, is_active=False)
    finally:
        hooks.USER_CHANGED.remove(hook)
    assert calls == [(partner.pk, {"is_active"}, beheerder.pk)]
    entry = LogEntry.objects.get(object_id=str(partner.pk), user=beheerder)
    assert entry.get_change_message() == "Actief: ja → nee"


def test_a_refused_change_saves_nothing_and_calls_no_hook(beheerder, partner):
    calls = []
    hook = lambda *args: calls.append(args)  # noqa: E731
    hooks.register_user_changed(hook)
    try:
        with pytest.raises(AccountChangeRefused):
            user_update_account(user=partner, actor=beheerder, is_active=False, function=Function.LANDELIJK)
    finally:
        hooks.USER_CHANGED.remove(hook)
    partner.refresh_from_db()
    assert partner.is_active and calls == [] and not LogEntry.objects.exists()


def test_superuser_saving_groups_in_the_admin_keeps_the_team_group_in_sync(client, superuser, region):
    user = UserFactory(procesregisseur=True, region=region)
    team = _team_groups(user)
    assert team
    extra = Group.objects.create(name="rapportages")
    client.force_login(superuser)
    # The superuser's form posts the groups without the team group, and changes the function.
    response = client.post(_change_url(user), _form_data(
        user, function=Function.MANAGER, groups=[extra.pk], password=user.password))
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.function == Function.MANAGER
    assert _team_groups(user) == set()  # the team group does not survive the function change
    assert set(user.groups.values_list("name", flat=True)) == {"rapportages"}

    # Saving only the groups (no function change) leaves the team group of a procesregisseur in place.
    procesregisseur = UserFactory(procesregisseur=True, region=region)
    response = client.post(_change_url(procesregisseur), _form_data(
        procesregisseur, groups=[extra.pk], password=procesregisseur.password))
    assert response.status_code == 302
    assert _team_groups(procesregisseur) == team


# ---------------------------------------------------------------------------------------------
# The case admin is a read-only list


def test_case_admin_is_read_only_without_permission_editor(client, superuser, region, procesregisseur):
    from cases.tests.factories import CaseFactory

    case = CaseFactory(region=region, intake=True, procesregisseur=procesregisseur)
    client.force_login(superuser)
    change = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(change)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="urgency"' not in html and "Objectrechten" not in html and "permissions/" not in html
    client.post(change, {"urgency": "hoog", "stage": "closed"})
    case.refresh_from_db()
    assert case.stage == "intake"
    assert client.get(change + "permissions/").status_code in (302, 404)
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    assert client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"}).status_code == 403


def test_a_beheerder_sees_no_case_admin(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 403
