import django_filters
from django.utils.translation import gettext_lazy as _

from cases import search
from cases.constants import CaseStage, Urgency
from cases.forms import UserChoiceField, region_procesregisseurs
from cases.models import Case


class ProcesregisseurFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class CaseFilter(django_filters.FilterSet):
    """Filters of the case lists; every filter is a plain indexed column or a date comparison.

    `q` searches the reference, the organisations of the parties and — with `search_names` and only in
    cases whose personal data the user may see — the persons' names (cases.search).
    """

    q = django_filters.CharFilter(label=_("Zoeken"), method="search", max_length=search.MAX_QUERY_LENGTH)
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
        choices=[("-opened", _("Nieuwste aanmelding eerst")), ("opened", _("Oudste aanmelding eerst")),
                 ("in_stage", _("Langst in de fase eerst")), ("urgency", _("Urgentste eerst")),
                 ("reference", _("Op kenmerk"))],
        empty_label=_("Wat aandacht vraagt eerst"),
    )

    class Meta:
        model = Case
        fields = ["q", "stage", "urgency", "procesregisseur", "signal"]

    def __init__(self, *args, region=None, user=None, search_names=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.search_names = search_names
        if not search_names:
            self.filters["q"].label = _("Zoek op kenmerk of organisatie")
        if region is not None:
            self.filters["procesregisseur"].queryset = region_procesregisseurs(region)
        else:
            del self.filters["procesregisseur"]

    @property
    def form(self):
        form = _style_widgets(super().form)
        form.fields["q"].widget.attrs.setdefault("placeholder", _("Naam, kenmerk of organisatie")
                                                 if self.search_names else _("Kenmerk of organisatie"))
        return form

    @property
    def search_text(self) -> str:
        return (getattr(self.form, "cleaned_data", {}).get("q") or "") if self.is_bound else ""

    def search(self, queryset, name, value):
        return queryset.filter(search.case_search_q(value, user=self.user, names=self.search_names))

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
