from odoo import api, models
from odoo.tools import format_date

from odoo.addons.cri_base.tools import legal_today

from ..models.cri_pathway import SUBJECT_ACCESS_GROUP


class ReportSubjectAccess(models.AbstractModel):
    """Everything the suite holds on the person of a file, printed for the person's request."""

    _name = "report.cri_privacy.report_subject_access"
    _inherit = "cri.report.mixin"
    _description = "Subject Access Export"
    _cri_report_model = "cri.pathway"
    _cri_report_groups = (SUBJECT_ACCESS_GROUP,)

    @api.model
    def _cri_printing_refusal(self):
        return self.env._(
            "The data of a person is exported by the social workers and managers of the file's CRI."
        )

    @api.model
    def _cri_check_qualifies(self, docs):
        # every file has a person whose data may be asked for
        return True

    @api.model
    def _cri_report_values(self, docs):
        # a French document (the CRI's language): the labels of the fields too
        lang = "fr_BE" if "fr_BE" in dict(self.env["res.lang"].get_installed()) else self.env.lang
        docs = docs.with_context(lang=lang)
        return {
            "report_lang": lang,
            "export_date": format_date(docs.env, legal_today()),
            "subject_data": {doc.id: doc._cri_privacy_subject_data() for doc in docs},
        }


class ReportSanctionLetter(models.AbstractModel):
    _inherit = "report.cri_parcours.report_sanction_letter"

    @api.model
    def _cri_report_values(self, docs):
        # the documents are checked (who prints, record rules) before they are rendered
        self.env["cri.privacy.access.log"]._cri_log(docs, "print")
        return super()._cri_report_values(docs)
