"""Who reaches the Events app and the trainings, and where the portal stops.

Installing Events once made every internal user an Events administrator (the app adds its
administrators to the default user template). The contract (README, "Who may do what"): a CRI's
training officers run its sessions as Events users; a trainer reads its own sessions and their
participants and marks their attendance; the Region observer reads the catalogue; every other
role nothing of it. Tried on users made by the tests and on users created the ordinary way, in
the user form, where the default user template applies; then through RPC by guessing ids across
two CRIs and two organisations."""

from contextlib import contextmanager
from types import SimpleNamespace

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.convert import convert_file

from odoo.addons.base.models.res_users import name_boolean_group, name_selection_groups
from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingCase, TrainingHttpCase

EVENT_MODELS = (
    "event.event",
    "event.registration",
    "event.event.ticket",
    "event.mail",
    "event.mail.registration",
    "event.stage",
    "event.type",
    "event.type.ticket",
    "event.type.mail",
    "event.tag",
    "event.tag.category",
    "event.question",
    "event.question.answer",
    "event.registration.answer",
)
TRAINING_MODELS = (
    "cri.training.module",
    "cri.training.cycle",
    "cri.training.slot",
    "cri.training.attendance",
    "cri.training.request",
    "survey.user_input",
)
OPERATIONS = ("read", "write", "create", "unlink")
# the contract: what each role may do on the Events app's and the trainings' models; nothing on
# the models not listed
ROLE_RIGHTS = {
    "cri_base.group_trainer": {
        "event.event": {"read"},
        "event.registration": {"read"},
        "cri.training.module": {"read"},
        "cri.training.cycle": {"read"},
        "cri.training.slot": {"read"},
        "cri.training.attendance": {"read", "write"},
    },
    "cri_base.group_region_observer": {
        "cri.training.module": {"read"},
        "cri.training.cycle": {"read"},
    },
    "cri_base.group_social_worker": {},
    "cri_base.group_reception_agent": {},
    "cri_base.group_accountant": {},
}
EVENT_GROUPS = ("event.group_event_manager", "event.group_event_user", "event.group_event_registration_desk")
REFUSAL_LOGGERS = ("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model", "odoo.models")


@contextmanager
def developer_mode():
    """The views as an administrator sees them in developer mode (``base.group_no_one`` is only
    effective in a request whose session is in debug mode)."""
    http._request_stack.push(SimpleNamespace(session=SimpleNamespace(debug="1")))
    try:
        yield
    finally:
        http._request_stack.pop()


def ordinary_user(env, login, group_xmlid, company):
    """A user created the ordinary way: an administrator fills the user form and ticks the role
    (the default user template gives the rest); its password equals its login."""
    group = env.ref(group_xmlid)
    admin = env.ref("base.user_admin")
    # the suite's roles are in the developer-mode part of the user form
    with developer_mode():
        form = Form(env["res.users"].with_user(admin), view="base.view_users_form")
        # the name is the person's first and last names (partner_firstname)
        form.firstname = "Ordinary"
        form.lastname = login
        form.login = login
        for _app, kind, groups, _category in env["res.groups"].get_groups_by_application():
            if group in groups:
                if kind == "selection":
                    form[name_selection_groups(groups.ids)] = group.id
                else:
                    form[name_boolean_group(group.id)] = True
    user = form.save()
    user.write({"company_ids": [Command.set(company.ids)], "company_id": company.id, "password": login})
    return user


class RolesCommon:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social_worker = new_test_user(
            cls.env,
            login="training-social-worker",
            password="training-social-worker",
            groups="cri_base.group_social_worker",
            company_id=cls.company_cric.id,
            company_ids=[Command.set(cls.company_cric.ids)],
        )
        cls.ordinary = {
            xmlid: ordinary_user(cls.env, f"ordinary-{xmlid.split('.group_')[1]}", xmlid, cls.company_cric)
            for xmlid in ROLE_RIGHTS
        }


