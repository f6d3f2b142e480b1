"""Framework files: YAML parsed, checked against the schema and for meaning, problems explained."""
