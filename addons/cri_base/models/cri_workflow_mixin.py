from odoo import api, models
from odoo.exceptions import UserError

# The one token of the suite's workflows. Transition methods, scheduled jobs and the records a
# workflow creates pass this object in their context (``_cri_workflow()``); JSON and XML-RPC carry
# no Python object, so no client can send it, whatever it puts in its context (the pattern of
# hr.leave refusing its approval fields in write(), made one mechanism for every addon).
WORKFLOW_TOKEN = object()
WORKFLOW_KEY = "cri_workflow"


def is_workflow(env):
    """True in a change made by a workflow of the suite, or by server code as superuser (data
    files, migrations, the scheduler's sudo): no RPC call reaches either."""
    return env.su or env.context.get(WORKFLOW_KEY) is WORKFLOW_TOKEN


class CheckedValues(list):
    """The values of new records whose caller's part was checked by the model's own ``create``,
    which then set workflow fields itself (a number, a CRI). The list object travels down the
    ``create`` chain; records created in cascade (x2many commands) get values of their own, which
    are checked as any. Nothing goes through the context, so nothing leaks to other records."""


# the token as context keys: ``records.with_context(**WORKFLOW_CONTEXT)``, for the rare record
# of another model that a workflow writes
WORKFLOW_CONTEXT = {WORKFLOW_KEY: WORKFLOW_TOKEN}


class CriWorkflowMixin(models.AbstractModel):
    """Fields that only the workflow sets: states, the dates and numbers the buttons set, payment
    and review data, and the stored computed fields a decision rests on. Refused in ``create``
    (beyond their declared default) and in ``write`` for every user, whatever the client (form,
    RPC, import); the transition methods write them through ``_workflow_write``.

    A model lists its fields in ``_cri_workflow_fields``; ``_cri_workflow_refusal`` words the
    refusal for its users. A ``create`` that sets such a field itself (a number) checks the
    caller's values first with ``_cri_checked_values``."""

    _name = "cri.workflow.mixin"
    _description = "Fields Set by the Workflow Only"

    # the names of the fields only the workflow sets
    _cri_workflow_fields = frozenset()

    # ------------------------------------------------------------------ the token
    def _cri_workflow(self):
        """These records, able to write their workflow fields."""
        return self.with_context(**WORKFLOW_CONTEXT)

    def _workflow_write(self, vals):
        return self._cri_workflow().write(vals)

    @api.model
    def _workflow_create(self, vals_list):
        return self._cri_workflow().create(vals_list)

    # ------------------------------------------------------------------ the guard
    @api.model
    def _cri_workflow_refusal(self, labels):
        """The message of a refused change of ``labels`` (the fields' names, quoted)."""
        return self.env._(
            "%(fields)s of “%(document)s” change only through its buttons.",
            fields=labels,
            document=self.env["ir.model"]._get(self._name).name,
        )

    @api.model
    def _cri_is_declared_default(self, name, value):
        """Whether ``value`` is what a new record holds anyway: empty, or the field's declared
        default (the form sends the defaults it shows)."""
        if not value:
            return True
        field = self._fields[name]
        if field.default is None:
            return False
        default = field.default(self)
        if isinstance(default, models.BaseModel):
            default = default.id
        return value == default

    @api.model
    def _cri_refuse_workflow_fields(self, vals_list, creating=False):
        if is_workflow(self.env):
            return
        for vals in vals_list:
            names = self._cri_workflow_fields & set(vals)
            if creating:
                names = {name for name in names if not self._cri_is_declared_default(name, vals[name])}
            if names:
                labels = sorted(self._fields[name]._description_string(self.env) for name in names)
                raise UserError(self._cri_workflow_refusal(", ".join(f"“{label}”" for label in labels)))

    @api.model
    def _cri_checked_values(self, vals_list):
        """Check the caller's values of new records, and return them as values to which the
        model's ``create`` may add its workflow fields (a number taken before the insert)."""
        self._cri_refuse_workflow_fields(vals_list, creating=True)
        return CheckedValues(vals_list)

    @api.model
    def _cri_without_workflow_defaults(self):
        """The context without ``default_<field>`` keys for workflow fields: a client's context
        does not give a new record a state, a number or a payment date either."""
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in self._cri_workflow_fields)
        }
        # the keys are taken out of the context, which only a whole new context does
        if len(context) == len(self.env.context):
            return self
        return self.with_context(context)  # pylint: disable=context-overridden

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow(self.env):
            self = self._cri_without_workflow_defaults()
            if not isinstance(vals_list, CheckedValues):
                self._cri_refuse_workflow_fields(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._cri_refuse_workflow_fields([vals])
        return super().write(vals)
