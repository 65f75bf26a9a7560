"""Operations over the personal-data map (`cases.personal_data`) shared by inzage, retention and erasure."""

import json
import re
import unicodedata

from django.apps import apps
from django.db import models
from django.db.models import Q

from cases import personal_data
from cases.personal_data import Erasure, ModelMap, Retention

TEXT_FIELDS = (models.CharField, models.TextField)
ERASED = "[gewist]"


def model_of(model_map: ModelMap):
    return apps.get_model(model_map.label)


def field_of(model_map: ModelMap, name: str):
    return model_of(model_map)._meta.get_field(name)


def blank_value(model_map: ModelMap, name: str, marker: str):
    """What a cleared field holds: `marker` for required text and long text, else empty or NULL."""
    field = field_of(model_map, name)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b""
    if isinstance(field, TEXT_FIELDS) and not isinstance(field, models.EmailField | models.URLField):
        required = not field.blank
        fits = field.max_length is None or field.max_length >= len(marker)
        if (required or isinstance(field, models.TextField)) and fits:
            return marker
        return ""
    if field.null:
        return None
    return ""


def fields_to(model_map: ModelMap, *, retention: Retention | None = None, erasure: Erasure | None = None):
    return [name for name, t in model_map.fields.items()
            if (retention is None or t.retention == retention) and (erasure is None or t.erasure == erasure)]


def dirty_condition(model_map: ModelMap, names, markers) -> Q:
    """Rows where any of `names` still holds something other than a cleared value."""
    condition = Q(pk__in=[])
    for name in names:
        field = field_of(model_map, name)
        if isinstance(field, models.JSONField):
            condition |= ~Q(**{name: {}}) & Q(**{f"{name}__isnull": False})
        elif isinstance(field, models.BinaryField):
            condition |= ~Q(**{name: b""}) & Q(**{f"{name}__isnull": False})
        elif isinstance(field, TEXT_FIELDS):
            condition |= ~Q(**{f"{name}__in": ["", *markers]}) & Q(**{f"{name}__isnull": False})
        else:
            condition |= Q(**{f"{name}__isnull": False})
    return condition


def case_maps():
    return personal_data.case_maps()


# -- names, for erasure -------------------------------------------------------------------------

INFIXES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "t", "'t", "op", "aan", "bij", "uit", "vd"}


def fold(text: str) -> str:
    """Lower case without diacritics (Zoë → zoe), for matching names."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def name_parts(first_name: str, last_name: str) -> list[str]:
    """The names to cut out of a text: the full name, each name, and the last name without its infix."""
    parts = {f"{first_name} {last_name}".strip(), first_name.strip(), last_name.strip()}
    words = re.split(r"[\s\-]+", last_name.strip())
    core = [w for w in words if fold(w) not in INFIXES]
    if core:
        parts.add(" ".join(core))
        parts.update(w for w in core if len(w) >= 3)
    parts.update(w for w in re.split(r"[\s\-]+", first_name.strip()) if len(w) >= 2)
    return sorted((p for p in parts if len(p) >= 2), key=len, reverse=True)


def name_pattern(names: list[str]) -> re.Pattern | None:
    """A pattern matching any of the names, ignoring case and diacritics, as whole words."""
    if not names:
        return None
    alternatives = []
    for name in names:
        chars = []
        for char in fold(name):
            if char.isalpha():
                variants = {char, char.upper()}
                variants.update(c for c in _ACCENTED.get(char, ""))
                variants.update(c.upper() for c in _ACCENTED.get(char, ""))
                chars.append("[" + "".join(sorted(re.escape(v) for v in variants)) + "]")
            elif char.isspace() or char == "-":
                chars.append(r"[\s\-]+")
            else:
                chars.append(re.escape(char))
        alternatives.append("".join(chars))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_ACCENTED = {
    "a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ", "o": "òóôõöø", "u": "ùúûü", "y": "ýÿ",
}


def scrub(value, pattern: re.Pattern, replacement: str):
    """Cut every match of `pattern` out of a text or a JSON value; return the new value."""
    if value is None or pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, bytes | memoryview):
        return b"" if pattern.search(_message_text(bytes(value))) else value
    dumped = json.dumps(value, ensure_ascii=False)
    scrubbed = pattern.sub(replacement, dumped)
    return value if scrubbed == dumped else json.loads(scrubbed)


def _message_text(raw: bytes) -> str:
    """The decoded headers and text parts of an e-mail (or the bytes as text if it is none)."""
    from email import message_from_bytes, policy

    try:
        message = message_from_bytes(raw, policy=policy.default)
        texts = [str(v) for v in message.values()]
        for part in message.walk():
            if part.get_content_maintype() == "text":
                texts.append(part.get_content())
        return "\n".join(texts)
    except Exception:  # noqa: BLE001 - not parseable: search the bytes as text
        return raw.decode("utf-8", "replace")
