from . import cri_reporting_tables_xlsx
