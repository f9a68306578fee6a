"""Shared helpers of the generator's parts: batched inserts, COPY and updates in SQL, partners
cloned from an ORM-made template, weighted choices, quotas, working days and the progress."""

import io
import re
import unicodedata
from bisect import bisect
from datetime import datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from odoo import fields
from odoo.tools import SQL, email_normalize

# no chatter, tracking, followers or mail for the generated history
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "no_reset_password": True,
}
BATCH = 1000  # records a batched ORM create
SQL_CHUNK = 20000  # rows an INSERT
# PostgreSQL plans the foreign key checks of a session once, for the size the tables had then, and
# plans the joins of the bulk updates with the statistics of the tables: a bulk insert starts with
# this many rows, then has the table analysed, so that the checks of the rest use the indexes
# instead of scanning a table that grows under them; a table is analysed after a bulk insert and
# before a bulk update (within the transaction, ANALYZE sees its rows)
FIRST_CHUNK = 2000
TZ = ZoneInfo("Europe/Brussels")
UTC = ZoneInfo("UTC")


# ====================================================================================== helpers
def add_counts(counts, more):
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value


class Progress:
    """Calls the caller's ``progress(step, done, total)`` if any, at most every percent."""

    def __init__(self, callback):
        self.callback = callback
        self.last = {}

    def __call__(self, step, done, total):
        if not self.callback:
            return
        percent = int(100 * done / total) if total else 100
        if self.last.get(step) != percent or done >= total:
            self.last[step] = percent
            self.callback(step, done, total)


