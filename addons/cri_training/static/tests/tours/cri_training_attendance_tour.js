/** @odoo-module **/

import { registry } from "@web/core/registry";

import { noErrorStep } from "@cri_base/../tests/tours/cri_login_steps";

/**
 * The steps of a trainer marking its participants in the attendance list: ``marks`` is a list of
 * [participant, "present" | "absent"]; ``grouped`` when the list opens grouped by session and day
 * (the Attendance menu), not when it opens on one day (a day of the session's form). The
 * participants are the test's data; the steps rely on names and classes, never on the wording.
 */
export function markAttendanceSteps(marks, { grouped = true } = {}) {
    const row = (participant) => `.o_list_view .o_data_row:contains(${participant})`;
    const ungroup = {
        content: "Show the attendance lines without grouping them",
        trigger: ".o_searchview_facet:has(.oi-group) .o_facet_remove",
        run: "click",
    };
    return [
        ...(grouped ? [ungroup] : []),
        ...marks.flatMap(([participant, state]) => [
            {
                content: `Mark ${participant} ${state}`,
                trigger: `${row(participant)} button[name=action_${state}]`,
                run: "click",
            },
            {
                content: `${participant} is marked ${state}`,
                trigger: `${row(participant)}:not(:has(button[name=action_${state}]))`,
            },
        ]),
        noErrorStep(),
    ];
}

registry.category("web_tour.tours").add("cri_training_attendance_tour", {
    steps: () => markAttendanceSteps([["Practitioner 1", "present"]]),
});
