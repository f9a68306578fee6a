"""Browser tours in French, from the login page: the Region observer reads the Region's
published tables, a CRI manager corrects a month's figures with a reason."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import YEAR, ReportingCommon


@tagged("post_install", "-at_install")
class TestReportingTours(ReportingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.files(7, date(YEAR, 1, 10))
        cls.files(2, date(YEAR, 1, 11), commune=cls.namur_commune)
        # the tours read January 2016 alone: the snapshots of the demo months are not theirs
        cls.env.cr.execute("DELETE FROM cri_reporting_snapshot WHERE period != %s", [date(YEAR, 1, 1)])
        cls.env.invalidate_all()
        cls.snapshots = cls.env["cri.reporting.snapshot"]._take_month(date(YEAR, 1, 1))
        (cls.observer | cls.manager).write({"lang": "fr_BE", "tz": "Europe/Brussels"})

    def test_region_observer_reads_the_published_tables(self):
        # from the login page, as its working day starts
        self.start_tour("/web/login", "cri_reporting_region_dashboard_tour", login=None)

    def test_manager_corrects_a_month_with_a_reason(self):
        january = self.snapshots.filtered(lambda s: s.company_id == self.company_cric)
        self.start_tour("/web/login", "cri_reporting_correction_tour", login=None)
        self.assertEqual(january.state, "superseded")
        new = self.env["cri.reporting.snapshot"].search([("previous_version_id", "=", january.id)])
        self.assertEqual((new.version, new.reason), (2, "Dossiers encodés en retard par la commune"))
