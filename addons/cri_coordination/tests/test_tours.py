"""The coordination officer's day and a member's reading, in the French web client and portal, from
the login page, as the demo users: a new plan with an action and its indicator, the platform's
meeting marked held, its minutes written and sent; the member reads them in its portal."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCoordinationTours(HttpCase):
    def test_an_officer_holds_a_meeting_and_a_member_reads_its_minutes(self):
        ref = self.env.ref
        officer = ref("cri_coordination.user_cric_coordination")
        member = ref("cri_base.partner_portal_fle_cric")
        meeting = self.env["cri.coordination.meeting"].create(
            {
                "name": "Réunion de la visite guidée",
                "platform_id": ref("cri_coordination.platform_cric_housing").id,
                "date_start": fields.Datetime.now() - timedelta(hours=1),
                "attendee_ids": [Command.create({"partner_id": member.id, "response": "accepted"})],
            }
        )

        self.start_tour("/web/login", "cri_coordination_officer_tour", login=None)

        plan = self.env["cri.coordination.plan"].search([("name", "=", "Plan de la visite guidée")])
        self.assertEqual((plan.create_uid, plan.company_id), (officer, officer.company_id))
        self.assertEqual(plan.action_ids.name, "Permanence logement de la visite")
        self.assertEqual(plan.action_ids.indicator_ids.mapped("name"), ["Ménages accompagnés"])
        self.assertEqual(plan.action_ids.indicator_ids.target, 40)
        self.assertEqual(meeting.state, "held")
        self.assertIn("validé le calendrier", meeting.minutes)
        sent = meeting.message_ids.filtered(lambda message: message.message_type == "comment")
        self.assertEqual(sent.partner_ids, member)
        self.assertEqual(sent.author_id, officer.partner_id)

        self.start_tour("/web/login", "cri_coordination_member_tour", login=None)
