"""Reading and writing files: the one YAML source, bounded reads of regular files, safe writes."""
