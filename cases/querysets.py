from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone

from cases.constants import OPEN_STAGES, STAGE_NORM_DAYS, URGENCY_ORDER, CaseStage


class CaseQuerySet(models.QuerySet):
    """Reads of cases, always scoped to what a user may see."""

    def _permission_rows(self, user, perms, *fields, cases=None):
        """The user's own rows UNION their team's rows granting one of `perms` ("codename" or
        "app.codename") on a case (of the subquery `cases`, if given), as `fields` of those rows."""
        from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission

        codenames = [perm.split(".", 1)[1] if "." in perm else perm for perm in perms]
        permission = {"permission__content_type": ContentType.objects.get_for_model(self.model),
                      "permission__codename__in": codenames}
        if cases is not None:
            permission["content_object_id__in"] = cases
        direct = CaseUserObjectPermission.objects.filter(user=user, **permission)
        through_team = CaseGroupObjectPermission.objects.filter(
            group__in=Group.objects.filter(user=user).values("pk"), **permission)
        return direct.values_list(*fields).union(through_team.values_list(*fields))

    def visible_to(self, user, perm: str = "view_case"):
        """Cases on which `user` holds `perm` through the domain facts (never a global permission).

        The same rows as guardian's `get_objects_for_user(user, perm, with_superuser=False,
        accept_global_perms=False)`, as one `pk IN (user rows UNION group rows)`: guardian's
        `pk IN (…) OR pk IN (…)` makes PostgreSQL scan the whole cases table on every list.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=self._permission_rows(user, [perm], "content_object_id"))

    def permission_rows(self, user, perms: list[str]):
        """(case id, codename) of every case of this queryset on which `user` holds one of `perms`, in
        one query: the sets `visible_to` gives one perm at a time (UNION: no pair twice)."""
        if not user.is_authenticated:
            return []
        cases = self.values("pk") if self.query.has_filters() else None  # only the cases of this queryset
        return self._permission_rows(user, perms, "content_object_id", "permission__codename", cases=cases)

    def real(self):
        """No trainee's practice cases: for figures over every region (practice.spaces)."""
        return self.filter(is_practice=False)

    def in_region(self, region):
        return self.filter(region=region)

    def open(self):
        return self.exclude(stage=CaseStage.CLOSED)

    @staticmethod
    def stagnating_q(now=None) -> Q:
        """Cases in monitoring without recorded activity for CASE_STAGNATION_DAYS."""
        now = now or timezone.now()
        return Q(stage=CaseStage.MONITORING, last_activity_at__lte=now - timedelta(days=settings.CASE_STAGNATION_DAYS))

    @staticmethod
    def overdue_q(now=None) -> Q:
        """Open cases that stay in their stage longer than the stage's norm (STAGE_NORM_DAYS)."""
        now = now or timezone.now()
        condition = Q()
        for stage, days in STAGE_NORM_DAYS.items():
            condition |= Q(stage=stage, stage_entered_at__lte=now - timedelta(days=days))
        return condition

    def stagnating(self, now=None):
        return self.filter(self.stagnating_q(now))

    def overdue(self, now=None):
        return self.filter(self.overdue_q(now))

    def with_urgency_rank(self):
        return self.annotate(
            urgency_rank=SqlCase(
                *[When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_ORDER.items()],
                default=Value(9),
                output_field=models.IntegerField(),
            )
        )

    def open_stages(self):
        return self.filter(stage__in=OPEN_STAGES)
