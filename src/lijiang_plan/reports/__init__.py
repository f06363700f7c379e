"""Reports: the report model, loading, the checker, the template and the period roll-up."""
