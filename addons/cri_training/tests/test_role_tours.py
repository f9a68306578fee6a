"""Each role of the trainings walks its main job in the French web client or portal, from the
login page, as its demo user: the training officer gives the seat a participant frees to the
first of the waiting list, the trainer marks the attendance of its next session, an organisation
registers two of its staff to an open session."""

from datetime import date, datetime, timedelta

from odoo.tests import tagged

from .common import TrainingHttpCase


@tagged("post_install", "-at_install")
class TestTrainingRoleTours(TrainingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.demo_officer = ref("cri_training.user_cric_formation")
        cls.demo_trainer = ref("cri_base.user_cric_formateur")
        cls.demo_portal = ref("cri_base.user_portal_fle_cric")
        cls.passerelles = ref("cri_base.partner_cric_passerelles")

    def persons(self, *first_names, organisation=None):
        organisation = organisation or self.env["res.partner"].create(
            {"name": "CPAS Rôleformation", "is_company": True, "company_id": self.company_cric.id}
        )
        return self.env["res.partner"].create(
            [
                {
                    "name": f"{first_name} Rôleformation",
                    "parent_id": organisation.id,
                    "company_id": self.company_cric.id,
                    "email": f"{first_name.lower()}.roleformation@example.com",
                }
                for first_name in first_names
            ]
        )

    def test_the_training_officer_gives_a_freed_seat_to_the_waiting_list(self):
        session = self.make_session(seats=2, name="Session pleine Rôleformation")
        maelle, leon, zoe = self.persons("Maëlle", "Léon", "Zoé")
        self.register(maelle, session)
        withdrawn = self.register(leon, session)
        waiting = self.register(zoe, session)
        self.assertTrue(waiting.cri_waiting)
        self.assertEqual(waiting.state, "draft")

        self.start_tour("/web/login", "cri_training_officer_role_tour", login=None)

        self.assertEqual(withdrawn.state, "cancel")
        self.assertEqual(withdrawn.write_uid, self.demo_officer)
        self.assertEqual(waiting.state, "open")
        self.assertFalse(waiting.cri_waiting)
        self.assertEqual(waiting.cri_attendance_ids.slot_id, session.cri_slot_ids, "ready to be marked")
        self.assertEqual(session.seats_taken, 2)

    def test_the_trainer_marks_the_attendance_of_its_next_session(self):
        # next week, one day: before the demo sessions of the trainer
        begin = datetime.combine(date.today() + timedelta(days=7), datetime.min.time()) + timedelta(hours=8)
        session = self.make_session(
            seats=10,
            trainer=self.demo_trainer,
            name="Session prochaine Rôleformation",
            date_begin=begin,
            date_end=begin + timedelta(hours=7),
        )
        ines, jules = (self.register(person, session) for person in self.persons("Inès", "Jules"))
        self.assertEqual(len(session.cri_slot_ids), 1)

        self.start_tour("/web/login", "cri_training_trainer_role_tour", login=None)

        self.assertEqual(ines.cri_attendance_ids.state, "present")
        self.assertEqual(jules.cri_attendance_ids.state, "absent")
        self.assertEqual((ines | jules).cri_attendance_ids.write_uid, self.demo_trainer)
        self.assertEqual(ines.cri_attended_hours, session.cri_total_hours)
        self.assertFalse(jules.cri_attended_hours)

    def test_an_organisation_registers_two_staff_members_from_its_portal(self):
        session = self.make_session(seats=5, name="Session ouverte Rôleformation")
        staff = self.persons("Mila", "Nael", organisation=self.passerelles)

        self.start_tour("/web/login", "cri_training_organisation_role_tour", login=None)

        registrations = self.env["event.registration"].search([("event_id", "=", session.id)])
        self.assertEqual(registrations.partner_id, staff)
        self.assertEqual(registrations.mapped("state"), ["open", "open"])
        self.assertEqual(registrations.cri_organisation_id, self.passerelles)
        self.assertEqual(registrations.create_uid, self.demo_portal)
