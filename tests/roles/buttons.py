"""Each role does what its forms offer it: every button a form shows a role works for it.

On a database with the demo data, for every internal role of ``roles.csv`` (its demo users) and
every form of the suite's models (the ``cri.*`` models and the events the trainings are): the
form is read as the user (the buttons its groups hide are gone), and on each record the user
reads (a few a model) every object button the form shows on that record (its ``invisible``
condition evaluated on the record) is pressed as that user, in a savepoint rolled back at once.
A button that opens a dialog (a wizard: the day a step happened, the reason of an abandon) goes
through it as the user would: the dialog is filled with its defaults and each button of its form
is pressed too (a dialog that needs a value without default, a reason, is left to the user).
A button may answer with a business refusal (``UserError``, ``ValidationError``: "not yet",
"missing this"): that is the form talking. It may not answer with an ``AccessError``: a button
shown to a role that may not use it is a form that lies (hide it from that role, or give the
role what the button needs).

    python tests/roles/buttons.py -c .local/odoo.conf -d DB
"""

import argparse
import sys
import threading
from pathlib import Path

from lxml import etree

import odoo
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tools.safe_eval import safe_eval

sys.path.insert(0, str(Path(__file__).resolve().parent))
from effective_rights import read_roles  # noqa: E402

# the events are the training sessions and their registrations
EXTRA_MODELS = ("event.event", "event.registration")
RECORDS_PER_MODEL = 4
# of each state of a model with states
RECORDS_PER_STATE = 2
# business answers of a button: the form talking, not a lie
REFUSALS = (UserError, ValidationError, MissingError)


def suite_models(env):
    names = [name for name in env.registry if name.startswith("cri.") or name in EXTRA_MODELS]
    return sorted(
        name
        for name in names
        if not env[name]._abstract and not env[name]._transient and env[name]._auto is not False
    )


def form_buttons(user_env, model):
    """``([(method, invisible expression)], field names)`` of the form of ``model`` as the user
    gets it (the buttons and fields of groups it does not hold are removed by the server)."""
    arch = user_env[model].get_views([(False, "form")])["views"]["form"]["arch"]
    root = etree.fromstring(arch)
    buttons = []
    for node in root.xpath("//button[@type='object']"):
        # buttons of the lines of a one2many belong to the line's model
        if node.xpath("ancestor::field"):
            continue
        buttons.append((node.get("name"), node.get("invisible") or "False"))
    fields = {node.get("name") for node in root.xpath("//field[not(ancestor::field)]")}
    return buttons, fields


def visible(record, expression, fields):
    values = {}
    for name in fields:
        field = record._fields.get(name)
        if field is None:
            continue
        try:
            value = record[name]
        except AccessError:
            continue
        if field.type == "many2one":
            value = value.id
        elif field.type in ("one2many", "many2many"):
            value = value.ids
        values[name] = value
    values.update(uid=record.env.uid, context={}, id=record.id)
    try:
        return not safe_eval(expression, values)
    except Exception:  # noqa: BLE001 - an expression on a field the user cannot read
        return False


def press(record, method):
    """The outcome of pressing ``method`` on ``record``, and the buttons of the dialog it opens:
    None when it works or refuses with a business message, the exception otherwise."""
    cr = record.env.cr
    errors = []
    try:
        with cr.savepoint():
            action = getattr(record, method)()
            record.env.flush_all()
            errors = press_dialog(record.env, action)
            raise _RollBack
    except _RollBack:
        return errors[0] if errors else None
    # an AccessError is a UserError in Odoo: it is caught first
    except AccessError as error:
        return error
    except REFUSALS:
        return None
    finally:
        record.env.invalidate_all()


class _RollBack(Exception):
    pass


def press_dialog(env, action):
    """The refusals for lack of rights of the buttons of the dialog that ``action`` opens (a new
    wizard, filled with its defaults as the user would find it); none when it opens no dialog,
    or one that waits for a value the user has to type."""
    if not (
        isinstance(action, dict)
        and action.get("type") == "ir.actions.act_window"
        and action.get("target") == "new"
        and not action.get("res_id")
        and action.get("res_model") in env
        and env[action["res_model"]]._transient
    ):
        return []
    Wizard = env[action["res_model"]].with_context(**(action.get("context") or {}))
    defaults = Wizard.default_get(list(Wizard._fields))
    if any(
        field.required and not defaults.get(name) for name, field in Wizard._fields.items() if field.store
    ):
        return []
    wizard = Wizard.create({})
    buttons, fields = form_buttons(Wizard.env, Wizard._name)
    outcomes = [
        press(wizard, method) for method, expression in buttons if visible(wizard, expression, fields)
    ]
    return [error for error in outcomes if error is not None]


def sample(Model):
    """A few records the user reads, of each state when the model has states: the buttons of
    every stage are pressed."""
    if "state" not in Model._fields or not Model._fields["state"].store:
        return Model.search([], limit=RECORDS_PER_MODEL, order="id desc")
    records = Model.browse()
    for [state] in Model._read_group([], ["state"]):
        records |= Model.search([("state", "=", state)], limit=RECORDS_PER_STATE, order="id desc")
    return records


def check(env):
    """Readable lines, one a (user, model, button, record) where a shown button is refused."""
    lines = []
    models = suite_models(env)
    for role in read_roles():
        if role["kind"] != "internal":
            continue
        for login in role["demo_logins"].split():
            user = env["res.users"].search([("login", "=", login)])
            if not user:
                lines.append(f"{role['role']}: the demo login {login} is missing")
                continue
            user_env = env(user=user.id, su=False, context={"lang": "en_US"})
            for model in models:
                Model = user_env[model]
                if not Model.has_access("read"):
                    continue
                try:
                    buttons, fields = form_buttons(user_env, model)
                except AccessError:
                    continue
                if not buttons:
                    continue
                for record in sample(Model):
                    for method, expression in buttons:
                        if not visible(record, expression, fields):
                            continue
                        error = press(record, method)
                        if error is not None:
                            lines.append(
                                f"{role['role']} ({login}): {model} #{record.id} button {method} "
                                f"refused: {str(error).splitlines()[0]}"
                            )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--conf", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.conf, "-d", args.database, "--log-level", "error"])
    registry = Registry(args.database)
    # as under Odoo's test runner: the core apps do not commit in the middle (the event mail
    # scheduler does outside tests) nor send mail, and everything here is rolled back
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            lines = check(env)
        finally:
            cr.rollback()
    print(f"buttons shown and refused for lack of rights: {len(lines)}")
    print("\n".join(lines))
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
