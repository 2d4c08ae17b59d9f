"""Reminders in the shell: the clock, desktop notifications over D-Bus, the reminder process
and its autostart entry. The schedule arithmetic is pure, in ``unclench.core.reminders``."""
