"""The action plan of a plan as an XLSX workbook."""
