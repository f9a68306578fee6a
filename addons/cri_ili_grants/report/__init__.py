from . import cri_ili_statement, cri_ili_statement_xlsx
