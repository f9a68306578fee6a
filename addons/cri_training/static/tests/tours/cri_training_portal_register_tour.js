/** @odoo-module **/

import { registry } from "@web/core/registry";

// the session and the staff are the test's data; the steps never rely on the page's wording,
// which is French once translated
const SESSION = "Session du parcours de test";
const STAFF = ["Alice Tournesol", "Bruno Tournesol"];

function tick(name) {
    return {
        content: `Tick ${name}`,
        trigger: `#training_register_form .form-check:contains(${name}) input[name=partner_ids]`,
        run: "check",
    };
}

registry.category("web_tour.tours").add("cri_training_portal_register_tour", {
    url: "/my/trainings/sessions",
    steps: () => [
        {
            content: "Open the registration form of the session",
            trigger: `.o_training_session:contains(${SESSION}) a.o_training_register`,
            run: "click",
            expectUnloadPage: true,
        },
        ...STAFF.map(tick),
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
        ...STAFF.map((name) => ({
            content: `${name} is listed as confirmed`,
            trigger: `.o_training_registration:contains(${name}) .o_training_state[data-state=confirmed]`,
        })),
        {
            content: "Without any error",
            trigger: "body:not(:has(#training_error))",
        },
    ],
});
