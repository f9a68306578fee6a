"""The CRI suite under load: the roles' daily work, as the web client and the portal do it.

Run by ``run_load.py`` with the load venv's Python (Locust). Environment:

- ``CRI_LOAD_ACCOUNTS``: the JSON file of accounts per role written by ``accounts.py``
  (``{"db": ..., "roles": {"reception": [{"login": ..., "password": ...}], ...}}``);
- ``CRI_LOAD_DB``: the database (else the one of the accounts file).

Every user logs in once, finds its records by searching as itself (no hard-coded id), then works
with 1-3 s of think time. Each request is named ``<role>: <page>`` so that the statistics are per
page; the names containing ``: login`` or ``: export`` are not page loads (run_load.py keeps
them out of the p95 goal). A status other than 200, a JSON-RPC ``error`` or a page that is not
what was asked (a redirect elsewhere, a form refused) is a failure.
"""

import contextlib
import datetime
import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import gevent
from gevent.event import Event
from gevent.lock import Semaphore
from locust import HttpUser, between, task
from locust.exception import StopUser

ACCOUNTS = json.loads(Path(os.environ["CRI_LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
DB = os.environ.get("CRI_LOAD_DB") or ACCOUNTS["db"]
_CYCLES = {role: itertools.cycle(accounts) for role, accounts in ACCOUNTS["roles"].items() if accounts}

OPEN_FILES = [("state", "in", ["referral", "reception", "convention"])]
M2O = {"fields": {"display_name": {}}}
# the records being saved by a user of this run: two users never save the same record at once
# (as two people do not save the same file in the same second; with the demo's few records and
# 50 users they would, and each collision is a serialization failure in Odoo's log)
_SAVING = set()

# The statistics are of the steady state: the users log in (a costly password check each, 50 of
# them at once saturate the workers for a while), wait until all are in, then work; the first
# moment everyone is in, the logins' figures are written to CRI_LOAD_LOGINS and the statistics
# start again; they run CRI_LOAD_RUN_TIME seconds from then.
_EXPECTED = int(os.environ.get("CRI_LOAD_USERS") or 0)
_STEADY_SECONDS = int(os.environ.get("CRI_LOAD_RUN_TIME") or 0)
# once everyone is in, the users come to their first page over the time their spawning took (50
# users at 5 a second: 10 s), as people arriving at work do, not all in the same seconds (the
# first screens of a worker that has not served them yet cost several times a page's time)
_ARRIVAL_SECONDS = max(3.0, _EXPECTED / float(os.environ.get("CRI_LOAD_SPAWN_RATE") or 5))
_ARRIVED = []
_SESSIONS = {}
_LOGIN_LOCKS = {}
_STARTED = time.monotonic()
_EVERYONE_IN = Event()


def _arrive(environment):
    """A user is logged in (or failed to): wait for the others; the last one starts the statistics
    again after writing the logins' figures."""
    _ARRIVED.append(time.monotonic())
    if len(_ARRIVED) >= _EXPECTED and not _EVERYONE_IN.is_set():
        entries = [entry for entry in environment.stats.entries.values() if entry.name.endswith(": login")]
        logins = {
            "seconds_until_all_in": round(_ARRIVED[-1] - _STARTED, 1),
            "requests": sum(entry.num_requests for entry in entries),
            "failures": sum(entry.num_failures for entry in entries),
            "max_ms": max((entry.max_response_time or 0 for entry in entries), default=None),
            "errors": [str(error.error) for error in environment.stats.errors.values()],
        }
        if os.environ.get("CRI_LOAD_LOGINS"):
            Path(os.environ["CRI_LOAD_LOGINS"]).write_text(json.dumps(logins), encoding="utf-8")
        environment.stats.reset_all()
        _EVERYONE_IN.set()
        if _STEADY_SECONDS and environment.runner:
            # the run is the steady state's seconds after everyone is in (Locust's own --run-time
            # bounds the whole, logins included)
            gevent.spawn_later(_STEADY_SECONDS, environment.runner.quit)
    _EVERYONE_IN.wait()


class _Forms(HTMLParser):
    """The forms of a page: action and the values they would post as they stand, the fields
    placed outside a form with a ``form="<id>"`` attribute included."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.by_id = {}
        self._open = None
        self._target = None
        self._textarea = self._select = self._first_option = None

    def _fields(self, attrs):
        if attrs.get("form"):
            return self.by_id.setdefault(attrs["form"], {})
        return self._open["fields"] if self._open else None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._open = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._open)
            if attrs.get("id"):
                self._open["fields"] = self.by_id.setdefault(attrs["id"], self._open["fields"])
            return
        if tag == "option":
            if self._select:
                value = attrs.get("value", "")
                if self._first_option is None:
                    self._first_option = value
                if "selected" in attrs:
                    self._target[self._select] = value
            return
        fields = self._fields(attrs)
        name = attrs.get("name")
        if fields is None or not name:
            return
        if tag == "input" and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            fields[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._target, self._textarea = fields, name
            fields[name] = ""
        elif tag == "select":
            self._target, self._select, self._first_option = fields, name, None

    def handle_data(self, data):
        if self._textarea:
            self._target[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self._target.setdefault(self._select, self._first_option or "")
            self._select = None


def page_forms(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class OdooUser(HttpUser):
    """A user of one role: logs in once, then works as the web client or the portal does."""

    abstract = True
    wait_time = between(1, 3)
    role = None

    def on_start(self):
        account = next(_CYCLES[self.role])
        result = self.log_in(account)
        if not result or not result.get("uid"):
            _arrive(self.environment)
            raise StopUser()
        self.user_context = dict(result.get("user_context") or {})
        # the web client works in the user's current company
        self.company_id = (result.get("user_companies") or {}).get("current_company") or False
        if self.company_id:
            self.user_context["allowed_company_ids"] = [self.company_id]
        self.uid = result["uid"]
        _arrive(self.environment)
        # the users come to their first page one by one, not all at once
        gevent.sleep(random.uniform(0, _ARRIVAL_SECONDS))
        self.open_first()

    def open_first(self):
        """What the user opens first, once everyone is logged in."""

    def log_in(self, account):
        """The session of the account: the first user of an account logs in, the others share its
        session (several tabs of one person; one costly password check per account, not per user)."""
        login = account["login"]
        lock = _LOGIN_LOCKS.setdefault(login, Semaphore())
        with lock:
            if login not in _SESSIONS:
                result = self.rpc(
                    "/web/session/authenticate",
                    {"db": DB, "login": login, "password": account["password"]},
                    "login",
                )
                if not result or not result.get("uid"):
                    return None
                _SESSIONS[login] = (result, self.client.cookies.get_dict())
            result, cookies = _SESSIONS[login]
        self.client.cookies.update(cookies)
        return result

    # ------------------------------------------------------------------ helpers
    @staticmethod
    @contextlib.contextmanager
    def saving(model, record_id):
        """Whether this user may save the record now (no other user of the run is saving it)."""
        key = (model, int(record_id))
        if key in _SAVING:
            yield False
            return
        _SAVING.add(key)
        try:
            yield True
        finally:
            _SAVING.discard(key)

    def page(self, name):
        return f"{self.role}: {name}"

    def rpc(self, path, params, name):
        """The ``result`` of a JSON-RPC call, or None after recording a failure."""
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": random.randint(1, 10**9)}
        with self.client.post(path, json=payload, name=self.page(name), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            try:
                body = response.json()
            except ValueError:
                response.failure("not a JSON-RPC answer")
                return None
            if body.get("error"):
                error = body["error"]
                message = (error.get("data") or {}).get("message") or error.get("message")
                response.failure(f"JSON-RPC error: {message}")
                return None
            response.success()
            return body.get("result")

    def call_kw(self, model, method, args, kwargs, name):
        kwargs = dict(kwargs, context={**self.user_context, **kwargs.get("context", {})})
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            name,
        )

    def load_action(self, xmlid, name):
        return self.rpc("/web/action/load", {"action_id": xmlid, "context": self.user_context}, name)

    def search_read(self, model, domain, specification, name, limit=80, order=""):
        result = self.call_kw(
            model,
            "web_search_read",
            [],
            {
                "domain": domain,
                "specification": specification,
                "offset": 0,
                "limit": limit,
                "order": order,
                "count_limit": 10001,
            },
            name,
        )
        return (result or {}).get("records") or []

    def read(self, model, record_id, specification, name):
        return self.call_kw(model, "web_read", [[record_id]], {"specification": specification}, name)

    def get(self, path, name, expect=None):
        """The HTML of a portal page; a failure if it is not 200 or was redirected elsewhere."""
        with self.client.get(path, name=self.page(name), catch_response=True) as response:
            return self._check_html(response, expect or path.split("?")[0])

    def post_form(self, path, fields, name, expect):
        with self.client.post(path, data=fields, name=self.page(name), catch_response=True) as response:
            return self._check_html(response, expect)

    @staticmethod
    def _check_html(response, expect):
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
            return None
        if expect not in response.url:
            response.failure(f"redirected to {response.url}")
            return None
        response.success()
        return response.text


# ---------------------------------------------------------------------- internal roles
PATHWAY_LIST = {
    "name": {},
    "partner_id": M2O,
    "commune_id": M2O,
    "registration_date": {},
    "eligibility": {},
    "is_mandatory": {},
    "social_worker_id": M2O,
    "next_deadline": {},
    "deadline_missed": {},
    "state": {},
}
PATHWAY_FORM = {
    **PATHWAY_LIST,
    "module_count": {},
    "appointment_count": {},
    "birthdate": {},
    "gender": {},
    "nationality_id": M2O,
    "national_number": {},
    "language_ids": {"fields": {"display_name": {}}},
    "center_id": M2O,
    "company_id": M2O,
    "referral_partner_id": M2O,
    "office_id": M2O,
    "regime_id": M2O,
    "eligibility_explanation": {},
    "permit_type": {},
    "permit_date": {},
    "permit_unlimited": {},
    "permit_duration_months": {},
    "arrival_date": {},
    "stay_start_date": {},
    "presentation_deadline": {},
    "reception_date": {},
    "rights_info_date": {},
    "french_test_date": {},
    "french_test_level": {},
    "orientation_note": {},
    "appointment_ids": {
        "fields": {"kind": {}, "start": {}, "stop": {}, "office_id": M2O, "user_id": M2O, "state": {}},
        "limit": 40,
        "order": "",
    },
    "display_name": {},
}
# the fields of the social follow-up, in the form for the social workers and the managers only
PATHWAY_SOCIAL_FORM = {
    **PATHWAY_FORM,
    "social_assessment": {},
    "need_ids": {
        "fields": {"domain": {}, "description": {}, "priority": {}, "orientation": {}},
        "limit": 40,
        "order": "",
    },
    "action_ids": {
        "fields": {"date": {}, "domain": {}, "description": {}, "outcome": {}, "user_id": M2O},
        "limit": 40,
        "order": "",
    },
}


class ReceptionAgent(OdooUser):
    """Lists the files of the CRI, opens one, saves its orientation note as it stands."""

    role = "reception"
    weight = 4

    def open_first(self):
        self.load_action("cri_parcours.action_cri_pathway", "files action")

    @task(3)
    def browse_files(self):
        self.search_read("cri.pathway", OPEN_FILES, PATHWAY_LIST, "files list")

    @task(2)
    def open_and_edit_file(self):
        files = self.search_read("cri.pathway", OPEN_FILES, PATHWAY_LIST, "files list")
        if not files:
            return
        file_id = random.choice(files)["id"]
        records = self.read("cri.pathway", file_id, PATHWAY_FORM, "file form")
        with self.saving("cri.pathway", file_id) as free:
            if records and free:
                note = records[0]["orientation_note"] or False
                self.call_kw(
                    "cri.pathway",
                    "web_save",
                    [[file_id], {"orientation_note": note}],
                    {"specification": PATHWAY_FORM},
                    "file save",
                )


class SocialWorker(OdooUser):
    """Its files and deadlines, a file's social follow-up, the follow-up saved as it stands."""

    role = "social_worker"
    weight = 4

    def open_first(self):
        self.load_action("cri_parcours.action_cri_pathway_my_files", "my files action")

    def my_files(self):
        files = self.search_read(
            "cri.pathway",
            [("social_worker_id", "=", self.uid), *OPEN_FILES],
            PATHWAY_LIST,
            "my files list",
            order="next_deadline ASC, registration_date ASC",
        )
        return files or self.search_read("cri.pathway", OPEN_FILES, PATHWAY_LIST, "files list")

    @task(2)
    def browse_files(self):
        self.my_files()

    @task(2)
    def follow_up(self):
        files = self.my_files()
        if not files:
            return
        file_id = random.choice(files)["id"]
        records = self.read("cri.pathway", file_id, PATHWAY_SOCIAL_FORM, "file form")
        if records:
            self.search_read(
                "cri.pathway.appointment",
                [("pathway_id", "=", file_id)],
                {"kind": {}, "start": {}, "stop": {}, "user_id": M2O, "state": {}},
                "file appointments",
            )
            with self.saving("cri.pathway", file_id) as free:
                if free:
                    assessment = records[0]["social_assessment"] or False
                    self.call_kw(
                        "cri.pathway",
                        "web_save",
                        [[file_id], {"social_assessment": assessment}],
                        {"specification": PATHWAY_SOCIAL_FORM},
                        "file save",
                    )


EXPENSE_LIST = {
    "application_id": M2O,
    "date": {},
    "supplier": {},
    "invoice_number": {},
    "description": {},
    "category": {},
    "currency_id": M2O,
    "amount": {},
    "accepted_amount": {},
    "review_state": {},
    "duplicate_count": {},
    "document_name": {},
}
EXPENSE_FORM = {**EXPENSE_LIST, "rejection_reason": {}, "reviewed_by_id": M2O, "display_name": {}}
TO_REVIEW = [("review_state", "=", "to_review")]


class Accountant(OdooUser):
    """The expenses to review, by grant; an expense opened; the reviewed ones."""

    role = "accountant"
    weight = 2

    def open_first(self):
        self.load_action("cri_ili_grants.action_cri_ili_expense_review", "expenses action")

    @task(2)
    def review_queue(self):
        self.call_kw(
            "cri.ili.expense",
            "web_read_group",
            [],
            {
                "domain": TO_REVIEW,
                "fields": ["amount:sum", "accepted_amount:sum"],
                "groupby": ["application_id"],
                "orderby": "",
                "lazy": True,
            },
            "expenses by grant",
        )
        expenses = self.search_read("cri.ili.expense", TO_REVIEW, EXPENSE_LIST, "expenses to review")
        if not expenses:
            expenses = self.search_read("cri.ili.expense", [], EXPENSE_LIST, "expenses list")
        if expenses:
            self.read("cri.ili.expense", random.choice(expenses)["id"], EXPENSE_FORM, "expense form")

    @task(1)
    def reviewed(self):
        self.search_read(
            "cri.ili.expense", [("review_state", "!=", "to_review")], EXPENSE_LIST, "expenses list"
        )


TILES = {"name": {}, "description": {}, "value_display": {}, "is_alert": {}, "section": {}}


class Manager(OdooUser):
    """The dashboard's figures, a pivot of the files, an export of the open files."""

    role = "manager"
    weight = 1

    def open_first(self):
        self.load_action("cri_base.action_cri_dashboard", "dashboard action")
        with self.client.get("/odoo", name=self.page("web client"), catch_response=True) as response:
            found = re.search(r'csrf_token: "([0-9a-f]+o[0-9]*)"', response.text or "")
            if response.status_code != 200 or not found:
                response.failure("no CSRF token in the web client")
                self.csrf_token = None
            else:
                response.success()
                self.csrf_token = found.group(1)

    @task(3)
    def dashboard(self):
        self.call_kw(
            "cri.dashboard.tile",
            "web_read_group",
            [],
            {"domain": [], "fields": [], "groupby": ["section"], "orderby": "", "lazy": True},
            "dashboard sections",
        )
        self.search_read("cri.dashboard.tile", [], TILES, "dashboard figures", order="section, sequence")

    @task(2)
    def pivot(self):
        self.call_kw(
            "cri.pathway",
            "read_group",
            [],
            {
                "domain": [],
                "fields": ["__count"],
                "groupby": ["registration_date:year", "state"],
                "lazy": False,
            },
            "files pivot",
        )

    @task(1)
    def export(self):
        """The annual statistical tables of its CRI as a workbook, as the export form does it (the
        managers have no right to the generic list export)."""
        if not self.csrf_token:
            return
        saved = self.call_kw(
            "cri.reporting.export",
            "web_save",
            [[], {"kind": "cri", "year": datetime.date.today().year, "company_id": self.company_id}],
            {"specification": {"display_name": {}}},
            "export statistics form",
        )
        if not saved:
            return
        wizard_id = saved[0]["id"]
        action = self.rpc(
            "/web/dataset/call_button",
            {
                "model": "cri.reporting.export",
                "method": "action_export",
                "args": [[wizard_id]],
                "kwargs": {"context": self.user_context},
            },
            "export statistics button",
        )
        if not action:
            return
        url = f"/report/xlsx/{action['report_name']}/{wizard_id}"
        with self.client.post(
            "/report/download",
            data={
                "data": json.dumps([url, "xlsx"]),
                "context": json.dumps(self.user_context),
                "csrf_token": self.csrf_token,
            },
            name=self.page("export statistics xlsx"),
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "spreadsheetml" not in response.headers.get("Content-Type", ""):
                response.failure(f"HTTP {response.status_code}: not a workbook")
            else:
                response.success()


# ---------------------------------------------------------------------- portal roles
class OperatorPortal(OdooUser):
    """A training operator's learners; a learner's attendance page; a session corrected with the
    values it holds (the portal's correction form, posted as it stands)."""

    role = "operator_portal"
    weight = 3

    def learners(self):
        html = self.get("/my/learners", "learners")
        return sorted(set(re.findall(r'href="/my/learners/(\d+)"', html or "")))

    @task(2)
    def browse_learners(self):
        self.learners()

    @task(2)
    def attendance(self):
        modules = self.learners()
        if not modules:
            return
        module_id = random.choice(modules)
        html = self.get(f"/my/learners/{module_id}", "learner attendance")
        if not html:
            return
        corrections = [
            form for form in page_forms(html) if re.search(r"/attendance/\d+/edit$", form["action"])
        ]
        with self.saving("cri.pathway.module", module_id) as free:
            if corrections and free:
                form = random.choice(corrections)
                self.post_form(
                    form["action"], form["fields"], "attendance correction", f"/my/learners/{module_id}"
                )


class IliPortal(OdooUser):
    """An initiative's ILI applications; an application opened; a draft saved as it stands; the
    new-application form of an open call."""

    role = "ili_portal"
    weight = 2

    @task(2)
    def applications(self):
        html = self.get("/my/ili", "applications")
        if not html:
            return
        applications = sorted(set(re.findall(r'href="/my/ili/(\d+)"', html)))
        calls = sorted(set(re.findall(r'href="/my/ili/new\?call_id=(\d+)"', html)))
        if calls and random.random() < 0.3:
            self.get(
                f"/my/ili/new?call_id={random.choice(calls)}", "new application form", expect="/my/ili/new"
            )
        if not applications:
            return
        application_id = random.choice(applications)
        html = self.get(f"/my/ili/{application_id}", "application")
        if not html:
            return
        drafts = [
            form for form in page_forms(html) if form["action"].endswith(f"/my/ili/{application_id}/edit")
        ]
        with self.saving("cri.ili.application", application_id) as free:
            if drafts and free:
                self.post_form(
                    drafts[0]["action"],
                    drafts[0]["fields"],
                    "application draft save",
                    f"/my/ili/{application_id}",
                )


# a role without accounts in the file is not run
def _set_up_roles():
    """Leave out the roles without accounts; a run of fewer users than the weights' sum (the tiny
    run of the tests) gives every role the same weight, so that each one has its user."""
    classes = [
        user_class
        for user_class in (ReceptionAgent, SocialWorker, Accountant, Manager, OperatorPortal, IliPortal)
        if user_class.role in _CYCLES
    ]
    for user_class in {ReceptionAgent, SocialWorker, Accountant, Manager, OperatorPortal, IliPortal} - set(
        classes
    ):
        user_class.abstract = True
    if int(os.environ.get("CRI_LOAD_USERS") or 0) < sum(user_class.weight for user_class in classes):
        for user_class in classes:
            user_class.weight = 1


_set_up_roles()
