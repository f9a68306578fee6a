from odoo import api, models
from odoo.exceptions import UserError


class ReportCertificate(models.AbstractModel):
    """The certificate is also in the file's Print menu, which does not go through
    ``action_print_certificate``: the report itself refuses a file without a certificate."""

    _name = "report.cri_parcours.report_certificate"
    _description = "Integration Pathway Attendance Certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["cri.pathway"].browse(docids)
        not_issued = docs.filtered(lambda pathway: pathway.state != "done")
        if not_issued:
            raise UserError(
                self.env._(
                    "No certificate has been issued for file(s) %(files)s: it is printed once the "
                    "pathway is completed.",
                    files=", ".join(not_issued.mapped("name")),
                )
            )
        return {"doc_ids": docids, "doc_model": "cri.pathway", "docs": docs, "data": data}
