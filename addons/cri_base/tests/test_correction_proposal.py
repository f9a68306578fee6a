from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCorrectionProposal(TransactionCase):
    """A manager's correction of reference data becomes a proposal that the Region
    administrators review as activities on the record and answer to the proposer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.ref("cri_base.center_cric").company_id
        cls.company_b = cls.env.ref("cri_base.center_cai").company_id
        cls.commune = cls.env.ref("cri_base.commune_52011")

        def user(login, groups, companies):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[(6, 0, companies.ids)],
            )

        cls.manager_a = user("cp-manager-a", "cri_base.group_manager", cls.company_a)
        cls.manager_b = user("cp-manager-b", "cri_base.group_manager", cls.company_b)
        cls.agent_a = user("cp-agent-a", "cri_base.group_reception_agent", cls.company_a)
        cls.observer = user("cp-observer", "cri_base.group_region_observer", cls.company_a | cls.company_b)
        cls.admin_1 = user("cp-region-admin-1", "cri_base.group_region_admin", cls.company_a)
        cls.admin_2 = user("cp-region-admin-2", "cri_base.group_region_admin", cls.company_b)
        cls.activity_type = cls.env.ref("cri_base.mail_activity_type_correction")

    def propose(self, user, text="Wrong postal code", record=None):
        record = record or self.commune
        wizard = (
            self.env["cri.correction.wizard"]
            .with_user(user)
            .create(
                {"res_model": record._name, "res_id": record.id, "proposal": text, "source": "bpost list"}
            )
        )
        wizard.action_send()
        return self.env["cri.correction.proposal"].search([("proposal", "=", text)])

    def review_activities(self, record=None):
        record = record or self.commune
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def region_admins(self):
        return self.env.ref("cri_base.group_region_admin").users.filtered(
            lambda user: not user._is_superuser()
        )

    def test_a_proposal_gives_each_region_administrator_an_activity_on_the_record(self):
        proposal = self.propose(self.manager_a)
        self.assertEqual(len(proposal), 1)
        self.assertEqual(
            (proposal.state, proposal.proposer_id, proposal.company_id, proposal.reference),
            ("proposed", self.manager_a, self.company_a, self.commune),
        )
        activities = self.review_activities()
        self.assertEqual(activities.user_id, self.region_admins())
        self.assertEqual(len(activities), len(self.region_admins()), "one activity per administrator")
        self.assertEqual(proposal.review_activity_ids, activities)
        self.assertIn("Wrong postal code", activities[0].note)
        self.assertIn(
            f'data-oe-model="cri.correction.proposal" data-oe-id="{proposal.id}"', activities[0].note
        )
        # the proposer sees its proposal in its list
        mine = self.env["cri.correction.proposal"].with_user(self.manager_a).search([])
        self.assertEqual(mine, proposal)

    def test_the_region_observer_proposes_too_and_an_agent_does_not(self):
        proposal = self.propose(self.observer, "From the Region")
        self.assertEqual(proposal.proposer_id, self.observer)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.propose(self.agent_a, "From an agent")
        self.assertFalse(self.env["cri.correction.proposal"].search([("proposal", "=", "From an agent")]))

    def test_a_proposal_is_made_from_the_record_only(self):
        with self.assertRaises(AccessError):
            self.env["cri.correction.proposal"].with_user(self.manager_a).create(
                {"res_model": "cri.commune", "res_id": self.commune.id, "proposal": "Direct"}
            )

    def test_accepting_closes_every_activity_and_answers_the_proposer(self):
        proposal = self.propose(self.manager_a)
        as_admin = proposal.with_user(self.admin_1)
        as_admin.answer = "Postal code corrected."
        as_admin.action_accept()
        self.assertEqual(
            (proposal.state, proposal.answered_by_id),
            ("accepted", self.admin_1),
            "answered by the administrator",
        )
        self.assertFalse(self.review_activities(), "the other administrators' activities are closed too")
        answer = proposal.message_ids.filtered(
            lambda message: "Postal code corrected." in (message.body or "")
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(self.manager_a.partner_id, answer.partner_ids)
        self.assertIn(
            self.manager_a.partner_id, answer.notification_ids.res_partner_id, "the proposer is notified"
        )
        done = self.commune.message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.activity_type
        )
        self.assertEqual(len(done), 1, "one activity marked done on the record, with the answer")
        self.assertIn("Postal code corrected.", done.body)
        # answered once
        with self.assertRaises(UserError):
            proposal.with_user(self.admin_2).action_decline()
        with self.assertRaises(UserError):
            proposal.with_user(self.admin_2).answer = "Changed my mind"

    def test_declining_needs_a_reason(self):
        proposal = self.propose(self.manager_a)
        with self.assertRaises(UserError):
            proposal.with_user(self.admin_2).action_decline()
        proposal.with_user(self.admin_2).answer = "The list of bpost is right."
        proposal.with_user(self.admin_2).action_decline()
        self.assertEqual(proposal.state, "declined")
        self.assertFalse(self.review_activities())

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_only_a_region_administrator_answers(self):
        proposal = self.propose(self.manager_a)
        for user in (self.manager_a, self.observer):
            with self.subTest(user=user.login):
                as_user = proposal.with_user(user)
                with self.assertRaises(AccessError):
                    as_user.action_accept()
                with self.assertRaises(AccessError):
                    as_user.action_decline()
                with self.assertRaises(AccessError):
                    as_user.write({"answer": "Accepted by myself"})
                with self.assertRaises(AccessError):
                    as_user._workflow_write({"state": "accepted"})
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(len(self.review_activities()), len(self.region_admins()))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_a_manager_does_not_see_the_proposals_of_another_cri(self):
        proposal_b = self.propose(self.manager_b, "From CAI")
        proposal_a = self.propose(self.manager_a, "From CRIC")
        Proposal = self.env["cri.correction.proposal"]
        self.assertEqual(Proposal.with_user(self.manager_a).search([]), proposal_a)
        self.assertEqual(Proposal.with_user(self.manager_b).search([]), proposal_b)
        with self.assertRaises(AccessError):
            proposal_b.with_user(self.manager_a).read(["proposal"])
        # the Region administrators read them all
        self.assertEqual(
            Proposal.with_user(self.admin_1).search([]) & (proposal_a | proposal_b), proposal_a | proposal_b
        )
        # nobody else reads them
        with self.assertRaises(AccessError):
            Proposal.with_user(self.agent_a).search([])
