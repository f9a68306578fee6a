from odoo import fields, models
from odoo.exceptions import AccessError

from ..tools import amount_text, date_text, datetime_text, number_text


class MailThread(models.AbstractModel):
    """A partner's portal user writes in the chatter of its own documents; it does not turn the
    suite into a mail relay. Whatever the client (the portal's chatter, RPC), a message it posts
    reaches the document's followers and itself only, it posts under its own name, and it
    subscribes itself only. Internal users keep Odoo's rules, and so does the server's own code
    run as superuser on a portal user's behalf (an activity for the CRI's officer, a reminder)."""

    _inherit = "mail.thread"

    def _cri_portal_caller(self):
        """The portal user (or visitor) who calls, unless server code runs as superuser."""
        user = self.env.user
        return user if user.share and not self.env.su else user.browse()

    def _cri_check_portal_recipients(self, partner_ids):
        user = self._cri_portal_caller()
        if not user or not partner_ids:
            return
        allowed = set(self.sudo().message_partner_ids.ids) | {user.partner_id.id}
        if set(partner_ids) - allowed:
            raise AccessError(
                self.env._("A message from the portal reaches the followers of the document only.")
            )

    def message_post(self, *, partner_ids=None, author_id=None, **kwargs):
        user = self._cri_portal_caller()
        if user:
            self._cri_check_portal_recipients(partner_ids)
            if author_id and author_id != user.partner_id.id:
                raise AccessError(self.env._("A message from the portal is signed by its author."))
        return super().message_post(partner_ids=partner_ids, author_id=author_id, **kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        user = self._cri_portal_caller()
        if user and partner_ids and set(partner_ids) != {user.partner_id.id}:
            raise AccessError(self.env._("A portal user follows a document for itself only."))
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    # ------------------------------------------------------------------ notification e-mails
    def _notify_by_email_prepare_rendering_context(
        self,
        message,
        msg_vals=False,
        model_description=False,
        force_email_company=False,
        force_email_lang=False,
    ):
        """The changes an e-mail lists ("Accepted: 0,00 € → 1 250,50 €") in the recipient's
        language: Odoo writes the raw values there ("1250.5", "2027-03-01")."""
        context = super()._notify_by_email_prepare_rendering_context(
            message,
            msg_vals=msg_vals,
            model_description=model_description,
            force_email_company=force_email_company,
            force_email_lang=force_email_lang,
        )
        if context.get("tracking_values"):
            context["tracking_values"] = self._cri_tracking_texts(message, force_email_lang or self.env.lang)
        return context

    def _cri_tracking_texts(self, message, lang):
        """[(field, before, after)] as Odoo's e-mail layout lists them, formatted in ``lang``."""
        record = self.with_context(lang=lang)
        trackings = (
            record.env["mail.tracking.value"]
            .sudo()
            .search([("mail_message_id", "in", message.ids)])
            ._filter_has_field_access(record.env)
        )
        if trackings and hasattr(record, "_track_filter_for_display"):
            trackings = record._track_filter_for_display(trackings)
        env = record.env
        return [
            (
                values["changedField"],
                self._cri_tracking_text(env, values["fieldType"], values["oldValue"]),
                self._cri_tracking_text(env, values["fieldType"], values["newValue"]),
            )
            for values in trackings._tracking_value_format()
        ]

    def _cri_tracking_text(self, env, field_type, value):
        raw = value["value"]
        if raw is False or raw is None:
            return raw
        if field_type == "monetary" and value.get("currencyId"):
            return amount_text(env, raw, env["res.currency"].browse(value["currencyId"]))
        if field_type == "float":
            return number_text(env, raw)
        if field_type == "date":
            return date_text(env, fields.Date.to_date(raw))
        if field_type == "datetime":
            return datetime_text(env, fields.Datetime.to_datetime(raw.rstrip("Z")))
        return raw