@tagged("post_install", "-at_install")
class TestEventRoles(RolesCommon, TrainingCase):
    def rights(self, user):
        Access = self.env["ir.model.access"].with_user(user)
        return {
            model: {
                operation for operation in OPERATIONS if Access.check(model, operation, raise_exception=False)
            }
            for model in EVENT_MODELS + TRAINING_MODELS
        }

    def expected(self, group_xmlid):
        return {model: ROLE_RIGHTS[group_xmlid].get(model, set()) for model in EVENT_MODELS + TRAINING_MODELS}

    def test_each_role_holds_the_rights_of_the_contract_on_events_and_trainings(self):
        made_by_tests = {
            "cri_base.group_trainer": self.trainer,
            "cri_base.group_region_observer": self.observer,
            "cri_base.group_social_worker": self.social_worker,
        }
        for xmlid, user in made_by_tests.items():
            with self.subTest(role=xmlid, user=user.login):
                self.assertEqual(self.rights(user), self.expected(xmlid))

    def test_users_created_the_ordinary_way_hold_their_role_and_no_event_group(self):
        for xmlid, user in self.ordinary.items():
            with self.subTest(role=xmlid):
                self.assertTrue(user.has_group(xmlid))
                self.assertFalse([group for group in EVENT_GROUPS if user.has_group(group)])
                self.assertFalse(user.has_group("survey.group_survey_user"))
                self.assertEqual(self.rights(user), self.expected(xmlid))

    def test_a_training_officer_runs_sessions_as_an_event_user_not_an_administrator(self):
        officer = ordinary_user(
            self.env, "ordinary-training-officer", "cri_training.group_training_officer", self.company_cric
        )
        for user in (self.officer, officer):
            with self.subTest(user=user.login):
                self.assertTrue(user.has_group("event.group_event_user"))
                self.assertFalse(user.has_group("event.group_event_manager"))
                rights = self.rights(user)
                self.assertEqual(rights["event.event"], {"read", "write", "create"})
                self.assertEqual(rights["event.stage"], {"read"})
                self.assertEqual(rights["cri.training.attendance"], set(OPERATIONS))

    def test_after_installation_no_staff_member_is_an_event_administrator(self):
        template = self.env.ref("base.default_user")
        core_groups = [*EVENT_GROUPS, "survey.group_survey_user", "survey.group_survey_manager"]
        self.assertFalse(
            template.groups_id & self.env["res.groups"].browse([self.env.ref(g).id for g in core_groups])
        )
        administrators = self.env.ref("base.group_system").users | self.env.ref("base.user_root")
        managers = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search(
                [("groups_id", "in", self.env.ref("event.group_event_manager").ids), ("share", "=", False)]
            )
        )
        self.assertFalse(managers - administrators, "Events administrators beyond the installation's")

    def test_updating_the_trainings_takes_back_what_the_events_app_gave_through_the_template(self):
        manager = self.env.ref("event.group_event_manager")
        # what installing Events once did: its administrators in the template, and so in every user
        self.env.ref("base.default_user").groups_id = [Command.link(manager.id)]
        (self.trainer | self.officer | self.observer).write({"groups_id": [Command.link(manager.id)]})
        self.assertTrue(self.trainer.has_group("event.group_event_manager"))

        convert_file(self.env, "cri_training", "data/cri_training_access_data.xml", {}, mode="update")

        self.assertFalse(self.env.ref("base.default_user").groups_id & manager)
        for user in (self.trainer, self.observer):
            with self.subTest(user=user.login):
                self.assertFalse([group for group in EVENT_GROUPS if user.has_group(group)])
        self.assertFalse(self.officer.has_group("event.group_event_manager"))
        self.assertTrue(self.officer.has_group("event.group_event_user"), "what its role implies stays")

    def test_the_catalogue_opens_without_the_sessions_for_those_who_read_it_only(self):
        for user in (self.observer, self.trainer, self.ordinary["cri_base.group_region_observer"]):
            with self.subTest(user=user.login):
                form = Form(self.module.with_user(user))
                self.assertEqual(form.name, "Test module")
                with mute_logger(*REFUSAL_LOGGERS), self.assertRaises(AccessError):
                    self.module.with_user(user).read(["session_count"])
        self.assertEqual(self.module.with_user(self.officer).session_count, 1)

    def test_a_trainer_opens_its_own_session_without_event_rights(self):
        form = Form(self.course.with_user(self.trainer), view="cri_training.view_cri_training_session_form")
        self.assertEqual((form.name, form.cri_total_hours), ("Test session", 9))


