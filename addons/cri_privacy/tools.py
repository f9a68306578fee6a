def purge_traces(records):
    """Delete the messages, activities, followers and attachments (binary fields' included) of
    ``records``: the free text and documents kept about them beside their fields."""
    env = records.env(su=True)
    if not records:
        return
    on_records = [("res_id", "in", records.ids)]
    env["mail.message"].search([("model", "=", records._name), *on_records]).unlink()
    env["mail.activity"].search([("res_model", "=", records._name), *on_records]).unlink()
    env["mail.followers"].search([("res_model", "=", records._name), *on_records]).unlink()
    env["ir.attachment"].search(
        [
            ("res_model", "=", records._name),
            *on_records,
            "|",
            ("res_field", "=", False),
            ("res_field", "!=", False),
        ]
    ).unlink()
