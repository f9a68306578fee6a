"""Two people taking the last seat of a session at the same moment, on two real database
connections: the seats are never exceeded; the one who comes second is refused in French while
the first registers, and fails to serialise once the first committed (the HTTP layer retries
it, and then it goes on the waiting list)."""

from datetime import date, datetime, timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestConcurrentRegistrations(TransactionCase):
    def _committed_session(self):
        """A CRIC session of one seat and three practitioners, committed so that both connections
        see them."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            module = env["cri.training.module"].create(
                {
                    "name": "Concurrency module (test)",
                    "theme_id": env.ref("cri_training.theme_welcome").id,
                    "duration_hours": 6,
                    "company_ids": [Command.set(env.ref("cri_base.center_cric").company_id.ids)],
                }
            )
            start = datetime.combine(date.today() + timedelta(days=30), datetime.min.time()) + timedelta(
                hours=9
            )
            session = env["event.event"].create(
                {
                    "name": "Concurrency session (test)",
                    "cri_module_id": module.id,
                    "company_id": env.ref("cri_base.center_cric").company_id.id,
                    "date_begin": start,
                    "date_end": start + timedelta(hours=7),
                    "seats_limited": True,
                    "seats_max": 1,
                    "cri_slot_ids": [Command.create({"date": start.date(), "hours": 6})],
                }
            )
            organisation = env["res.partner"].create({"name": "ASBL Concurrency (test)", "is_company": True})
            people = env["res.partner"].create(
                [{"name": f"Concurrent {n} (test)", "parent_id": organisation.id} for n in (1, 2, 3)]
            )
            # two real connections see committed data only
            cr.commit()  # pylint: disable=invalid-commit
            return module.id, session.id, organisation.id, people.ids

    def _cleanup(self, module_id, session_id, organisation_id):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            session = env["event.event"].browse(session_id)
            session.registration_ids.unlink()
            session.unlink()
            env["cri.training.module"].browse(module_id).unlink()
            organisation = env["res.partner"].browse(organisation_id)
            organisation.child_ids.unlink()
            organisation.unlink()
            # two real connections see committed data only
            cr.commit()  # pylint: disable=invalid-commit

    def _confirmed(self, session_id):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM event_registration WHERE event_id = %s AND state IN ('open', 'done')",
                [session_id],
            )
            return cr.fetchone()[0]

    def test_two_people_taking_the_last_seat_at_once_never_exceed_the_seats(self):
        module_id, session_id, organisation_id, (first_id, second_id, _third_id) = self._committed_session()
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                Registration1 = api.Environment(cr1, SUPERUSER_ID, {"lang": "fr_BE"})["event.registration"]
                Registration2 = api.Environment(cr2, SUPERUSER_ID, {"lang": "fr_BE"})["event.registration"]

                first = Registration1.create({"event_id": session_id, "partner_id": first_id})
                self.assertEqual(first.state, "open")
                # the first registration is not committed: the second is refused at once, in
                # French, and the refused lock leaves no error in the log
                with (
                    self.assertNoLogs(level="ERROR"),
                    self.assertRaisesRegex(UserError, "Quelqu'un d'autre s'inscrit à cette session"),
                ):
                    Registration2.create({"event_id": session_id, "partner_id": second_id})
                cr2.rollback()

                # the second transaction read the session before the first one committed: it
                # cannot count the seats it saw, it fails to serialise (and is retried)
                cr2.execute("SELECT seats_max FROM event_event WHERE id = %s", [session_id])
                cr1.commit()
                with (
                    self.assertNoLogs(level="ERROR"),
                    self.assertRaises(psycopg2.errors.SerializationFailure),
                ):
                    Registration2.create({"event_id": session_id, "partner_id": second_id})
                cr2.rollback()

                # retried, it sees the seat taken: the waiting list
                second = Registration2.create({"event_id": session_id, "partner_id": second_id})
                self.assertEqual((second.state, second.cri_waiting), ("draft", True))
                cr2.commit()
            self.assertEqual(self._confirmed(session_id), 1)
        finally:
            self._cleanup(module_id, session_id, organisation_id)

    def test_a_seat_freed_goes_to_the_waiting_list_not_to_someone_registering_at_that_moment(self):
        module_id, session_id, organisation_id, (first_id, second_id, third_id) = self._committed_session()
        try:
            with self.registry.cursor() as cr:
                Registration = api.Environment(cr, SUPERUSER_ID, {})["event.registration"]
                first = Registration.create({"event_id": session_id, "partner_id": first_id})
                waiting = Registration.create({"event_id": session_id, "partner_id": second_id})
                self.assertTrue(waiting.cri_waiting)
                # two real connections see committed data only
                cr.commit()  # pylint: disable=invalid-commit
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                env1 = api.Environment(cr1, SUPERUSER_ID, {"lang": "fr_BE"})
                Registration2 = api.Environment(cr2, SUPERUSER_ID, {"lang": "fr_BE"})["event.registration"]
                # the cancellation promotes the waiting registration, the session stays locked
                # until it commits: who registers at that moment is refused, not seated
                env1["event.registration"].browse(first.id).action_cancel()
                with self.assertRaisesRegex(UserError, "Quelqu'un d'autre s'inscrit à cette session"):
                    Registration2.create({"event_id": session_id, "partner_id": third_id})
                cr2.rollback()
                cr1.commit()
                third = Registration2.create({"event_id": session_id, "partner_id": third_id})
                self.assertEqual((third.state, third.cri_waiting), ("draft", True))
                cr2.commit()
            self.assertEqual(self._confirmed(session_id), 1)
            with self.registry.cursor() as cr:
                cr.execute("SELECT state, cri_waiting FROM event_registration WHERE id = %s", [waiting.id])
                self.assertEqual(
                    cr.fetchone(), ("open", False), "the oldest waiting registration got the seat"
                )
        finally:
            self._cleanup(module_id, session_id, organisation_id)
