/** @odoo-module **/

import { registry } from "@web/core/registry";

// the participant is the test's data; the steps rely on names and classes, never on the wording
const PARTICIPANT = "Practitioner 1";
const ROW = `.o_list_view .o_data_row:contains(${PARTICIPANT})`;

registry.category("web_tour.tours").add("cri_training_attendance_tour", {
    steps: () => [
        {
            content: "Show the attendance lines without grouping them",
            trigger: ".o_searchview_facet:has(.oi-group) .o_facet_remove",
            run: "click",
        },
        {
            content: "Mark the participant present",
            trigger: `${ROW} button[name=action_present]`,
            run: "click",
        },
        {
            content: "The participant is marked present",
            trigger: `${ROW}:not(:has(button[name=action_present]))`,
        },
        {
            content: "Without any error",
            trigger: "body:not(:has(.o_error_dialog, .o_notification_bar.bg-danger))",
        },
    ],
});
