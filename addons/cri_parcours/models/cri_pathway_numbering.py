from odoo import api, models

from .cri_pathway import NUMBERINGS


# split by responsibility from cri_pathway.py (CONVENTIONS.md: a file past ~500 lines is split)
class CriPathway(models.Model):
    """Numbers of files and certificates: one sequence of each per CRI, made with the CRI.

    The sequences exist before a CRI's first file, so two agents opening the first files of a
    new CRI at the same moment never each create a sequence and get the same number: the
    numbers come from PostgreSQL sequences, which need no lock.
    """

    _inherit = "cri.pathway"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _ensure_sequences(self, centers=None):
        """Create the missing sequences of ``centers`` (default: every centre). Technical records
        that no CRI role manages: made by the system for the CRI."""
        centers = (
            centers
            if centers is not None
            else self.env["cri.center"].sudo().search([("company_id", "!=", False)])
        ).sudo()
        Sequence = self.env["ir.sequence"].sudo()
        existing = {
            (seq.code, seq.company_id.id)
            for seq in Sequence.search(
                [("code", "in", list(NUMBERINGS)), ("company_id", "in", centers.company_id.ids)]
            )
        }
        vals_list = [
            {
                "name": f"{code} ({center.company_id.name})",
                "code": code,
                "company_id": center.company_id.id,
                "prefix": f"{prefix}/{center.code}/%(year)s/",
                "padding": 5,
                "implementation": "standard",
            }
            for center in centers.filtered("company_id")
            for code, prefix in NUMBERINGS.items()
            if (code, center.company_id.id) not in existing
        ]
        return Sequence.create(vals_list)

    @api.model
    def _next_number(self, center, code):
        """Next number of the sequence ``code`` of ``center``'s CRI (company)."""
        company = center.sudo().company_id
        domain = [("code", "=", code), ("company_id", "=", company.id)]
        sequence = self.env["ir.sequence"].sudo().search(domain, limit=1)
        if not sequence:
            # a centre made before this numbering existed
            self._ensure_sequences(center)
            sequence = self.env["ir.sequence"].sudo().search(domain, limit=1)
        return sequence.next_by_id()
