"""The query parameters of the filters: how each kind of value is read and checked, with the
messages a reader sees when one cannot be used."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from entities.models import Claim
from newsdesk.web.queries.countries import unknown_country_codes

_ISO2 = re.compile(r"^[A-Za-z]{2}$")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class CodeListField(forms.Field):
    """A repeatable text parameter (`?country=UA&country=IL`) checked value by value.

    The field checks the shape of each code. A person's slug is not looked up (a
    well-formed slug that matches nothing finds nothing); country codes are, by the form
    (`FilterForm`), all of a form's fields at once.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, message, normalise=str.strip, **kwargs):
        self.pattern = pattern
        self.message = message
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        cleaned = []
        for raw in values:
            item = self.normalise(str(raw))
            if not item:
                continue
            if not self.pattern.match(item):
                raise ValidationError(self.message, params={"value": raw}, code="invalid")
            if item not in cleaned:
                cleaned.append(item)
        return cleaned


class CountryCodeListField(CodeListField):
    """ISO2 codes, each of which must also be a country in the Country table."""

    unknown_message = "“%(value)s” is not a known country code (for example UA for Ukraine)."


# In the API schema: a repeatable string parameter (`?country=UA&country=IL`).
@extend_schema_field(OpenApiTypes.STR)
class CodeListFilter(django_filters.Filter):
    field_class = CodeListField


class CountryCodeListFilter(CodeListFilter):
    field_class = CountryCodeListField


class FilterForm(forms.Form):
    """The form of every FilterSet here: after each field has checked the shape of its
    values, the country codes of all its fields are looked up together, so one form costs
    at most one small query (none while the known codes are cached)."""

    def clean(self):
        cleaned = super().clean()
        names = [
            name
            for name, field in self.fields.items()
            if isinstance(field, CountryCodeListField) and cleaned.get(name)
        ]
        unknown = set(unknown_country_codes(code for name in names for code in cleaned[name]))
        for name in names:
            field = self.fields[name]
            for code in [code for code in cleaned[name] if code in unknown]:
                error = ValidationError(
                    field.unknown_message, params={"value": code}, code="unknown"
                )
                self.add_error(name, error)
        return cleaned


class YesNoField(forms.Field):
    """A yes-or-no parameter: yes/no, true/false, 1/0 or on/off in any case; empty is
    either. Any other word is an error, never silently "either"."""

    TRUE = frozenset({"yes", "true", "1", "on"})
    FALSE = frozenset({"no", "false", "0", "off"})
    default_error_messages = {
        "invalid": "“%(value)s” is not yes or no (true/false, 1/0 and on/off work too)."
    }

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return value
        word = str(value).strip().lower()
        if not word:
            return None
        if word in self.TRUE:
            return True
        if word in self.FALSE:
            return False
        raise ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )

    def prepare_value(self, value):
        # The select box shows the choice the value means ("YES" selects "true").
        try:
            meaning = self.to_python(value)
        except ValidationError:
            return value
        return "" if meaning is None else str(meaning).lower()


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


# The word claim cards show for a stance is the word the stance filters take (in any case).
# The stored values ("assert", "deny") are accepted too, so links made with them still work.
STANCE_WORDS = {Claim.Stance.ASSERT: "assertion", Claim.Stance.DENY: "denial"}
_STANCE_BY_WORD = {word: stance for stance, word in STANCE_WORDS.items()}


class StanceField(django_filters.fields.ChoiceField):
    """Takes a stance's word (or its stored value); cleans to the stored value."""

    def to_python(self, value):
        word = super().to_python(value).strip().lower()
        return STANCE_WORDS.get(word, word)

    def clean(self, value):
        word = super().clean(value)
        return _STANCE_BY_WORD.get(word, word)

    def prepare_value(self, value):
        return self.to_python(value) if isinstance(value, str) else value


class StanceFilter(django_filters.ChoiceFilter):
    field_class = StanceField

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(word, word) for word in STANCE_WORDS.values()])
        kwargs.setdefault("empty_label", "any")
        kwargs.setdefault("help_text", "assertion or denial (assert and deny work too)")
        super().__init__(**kwargs)


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # 1.5 is an error, not outlet 1


def iso2_list_filter(**kwargs):
    return CountryCodeListFilter(
        pattern=_ISO2,
        normalise=lambda value: value.strip().upper(),
        message="“%(value)s” is not a two-letter country code (for example UA).",
        **kwargs,
    )


def slug_list_filter(**kwargs):
    return CodeListFilter(
        pattern=_SLUG,
        normalise=lambda value: value.strip().lower(),
        message="“%(value)s” is not a person's slug (for example eli-cohen).",
        **kwargs,
    )


def iso_date_filter(**kwargs):
    """A date in YYYY-MM-DD only: 02/03/2023 means different days to different readers."""
    return django_filters.DateFilter(
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
        **kwargs,
    )
