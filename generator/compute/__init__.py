"""The numbers behind every sentence: ranks on exact rates, funnel-plot limits, and the news
score that chooses each draft's lead."""
