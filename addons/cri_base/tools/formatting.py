"""Amounts, hours and dates as a French-speaking reader of the CRIs reads them.

Messages, activities, portal pages and PDFs go through these helpers, never through ``%s`` or an
f-string of a number or a date: "1 250,50 €", "60 h", "2,5 h", "01/03/2027", "01/03/2027 09:00"
in French (the separators and the date format are those of the language's ``res.lang``; the suite
gives fr_BE a space between thousands, see ``data/cri_access_data.xml``). Each helper takes the
language of the reader (a partner's ``lang``) or, without it, the language of ``env``. Pages and
PDFs print hours with the ``cri_hours`` and ``cri_number`` QWeb widgets, which use them.
"""

from odoo.tools.misc import (
    babel_locale_parse,
    format_amount,
    format_date,
    format_datetime,
    formatLang,
    get_lang,
    posix_to_ldml,
)

from .legal_time import LEGAL_TZ


def _env_in(env, lang_code):
    return env(context=dict(env.context, lang=lang_code)) if lang_code else env


def amount_text(env, amount, currency, lang_code=None):
    """``1250.5`` in euros: "1 250,50 €" (no-break spaces, as Odoo's ``format_amount``)."""
    return format_amount(env, amount or 0.0, currency, lang_code=lang_code or None)


def number_text(env, value, lang_code=None):
    """A count, a rate or hours without useless decimals, to the hundredth: ``1250.0``:
    "1 250", ``87.5``: "87,5", ``1.25``: "1,25"."""
    value = round(float(value or 0.0), 2)
    digits = 0 if value.is_integer() else 1 if round(value * 10, 6).is_integer() else 2
    return formatLang(_env_in(env, lang_code), value, digits=digits)


def hours_text(env, hours, lang_code=None):
    """``60.0``: "60 h"; ``2.5``: "2,5 h"; ``1.25``: "1,25 h"."""
    return f"{number_text(env, hours, lang_code)} h"


def date_text(env, value, lang_code=None):
    """A date: "01/03/2027" in French; "" for no date."""
    return format_date(env, value, lang_code=lang_code or False) if value else ""


def datetime_text(env, value, tz=None, lang_code=None):
    """A moment, in Brussels unless ``tz`` says otherwise: "01/03/2027 09:00" in French (the
    language's date and short time formats; babel's "short" would write "1/03/27 09:00")."""
    if not value:
        return ""
    lang = get_lang(env, lang_code)
    locale = babel_locale_parse(lang.code)
    day = posix_to_ldml(lang.date_format, locale=locale)
    time = posix_to_ldml(lang.short_time_format, locale=locale)
    pattern = f"{day} {time}"
    return format_datetime(env, value, tz=tz or LEGAL_TZ.zone, dt_format=pattern, lang_code=lang.code)
