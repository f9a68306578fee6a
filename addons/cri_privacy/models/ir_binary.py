from odoo import models

from .cri_pathway_exemption import EVIDENCE_FIELD


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        """A download of a medical evidence (``/web/content``, by its exemption or by its
        attachment) is logged: the field is not read through the ORM there."""
        stream = super()._record_to_stream(record, field_name)
        if record._name == "cri.pathway.exemption" and field_name == EVIDENCE_FIELD:
            exemptions = record
        elif (
            record._name == "ir.attachment"
            and record.sudo().res_model == "cri.pathway.exemption"
            and record.sudo().res_field == EVIDENCE_FIELD
        ):
            exemptions = self.env["cri.pathway.exemption"].browse(record.sudo().res_id)
        else:
            return stream
        if not self.env.su:
            self.env["cri.privacy.access.log"]._cri_log(exemptions.exists(), "read", [EVIDENCE_FIELD])
        return stream
