{
    "name": "CRI - Regional data generator (development)",
    "summary": "Invented pathway files, ILI grants, trainings and coordination work at regional "
    "scale, for the demonstrator, the statistics and the benchmarks (a development tool: no "
    "models, no views)",
    "version": "18.0.1.0.0",
    "category": "Services/CRI",
    "license": "LGPL-3",
    "author": "CRI suite",
    # the addons whose data the parts write (cri_parcours, cri_ili_grants, cri_training,
    # cri_coordination) and whose statistics the tests read
    "depends": ["cri_reporting_ili", "cri_reporting_training", "cri_reporting_coordination"],
}
