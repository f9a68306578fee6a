import html
import re
from datetime import date, timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date, mute_logger
from odoo.tools.translate import code_translations

# smallest file that guess_mimetype recognises as a PDF
PDF_SHEET = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
    """Operators' portal: each operator sees and records the attendance of its own learners only,
    and never the social data of their files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.company_cric = ref("cri_base.center_cric").company_id
        cls.charleroi = ref("cri_base.commune_52011")
        cls.today = fields.Date.context_today(cls.env["cri.pathway"])

        cls.operator_a, cls.operator_b = cls.env["res.partner"].create(
            [
                {
                    "name": "Portal FLE Operator A",
                    "is_company": True,
                    "cri_role_ids": [(6, 0, ref("cri_base.partner_role_fle").ids)],
                },
                {
                    "name": "Portal Citizenship Operator B",
                    "is_company": True,
                    "cri_role_ids": [(6, 0, ref("cri_base.partner_role_citizenship").ids)],
                },
            ]
        )
        cls.portal_a = cls._portal_user("portal-operator-a", cls.operator_a)
        cls.portal_b = cls._portal_user("portal-operator-b", cls.operator_b)
        cls.cri_manager = new_test_user(
            cls.env,
            login="portal-cri-manager",
            groups="cri_base.group_manager",
            company_id=cls.company_cric.id,
            company_ids=[(6, 0, cls.company_cric.ids)],
        )

        cls.file_a = cls._signed_file("Amina Portallearner", date(1991, 4, 17), ref("base.ma"))
        cls.file_b = cls._signed_file("Boris Otherlearner", date(1985, 11, 3), ref("base.sy"))
        cls.module_a = cls._module(cls.file_a, "french")
        cls.module_a_closed = cls._module(cls.file_a, "citizenship")
        cls.module_b = cls._module(cls.file_b, "citizenship")
        (cls.module_a | cls.module_a_closed).operator_id = cls.operator_a
        cls.module_b.operator_id = cls.operator_b
        cls.module_a_closed.action_abandon()
        cls.need_a = cls.env["cri.pathway.need"].create(
            {"pathway_id": cls.file_a.id, "domain": "housing", "description": "Unsafe flat, urgent rehousing"}
        )
        cls.Attendance = cls.env["cri.pathway.attendance"]

    @classmethod
    def _portal_user(cls, login, operator):
        contact = cls.env["res.partner"].create({"name": f"Contact {login}", "parent_id": operator.id})
        # messages are checked in English here; the French pages are shown by the demo login tests
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=contact.id,
            lang="en_US",
        )

    @classmethod
    def _signed_file(cls, name, birthdate, nationality):
        person = cls.env["res.partner"].create(
            {"name": name, "birthdate_date": birthdate, "nationality_id": nationality.id}
        )
        pathway = (
            cls.env["cri.pathway"]
            .with_user(cls.cri_manager)
            .create(
                {
                    "partner_id": person.id,
                    "commune_id": cls.charleroi.id,
                    "registration_date": cls.today - timedelta(days=30),
                    "social_assessment": "<p>Confidential assessment: debts and family conflict</p>",
                }
            )
        )
        pathway.action_start_reception()
        pathway.rights_info_date = pathway.reception_date
        pathway.action_sign_convention()
        return pathway.sudo()

    @staticmethod
    def _module(pathway, kind):
        return pathway.module_ids.filtered(lambda m: m.module_type == kind)

    def _post_attendance(self, module, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "date": fields.Date.to_string(self.today - timedelta(days=1)),
            "hours": "2.5",
            "status": "present",
            **values,
        }
        files = data.pop("files", None)
        return self.url_open(
            f"/my/learners/{module.id}/attendance", data=data, files=files, allow_redirects=False
        )

    def _assert_refused(self, response):
        self.assertIn(response.status_code, (303, 403, 404))
        if response.status_code == 303:
            self.assertTrue(response.headers["Location"].endswith("/my"), response.headers["Location"])
        self.assertNotIn("Boris", response.text)

    # ------------------------------------------------------------------ list and home
    def assertMessageShown(self, source, response):
        """``source`` is on the page, in the language the page was rendered in (French once the
        addon's translation is loaded)."""
        lang = re.search(r'"bundle_params": \{"lang": "(\w+)"\}', response.text)
        translations = code_translations.get_python_translations(
            "cri_parcours", lang.group(1) if lang else "en_US"
        )
        self.assertIn(translations.get(source, source), html.unescape(response.text))

    def test_home_counts_running_learners_of_the_operator(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["learner_count"]})
        # the abandoned module is not counted, B's module is not visible
        self.assertEqual(counters["learner_count"], 1)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('href="/my/learners"', response.text)

    def test_learner_list_shows_own_learners_only(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self.url_open("/my/learners")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Amina Portallearner", response.text)
        self.assertIn(f"/my/learners/{self.module_a.id}", response.text)
        self.assertNotIn("Boris Otherlearner", response.text)
        self.assertNotIn(f"/my/learners/{self.module_b.id}", response.text)

        self.authenticate("portal-operator-b", "portal-operator-b")
        response = self.url_open("/my/learners?sortby=progress&filterby=all")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Boris Otherlearner", response.text)
        self.assertNotIn("Amina Portallearner", response.text)

    def test_learner_list_queries_do_not_grow_with_its_rows(self):
        self.authenticate("portal-operator-a", "portal-operator-a")

        def queries():
            before = self.cr.sql_log_count
            response = self.url_open("/my/learners")
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before, response.text.count('href="/my/learners/')

        queries()  # the templates and caches of the page, once
        few, rows = queries()
        for n in range(6):
            learner = self._signed_file(
                f"Learner {n} Portalcount", date(1990, 1, 1 + n), self.env.ref("base.ma")
            )
            self._module(learner, "french").operator_id = self.operator_a
        queries()  # the new rows' records, once
        many, more_rows = queries()
        self.assertEqual(more_rows, rows + 6)
        self.assertEqual(many, few, "each row of the list costs queries")

    def test_learner_list_sorts_by_learner_name(self):
        second = self._signed_file("Aaron Portalfirst", date(1990, 1, 1), self.env.ref("base.ma"))
        self._module(second, "french").operator_id = self.operator_a
        self.authenticate("portal-operator-a", "portal-operator-a")
        by_name = self.url_open("/my/learners?sortby=learner").text
        self.assertLess(by_name.index("Aaron Portalfirst"), by_name.index("Amina Portallearner"))
        # renaming the person moves the line: the stored name follows the contact
        second.partner_id.name = "Zelda Portallast"
        by_name = self.url_open("/my/learners?sortby=learner").text
        self.assertLess(by_name.index("Amina Portallearner"), by_name.index("Zelda Portallast"))

    def test_learner_list_hides_closed_modules_unless_asked(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        running = self.url_open("/my/learners").text
        self.assertNotIn(f"/my/learners/{self.module_a_closed.id}", running)
        everything = self.url_open("/my/learners?filterby=all").text
        self.assertIn(f"/my/learners/{self.module_a_closed.id}", everything)

    # ------------------------------------------------------------------ detail
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_other_operator_module_is_refused(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        self._assert_refused(self.url_open(f"/my/learners/{self.module_b.id}", allow_redirects=False))
        self._assert_refused(self.url_open("/my/learners/999999999", allow_redirects=False))

    def test_module_page_shows_no_social_data(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self.url_open(f"/my/learners/{self.module_a.id}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Amina Portallearner", html)
        for secret in (
            "04/17/1991",
            "17/04/1991",
            "1991-04-17",
            "Morocco",
            "Confidential assessment",
            "Unsafe flat",
            self.file_a.name,  # the file number belongs to the CRI
        ):
            self.assertNotIn(secret, html)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_portal_user_cannot_read_pathway_files_or_needs(self):
        Pathway = self.env["cri.pathway"].with_user(self.portal_a)
        with self.assertRaises(AccessError):
            Pathway.search([])
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.need_a.with_user(self.portal_a).read(["description"])
        # the module gives the name, nothing else of the person
        module = self.module_a.with_user(self.portal_a)
        self.assertEqual(module.learner_name, "Amina Portallearner")
        with self.assertRaises(AccessError):
            module.pathway_id.read(["birthdate", "nationality_id"])

    def test_portal_user_searches_own_modules_only(self):
        modules = self.env["cri.pathway.module"].with_user(self.portal_a).search([])
        self.assertEqual(modules, self.module_a | self.module_a_closed)
        attendance_b = self.Attendance.create({"module_id": self.module_b.id, "hours": 3})
        self.assertFalse(self.Attendance.with_user(self.portal_a).search([("id", "=", attendance_b.id)]))

    # ------------------------------------------------------------------ attendance entry
    def test_operator_records_attendance_on_own_module(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self._post_attendance(self.module_a, hours="2,5")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/my/learners/{self.module_a.id}?saved=1"))
        attendance = self.Attendance.search([("module_id", "=", self.module_a.id)])
        self.assertEqual(len(attendance), 1)
        self.assertEqual(attendance.hours, 2.5)
        self.assertEqual(attendance.status, "present")
        self.assertEqual(attendance.date, self.today - timedelta(days=1))
        self.assertEqual(attendance.create_uid, self.portal_a)
        self.assertEqual(self.module_a.attended_hours, 2.5)
        page = self.url_open(response.headers["Location"])
        self.assertMessageShown("The session was recorded.", page)

    def test_operator_uploads_attendance_sheet(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self._post_attendance(
            self.module_a, files={"sheet": ("sheet.pdf", PDF_SHEET, "application/pdf")}
        )
        self.assertEqual(response.status_code, 303)
        attendance = self.Attendance.search([("module_id", "=", self.module_a.id)])
        sheet = self.env["ir.attachment"].search(
            [
                ("res_model", "=", attendance._name),
                ("res_id", "=", attendance.id),
                ("res_field", "=", "sheet"),
            ]
        )
        self.assertEqual(attendance.sheet_name, "sheet.pdf")
        self.assertEqual(sheet.raw, PDF_SHEET)
        link = f"/my/learners/{self.module_a.id}/sheet/{attendance.id}"
        self.assertIn(link, self.url_open(f"/my/learners/{self.module_a.id}").text)
        download = self.url_open(link)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF_SHEET)

        self.authenticate("portal-operator-b", "portal-operator-b")
        with mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"):
            refused = self.url_open(link, allow_redirects=False)
        self.assertIn(refused.status_code, (303, 403, 404))
        self.assertNotEqual(refused.content, PDF_SHEET)

    def test_sheet_that_is_not_a_scan_is_refused(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self._post_attendance(
            self.module_a,
            files={"sheet": ("sheet.html", b"<html><script>alert(1)</script></html>", "text/html")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertMessageShown("The attendance sheet must be a PDF, JPEG or PNG file.", response)
        self.assertFalse(self.Attendance.search([("module_id", "=", self.module_a.id)]))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "cri.pathway.attendance"), ("name", "=", "sheet.html")]
            )
        )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_attendance_on_other_operator_module_is_refused(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        self._assert_refused(self._post_attendance(self.module_b))
        self.assertFalse(self.Attendance.search([("module_id", "=", self.module_b.id)]))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.Attendance.with_user(self.portal_a).create({"module_id": self.module_b.id, "hours": 2})

    @mute_logger("odoo.http")
    def test_attendance_without_csrf_token_is_refused(self):
        self.authenticate("portal-operator-a", "portal-operator-a")
        response = self._post_attendance(self.module_a, csrf_token="forged")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.Attendance.search([("module_id", "=", self.module_a.id)]))

    def test_bad_attendance_shows_message_and_creates_nothing(self):
        self.Attendance.create(
            {"module_id": self.module_a.id, "date": self.today - timedelta(days=3), "hours": 2}
        )
        future = fields.Date.to_string(self.today + timedelta(days=2))
        duplicate = fields.Date.to_string(self.today - timedelta(days=3))
        cases = [
            (self.module_a, {"hours": "0"}, "A session lasts more than 0 and at most 12 hours."),
            (self.module_a, {"hours": "13"}, "A session lasts more than 0 and at most 12 hours."),
            (self.module_a, {"hours": "two"}, "Enter the hours of the session as a number, e.g. 2.5."),
            (self.module_a, {"date": future}, "Attendance cannot be recorded for a future date."),
            (self.module_a, {"date": "not-a-date"}, "Enter the date of the session."),
            (self.module_a, {"date": duplicate}, "Attendance for this date is already recorded."),
            (
                self.module_a,
                {"status": "sleeping"},
                "Choose whether the learner was present, excused or absent.",
            ),
            (self.module_a_closed, {}, "This module is closed: no attendance can be added."),
        ]
        self.authenticate("portal-operator-a", "portal-operator-a")
        before = self.Attendance.search_count([])
        for module, values, message in cases:
            with self.subTest(values=values, module=module.module_type):
                response = self._post_attendance(module, **values)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="learner_attendance_error"', response.text)
                self.assertMessageShown(message, response)
                self.assertEqual(self.Attendance.search_count([]), before)
        self.assertEqual(self.module_a.attended_hours, 2)

    # ------------------------------------------------------------------ corrections and the CRI's lock
    def _post_line(self, module, line, action, **values):
        data = {"csrf_token": http.Request.csrf_token(self), **values}
        return self.url_open(
            f"/my/learners/{module.id}/attendance/{line.id}/{action}", data=data, allow_redirects=False
        )

    def _lines(self, *days, module=None):
        return self.Attendance.create(
            [
                {
                    "module_id": (module or self.module_a).id,
                    "date": self.today - timedelta(days=day),
                    "hours": 2,
                }
                for day in days
            ]
        )

    def assertFrenchRefusal(self, response, source, **params):
        """The page is shown again with the model's refusal, in the page's language."""
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="learner_attendance_error"', response.text)
        lang = re.search(r'"bundle_params": \{"lang": "(\w+)"\}', response.text).group(1)
        translated = code_translations.get_python_translations("cri_parcours", lang).get(source, source)
        env = self.env(context=dict(self.env.context, lang=lang))
        params = {
            key: format_date(env, value) if isinstance(value, date) else value
            for key, value in params.items()
        }
        self.assertIn(translated % params if params else translated, html.unescape(response.text))

    def test_operator_corrects_and_removes_its_own_sessions(self):
        corrected, removed = self._lines(3, 2)
        self.authenticate("portal-operator-a", "portal-operator-a")
        page = self.url_open(f"/my/learners/{self.module_a.id}").text
        for line in (corrected, removed):
            self.assertIn(f"/my/learners/{self.module_a.id}/attendance/{line.id}/edit", page)
            self.assertIn(f"/my/learners/{self.module_a.id}/attendance/{line.id}/delete", page)
        response = self._post_line(self.module_a, corrected, "edit", hours="3,5", status="absent")
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual((corrected.hours, corrected.status), (3.5, "absent"))
        self.assertMessageShown("The session was corrected.", self.url_open(response.headers["Location"]))
        response = self._post_line(self.module_a, removed, "delete")
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertFalse(removed.exists())
        self.assertMessageShown("The session was removed.", self.url_open(response.headers["Location"]))
        # a correction is checked as an entry is
        response = self._post_line(self.module_a, corrected, "edit", hours="13", status="present")
        self.assertFrenchRefusal(response, "A session lasts more than 0 and at most 12 hours.")
        self.assertEqual((corrected.hours, corrected.status), (3.5, "absent"))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models.unlink")
    def test_operator_cannot_change_another_operators_session_by_guessing_its_id(self):
        other = self._lines(2, module=self.module_b)
        self.authenticate("portal-operator-a", "portal-operator-a")
        # through its own learner's page
        for action, values in (("edit", {"hours": "1", "status": "absent"}), ("delete", {})):
            with self.subTest(action=action):
                response = self._post_line(self.module_a, other, action, **values)
                self.assertFrenchRefusal(response, "This session is not recorded for this learner.")
                self.assertNotIn("Boris", response.text)
                # through the other operator's learner
                self._assert_refused(self._post_line(self.module_b, other, action, **values))
        self.assertEqual((other.hours, other.status), (2, "present"))
        # and through the models
        for call in (lambda line: line.write({"hours": 1}), lambda line: line.unlink()):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                call(other.with_user(self.portal_a))
        self.assertTrue(other.exists())

    def test_sessions_of_a_period_the_cri_locked_no_longer_change_on_the_portal(self):
        old, recent = self._lines(5, 1)
        center = self.env.ref("cri_base.center_cric").with_user(self.cri_manager)
        center.attendance_locked_until = self.today - timedelta(days=3)
        limit = center.attendance_locked_until
        message = (
            "The CRI has locked the attendance of the sessions up to %(date)s: ask the CRI to change them."
        )
        # the operator reads its pages in French, as the CRIs' operators do
        self.portal_a.lang = "fr_BE"
        self.authenticate("portal-operator-a", "portal-operator-a")
        page = self.url_open(f"/my/learners/{self.module_a.id}").text
        self.assertIn(
            "Le CRI a verrouillé les présences des séances jusqu'au "
            f"{limit.strftime('%d/%m/%Y')} : demandez au CRI de les modifier.",
            html.unescape(self._post_line(self.module_a, old, "delete").text),
        )
        self.assertIn("Verrouillée par le CRI", page)
        self.assertNotIn(f"/attendance/{old.id}/edit", page)
        self.assertNotIn(f"/attendance/{old.id}/delete", page)
        self.assertRegex(page, rf'data-attendance-id="{old.id}"\s+data-locked="1"')
        self.assertIn(f"/attendance/{recent.id}/edit", page)
        for action, values in (("edit", {"hours": "1", "status": "absent"}), ("delete", {})):
            with self.subTest(action=action):
                self.assertFrenchRefusal(
                    self._post_line(self.module_a, old, action, **values), message, date=limit
                )
        self.assertTrue(old.exists())
        self.assertEqual((old.hours, old.status), (2, "present"))
        # nor is a session added in the locked period, nor a recent one moved into it
        locked_day = fields.Date.to_string(self.today - timedelta(days=4))
        self.assertFrenchRefusal(self._post_attendance(self.module_a, date=locked_day), message, date=limit)
        self.assertEqual(self.Attendance.search_count([("module_id", "=", self.module_a.id)]), 2)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            recent.with_user(self.portal_a).write({"date": locked_day})
        self.assertEqual(recent.date, self.today - timedelta(days=1))
        # the session after the lock still changes; the CRI's staff still correct the locked one
        self.assertEqual(
            self._post_line(self.module_a, recent, "edit", hours="1,5", status="excused").status_code, 303
        )
        self.assertEqual(recent.hours, 1.5)
        old.with_user(self.cri_manager).hours = 3
        self.assertEqual(old.hours, 3)

    def test_only_the_cri_manager_locks_its_operators_attendance(self):
        center = self.env.ref("cri_base.center_cric")
        day = self.today - timedelta(days=10)
        center.with_user(self.cri_manager).attendance_locked_until = day
        self.assertEqual(center.attendance_locked_until, day)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            center.with_user(self.portal_a).write({"attendance_locked_until": self.today})
        self.assertEqual(center.attendance_locked_until, day)

    def test_the_sessions_of_a_closed_module_are_not_removed_on_the_portal(self):
        line = self._lines(2)
        self.module_a.action_abandon()
        self.authenticate("portal-operator-a", "portal-operator-a")
        page = self.url_open(f"/my/learners/{self.module_a.id}").text
        self.assertNotIn(f"/attendance/{line.id}/delete", page)
        self.assertFrenchRefusal(
            self._post_line(self.module_a, line, "delete"),
            "The module of %(learner)s is closed: its attendance no longer changes.",
            learner="Amina Portallearner",
        )
        self.assertTrue(line.exists())
