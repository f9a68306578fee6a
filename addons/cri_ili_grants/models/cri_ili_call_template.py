from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CriIliCallRequirement(models.Model):
    """A requirement every grant of the call inherits: a report, a statement, a document, with
    its due date (the activity report and the summary statement by 1 March of the next year)."""

    _name = "cri.ili.call.requirement"
    _description = "ILI Call Requirement"
    _order = "due_date, id"

    call_id = fields.Many2one("cri.ili.call", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Requirement", required=True, translate=True)
    due_date = fields.Date(required=True)


class CriIliCallInstalment(models.Model):
    """A line of the call's instalment plan: a share of the granted amount, its planned date and
    the requirement whose acceptance releases it (none for an advance)."""

    _name = "cri.ili.call.instalment"
    _description = "ILI Call Instalment Plan Line"
    _order = "sequence, id"

    call_id = fields.Many2one("cri.ili.call", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Instalment", required=True, translate=True, help="e.g. Advance, Balance.")
    percent = fields.Float(string="Share (%)", required=True, help="Share of the granted amount.")
    planned_date = fields.Date(required=True)
    release_requirement_id = fields.Many2one(
        "cri.ili.call.requirement",
        string="Released By",
        domain="[('call_id', '=', call_id)]",
        help="The requirement that must be accepted before this instalment is paid.",
    )

    @api.constrains("percent")
    def _check_percent(self):
        if any(not 0 < line.percent <= 100 for line in self):
            raise ValidationError(self.env._("An instalment is a share of more than 0 and at most 100 %."))
