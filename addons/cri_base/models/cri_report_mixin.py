from odoo import api, models
from odoo.exceptions import AccessError


class CriReportMixin(models.AbstractModel):
    """The report model of every document the suite prints (``report.<module>.<template>``).

    However the document is asked for (a button, the Print menu, ``/report/pdf/...`` with any
    options in the URL, a mail template), the server prints only records that

    - the printing user may print: a member of ``_cri_report_groups`` (superuser code aside);
    - the printing user may read: the record rules, so nothing of another CRI;
    - qualify for the document (``_cri_check_qualifies``: a certificate once earned, a statement
      once granted...).

    The records come from the document ids alone, read in ``_cri_report_model``: never from the
    report's options or the context of the URL. A report model sets both attributes, the
    qualification, and the values of its template in ``_cri_report_values``; an XLSX report
    (OCA ``report_xlsx``) also inherits ``report.report_xlsx.abstract``."""

    _name = "cri.report.mixin"
    _description = "Document Printed by the CRI Suite"

    # the model of the records a document is printed for
    _cri_report_model = None
    # xml ids of the groups whose members may print it
    _cri_report_groups = ()

    @api.model
    def _cri_printing_refusal(self):
        return self.env._("You may not print this document.")

    @api.model
    def _cri_may_print(self):
        """Whether the current user belongs to a group that prints this document."""
        return self.env.su or any(self.env.user.has_group(group) for group in self._cri_report_groups)

    @api.model
    def _cri_check_qualifies(self, docs):
        """Raise a ``UserError`` naming the records that do not qualify for the document."""
        raise NotImplementedError(f"{self._name} says which records qualify for it")

    @api.model
    def _cri_report_docs(self, docids):
        """The records to print, checked (see the class)."""
        if not self._cri_may_print():
            raise AccessError(self._cri_printing_refusal())
        docs = self.env[self._cri_report_model].browse(docids or []).exists()
        if not docs:
            raise AccessError(self.env._("There is nothing to print."))
        docs.check_access("read")
        self._cri_check_qualifies(docs)
        return docs

    @api.model
    def _cri_report_values(self, docs):
        """What the template reads beside ``docs``."""
        return {}

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self._cri_report_docs(docids)
        return dict(self._cri_report_values(docs), doc_ids=docs.ids, doc_model=docs._name, docs=docs)

    def _get_objs_for_report(self, docids, data):
        # report_xlsx reads the model from the context and the ids from the options: not here
        return self._cri_report_docs(docids)
