import json
import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.web.controllers.binary import Binary
from odoo.addons.web.controllers.report import ReportController

# downloads that may be a medical evidence: by its exemption, or by its attachment's id
LOGGED_DOWNLOAD = re.compile(r"^/web/content/(cri\.pathway\.exemption/|\d+(/|$))")
# documents whose printing is logged
LOGGED_REPORT = re.compile(r"^/report/\w+/cri_parcours\.report_sanction_letter(/|$)")


def _content_readonly(controller):
    """Odoo serves files from a read-only transaction (a replica where there is one); the
    download of a medical evidence writes its log line, so it needs a read/write one."""
    return not LOGGED_DOWNLOAD.match(request.httprequest.path)


class CriPrivacyBinary(Binary):
    @http.route(readonly=_content_readonly)
    def content_common(self, *args, **kwargs):
        return super().content_common(*args, **kwargs)


def _report_readonly(controller):
    """The same for the print of a sanction letter by its URL."""
    return not LOGGED_REPORT.match(request.httprequest.path)


class CriPrivacyReportController(ReportController):
    @http.route(readonly=_report_readonly)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(reportname, docids=docids, converter=converter, **data)


class CriPrivacySubjectAccess(http.Controller):
    @http.route("/cri_privacy/subject_access/<int:pathway_id>", type="http", auth="user", methods=["GET"])
    def subject_access(self, pathway_id):
        """The person's data as JSON, read with the user's own rights: refused (403) to whoever
        is not a social worker or manager of the file's CRI."""
        pathway = request.env["cri.pathway"].browse(pathway_id)
        if not pathway.exists():
            raise NotFound()
        data = pathway._cri_privacy_subject_data()
        body = json.dumps(data, ensure_ascii=False, indent=2)
        filename = f"{pathway.name.replace('/', '-')}-subject-access.json"
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