class Chooser:
    """Weighted choice among fixed items, in O(log n) a draw."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0

    def __call__(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


class Quota:
    """Picks a fixed share of the cases, spread evenly from a random start: the small sizes get
    their share of rare cases (late presentations, transfers...) as the large ones do."""

    def __init__(self, rng, share):
        self.share = share
        self.level = rng.random()

    def __call__(self):
        self.level += self.share
        if self.level >= 1:
            self.level -= 1
            return True
        return False


def tri(rng, low, high, mode):
    return int(round(rng.triangular(low, high, mode)))


def workday(day):
    """The day itself, or the Monday after a week-end."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def weekdays_between(start, stop):
    """Number of weekdays from ``start`` to ``stop`` included."""
    if stop < start:
        return 0
    days = (stop - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = start.weekday()
    count += sum(1 for offset in range(rest) if (first + offset) % 7 < 5)
    return count


def nth_weekday(start, index):
    """The ``index``-th weekday (from 0) on or after ``start``."""
    day = workday(start)
    total = day.weekday() + index
    return day - timedelta(days=day.weekday()) + timedelta(days=(total // 5) * 7 + total % 5)


def local_datetime(day, hour, minute=0):
    """A naive UTC datetime (as Odoo stores them) of ``hour:minute`` in Brussels on ``day``."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=TZ)
    return moment.astimezone(UTC).replace(tzinfo=None)


def ascii_slug(text):
    """``text`` as the part of an e-mail address: lower-case ASCII letters, digits and dashes."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def largest_remainder(total, weights):
    """Split the integer ``total`` in proportion to ``weights`` (integers summing to total)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    result = [int(quota) for quota in quotas]
    rest = total - sum(result)
    order = sorted(range(len(weights)), key=lambda index: (result[index] - quotas[index], index))
    for index in order[:rest]:
        result[index] += 1
    return result


def fill(total, wants, caps):
    """Split ``total`` in proportion to ``wants`` without going over ``caps``; what a capped item
    cannot take goes to the others, as far as their caps allow."""
    result = [0] * len(wants)
    open_items = [index for index in range(len(wants)) if caps[index] > 0 and wants[index] > 0]
    remaining = total
    while remaining > 0 and open_items:
        shares = largest_remainder(remaining, [wants[index] for index in open_items])
        still_open = []
        for index, share in zip(open_items, shares, strict=True):
            taken = min(share, caps[index] - result[index])
            result[index] += taken
            remaining -= taken
            if result[index] < caps[index]:
                still_open.append(index)
        if len(still_open) == len(open_items) and remaining:
            # nobody was capped: the rounding left nothing more to give
            break
        open_items = still_open
    return result


def analyze(cr, *tables):
    for table in tables:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def chunks(cr, table, rows):
    """``rows`` in chunks for bulk inserts in ``table``; see FIRST_CHUNK."""
    if len(rows) <= FIRST_CHUNK:
        yield rows
        return
    yield rows[:FIRST_CHUNK]
    analyze(cr, table)
    for start in range(FIRST_CHUNK, len(rows), SQL_CHUNK):
        yield rows[start : start + SQL_CHUNK]
    analyze(cr, table)


def insert_rows(cr, table, columns, types, rows):
    """Insert ``rows`` (tuples in the order of ``columns``) in chunks, through unnest()."""
    arrays = ", ".join(f"%s::{type_}[]" for type_ in types)
    query = f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT * FROM unnest({arrays})'
    for chunk in chunks(cr, table, rows):
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)])


def copy_value(value):
    """``value`` in the text format of COPY."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat(" ") if isinstance(value, datetime) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(cr, table, columns, rows):
    """Insert ``rows`` with COPY: the fastest way for the largest tables."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(copy_value(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cr.copy_expert(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN', buffer)


def update_rows(cr, table, columns, types, rows):
    """``UPDATE table SET column = value`` from rows ``(id, value...)``, in chunks."""
    names = ", ".join(["id", *columns])
    arrays = ", ".join(f"%s::{type_}[]" for type_ in ("int4", *types))
    sets = ", ".join(f"{column} = v.{column}" for column in columns)
    query = f'UPDATE "{table}" t SET {sets} FROM unnest({arrays}) AS v({names}) WHERE t.id = v.id'
    if len(rows) > FIRST_CHUNK:
        analyze(cr, table)
    for start in range(0, len(rows), SQL_CHUNK):
        chunk = rows[start : start + SQL_CHUNK]
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)])


def new_ids(cr, table, count):
    """``count`` new ids of ``table``, taken from its sequence."""
    if not count:
        return []
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return sorted(row[0] for row in cr.fetchall())


def touch(records, fnames, protected=()):
    """Tell the ORM that ``fnames`` of ``records`` changed in SQL: the stored fields that depend
    on them (in any installed addon) are recomputed at the next flush, except the ``protected``
    pairs ``(fields, records)`` that the SQL has set already."""
    if not records:
        return
    env = records.env
    records.invalidate_recordset()
    pairs = [([target._fields[name] for name in names], target) for names, target in protected if target]
    with env.protecting(pairs):
        records.modified(fnames)
    env.flush_all()


def clone_partners(env, rows):
    """Insert partners in SQL, cloned from a template made through the ORM (then deleted): the
    columns that vary are given, those every partner shares come from the ORM's defaults.

    ``rows`` are dicts with ``name`` (a company) or ``firstname``/``lastname`` (a person), and
    optionally ``is_company``, ``parent`` (an id), ``email``, ``lang``, ``company_id``,
    ``birthdate_date``, ``nationality_id``, ``gender``, ``function``, ``street``, ``zip``,
    ``city``, ``company_registry``, ``create_date``. Returns the new ids, in order."""
    if not rows:
        return []
    cr = env.cr
    Partner = env["res.partner"]
    template = Partner.create({"name": "Modèle de génération", "country_id": env.ref("base.be").id})
    env.flush_all()
    default_lang = template.lang
    parents = {row["parent"] for row in rows if row.get("parent")}
    parent_data = {}
    if parents:
        cr.execute(
            """SELECT id, name, commercial_partner_id, street, zip, city, country_id, company_registry,
                      company_id
                 FROM res_partner WHERE id = ANY(%s)""",
            [list(parents)],
        )
        parent_data = {row[0]: row[1:] for row in cr.fetchall()}
    ids = new_ids(cr, "res_partner", len(rows))
    now = fields.Datetime.now()
    belgium = env.ref("base.be").id
    values = []
    for partner_id, row in zip(ids, rows, strict=True):
        is_company = bool(row.get("is_company"))
        if is_company:
            firstname, lastname = None, row["name"]
            name = row["name"]
        else:
            firstname, lastname = row.get("firstname"), row.get("lastname")
            name = row.get("name") or Partner._get_computed_name(lastname, firstname)
        parent = parent_data.get(row.get("parent"))
        if parent:
            parent_name, commercial, street, zip_code, city, country, registry, company = parent
            complete_name = f"{parent_name}, {name}"
            commercial_name = parent_name
        else:
            commercial, street, zip_code, city, country = partner_id, None, None, None, belgium
            registry, company = row.get("company_registry"), row.get("company_id")
            complete_name = name
            commercial_name = name if is_company else None
            street, zip_code, city = row.get("street"), row.get("zip"), row.get("city")
        email = row.get("email")
        created = row.get("create_date") or now
        values.append(
            (
                partner_id,
                name,
                firstname,
                lastname,
                complete_name,
                is_company,
                row.get("parent"),
                commercial,
                commercial_name,
                email,
                (email and email_normalize(email)) or None,
                row.get("lang") or default_lang,
                row.get("company_id", company),
                row.get("birthdate_date"),
                row.get("nationality_id"),
                row.get("gender"),
                row.get("function"),
                street,
                zip_code,
                city,
                country,
                registry,
                created,
                created,
            )
        )
    varying = [
        ("id", "int4"),
        ("name", "varchar"),
        ("firstname", "varchar"),
        ("lastname", "varchar"),
        ("complete_name", "varchar"),
        ("is_company", "bool"),
        ("parent_id", "int4"),
        ("commercial_partner_id", "int4"),
        ("commercial_company_name", "varchar"),
        ("email", "varchar"),
        ("email_normalized", "varchar"),
        ("lang", "varchar"),
        ("company_id", "int4"),
        ("birthdate_date", "date"),
        ("nationality_id", "int4"),
        ("gender", "varchar"),
        ("function", "varchar"),
        ("street", "varchar"),
        ("zip", "varchar"),
        ("city", "varchar"),
        ("country_id", "int4"),
        ("company_registry", "varchar"),
        ("create_date", "timestamp"),
        ("write_date", "timestamp"),
    ]
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' AND table_schema = current_schema()"
    )
    shared = [row[0] for row in cr.fetchall() if row[0] not in {name for name, _type in varying}]
    names = [name for name, _type in varying]
    arrays = ", ".join(f"%s::{type_}[]" for _name, type_ in varying)
    query = f"""
        INSERT INTO res_partner ({", ".join(names + shared)})
        SELECT {", ".join(f"v.{name}" for name in names)}, {", ".join(f"t.{name}" for name in shared)}
          FROM unnest({arrays}) AS v({", ".join(names)})
         CROSS JOIN (SELECT * FROM res_partner WHERE id = %s) t
    """
    for chunk in chunks(cr, "res_partner", values):
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)] + [template.id])
    template.unlink()
    return ids


def link(cr, table, left, right, pairs):
    """Rows of a many2many table."""
    if pairs:
        insert_rows(cr, table, [left, right], ["int4", "int4"], sorted(set(pairs)))


def link_network(cr, roles, communes):
    """The partner-network links of new partners: (partner, role) and (partner, commune) pairs."""
    link(cr, "res_partner_cri_partner_role_rel", "partner_id", "role_id", roles)
    link(cr, "res_partner_cri_commune_rel", "partner_id", "commune_id", communes)
