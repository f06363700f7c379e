"""The plan: its data models, the build that validates it against the source, the compiled store, the typed query API, script conversion, deadlines and schemas."""
