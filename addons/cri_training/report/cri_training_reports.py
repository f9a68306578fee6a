"""The report models of the trainings' certificates: each checks, on the server, who prints and
whether the registration qualifies (cri.report.mixin), however the document is asked for."""

from odoo import api, models

from odoo.addons.cri_base.tools import legal_today

# the CRI's training officers (its managers imply them)
TRAINING_OFFICERS = ("cri_training.group_training_officer",)
# and the trainers, for their own sessions' participants
CERTIFICATE_PRINTERS = (*TRAINING_OFFICERS, "cri_base.group_trainer")


class ReportCertificate(models.AbstractModel):
    """The certificate of attendance of a session, for a participant who reached its threshold,
    printed by the CRI's training officers and by the session's own trainer. The organisations'
    portal renders it as superuser, once it found the registration through the portal user's own
    rights."""

    _name = "report.cri_training.report_certificate"
    _inherit = "cri.report.mixin"
    _description = "Training Certificate of Attendance"
    _cri_report_model = "event.registration"
    _cri_report_groups = CERTIFICATE_PRINTERS

    @api.model
    def _cri_printing_refusal(self):
        return self.env._(
            "The certificates of attendance are printed by the CRI's training officers and by the trainer "
            "of the session."
        )

    @api.model
    def _cri_check_qualifies(self, docs):
        # a trainer reads its own sessions only (record rules); said again here, where it prints
        docs._cri_check_certificate_printer()
        docs._cri_check_certificate()

    @api.model
    def _cri_report_values(self, docs):
        return {"issued_on": legal_today()}


class ReportCycleCertificate(models.AbstractModel):
    """The certificate of the cycles a participant completed, printed from one of its
    registrations: each cycle of the session's module whose every module the participant
    completed, among the registrations the printing user reads (its own CRIs')."""

    _name = "report.cri_training.report_cycle_certificate"
    _inherit = "cri.report.mixin"
    _description = "Training Cycle Certificate"
    _cri_report_model = "event.registration"
    _cri_report_groups = TRAINING_OFFICERS

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("The certificates of the trainings are printed by the CRI's training officers.")

    @api.model
    def _cri_check_qualifies(self, docs):
        docs._cri_check_cycle_certificate()

    @api.model
    def _cri_report_values(self, docs):
        return {
            "completed_cycles": {doc.id: doc._cri_completed_cycles() for doc in docs},
            "issued_on": legal_today(),
        }
