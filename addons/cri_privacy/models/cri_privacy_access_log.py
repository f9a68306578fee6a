from odoo import api, fields, models
from odoo.exceptions import UserError

OPERATIONS = [("read", "Read"), ("change", "Change"), ("print", "Print")]


class CriPrivacyAccessLog(models.Model):
    """Who read, changed or printed a sensitive field of a file (a medical evidence, a sanction
    letter), and when. Written by the suite only, read by the managers of the file's CRI, never
    changed nor deleted."""

    _name = "cri.privacy.access.log"
    _description = "Sensitive Data Access Log"
    _order = "date desc, id desc"

    # identity
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    # relations
    model_id = fields.Many2one(
        "ir.model", string="Document Type", required=True, readonly=True, ondelete="cascade"
    )
    res_id = fields.Integer(string="Document ID", required=True, readonly=True)
    field_names = fields.Char(
        string="Fields",
        readonly=True,
        help="Technical names of the fields read or changed; empty for a print.",
    )
    pathway_id = fields.Many2one(
        "cri.pathway", string="Pathway File", readonly=True, ondelete="set null", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True, ondelete="set null")
    company_id = fields.Many2one("res.company", string="CRI", required=True, readonly=True, index=True)
    # dates
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    # computed
    field_labels = fields.Char(string="Field", compute="_compute_field_labels")

    @api.depends("model_id", "field_names")
    def _compute_field_labels(self):
        for line in self:
            model = self.env.get(line.model_id.model)
            names = (line.field_names or "").split(",") if model is not None else []
            line.field_labels = ", ".join(
                model._fields[name]._description_string(self.env) if name in model._fields else name
                for name in names
            )

    @api.model
    def _cri_log(self, records, operation, field_names=()):
        """One line per record of a pathway file (``pathway_id``), as the suite itself."""
        if not records:
            return self.browse()
        model = self.env["ir.model"]._get_id(records._name)
        lines = [
            {
                "user_id": self.env.uid,
                "operation": operation,
                "model_id": model,
                "res_id": record.id,
                "field_names": ",".join(field_names),
                "pathway_id": record.pathway_id.id,
                "partner_id": record.pathway_id.partner_id.id,
                "company_id": record.pathway_id.company_id.id,
            }
            for record in records.sudo()
        ]
        return self.sudo().create(lines)

    def write(self, vals):
        self.check_access("write")
        if vals:
            raise UserError(
                self.env._("The log of sensitive data is kept as written: its lines cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("The log of sensitive data is kept as written: its lines cannot be deleted.")
        )
