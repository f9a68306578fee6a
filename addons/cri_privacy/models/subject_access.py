"""What a subject access export holds: the person and each of the person's files that the user
may read, with their records and messages, read with the user's rights (record rules and
field groups), as JSON-ready values and as text for the PDF."""

from odoo.tools import format_date, format_datetime, formatLang, html2plaintext

# the contact fields of a person (those of an addon that is not installed are skipped)
PERSON_FIELDS = (
    "name",
    "firstname",
    "lastname",
    "birthdate_date",
    "gender",
    "nationality_id",
    "cri_national_number",
    "lang",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "country_id",
    "comment",
)
# technical fields, the chatter's own and the file's links back to itself
SKIPPED_FIELDS = frozenset(
    {
        "id",
        "display_name",
        "create_uid",
        "write_uid",
        "write_date",
        "access_token",
        "access_url",
        "access_warning",
    }
)
SKIPPED_PREFIXES = ("message_", "activity_", "website_message", "has_message", "rating_", "my_activity")
SKIPPED_TYPES = frozenset(
    {"binary", "properties", "properties_definition", "json", "reference", "many2one_reference"}
)


class SubjectAccess:
    def __init__(self, pathway):
        self.pathway = pathway
        self.env = pathway.env

    def collect(self):
        person = self.pathway.partner_id
        files = self.env["cri.pathway"].search(
            [("partner_id", "=", person.id)], order="registration_date, id"
        )
        return {
            "person": self.record(person, [name for name in PERSON_FIELDS if name in person._fields]),
            "files": [self.file(pathway) for pathway in files],
        }

    def file(self, pathway):
        data = self.record(pathway)
        data["sections"] = self.sections(pathway, depth=2)
        data["messages"] = self.messages(pathway)
        return data

    def sections(self, record, depth):
        """One section per list of records of ``record`` (exemptions, modules...) the user reads."""
        sections = []
        for name, description in self.readable_fields(record).items():
            if description["type"] != "one2many" or name.startswith(SKIPPED_PREFIXES):
                continue
            field = record._fields[name]
            lines = self.env[field.comodel_name].search([(field.inverse_name, "=", record.id)])
            if not lines:
                continue
            rows = []
            for line in lines:
                row = self.record(line, exclude={field.inverse_name})
                if depth > 1:
                    row["sections"] = self.sections(line, depth - 1)
                rows.append(row)
            sections.append({"field": name, "label": description["string"], "records": rows})
        return sections

    def messages(self, record):
        messages = self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "!=", "user_notification"),
            ],
            order="date, id",
        )
        return [
            {
                "date": format_datetime(self.env, message.date),
                "author": message.author_id.display_name or "",
                "subject": message.subject or "",
                "body": html2plaintext(message.body or ""),
                "changes": self.changes(message),
            }
            for message in messages
        ]

    def changes(self, message):
        """The tracked changes of a message the user reads, as its chatter shows them: the
        tracking values are the administrator's model, each shown if the user reads its field."""
        trackings = message.sudo().tracking_value_ids._filter_has_field_access(self.env)
        return [
            "{}: {} → {}".format(
                change["changedField"], change["oldValue"]["value"] or "", change["newValue"]["value"] or ""
            )
            for change in trackings._tracking_value_format()
        ]

    def readable_fields(self, record):
        """{name: description} of the fields of ``record`` the user may read (fields_get leaves
        out the fields of groups the user is not in)."""
        return {
            name: description
            for name, description in record.fields_get(
                attributes=["string", "type", "selection", "relation"]
            ).items()
            if name not in SKIPPED_FIELDS
            and not name.startswith(SKIPPED_PREFIXES)
            and description["type"] not in SKIPPED_TYPES
        }

    def record(self, record, names=None, exclude=()):
        """{"model", "id", "name", "fields": [{"field", "label", "value", "text"}]} of a record."""
        described = self.readable_fields(record)
        names = [
            name
            for name in (names or described)
            if name in described and name not in exclude and described[name]["type"] != "one2many"
        ]
        values = record.read(names)[0] if names else {}
        return {
            "model": record._name,
            "id": record.id,
            "name": record.display_name,
            "fields": [
                {
                    "field": name,
                    "label": described[name]["string"],
                    **self.value(described[name], values[name]),
                }
                for name in names
            ],
        }

    def value(self, description, value):
        """The JSON value and the text shown in the PDF of a value ``read`` returned."""
        kind = description["type"]
        if value is False and kind != "boolean":
            return {"value": None, "text": ""}
        if kind == "many2one":
            return {"value": value[1], "text": value[1]}
        if kind == "many2many":
            names = self.env[description["relation"]].browse(value).mapped("display_name")
            return {"value": names, "text": ", ".join(names)}
        if kind == "selection":
            label = dict(description["selection"]).get(value, value)
            return {"value": value, "text": label}
        if kind == "boolean":
            return {"value": value, "text": self.env._("Yes") if value else self.env._("No")}
        if kind == "date":
            return {"value": value.isoformat(), "text": format_date(self.env, value)}
        if kind == "datetime":
            return {"value": value.isoformat(), "text": format_datetime(self.env, value)}
        if kind in ("float", "monetary"):
            return {"value": value, "text": formatLang(self.env, value)}
        if kind == "html":
            text = html2plaintext(value)
            return {"value": text, "text": text}
        return {"value": value, "text": str(value)}
