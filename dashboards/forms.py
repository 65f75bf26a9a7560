from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import Urgency
from cases.forms import DateField
from dashboards.figures import Filters
from zvh.constants import Function
from zvh.models import User

MAX_MONTHS = 60


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, this month included."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _month in range(11):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, today


class ProcesregisseurChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class DashboardFilterForm(forms.Form):
    """Period, urgency and (regional dashboard of a manager only) procesregisseur.

    The procesregisseur choice lists the active procesregisseurs of the manager's own ZVH — staff,
    never persons of a case. The national coordinator does not get it.
    """

    van = DateField(label=_("Van"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tot = DateField(label=_("Tot en met"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    urgentie = forms.ChoiceField(label=_("Urgentie"), required=False,
                                 choices=[("", _("Alle urgenties")), *Urgency.choices])
    procesregisseur = ProcesregisseurChoiceField(label=_("Procesregisseur"), required=False,
                                                 queryset=User.objects.none(), empty_label=_("Alle procesregisseurs"))

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["van"].initial, self.fields["tot"].initial = default_period()
        if region is None:
            del self.fields["procesregisseur"]
        else:
            self.fields["procesregisseur"].queryset = User.objects.filter(
                region=region, function=Function.PROCESREGISSEUR, is_active=True).order_by("first_name", "last_name")
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"

    def clean(self):
        data = super().clean()
        start, end = default_period()
        start, end = data.get("van") or start, data.get("tot") or end
        if start > end:
            raise forms.ValidationError(_("‘Van’ ligt na ‘tot en met’."))
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(_("Kies een periode van hoogstens vijf jaar."))
        data["van"], data["tot"] = start, end
        return data

    def filters(self) -> Filters:
        """The filters asked for; the defaults (last twelve months, everything) if the form is invalid."""
        if not self.is_bound or not self.is_valid():
            start, end = default_period()
            return Filters(start=start, end=end)
        data = self.cleaned_data
        person = data.get("procesregisseur")
        return Filters(start=data["van"], end=data["tot"], urgency=data.get("urgentie") or "",
                       procesregisseur_id=person.pk if person else None)

    def query_string(self) -> str:
        """The filters as a query string, for the CSV links and the region links."""
        f = self.filters()
        parts = [f"van={f.start.isoformat()}", f"tot={f.end.isoformat()}"]
        if f.urgency:
            parts.append(f"urgentie={f.urgency}")
        if f.procesregisseur_id:
            parts.append(f"procesregisseur={f.procesregisseur_id}")
        return "&".join(parts)
