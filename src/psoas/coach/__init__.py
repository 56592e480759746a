"""From angles to coaching: rep counters, hold timers, form rules, and the analysis report."""
