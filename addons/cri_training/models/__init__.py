from . import (
    cri_dashboard_tile,
    cri_training_attendance,
    cri_training_module,
    cri_training_request,
    cri_training_slot,
    event_event,
    event_registration,
    event_survey,
    res_company,
    res_users,
    survey_user_input,
)
