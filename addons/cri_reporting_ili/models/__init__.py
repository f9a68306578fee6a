from . import cri_reporting_ili_application, cri_reporting_table
