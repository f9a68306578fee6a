"""Each role of the pathway walks its main job in the French web client or portal, from the
login page, as its demo user: the reception agent receives a newcomer and signs the convention,
the social worker records an evaluation interview, the operator records a session of French."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import PathwayHttpCase


@tagged("post_install", "-at_install")
class TestPathwayRoleTours(PathwayHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.today()
        cls.registered = cls.today - timedelta(days=20)

    def role_tour_file(self, first_name):
        person = self.make_person(name=f"{first_name} Rôletour")
        return self.make_file(
            self.registered, person=person, social_worker_id=self.env.ref("cri_base.user_cric_social").id
        )

    def test_a_reception_agent_receives_a_newcomer_and_signs_the_convention(self):
        pathway = self.role_tour_file("Ismaël")
        self.start_tour("/web/login", "cri_pathway_reception_role_tour", login=None)
        self.assertEqual(pathway.state, "convention")
        self.assertEqual(pathway.rights_info_date, pathway.reception_date)
        self.assertEqual(pathway.convention_date, pathway.reception_date, "both dialogs proposed today")
        self.assertTrue(pathway.module_ids)

    def test_a_social_worker_records_an_evaluation_interview(self):
        pathway = self.to_convention(self.role_tour_file("Jade"), self.registered + timedelta(days=5))
        self.start_tour("/web/login", "cri_pathway_social_role_tour", login=None)
        self.assertIn("recherche de logement", pathway.evaluation_ids.report)
        self.assertEqual(pathway.evaluation_ids.user_id, self.env.ref("cri_base.user_cric_social"))

    def test_an_operator_records_a_session_of_its_learner_in_the_portal(self):
        pathway = self.to_convention(self.role_tour_file("Karim"), self.registered + timedelta(days=5))
        french = self.module(pathway, "french")
        french.operator_id = self.env.ref("cri_base.partner_cric_passerelles")
        french.action_start()
        self.start_tour("/web/login", "cri_pathway_operator_role_tour", login=None)
        self.assertEqual(french.attended_hours, 3.0)
