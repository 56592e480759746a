"""History summaries, the HTML report with charts, and exports."""
