from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError


class CriPathwayLine(models.AbstractModel):
    """What every record of a pathway file shares: the link to its file and the file's CRI.

    Such a record (need, action, exemption, appointment...) is created only on a file the user
    may modify, which the record rules limit to the user's CRIs, and it never moves to another
    file: what it proves or tells is about one person.
    """

    _name = "cri.pathway.line"
    _description = "Record of a Pathway File"
    _check_company_auto = True

    pathway_id = fields.Many2one(
        "cri.pathway",
        string="Pathway File",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="pathway_id.company_id", string="Company", store=True, index=True, precompute=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        pathway_ids = {vals["pathway_id"] for vals in vals_list if vals.get("pathway_id")}
        self._check_pathway_access(self.env["cri.pathway"].browse(pathway_ids))
        return super().create(vals_list)

    def write(self, vals):
        if "pathway_id" in vals and any(line.pathway_id.id != vals["pathway_id"] for line in self):
            raise UserError(
                self.env._(
                    "%(record)s belongs to one pathway file: it cannot be moved to another file.",
                    record=self._model_label(),
                )
            )
        return super().write(vals)

    def _model_label(self):
        """The name of this kind of record in the user's language."""
        return self.env["ir.model"].sudo()._get(self._name).name

    def _check_pathway_access(self, pathways):
        """Refuse a record on a file that the user may not modify (another CRI's, one that does
        not exist)."""
        if self.env.su:
            return
        try:
            pathways.check_access("write")
            missing = pathways - pathways.exists()
        except (AccessError, MissingError):
            missing = pathways
        if missing:
            raise AccessError(
                self.env._(
                    "%(record)s: only a file of your own CRI can receive it.",
                    record=self._model_label(),
                )
            )
