from odoo import models

# what Odoo itself puts in a report's data; anything else comes from the caller (the URL's options)
RENDERING_KEYS = ("report_type",)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        """A document of the suite renders from its records and its report model only: the
        values a caller passes as the report's data (``/report/pdf/...?options=``) become template
        variables in Odoo; for the suite's documents they are dropped, whatever their names."""
        report_model = self._get_rendering_context_model(report)
        if report_model is not None and isinstance(report_model, self.env.registry["cri.report.mixin"]):
            data = {key: value for key, value in (data or {}).items() if key in RENDERING_KEYS}
        return super()._get_rendering_context(report, docids, data)
