"""Browser tours in French: an organisation registers two of its staff on the portal, a trainer
marks a participant present in the web client."""

from odoo.tests import new_test_user, tagged

from .common import TrainingHttpCase


@tagged("post_install", "-at_install")
class TestTrainingTours(TrainingHttpCase):
    def test_an_organisation_registers_two_staff_members_on_the_portal(self):
        organisation = self.env["res.partner"].create(
            {"name": "ASBL Tournesol Formation", "is_company": True}
        )
        contact, alice, bruno = self.env["res.partner"].create(
            [
                {"name": name, "parent_id": organisation.id, "email": f"{login}@tournesol.example"}
                for name, login in (
                    ("Camille Tournesol", "camille"),
                    ("Alice Tournesol", "alice"),
                    ("Bruno Tournesol", "bruno"),
                )
            ]
        )
        user = new_test_user(
            self.env,
            login="training-tour-portal",
            password="training-tour-portal",
            groups="base.group_portal",
            partner_id=contact.id,
            lang="fr_BE",
            tz="Europe/Brussels",
        )
        session = self.make_session(name="Session du parcours de test")

        self.start_tour("/my/trainings/sessions", "cri_training_portal_register_tour", login=user.login)

        registrations = self.env["event.registration"].search([("event_id", "=", session.id)])
        self.assertEqual(registrations.partner_id, alice | bruno)
        self.assertEqual(registrations.mapped("state"), ["open", "open"])
        self.assertEqual(set(registrations.mapped("cri_organisation_id")), {organisation})
        self.assertEqual(set(registrations.mapped("create_uid")), {user})

    def test_a_trainer_marks_a_participant_present(self):
        self.trainer.write({"lang": "fr_BE", "tz": "Europe/Brussels"})
        # one day only: the participant has one line to mark
        self.course.cri_slot_ids[1:].unlink()
        registration = self.register(self.people[0])
        line = registration.cri_attendance_ids
        self.assertEqual(len(line), 1)
        self.assertFalse(line.state)

        self.start_tour(
            "/odoo/action-cri_training.action_cri_training_attendance",
            "cri_training_attendance_tour",
            login=self.trainer.login,
        )

        self.assertEqual(line.state, "present")
        self.assertEqual(registration.cri_attended_hours, self.course.cri_total_hours)
