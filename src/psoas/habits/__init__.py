"""Everyday habits: sitting-break reminders."""