@tagged("post_install", "-at_install")
class TestEventRolesRpc(RolesCommon, RpcMixin, TrainingHttpCase):
    """Each role through the web client's RPC route, guessing the ids of the other CRI's and the
    other trainer's sessions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls.env["event.registration"].create(
            {"event_id": cls.course.id, "partner_id": cls.people[0].id}
        )
        cls.ordinary_trainer = cls.ordinary["cri_base.group_trainer"]
        cls.ordinary_session = cls.make_session(trainer=cls.ordinary_trainer)
        cls.ordinary_registration = cls.env["event.registration"].create(
            {"event_id": cls.ordinary_session.id, "partner_id": cls.people[1].id}
        )
        cls.cai_session = cls.make_session(company=cls.company_cai, trainer=cls.trainer_two)
        cls.cai_registration = cls.env["event.registration"].create(
            {"event_id": cls.cai_session.id, "partner_id": cls.people[2].id}
        )
        cls.sessions = cls.course | cls.ordinary_session | cls.cai_session

    def new_session_values(self, company):
        return {
            "name": "Intruder session",
            "company_id": company.id,
            "cri_module_id": self.module.id,
            "date_begin": "2099-01-01 09:00:00",
            "date_end": "2099-01-01 16:00:00",
        }

    def assertNothingOfEvents(self, login):
        """``login`` creates, changes and reads nothing of the Events app's models."""
        for model in ("event.event.ticket", "event.mail", "event.stage", "event.type", "event.tag"):
            with self.subTest(login=login, model=model):
                self.assertRefused(self.call_kw(login, model, "search_read", [[]], {"fields": ["id"]}))
        self.assertRefused(
            self.call_kw(login, "event.event", "create", [self.new_session_values(self.company_cric)])
        )
        self.assertRefused(
            self.call_kw(login, "event.event", "write", [self.sessions.ids, {"seats_max": 99}])
        )
        self.assertRefused(self.call_kw(login, "event.event", "unlink", [self.sessions.ids]))
        self.assertRefused(
            self.call_kw(
                login,
                "event.registration",
                "create",
                [{"event_id": self.course.id, "partner_id": self.people[3].id}],
            )
        )
        registrations = self.mine | self.ordinary_registration | self.cai_registration
        self.assertRefused(
            self.call_kw(login, "event.registration", "write", [registrations.ids, {"state": "cancel"}])
        )
        self.assertRefused(self.call_kw(login, "event.registration", "unlink", [registrations.ids]))
        self.assertRefused(
            self.call_kw(login, "event.registration", "message_post", [self.mine.ids], {"body": "Hello"})
        )

    def assertUnchanged(self):
        self.assertEqual(self.sessions.exists(), self.sessions)
        self.assertEqual(set(self.sessions.mapped("seats_max")), {2})
        self.assertEqual(
            set((self.mine | self.ordinary_registration | self.cai_registration).mapped("state")), {"open"}
        )
        self.assertFalse(self.env["event.event"].search([("name", "=", "Intruder session")]))

    def test_a_trainer_reads_its_sessions_and_participants_and_marks_attendance_only(self):
        for login, session, registration in (
            (self.trainer.login, self.course, self.mine),
            (self.ordinary_trainer.login, self.ordinary_session, self.ordinary_registration),
        ):
            with self.subTest(login=login):
                result, error = self.call_kw(
                    login,
                    "event.event",
                    "search_read",
                    [[("id", "in", self.sessions.ids)]],
                    {"fields": ["name"]},
                )
                self.assertEqual(([row["id"] for row in result or []], error), (session.ids, None))
                result, error = self.call_kw(
                    login, "event.registration", "search_read", [[]], {"fields": ["partner_id", "email"]}
                )
                self.assertEqual(([row["id"] for row in result or []], error), (registration.ids, None))
                line = registration.cri_attendance_ids[:1]
                self.assertIsNone(
                    self.call_kw(login, "cri.training.attendance", "write", [line.ids, {"state": "present"}])[
                        1
                    ]
                )
                self.assertEqual(line.state, "present")
                self.assertRefused(
                    self.call_kw(
                        login, "event.registration", "read", [self.cai_registration.ids, ["partner_id"]]
                    )
                )
                self.assertNothingOfEvents(login)
        self.assertUnchanged()

    def test_the_region_observer_reads_the_catalogue_only(self):
        for login in (self.observer.login, self.ordinary["cri_base.group_region_observer"].login):
            with self.subTest(login=login):
                result, error = self.call_kw(
                    login, "cri.training.module", "read", [self.module.ids, ["name"]]
                )
                self.assertEqual((result and result[0]["name"], error), ("Test module", None))
                self.assertRefused(
                    self.call_kw(login, "cri.training.module", "write", [self.module.ids, {"name": "X"}])
                )
                for model in (
                    "event.event",
                    "event.registration",
                    "cri.training.slot",
                    "cri.training.attendance",
                ):
                    self.assertRefused(self.call_kw(login, model, "search_read", [[]], {"fields": ["id"]}))
                self.assertRefused(self.call_kw(login, "event.event", "read", [self.course.ids, ["name"]]))
                self.assertRefused(
                    self.call_kw(login, "event.event", "create", [self.new_session_values(self.company_cai)])
                )
                self.assertRefused(
                    self.call_kw(login, "cri.training.module", "read", [self.module.ids, ["session_ids"]])
                )
                self.assertNothingOfEvents(login)
        self.assertUnchanged()

    def test_a_social_worker_reaches_no_session_nor_registration(self):
        for login in (self.social_worker.login, self.ordinary["cri_base.group_social_worker"].login):
            with self.subTest(login=login):
                for model in (
                    "event.event",
                    "event.registration",
                    "cri.training.attendance",
                    "cri.training.module",
                ):
                    self.assertRefused(self.call_kw(login, model, "search_read", [[]], {"fields": ["id"]}))
                self.assertRefused(
                    self.call_kw(
                        login, "event.registration", "read", [self.mine.ids, ["partner_id", "email"]]
                    )
                )
                self.assertNothingOfEvents(login)
        self.assertUnchanged()


