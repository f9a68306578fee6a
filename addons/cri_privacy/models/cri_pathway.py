from odoo import fields, models
from odoo.exceptions import AccessError

from odoo.addons.cri_parcours.models.cri_pathway import WORKFLOW_FIELDS

from ..tools import purge_traces
from .subject_access import SubjectAccess

# who exports a person's data: the social workers of the file's CRI (managers are social workers)
SUBJECT_ACCESS_GROUP = "cri_base.group_social_worker"
# free text of a file that says nothing of a person (the numbers the CRI gave the file)
KEPT_TEXT_FIELDS = frozenset({"name", "certificate_number", "access_token"})


class CriPathway(models.Model):
    _inherit = "cri.pathway"
    _cri_workflow_fields = WORKFLOW_FIELDS | {"cri_privacy_anonymised", "cri_privacy_anonymised_date"}

    cri_privacy_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        index=True,
        help="The retention job replaced what identifies the person by neutral values; the "
        "statistics still count the file.",
    )
    cri_privacy_anonymised_date = fields.Date(string="Anonymised On", readonly=True, copy=False)

    # ------------------------------------------------------------------ anonymisation
    def _cri_privacy_protected_fields(self):
        """The stored computed fields of the files: anonymising the person must not recompute
        what the statistics count (eligibility, regime, deadlines)."""
        return [field for field in self._fields.values() if field.store and field.compute]

    def _cri_privacy_file_records(self):
        """{model: records} of these files: the files themselves, every record that points to
        them with a ``pathway_id``, and the attendance of their modules."""
        env = self.env(su=True)
        found = {"cri.pathway": env["cri.pathway"].browse(self.ids)}
        for name in env.registry:
            model = env[name]
            field = model._fields.get("pathway_id")
            if (
                model._abstract
                or model._transient
                or not model._auto
                or name == "cri.pathway"
                # the log of sensitive data is kept as written
                or name.startswith("cri.privacy.")
                or not field
                or field.type != "many2one"
                or field.comodel_name != "cri.pathway"
                or not field.store
            ):
                continue
            found[name] = model.with_context(active_test=False).search([("pathway_id", "in", self.ids)])
        if "cri.pathway.module" in found:
            found["cri.pathway.attendance"] = found["cri.pathway.module"].attendance_ids
        return found

    def _cri_privacy_scrub(self, policy):
        """Empty the free text and delete the documents and messages of these files and of their
        records; dates, states, hours and choices stay."""
        neutral = self.env._("Anonymised")
        for records in self._cri_privacy_file_records().values():
            for field in records._fields.values():
                if (
                    field.type in ("char", "text", "html")
                    and field.store
                    and not field.compute
                    and not field.related
                    and not field.translate
                    and field.name not in KEPT_TEXT_FIELDS
                ):
                    # a neutral text rather than none: a field whose emptiness a rule forbids stays valid
                    records.filtered(field.name).write({field.name: neutral})
            purge_traces(records)

    def _cri_privacy_post_anonymised(self, policy):
        for pathway in self:
            pathway.message_post(
                body=self.env._(
                    "Anonymised by the retention policy “%(policy)s” (%(years)s years after the file was closed).",
                    policy=policy.name,
                    years=policy.years,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ subject access
    def _cri_privacy_check_subject_access(self):
        """Refuse the export to whoever is not a social worker or manager of the file's CRI."""
        if not self.env.su and not self.env.user.has_group(SUBJECT_ACCESS_GROUP):
            raise AccessError(
                self.env._(
                    "The data of a person is exported by the social workers and managers of the file's CRI."
                )
            )
        self.check_access("read")

    def _cri_privacy_subject_data(self):
        """Everything the suite holds on the person of this file, read with the user's rights."""
        self.ensure_one()
        self._cri_privacy_check_subject_access()
        return SubjectAccess(self).collect()

    def action_cri_privacy_subject_access_pdf(self):
        self.ensure_one()
        self._cri_privacy_check_subject_access()
        return self.env.ref("cri_privacy.action_report_subject_access").report_action(self)

    def action_cri_privacy_subject_access_json(self):
        self.ensure_one()
        self._cri_privacy_check_subject_access()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cri_privacy/subject_access/{self.id}",
            "target": "download",
        }
