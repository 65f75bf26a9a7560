import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.constants import CaseStage, Urgency
from cases.forms import UserChoiceField, region_procesregisseurs
from cases.models import Case


class ProcesregisseurFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class CaseFilter(django_filters.FilterSet):
    """Filters of the case lists; every filter is a plain indexed column or a date comparison."""

    q = django_filters.CharFilter(label=_("Zoek op kenmerk"), method="search")
    stage = django_filters.ChoiceFilter(label=_("Fase"), choices=CaseStage.choices, empty_label=_("Alle fasen"))
    urgency = django_filters.ChoiceFilter(label=_("Urgentie"), choices=Urgency.choices,
                                          empty_label=_("Alle urgenties"))
    procesregisseur = ProcesregisseurFilter(label=_("Procesregisseur"), queryset=None,
                                            empty_label=_("Iedereen"))
    signal = django_filters.ChoiceFilter(
        label=_("Signaal"),
        choices=[("overdue", _("Termijn verstreken")), ("stagnating", _("Stagnerend"))],
        method="filter_signal",
        empty_label=_("Alle casussen"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("opened_at", "opened"), ("stage_entered_at", "in_stage"), ("reference", "reference"),
                ("urgency_rank", "urgency")),
        field_labels={"opened": _("Datum aanmelding"), "in_stage": _("Sinds in fase"),
                      "reference": _("Kenmerk"), "urgency": _("Urgentie")},
        empty_label=_("Standaard (nieuwste eerst)"),
    )

    class Meta:
        model = Case
        fields = ["q", "stage", "urgency", "procesregisseur", "signal"]

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.filters["procesregisseur"].queryset = region_procesregisseurs(region)
        else:
            del self.filters["procesregisseur"]

    @property
    def form(self):
        return _style_widgets(super().form)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(reference__iexact=value) | Q(reference__icontains=value)) if value else queryset

    def filter_signal(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "stagnating":
            return queryset.stagnating()
        return queryset


def _style_widgets(form):
    for field in form.fields.values():
        css = "form-select" if hasattr(field.widget, "choices") else "form-control"
        field.widget.attrs.setdefault("class", css)
    return form