@tagged("post_install", "-at_install")
class TestPortalSeams(RpcMixin, TrainingHttpCase):
    """What an organisation's portal user writes points inside its organisation only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_b = cls.env["res.partner"].create({"name": "ASBL Seams B", "is_company": True})
        cls.person_b = cls.env["res.partner"].create(
            {"name": "Practitioner Seams B", "parent_id": cls.org_b.id}
        )
        cls.portal_a = cls._portal("seams-portal-a", cls.org)
        cls.portal_b = cls._portal("seams-portal-b", cls.org_b)
        cls.roomy = cls.make_session(seats=10)

    @classmethod
    def _portal(cls, login, organisation):
        contact = cls.env["res.partner"].create({"name": f"Contact {login}", "parent_id": organisation.id})
        return new_test_user(
            cls.env, login=login, password=login, groups="base.group_portal", partner_id=contact.id
        )

    def register(self, login, partner, **extra):
        return self.call_kw(
            login,
            "event.registration",
            "create",
            [dict({"event_id": self.roomy.id, "partner_id": partner.id}, **extra)],
        )

    def test_a_portal_user_registers_its_own_staff_or_itself_only(self):
        outsiders = (
            self.person_b,  # another organisation's staff
            self.org,  # the organisation itself, no person
            self.env["res.partner"].create({"name": "Nobody's contact"}),
            self.env["res.partner"].create(
                {"name": "Invoice address", "parent_id": self.org.id, "type": "invoice"}
            ),
        )
        for partner in outsiders:
            with self.subTest(partner=partner.name):
                self.assertRefused(self.register("seams-portal-a", partner))
        for extra in (
            {"state": "done"},
            {"company_id": self.company_cai.id},
            {"event_ticket_id": False, "utm_source_id": 1},
        ):
            with self.subTest(extra=extra):
                self.assertRefused(self.register("seams-portal-a", self.people[0], **extra))
        self.assertFalse(self.roomy.registration_ids)
        for partner in (self.people[0], self.portal_a.partner_id):
            result, error = self.register("seams-portal-a", partner)
            self.assertIsNone(error)
            self.assertEqual(self.env["event.registration"].browse(result).partner_id, partner)

    def test_a_portal_user_names_its_own_contact_on_a_request(self):
        values = {"company_id": self.company_cric.id, "subject": "Seams", "participants": 3}
        for contact in (self.person_b, self.env["res.partner"].create({"name": "Stray contact"})):
            with self.subTest(contact=contact.name):
                self.assertRefused(
                    self.call_kw(
                        "seams-portal-a",
                        "cri.training.request",
                        "create",
                        [dict(values, contact_id=contact.id)],
                    )
                )
        self.assertFalse(self.env["cri.training.request"].search([("subject", "=", "Seams")]))
        result, error = self.call_kw(
            "seams-portal-a", "cri.training.request", "create", [dict(values, contact_id=self.people[1].id)]
        )
        self.assertIsNone(error)
        self.assertEqual(self.env["cri.training.request"].browse(result).contact_id, self.people[1])

    def test_a_portal_user_writes_no_request_and_reaches_its_followers_only(self):
        access = self.env["ir.model.access"].with_user(self.portal_a)
        self.assertFalse(access.check("cri.training.request", "write", raise_exception=False))
        request = self.env["cri.training.request"].create(
            {
                "organisation_id": self.org.id,
                "company_id": self.company_cric.id,
                "subject": "Chatter",
                "participants": 2,
            }
        )
        # submitted by the organisation: the server writes the state, the followers and the to-do
        request.with_user(self.portal_a).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertIn(self.portal_a.partner_id, request.message_partner_ids)
        messages = len(request.message_ids)
        model = "cri.training.request"
        self.assertRefused(
            self.call_kw("seams-portal-a", model, "write", [request.ids, {"subject": "Changed"}])
        )
        self.assertRefused(
            self.call_kw(
                "seams-portal-a",
                model,
                "message_post",
                [request.ids],
                {"body": "Hi", "partner_ids": self.person_b.ids},
            )
        )
        self.assertRefused(
            self.call_kw(
                "seams-portal-a",
                model,
                "message_subscribe",
                [request.ids],
                {"partner_ids": self.person_b.ids},
            )
        )
        # another organisation, guessing the id
        self.assertRefused(
            self.call_kw("seams-portal-b", model, "message_post", [request.ids], {"body": "Hi"})
        )
        subscribed, _error = self.call_kw(
            "seams-portal-b",
            model,
            "message_subscribe",
            [request.ids],
            {"partner_ids": self.portal_b.partner_id.ids},
        )
        self.assertFalse(subscribed)
        self.assertEqual((len(request.message_ids), request.subject), (messages, "Chatter"))
        self.assertFalse((self.person_b | self.portal_b.partner_id) & request.message_partner_ids)

    def test_the_portal_reads_no_figure_of_other_organisations(self):
        self.env["event.registration"].create({"event_id": self.roomy.id, "partner_id": self.person_b.id})
        waiting_session = self.make_session(seats=1)
        self.env["event.registration"].create(
            {"event_id": waiting_session.id, "partner_id": self.person_b.id}
        )
        self.env["event.registration"].create(
            {"event_id": waiting_session.id, "partner_id": self.portal_b.partner_id.id}
        )
        sessions = (self.roomy | waiting_session).ids
        result, error = self.call_kw(
            "seams-portal-a", "event.event", "read", [sessions, ["cri_waiting_count", "seats_max"]]
        )
        self.assertIsNone(error)
        self.assertEqual([row["cri_waiting_count"] for row in result], [0, 0])
        # the attendees of a session: the record rules of the portal read them as superuser, which
        # leaves the ids of every organisation's registrations in the cache
        self.assertRefused(
            self.call_kw("seams-portal-a", "event.event", "read", [sessions, ["registration_ids"]])
        )
        for fields in (["session_ids"], ["session_count"], ["trainer_ids"]):
            with self.subTest(fields=fields):
                self.assertRefused(
                    self.call_kw("seams-portal-a", "cri.training.module", "read", [self.module.ids, fields])
                )
