"""The report models of the pathway's documents: each checks, on the server, who prints and
whether the record qualifies (cri.report.mixin), however the document is asked for."""

from odoo import api, models
from odoo.exceptions import UserError

# the CRI's staff who follow the files (reception agents, social workers; managers imply both)
PATHWAY_STAFF = ("cri_base.group_reception_agent", "cri_base.group_social_worker")


class ReportCertificate(models.AbstractModel):
    """The attendance certificate, printed once the pathway is completed."""

    _name = "report.cri_parcours.report_certificate"
    _inherit = "cri.report.mixin"
    _description = "Integration Pathway Attendance Certificate"
    _cri_report_model = "cri.pathway"
    _cri_report_groups = PATHWAY_STAFF

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("The certificates of the pathway are printed by the staff of the file's CRI.")

    @api.model
    def _cri_check_qualifies(self, docs):
        not_issued = docs.filtered(lambda pathway: pathway.state != "done")
        if not_issued:
            raise UserError(
                self.env._(
                    "No certificate has been issued for file(s) %(files)s: it is printed once the "
                    "pathway is completed.",
                    files=", ".join(not_issued.mapped("name")),
                )
            )


class ReportSanctionLetter(models.AbstractModel):
    """The letter of a step of the sanction procedure, as the daily check sent it."""

    _name = "report.cri_parcours.report_sanction_letter"
    _inherit = "cri.report.mixin"
    _description = "Sanction Letter of the Pathway"
    _cri_report_model = "cri.pathway.sanction"
    _cri_report_groups = PATHWAY_STAFF

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("The sanction letters are printed by the staff of the file's CRI.")

    @api.model
    def _cri_check_qualifies(self, docs):
        # a step exists once the daily check took it: its letter was sent, and is printed again
        return True
