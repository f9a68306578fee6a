/** @odoo-module **/

import { registry } from "@web/core/registry";

// the supplier is the test's data; the steps rely on names and classes, never on the wording
const SUPPLIER = "Librairie Tournesol";

registry.category("web_tour.tours").add("cri_ili_expense_review_tour", {
    steps: () => [
        {
            content: "Show the expenses to review without grouping them by grant",
            trigger: ".o_searchview_facet:has(.oi-group) .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the expense of the test",
            trigger: `.o_list_view .o_data_row:contains(${SUPPLIER}) .o_data_cell[name=supplier]`,
            run: "click",
        },
        {
            content: "The expense is to review",
            trigger: ".o_form_view .o_statusbar_status button[data-value=to_review].o_arrow_button_current",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_accept]",
            run: "click",
        },
        {
            content: "The expense is accepted",
            trigger: ".o_form_view .o_statusbar_status button[data-value=accepted].o_arrow_button_current",
        },
        {
            content: "Without any error",
            trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
        },
    ],
});
