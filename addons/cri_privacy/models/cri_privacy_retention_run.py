from odoo import fields, models


class CriPrivacyRetentionRun(models.Model):
    """What one run of a retention policy did: written by the job, read by the Region
    administrators and the managers, changed by nobody."""

    _name = "cri.privacy.retention.run"
    _description = "Retention Policy Run"
    _order = "date desc, id desc"

    policy_id = fields.Many2one(
        "cri.privacy.retention.policy",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Run By",
        readonly=True,
        default=lambda self: self.env.uid,
        help="The scheduler or the administrator who pressed Run Now.",
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    cutoff_date = fields.Date(
        string="Reference Date Up To",
        readonly=True,
        help="Data whose reference date is on or before this date was treated.",
    )
    record_count = fields.Integer(string="Records Treated", readonly=True)
