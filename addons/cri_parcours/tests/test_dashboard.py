"""The pathway's figures of a manager's dashboard: counted over its own CRI, late files in red,
each opening on the files it counts; and the manager's working day starts there, in French."""

from odoo.tests import tagged

from odoo.addons.cri_base.tools import legal_today

from .common import PathwayCase, PathwayHttpCase


class DashboardFigures:
    def value(self, user, xmlid):
        tile = self.env.ref(xmlid).with_user(user)
        tile.invalidate_recordset(["value", "value_display", "is_alert"])
        return tile.value


@tagged("post_install", "-at_install")
class TestPathwayDashboard(DashboardFigures, PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_cai = cls.env["res.users"].create(
            {
                "name": "Direction CAI (test)",
                "login": "pt-manager-cai",
                "company_id": cls.company_cai.id,
                "company_ids": [(6, 0, cls.company_cai.ids)],
                "groups_id": [(6, 0, [cls.env.ref("cri_base.group_manager").id])],
            }
        )

    def test_each_manager_counts_the_files_of_its_own_cri(self):
        referral = "cri_parcours.dashboard_tile_pathway_referral"
        before = {user: self.value(user, referral) for user in (self.manager, self.manager_cai)}
        today = legal_today()
        self.make_file(today)
        self.make_file(today)
        self.make_file(today, commune_id=self.namur.id)
        self.assertEqual(self.value(self.manager, referral), before[self.manager] + 2)
        self.assertEqual(self.value(self.manager_cai, referral), before[self.manager_cai] + 1)

    def test_a_file_past_its_deadline_reads_red_on_the_dashboard(self):
        overdue = self.env.ref("cri_parcours.dashboard_tile_pathway_overdue")
        before = self.value(self.manager, "cri_parcours.dashboard_tile_pathway_overdue")
        late = self.make_file()  # registered in 2024, never presented
        self.assertLess(late.next_deadline, legal_today())
        self.assertEqual(self.value(self.manager, "cri_parcours.dashboard_tile_pathway_overdue"), before + 1)
        self.assertTrue(overdue.with_user(self.manager).is_alert)
        # the drill-down shows that file, and only the manager's CRI's files
        action = overdue.with_user(self.manager).action_open()
        files = self.env["cri.pathway"].with_user(self.manager).search(action["domain"])
        self.assertIn(late, files)
        self.assertEqual(files.company_id, self.company_cric)
        # presented, it leaves the late files (its next deadline is the convention's)
        self.to_convention(late, legal_today())
        self.assertEqual(self.value(self.manager, "cri_parcours.dashboard_tile_pathway_overdue"), before)

    def test_certificates_and_hours_of_the_year(self):
        hours = "cri_parcours.dashboard_tile_pathway_hours"
        before = self.value(self.manager, hours)
        pathway = self.to_convention(self.make_file(legal_today()), legal_today())
        self.attend(self.module(pathway, "citizenship"), 7, start=legal_today())
        self.assertEqual(self.value(self.manager, hours), before + 7)
        tile = self.env.ref(hours).with_user(self.manager).with_context(lang="fr_BE")
        self.assertRegex(tile.value_display, r"^\d[\d\s\u00a0\u202f,]* h$")
        # the social worker has no dashboard figure of the manager's
        self.assertFalse(self.env["cri.dashboard.tile"].with_user(self.social_worker).search([]))


@tagged("post_install", "-at_install")
class TestPathwayDashboardTour(PathwayHttpCase):
    def test_a_manager_lands_on_its_dashboard_and_opens_the_files_to_receive(self):
        person = self.make_person(name="Noor Tableaudebord")
        self.make_file(legal_today(), person=person)
        self.make_file()  # registered in 2024, never presented: late
        self.manager.write({"lang": "fr_BE", "tz": "Europe/Brussels"})
        self.start_tour("/web/login", "cri_pathway_manager_dashboard_tour", login=None)
