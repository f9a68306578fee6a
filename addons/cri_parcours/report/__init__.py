from . import cri_pathway_reports
