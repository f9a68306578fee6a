/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The steps of an organisation registering members of its staff to a session, from the portal's
 * list of open sessions. The session and the staff are the test's data; the steps never rely on
 * the page's wording, which is French once translated.
 */
export function registerStaffSteps(session, staff) {
    return [
        {
            content: `Open the registration form of ${session}`,
            trigger: `.o_training_session:contains(${session}) a.o_training_register`,
            run: "click",
            expectUnloadPage: true,
        },
        ...staff.map((name) => ({
            content: `Tick ${name}`,
            trigger: `#training_register_form .form-check:contains(${name}) input[name=partner_ids]`,
            run: "check",
        })),
        {
            content: "Register them",
            trigger: "#training_register_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The registrations are recorded",
            trigger: "#training_message",
        },
        ...staff.map((name) => ({
            content: `${name} is listed as confirmed`,
            trigger: `.o_training_registration:contains(${name}) .o_training_state[data-state=confirmed]`,
        })),
        {
            content: "Without any error",
            trigger: "body:not(:has(#training_error))",
        },
    ];
}

registry.category("web_tour.tours").add("cri_training_portal_register_tour", {
    url: "/my/trainings/sessions",
    steps: () => registerStaffSteps("Session du parcours de test", ["Alice Tournesol", "Bruno Tournesol"]),
});
