"""A trainer who is not a training officer is shown no button it may not use.

The forms of the sessions and of the registrations (Odoo's Events forms and the trainer's own
form), and the lists and cards of registrations the session's buttons open, as the trainer gets
them from ``get_views``: every object button they show on a record of each state works for the
trainer through the web client's RPC route (a business refusal is the form talking, an access
refusal is a form that lies), and nothing that writes what the trainer may only read (Odoo's
workflow buttons, the clickable stage and status, the registration desk) is shown to it. The
training officers keep them; the trainer keeps marking the attendance."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.cri_base.tests.rpc import RpcMixin

from .common import TrainingHttpCase

# (model, view type, view): the default views, which a link to a record opens, and the trainer's
VIEWS = (
    ("event.registration", "form", None),
    ("event.registration", "list", None),
    ("event.registration", "kanban", None),
    ("event.event", "form", None),
    ("event.event", "form", "cri_training.view_cri_training_session_form"),
)
# Odoo's buttons that change a registration: a write the trainer may not do
REGISTRATION_BUTTONS = {"action_confirm", "action_set_done", "action_cancel", "action_send_badge_email"}
REGISTRATION_DESK = "event.event_barcode_action_main_view"
# widgets that write their field when clicked, even in a read-only form
CLICKABLE_WIDGETS = ("statusbar", "state_selection")


@tagged("post_install", "-at_install")
class TestTrainerButtons(RpcMixin, TrainingHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the trainer's session full: two seats taken (one attended), one waiting, one cancelled
        attended, cls.confirmed, cls.waiting, cancelled = (
            cls.env["event.registration"].create({"event_id": cls.course.id, "partner_id": person.id})
            for person in cls.people
        )
        attended.action_set_done()
        cancelled.action_cancel()
        # and a session with seats left, with a registration not confirmed yet
        cls.second = cls.make_session(seats=10, name="Second session")
        cls.draft = cls.env["event.registration"].create(
            {"event_id": cls.second.id, "partner_id": cls.people[0].id, "state": "draft"}
        )
        cls.registrations = (cls.course | cls.second).registration_ids

    def arch(self, user, model, view_type, view_xmlid=None):
        view_id = self.env.ref(view_xmlid).id if view_xmlid else False
        views = self.env[model].with_user(user).get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    @staticmethod
    def object_buttons(root):
        """(method, invisible expression) of the object buttons of the record itself (those of
        the lines of a one2many belong to the line's model)."""
        return [
            (node.get("name"), node.get("invisible") or "False")
            for node in root.xpath("//*[@type='object'][not(ancestor::field)]")
        ]

    @staticmethod
    def shown(record, expression, root):
        """Whether the button is shown on ``record``: its ``invisible`` evaluated on the values
        of the view's fields."""
        names = {node.get("name") for node in root.xpath("//field[not(ancestor::field)]")}
        values = {"uid": record.env.uid, "context": {}, "id": record.id}
        for name in names & set(record._fields):
            value = record[name]
            values[name] = value.id if record._fields[name].type == "many2one" else value
            if record._fields[name].type in ("one2many", "many2many"):
                values[name] = value.ids
        return not safe_eval(expression, values)

    @staticmethod
    def clickable_fields(root):
        """The fields the user changes with a click: a clickable statusbar, a state selection."""
        return [
            node.get("name")
            for node in root.xpath("//field[not(ancestor::field)][@widget]")
            if node.get("widget") in CLICKABLE_WIDGETS
            and node.get("readonly") not in ("1", "True")
            and (node.get("widget") == "state_selection" or "clickable" in (node.get("options") or ""))
        ]

    @staticmethod
    def read_spec(field):
        """How the web client reads a field of the form: the name of a linked record, the ids of
        the lines."""
        if field["type"] == "many2one":
            return {"fields": {"display_name": {}}}
        if field["type"] in ("one2many", "many2many"):
            return {"fields": {}}
        return {}

    def records(self, model):
        return self.registrations if model == "event.registration" else self.course | self.second

    def test_the_trainer_is_shown_no_button_it_may_not_use(self):
        self.assertEqual(set(self.registrations.mapped("state")), {"draft", "open", "done", "cancel"})
        desk = str(self.env.ref(REGISTRATION_DESK).id)
        for model, view_type, view in VIEWS:
            with self.subTest(model=model, view_type=view_type, view=view):
                root = self.arch(self.trainer, model, view_type, view)
                self.assertFalse(
                    self.env[model].with_user(self.trainer).has_access("write"), "the trainer reads only"
                )
                self.assertEqual(self.clickable_fields(root), [], "a click would write what it reads")
                self.assertFalse(root.xpath(f"//button[@type='action'][@name='{desk}']"))
                for record in self.records(model):
                    for method, invisible in self.object_buttons(root):
                        if not self.shown(record, invisible, root):
                            continue
                        _result, error = self.call_kw(self.trainer.login, model, method, [record.ids])
                        self.assertNotEqual(error, "AccessError", f"{method} on #{record.id}")

    def test_what_is_hidden_from_the_trainer_is_refused_to_it_and_shown_to_the_officer(self):
        login = self.trainer.login
        for method, registration in (
            ("action_confirm", self.draft),
            ("action_set_done", self.confirmed),
            ("action_cancel", self.confirmed),
        ):
            with self.subTest(method=method):
                self.assertRefused(self.call_kw(login, "event.registration", method, [registration.ids]))
        self.assertRefused(
            self.call_kw(login, "event.registration", "write", [self.confirmed.ids, {"state": "done"}])
        )
        self.assertRefused(
            self.call_kw(login, "event.event", "write", [self.course.ids, {"kanban_state": "done"}])
        )
        stage = self.env["event.stage"].search([("id", "!=", self.course.stage_id.id)], limit=1)
        self.assertRefused(
            self.call_kw(login, "event.event", "write", [self.course.ids, {"stage_id": stage.id}])
        )
        self.assertEqual((self.confirmed.state, self.draft.state), ("open", "draft"))

        registration_form = self.arch(self.officer, "event.registration", "form")
        self.assertLessEqual(
            REGISTRATION_BUTTONS, {name for name, _ in self.object_buttons(registration_form)}
        )
        self.assertEqual(self.clickable_fields(registration_form), ["state"])
        self.assertLessEqual(
            REGISTRATION_BUTTONS - {"action_send_badge_email"},
            {name for name, _ in self.object_buttons(self.arch(self.officer, "event.registration", "list"))},
        )
        event_form = self.arch(self.officer, "event.event", "form")
        self.assertEqual(sorted(self.clickable_fields(event_form)), ["kanban_state", "stage_id"])
        self.assertTrue(event_form.xpath(f"//button[@name='{self.env.ref(REGISTRATION_DESK).id}']"))

    def test_the_trainer_opens_the_forms_of_its_sessions_and_registrations(self):
        """What the forms read for the trainer is what it may read: they open without an error."""
        for model, view_type, view in VIEWS:
            if view_type != "form":
                continue
            view_id = self.env.ref(view).id if view else False
            views = self.env[model].with_user(self.trainer).get_views([(view_id, "form")])
            # the web client reads the fields of the arch (the description lists those of the
            # nodes the trainer's groups removed too)
            fields = views["models"][model]["fields"]
            arch = etree.fromstring(views["views"]["form"]["arch"])
            specification = {
                node.get("name"): self.read_spec(fields[node.get("name")])
                for node in arch.xpath("//field[not(ancestor::field)]")
            }
            for record in self.records(model):
                with self.subTest(model=model, view=view, record=record.id):
                    _result, error = self.call_kw(
                        self.trainer.login, model, "web_read", [record.ids], {"specification": specification}
                    )
                    self.assertIsNone(error)

    def test_the_trainer_still_marks_the_attendance(self):
        root = self.arch(self.trainer, "cri.training.attendance", "list")
        self.assertLessEqual(
            {"action_present", "action_absent"}, {name for name, _ in self.object_buttons(root)}
        )
        line = self.confirmed.cri_attendance_ids[:1]
        _result, error = self.call_kw(
            self.trainer.login, "cri.training.attendance", "action_present", [line.ids]
        )
        self.assertIsNone(error)
        self.assertEqual(line.state, "present")
