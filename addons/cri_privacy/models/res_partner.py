import datetime

from odoo import models

from odoo.addons.cri_base.tools import legal_today

from ..tools import purge_traces

# contact data, numbers and notes of a person, emptied when the person is anonymised (the fields
# another addon does not install are skipped)
PERSON_CLEARED_FIELDS = (
    "firstname",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "website",
    "function",
    "title",
    "vat",
    "ref",
    "comment",
    "parent_id",
    "cri_national_number",
    "image_1920",
)


def age_keeping_birthdate(birthdate, on_dates):
    """A date of the same birth year (1 January or 31 December) that gives the person the same age
    on each of ``on_dates`` (the registration dates the statistics' age bands are taken on); the
    first of the birth month when the year alone cannot, the birthdate itself as a last resort."""

    def same_age(candidate):
        return all(
            (day.year - candidate.year) - ((day.month, day.day) < (candidate.month, candidate.day))
            == (day.year - birthdate.year) - ((day.month, day.day) < (birthdate.month, birthdate.day))
            for day in on_dates
        )

    candidates = (
        datetime.date(birthdate.year, 1, 1),
        datetime.date(birthdate.year, 12, 31),
        birthdate.replace(day=1),
    )
    return next((candidate for candidate in candidates if same_age(candidate)), birthdate)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _cri_privacy_anonymise(self, policy):
        """Replace what identifies these persons, in their contact and in their files, by neutral
        values; keep what the statistics count (gender, nationality, age on each registration
        date, the files' communes, dates, states and hours). Superuser code: the retention job."""
        label = self.env._("Anonymised person")
        pathways = self.env["cri.pathway"].sudo().search([("partner_id", "in", self.ids)])
        registrations = {}
        for pathway in pathways:
            registrations.setdefault(pathway.partner_id.id, []).append(pathway.registration_date)
        cleared = {name: False for name in PERSON_CLEARED_FIELDS if name in self._fields}
        with self.env.protecting(pathways._cri_privacy_protected_fields(), pathways):
            for person in self.sudo():
                values = (
                    dict(cleared, lastname=label) if "lastname" in self._fields else dict(cleared, name=label)
                )
                if person.birthdate_date:
                    values["birthdate_date"] = age_keeping_birthdate(
                        person.birthdate_date, registrations.get(person.id, [])
                    )
                person.write(values)
                for user in person.with_context(active_test=False).user_ids:
                    user.write({"active": False, "login": f"anonymised-{user.id}"})
            self.sudo().bank_ids.unlink()
            purge_traces(self)
            self.env["mail.followers"].sudo().search([("partner_id", "in", self.ids)]).unlink()
            pathways._cri_privacy_scrub(policy)
        pathways.write({"cri_privacy_anonymised": True, "cri_privacy_anonymised_date": legal_today()})
        pathways._cri_privacy_post_anonymised(policy)
