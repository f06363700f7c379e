"""Outputs: tables and writers, the terminal view, finding formats, export datasets and calendars."""
