from odoo import api, models

# the medical evidence whose reads and changes are logged
EVIDENCE_FIELD = "evidence_file"


def read_write(method):
    """Mark an override of a read method as needing a read/write transaction: it logs the read
    (the web client's ``call_kw`` route runs a method marked read-only on a read-only replica)."""
    method._readonly = False
    return method


class CriPathwayExemption(models.Model):
    _inherit = "cri.pathway.exemption"

    def _fetch_query(self, query, fields):
        fetched = super()._fetch_query(query, fields)
        context = self.env.context
        if (
            not self.env.su
            and any(field.name == EVIDENCE_FIELD for field in fields)
            # with bin_size, the form shows the document's size: the document is not read
            and not (context.get("bin_size") or context.get(f"bin_size_{EVIDENCE_FIELD}"))
        ):
            self._cri_privacy_log_evidence("read", fetched.filtered(EVIDENCE_FIELD))
        return fetched

    def _cri_privacy_log_evidence(self, operation, exemptions):
        self.env["cri.privacy.access.log"]._cri_log(exemptions, operation, [EVIDENCE_FIELD])

    @read_write
    def read(self, fields=None, load="_classic_read"):
        return super().read(fields, load)

    @read_write
    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    @read_write
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        return super().web_search_read(domain, specification, offset, limit, order, count_limit)

    @api.model
    @read_write
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        return super().search_read(domain, fields, offset, limit, order, **read_kwargs)

    @api.model_create_multi
    def create(self, vals_list):
        exemptions = super().create(vals_list)
        with_evidence = [
            exemption
            for exemption, vals in zip(exemptions, vals_list, strict=True)
            if vals.get(EVIDENCE_FIELD)
        ]
        self._cri_privacy_log_evidence("change", self.browse([exemption.id for exemption in with_evidence]))
        return exemptions

    def write(self, vals):
        result = super().write(vals)
        if EVIDENCE_FIELD in vals and not self.env.context.get("cri_privacy_retention"):
            self._cri_privacy_log_evidence("change", self)
        return result
