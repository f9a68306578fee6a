from odoo import api, models

from ..tools import hours_text, number_text


class IrQwebFieldCriHours(models.AbstractModel):
    """``t-options="{'widget': 'cri_hours'}"``: "60 h", "2,5 h" in the language of the page
    (``t-lang`` included), where ``'%g h'`` would print "2.5 h"."""

    _name = "ir.qweb.field.cri_hours"
    _description = "Qweb Field CRI Hours"
    _inherit = "ir.qweb.field"

    @api.model
    def value_to_html(self, value, options):
        return hours_text(self.env, value)


class IrQwebFieldCriNumber(models.AbstractModel):
    """``t-options="{'widget': 'cri_number'}"``: a count or a rate without useless decimals,
    "1 250", "87,5", in the language of the page."""

    _name = "ir.qweb.field.cri_number"
    _description = "Qweb Field CRI Number"
    _inherit = "ir.qweb.field"

    @api.model
    def value_to_html(self, value, options):
        return number_text(self.env, value)
